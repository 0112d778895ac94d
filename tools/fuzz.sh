#!/usr/bin/env bash
# Fuzzes, with libFuzzer under ASan + UBSan for a bounded time, and fails if anything is found:
#   fuzz_parsers   the byte parsers (.npy, .npz, the ReservoirPy importer, the model image)
#   fuzz_cli_args  the CLI's argument parser and every subcommand's validation (as
#                  `edgechaos --check` runs them: no command does its work)
#
#   tools/fuzz.sh SECONDS
#
# SECONDS is the total fuzzing time, 5/9 to the parsers and 4/9 to the arguments (90 -> 50 +
# 40). Configures a clang build in build/fuzz (EDGECHAOS_BUILD_FUZZERS=ON), seeds the parsers'
# corpus from the NumPy/SciPy test files (tests/io/make_npy_cases.py) and the kept
# regressions, the arguments' corpus and dictionary from the README's, the docs' and the tests'
# command lines and the CLI's help texts (tests/fuzz/cli_seeds.py), runs each fuzzer
# (-max_total_time), and copies any crash, timeout or OOM input into tests/fuzz/regressions/
# (parsers) or tests/fuzz/regressions/cli/ (arguments): commit it, test_fuzz_regressions and
# test_fuzz_cli_regressions replay it from then on; then exits 1. Exit 0: nothing found.
# The corpora grow in build/fuzz/corpus and build/fuzz/cli_corpus across runs.
set -euo pipefail
seconds="${1:?usage: tools/fuzz.sh SECONDS}"
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$root/build/fuzz"
jobs="${FUZZ_BUILD_JOBS:-1}"

cmake -S "$root" -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DEDGECHAOS_BUILD_FUZZERS=ON -DEDGECHAOS_BUILD_EXAMPLES=ON -DEDGECHAOS_BUILD_BENCHMARKS=OFF \
  -DEDGECHAOS_BUILD_PYTHON=OFF -DEDGECHAOS_WARNINGS_AS_ERRORS=ON >/dev/null
cmake --build "$build" -j"$jobs" --target fuzz_parsers fuzz_cli_args
parser_seconds=$(( seconds * 5 / 9 ))
cli_seconds=$(( seconds - parser_seconds ))

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

echo "fuzz.sh: fuzzing the parsers for ${parser_seconds} s ($(ls "$corpus" | wc -l) corpus files)"
status=0
"$build/tests/fuzz/fuzz_parsers" "$corpus" "$root/tests/fuzz/regressions" \
  -dict="$root/tests/fuzz/parsers.dict" -max_total_time="$parser_seconds" -max_len=65536 -timeout=10 \
  -rss_limit_mb=2048 -artifact_prefix="$artifacts/" -print_final_stats=1 || status=$?

# The arguments: corpus and dictionary made from the sources on every run (new commands,
# options and example lines are in at once); the kept inputs (regressions/cli) seed it too.
cli_corpus="$build/cli_corpus"
cli_artifacts="$build/cli_artifacts"
cli_dict="$build/cli.dict"
mkdir -p "$cli_corpus" "$cli_artifacts" "$root/tests/fuzz/regressions/cli"
rm -f "$cli_artifacts"/*
python3 "$root/tests/fuzz/cli_seeds.py" "$root" "$cli_corpus" "$cli_dict"
echo "fuzz.sh: fuzzing the CLI's arguments for ${cli_seconds} s ($(ls "$cli_corpus" | wc -l) corpus files)"
cli_status=0
# -close_fd_mask=1: a command that prints despite validate-only is still caught by the
# target (it must stop at args.finish()); stdout would only slow the run down.
"$build/tests/fuzz/fuzz_cli_args" "$cli_corpus" "$root/tests/fuzz/regressions/cli" \
  -dict="$cli_dict" -max_total_time="$cli_seconds" -max_len=4096 -timeout=30 -close_fd_mask=1 \
  -rss_limit_mb=2048 -artifact_prefix="$cli_artifacts/" -print_final_stats=1 || cli_status=$?

found=0
keep() {  # keep FROM_DIR TO_DIR
  for f in "$1"/*; do
    [ -e "$f" ] || continue
    cp "$f" "$2/"
    echo "fuzz.sh: kept $(basename "$f") in ${2#"$root"/}" >&2
    found=1
  done
}
keep "$artifacts" "$root/tests/fuzz/regressions"
keep "$cli_artifacts" "$root/tests/fuzz/regressions/cli"
if [ "$status" -ne 0 ] || [ "$cli_status" -ne 0 ] || [ "$found" -ne 0 ]; then
  echo "fuzz.sh: FAILED (libFuzzer status: parsers $status, arguments $cli_status); reproduce with" \
       "$build/tests/fuzz/fuzz_parsers FILE or $build/tests/fuzz/fuzz_cli_args FILE" >&2
  exit 1
fi
echo "fuzz.sh: nothing found in ${seconds} s"
