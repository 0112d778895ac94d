#!/usr/bin/env bash
# Fuzzes the byte parsers (.npy, .npz, the ReservoirPy importer, the model image) with
# libFuzzer under ASan + UBSan for a bounded time, and fails if anything is found.
#
#   tools/fuzz.sh SECONDS
#
# Configures a clang build in build/fuzz (EDGECHAOS_BUILD_FUZZERS=ON), seeds a corpus from
# the NumPy/SciPy test files (tests/io/make_npy_cases.py) and the kept regressions, runs
# fuzz_parsers for SECONDS (-max_total_time), and copies any crash, timeout or OOM input into
# tests/fuzz/regressions/ (commit it: test_fuzz_regressions replays it from then on), then
# exits 1. Exit 0: nothing found. The corpus grows in build/fuzz/corpus across runs.
set -euo pipefail
seconds="${1:?usage: tools/fuzz.sh SECONDS}"
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$root/build/fuzz"
jobs="${FUZZ_BUILD_JOBS:-1}"

cmake -S "$root" -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DEDGECHAOS_BUILD_FUZZERS=ON -DEDGECHAOS_BUILD_EXAMPLES=OFF -DEDGECHAOS_BUILD_BENCHMARKS=OFF \
  -DEDGECHAOS_WARNINGS_AS_ERRORS=ON >/dev/null
cmake --build "$build" -j"$jobs" --target fuzz_parsers

# Seeds: the files numpy and scipy write for the tests (the same script, run here).
python=""
for candidate in "$(grep -s '^EDGECHAOS_NUMPY_PYTHON:' "$build/CMakeCache.txt" | cut -d= -f2)" python3 /usr/bin/python3; do
  if [ -n "$candidate" ] && "$candidate" -c 'import numpy, scipy.sparse' 2>/dev/null; then python="$candidate"; break; fi
done
corpus="$build/corpus"
seeds="$build/seeds"
artifacts="$build/artifacts"
mkdir -p "$corpus" "$artifacts"
rm -f "$artifacts"/*
if [ -n "$python" ]; then
  "$python" "$root/tests/io/make_npy_cases.py" "$seeds" >/dev/null
  find "$seeds" -name '*.np[yz]' -exec cp {} "$corpus/" \;
else
  echo "fuzz.sh: no python3 with numpy and scipy; starting from the regressions and an empty corpus" >&2
fi

echo "fuzz.sh: fuzzing the parsers for ${seconds} s ($(ls "$corpus" | wc -l) corpus files)"
status=0
"$build/tests/fuzz/fuzz_parsers" "$corpus" "$root/tests/fuzz/regressions" \
  -dict="$root/tests/fuzz/parsers.dict" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
  -rss_limit_mb=2048 -artifact_prefix="$artifacts/" -print_final_stats=1 || status=$?

found=0
for f in "$artifacts"/*; do
  [ -e "$f" ] || continue
  cp "$f" "$root/tests/fuzz/regressions/"
  echo "fuzz.sh: kept $(basename "$f") in tests/fuzz/regressions/" >&2
  found=1
done
if [ "$status" -ne 0 ] || [ "$found" -ne 0 ]; then
  echo "fuzz.sh: FAILED (libFuzzer status $status); reproduce with $build/tests/fuzz/fuzz_parsers FILE" >&2
  exit 1
fi
echo "fuzz.sh: nothing found in ${seconds} s"
