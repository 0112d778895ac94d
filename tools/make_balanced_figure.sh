#!/bin/sh
# Regenerates docs/balanced.png (the balanced E/I network: rates against m0 with the mean
# field, the rate distribution, the input balance). Not run in CI: ~1 minute on 2 cores.
# Usage: tools/make_balanced_figure.sh [extra arguments of `edgechaos plot balanced`]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
[ -d build/host ] || cmake --preset host
cmake --build build/host -j1 --target edgechaos_cli
./build/host/bin/edgechaos plot balanced --out docs/balanced.png "$@"
