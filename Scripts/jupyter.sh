#!/usr/bin/env bash
# Installs Jupyter (notebook, jupyterlab, nbconvert, ipykernel, jupyter_client) with pip into .venv
# and registers the adv kernel there (Jupyter/adv_kernel, driving this checkout's release adv).
# Idempotent, and quick once installed: Scripts/setup.sh runs it.
# Usage: bash Scripts/jupyter.sh; then .venv/bin/jupyter lab docs/seminar-goodfellow.ipynb
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

if [ ! -x .venv/bin/python ]; then
  if ! python3 -c 'import ensurepip' 2>/dev/null; then
    echo "jupyter: installing python3-venv"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-venv >/dev/null
  fi
  python3 -m venv .venv
fi
if ! .venv/bin/python -c 'import notebook, jupyterlab, nbconvert, ipykernel, jupyter_client' 2>/dev/null; then
  echo "jupyter: installing notebook, jupyterlab, nbconvert, ipykernel and jupyter_client into .venv"
  .venv/bin/python -m pip install -q notebook jupyterlab nbconvert ipykernel jupyter_client
fi
[ -x .build/release/adv ] || swift build -c release --product adv

# The kernelspec lives in .venv (--sys-prefix): each checkout registers its own adv, and
# .venv/bin/jupyter finds it. The kernel runs the venv's Python with Jupyter/ on its path.
spec="$(mktemp -d)/adv"
trap 'rm -rf "$(dirname "$spec")"' EXIT
mkdir -p "$spec"
.venv/bin/python - "$root" "$spec/kernel.json" <<'PYTHON'
import json, sys
root, path = sys.argv[1], sys.argv[2]
spec = {
    "argv": [f"{root}/.venv/bin/python", "-m", "adv_kernel", "-f", "{connection_file}"],
    "display_name": "adv",
    "language": "adv",
    "interrupt_mode": "signal",
    "env": {"ADV_BINARY": f"{root}/.build/release/adv", "PYTHONPATH": f"{root}/Jupyter"},
}
with open(path, "w") as file:
    json.dump(spec, file, indent=2)
PYTHON
.venv/bin/jupyter kernelspec install --sys-prefix --name adv "$spec" >/dev/null 2>&1
echo "jupyter: kernel 'adv' registered ($(.venv/bin/jupyter kernelspec list | grep -E '^\s+adv\s' | awk '{print $2}'))"
