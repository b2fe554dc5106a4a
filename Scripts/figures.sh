#!/usr/bin/env bash
# Regenerates the pictures committed in docs/figures (the README's and the seminar guides'): the
# scripts that draw them, in quick mode, writing into docs/figures. Nothing else writes there.
# Usage: bash Scripts/figures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product adv
for script in fig2 fig4 section6 table4 gan; do
  .build/release/adv run --out docs/figures "$script"
done
