#!/usr/bin/env bash
# Regenerates examples/firmware/reference_trace/reference_model.hpp and reference_input.hpp:
# the NumPy reference (tests/deploy/reference_esn.py) exported by the CLI. The host test
# deploy_firmware_headers checks that the committed files are this script's output.
#   tools/make_reference_trace.sh [path/to/edgechaos]   (default build/host/bin/edgechaos)
set -euo pipefail
cd "$(dirname "$0")/.."
cli=${1:-build/host/bin/edgechaos}
python=/usr/bin/python3
[ -x "$python" ] || python=python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dir=examples/firmware/reference_trace
"$python" tests/deploy/reference_esn.py --out-dir "$work" --input-header "$dir/reference_input.hpp"
"$cli" import "$work/contracting.npz" --header "$dir/reference_model.hpp" --namespace reference_model
