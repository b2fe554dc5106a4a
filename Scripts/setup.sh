#!/usr/bin/env bash
# Sets adv up on Debian: the C libraries it links and numpy for a test (idempotent apt-get), a
# release build, MNIST, and Jupyter with the adv kernel in .venv (Scripts/jupyter.sh, pip).
# Usage: bash Scripts/setup.sh
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libopenblas-dev libreadline-dev zlib1g-dev)
# numpy, for the test that exported models evaluate in numpy to adv's logits (ExportNumpyTests);
# a python3 that already imports numpy (from pip, say) will do.
python3 -c 'import numpy' 2>/dev/null || packages+=(python3-numpy)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

echo "setup: building adv (release)"
swift build -c release --product adv
.build/release/adv fetch mnist
bash Scripts/jupyter.sh
