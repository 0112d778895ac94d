#!/bin/sh
# Regenerates docs/deepnet.png (not run in CI; about a minute on 2 cores):
# the phase diagram of deep random tanh networks from `edgechaos theory poole` over a grid,
# and two simulated runs (width 1000, depth 40, one per phase) from `edgechaos deepnet`.
# usage: tools/deepnet_figures.sh [BUILD_DIR]   (default build/host; the CLI must be built)
set -eu
build=${1:-build/host}
bin=$build/bin/edgechaos
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" theory poole --sigma-w 0.25:4:0.125 --sigma-b 0:2:0.1 > "$tmp/grid.json"
"$bin" deepnet --sigma-w 1 --sigma-b 0.5 --width 1000 --depth 40 --seed 7 --q0 4 --c0 0.3 > "$tmp/ordered.json"
"$bin" deepnet --sigma-w 3 --sigma-b 0.3 --width 1000 --depth 40 --seed 7 --q0 0.2 --c0 0.9 > "$tmp/chaotic.json"
"$bin" plot deepnet "$tmp/grid.json" "$tmp/ordered.json" "$tmp/chaotic.json" --out docs/deepnet.png
