#!/usr/bin/env bash
# Runs the whole test suite: set-up (idempotent), the unit and golden tests, then the paper scripts CI checks.
# Usage: bash Scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/setup.sh
swift test --parallel

# The paper scripts CI checks (quick settings); a failed expectation exits 1. Their pictures go to
# a temporary folder: the repository's figures change only through Scripts/figures.sh.
pictures="$(mktemp -d)"
trap 'rm -rf "$pictures"' EXIT
for script in table4 maxout table1 table2 table3 table5 section4 fig2 section6 section7 section8 fig4 appendix; do
  .build/release/adv run --out "$pictures" "scripts/$script.adv"
done
