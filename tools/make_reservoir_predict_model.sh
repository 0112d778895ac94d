#!/usr/bin/env bash
# Regenerates the committed model headers of examples/firmware/reservoir_predict (the
# Mackey-Glass predictor trained on the desktop): builds tools/make_reservoir_predict_model.cpp
# in the host build and runs it into the example's directory. The host test
# reservoir_predict_model_reproducible checks that the committed files are its output.
# usage: tools/make_reservoir_predict_model.sh [build-dir (default build/host)]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build/host}"
if [ ! -f "$build/CMakeCache.txt" ]; then
  (cd "$root" && cmake --preset host)
fi
cmake --build "$build" -j1 --target make_reservoir_predict_model
"$build/tests/io/make_reservoir_predict_model" "$root/examples/firmware/reservoir_predict"
