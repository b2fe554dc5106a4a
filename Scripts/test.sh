#!/usr/bin/env bash
# Runs the whole test suite: set-up (idempotent), the unit and golden tests, then the paper scripts CI checks.
# Usage: bash Scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/setup.sh
swift test --parallel

# The paper scripts CI checks (quick settings); a failed expectation exits 1.
.build/release/adv run scripts/table4.adv
