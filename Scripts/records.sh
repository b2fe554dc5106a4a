#!/usr/bin/env bash
# Writes the run records of the paper scripts into results/: NAME-quick.json (quick mode, 5 seeds:
# the spread the quick `expect` tolerances come from) or NAME-full.json (full mode, 3 seeds).
# Each record names the commit it ran from: the script refuses uncommitted code and builds that
# commit first (do not commit code while it runs). Stopped (killed, or the session ended), the same
# command goes on: it skips the records made from this commit, resumes the next from its next seed
# (NAME-MODE.json.progress, kept by a commit when a session ends; used while the code is unchanged)
# and a cached training from its last epoch. Pictures go to a temporary folder. Then
# `.build/release/adv report --update README.md docs/*.md` refreshes the tables that quote them.
# Usage: bash Scripts/records.sh quick|full [SCRIPT...]      (default: every paper script)
#        SEEDS=1-2 bash Scripts/records.sh full section6    (other seeds: a run over 20 minutes a seed)
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:?usage: bash Scripts/records.sh quick|full [SCRIPT...]}"
shift
case "$mode" in
  quick) seeds="${SEEDS:-1-5}"; arguments=() ;;
  full) seeds="${SEEDS:-1-3}"; arguments=(full) ;;
  *) echo "records: mode must be quick or full, got '$mode'" >&2; exit 64 ;;
esac
scripts=("$@")
[ ${#scripts[@]} -gt 0 ] || scripts=(fig2 section7 table3 table4 table5 maxout fig4 table1 table2 section4_2 section4 section8 appendix section6
  transfer_techniques cross_sections ensemble subspace units blackbox augmentation defenses masking pgd_training vat gan)
# OpenBLAS's Haswell kernels (which every x86-64 CPU with AVX2 runs, AVX-512 or not) and the L2
# size the environment gives, unless set: the run records were made with them, and another kernel
# family changes trained models by about a seed's difference (README, "Reproducibility").
export OPENBLAS_CORETYPE="${OPENBLAS_CORETYPE:-Haswell}" OPENBLAS_L2_SIZE="${OPENBLAS_L2_SIZE:-512}"
# A record names the commit it ran from: refuse uncommitted code, and build that commit first.
if [ -n "$(git status --porcelain --untracked-files=no -- Sources Scripts Package.swift)" ]; then
  echo "records: Sources, Scripts or Package.swift have uncommitted changes; commit first" >&2
  exit 1
fi
head="$(git rev-parse HEAD)"
# The records name the commit built here, even if another is made while they run.
export ADV_RECORD_COMMIT="$head"
swift build -c release --product adv
pictures="$(mktemp -d)"
trap 'rm -rf "$pictures"' EXIT
mkdir -p results
for script in "${scripts[@]}"; do
  record="results/$script-$mode.json"
  # A record already made from this commit is kept (delete it to make it again).
  if [ -f "$record" ] && grep -q "\"commit\" : \"$head\"" "$record"; then
    echo "records: $script ($mode) already recorded at this commit"
    continue
  fi
  echo "records: $script ($mode, seeds $seeds) from $(date -u +%H:%M:%S)"
  # An expectation that fails in some seed is part of the record (failed_expectations), not a stop.
  .build/release/adv run --out "$pictures" --seeds "$seeds" --record "$record" \
    "Scripts/$script.adv" "${arguments[@]}" || [ $? -eq 1 ]
done
