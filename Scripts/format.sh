#!/usr/bin/env bash
# Formats the Swift sources with swift-format (bundled with the toolchain) and the project's config.
# Usage: bash Scripts/format.sh [--lint]
set -euo pipefail
cd "$(dirname "$0")/.."
mode=format; extra=(--in-place)
if [ "${1:-}" = "--lint" ]; then mode=lint; extra=(); fi
swift format "$mode" --configuration Scripts/swift-format.json --recursive "${extra[@]}" Sources Tests
