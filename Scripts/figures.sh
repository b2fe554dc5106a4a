#!/usr/bin/env bash
# Regenerates the pictures committed in docs/figures (the README's and the seminar guides'): the
# scripts that draw them, writing into docs/figures, in quick mode but for gan, in full mode (its
# samples need the paper's 40 epochs on 50,000 digits: about 10 minutes here, a minute and a half
# once `Scripts/records.sh full gan` has cached its pairs). Nothing else writes there.
# Usage: bash Scripts/figures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product adv
for script in fig2 fig4 section6 table4; do
  .build/release/adv run --out docs/figures "$script"
done
.build/release/adv run --out docs/figures gan full
