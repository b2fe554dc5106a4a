#!/usr/bin/env bash
# Runs the whole test suite: set-up (idempotent), the unit and golden tests, then the paper scripts CI checks.
# Usage: bash Scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/setup.sh
swift test --parallel
