#!/usr/bin/env bash
# Collect everything a machine without internet needs to install ResNet Explorer into one folder:
# the project's wheel, torch's CPU build and every other dependency, as wheels.
#
#   deploy/wheelhouse.sh DIR [PIP_SOURCE_OPTION ...]
#
# Run it on a machine with internet that is like the classroom's (same OS, processor and Python
# 3.x), or add pip's --platform/--python-version options for another one. Then, on each classroom
# machine, with no registry:
#
#   pip install --no-index --find-links DIR resnet-explorer
#   resnet-explorer serve
#
# Sources: with no options, the dependencies come from pip's configured index and torch's CPU build
# from PyTorch's CPU wheel index ($TORCH_INDEX). Options after DIR replace both, e.g.
# `--no-index --find-links FOLDER ...` to collect from wheels already on disk (tests/test_wheelhouse.py
# does that; nothing is downloaded then).
set -euo pipefail

if [ $# -lt 1 ] || [[ "$1" == -* ]]; then
  echo "usage: deploy/wheelhouse.sh DIR [PIP_SOURCE_OPTION ...]" >&2
  exit 2
fi
dir=$1
shift
root=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-python3}
sources=("$@")
if [ ${#sources[@]} -eq 0 ]; then
  sources=(--extra-index-url "${TORCH_INDEX:-https://download.pytorch.org/whl/cpu}")
fi
# The pin of requirements.txt with the CPU build's local label: never the CUDA build (several GB).
torch=$(sed -n 's/^\(torch==[^ #]*\).*/\1/p' "$root/requirements.txt")
[ -n "$torch" ] || { echo "deploy/wheelhouse.sh: no torch==X pin in requirements.txt" >&2; exit 1; }
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

# 1. The project's wheel, built from a copy of its sources, so no build/ or *.egg-info is left in the
#    checkout and no stale build/lib can slip into the wheel. With setuptools here, build offline.
build=$(mktemp -d -t resnet-explorer-wheel-XXXXXX)
trap 'rm -rf "$build"' EXIT
cp -r "$root/pyproject.toml" "$root/requirements.txt" "$root/README.md" "$root/resnet_explorer" "$build/"
find "$build" -name __pycache__ -prune -exec rm -rf {} +
rm -f "$dir"/resnet_explorer-*.whl
if "$python" -c 'import setuptools, sys; sys.exit(int(setuptools.__version__.split(".")[0]) < 68)' 2>/dev/null; then
  "$python" -m pip wheel --quiet --no-deps --no-build-isolation --no-index --wheel-dir "$dir" "$build"
else
  "$python" -m pip wheel --quiet --no-deps --wheel-dir "$dir" "${sources[@]}" "$build"
fi
wheel=$(ls "$dir"/resnet_explorer-*.whl)

# 2. Everything it depends on, for this Python and platform, wheels only (nothing to compile on the
#    classroom machine). DIR is a source too: what is there already is not fetched again.
"$python" -m pip download --quiet --dest "$dir" --only-binary=:all: --find-links "$dir" "${sources[@]}" \
  "$torch+cpu" "$wheel"

count=$(ls "$dir"/*.whl | wc -l)
echo "$dir: $count wheels, $(du -sh "$dir" | cut -f1). On a machine without internet:"
echo "  pip install --no-index --find-links $dir resnet-explorer"
echo "  resnet-explorer serve"
