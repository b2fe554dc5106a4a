#!/usr/bin/env bash
# Runs the whole test suite: set-up (idempotent), the unit and golden tests, then the paper scripts CI checks.
# Usage: bash Scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/setup.sh
swift test --parallel

# OpenBLAS's Haswell kernels (which every x86-64 CPU with AVX2 runs, AVX-512 or not) and the L2
# size the environment gives, unless set: the run records were made with them, and another kernel
# family changes trained models by about a seed's difference (README, "Reproducibility").
export OPENBLAS_CORETYPE="${OPENBLAS_CORETYPE:-Haswell}" OPENBLAS_L2_SIZE="${OPENBLAS_L2_SIZE:-512}"
# CI sees every check: each expect prints its line (a plain `adv run` prints failures and a summary).
export ADV_VERBOSE=1

# The tables the README and the seminar guides quote are the ones the run records give.
.build/release/adv report --check README.md docs/seminar-goodfellow.md docs/seminar-szegedy.md docs/seminar-lecture.md

# The paper and lecture scripts CI checks (quick settings); a failed expectation exits 1, and so does a figure
# that drifted from its quick record (results/NAME-quick.json: more than 4 sd of its 5 seeds).
# Their pictures go to a temporary folder: the repository's figures change only through
# Scripts/figures.sh.
pictures="$(mktemp -d)"
trap 'rm -rf "$pictures"' EXIT
for script in table4 maxout table1 table2 table3 table5 section4_2 section4 fig2 section6 section7 section8 fig4 appendix \
  transfer_techniques cross_sections ensemble subspace units blackbox augmentation defenses masking pgd_training vat gan; do
  against=()
  [ -f "results/$script-quick.json" ] && against=(--against "results/$script-quick.json")
  .build/release/adv run --out "$pictures" "${against[@]}" "scripts/$script.adv"
done

# The Jupyter kernel driven by jupyter_client, the notebooks as committed (no outputs), and the
# seminar notebooks executed headless: a cell that fails fails the run. Pictures to the temporary
# folder, the executed copies too.
.venv/bin/python -m unittest discover -s Tests/JupyterTests
for notebook in docs/seminar-goodfellow.ipynb docs/seminar-szegedy.ipynb docs/seminar-lecture.ipynb; do
  ADV_KERNEL_OUT="$pictures" .venv/bin/jupyter nbconvert --to notebook --execute \
    --ExecutePreprocessor.timeout=1800 --output-dir "$pictures" "$notebook"
done
