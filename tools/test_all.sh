#!/usr/bin/env bash
# Builds and runs every test:
#   host      the host preset's build with CMake's own Release flags (-O3 -DNDEBUG, no -g:
#             what a user or packager builds; GCC 12 warns at -O3 where -O2 does not, and
#             warnings are errors) in build/host: unit, physics, CLI, Python, install and
#             packaging tests. `cmake --preset host` alone gives RelWithDebInfo for work.
#   analyse   the static analysers over lib/ (tools/analyse.sh: cppcheck, clang-tidy, GCC
#             -fanalyzer; zero findings)
#   fuzz      a bounded libFuzzer run over the file parsers and the CLI's arguments
#             (tools/fuzz.sh; FUZZ_SECONDS, default 90)
#   sanitize  the host suite under AddressSanitizer + UndefinedBehaviorSanitizer (physics-
#             labelled tests excluded: too slow in a Debug+ASan build)
#   targets   the Cortex-M target tests under QEMU.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="${JOBS:-$(nproc)}"
# Each stage's heading says how long the run has taken so far (CI's budget is 45 min).
stage() { echo "== [$((SECONDS / 60)) min $((SECONDS % 60)) s] $*" >&2; }

stage "host: configure (Release flags), build, test"
cmake --preset host -DCMAKE_BUILD_TYPE=Release
cmake --build --preset host -j "$jobs"
ctest --preset host -j "$jobs"

stage "static analysis of lib/: cppcheck, clang-tidy, GCC -fanalyzer (tools/analyse.sh)"
tools/analyse.sh

stage "fuzz the byte parsers and the CLI's arguments (libFuzzer + ASan + UBSan, bounded time)"
FUZZ_BUILD_JOBS="$jobs" tools/fuzz.sh "${FUZZ_SECONDS:-90}"

stage "host under ASan + UBSan"
cmake --preset host-sanitize
cmake --build --preset host-sanitize -j "$jobs"
# The manifests, the API reference and the install/consumer builds run no library code of
# their own under the sanitizers: the host stage runs them.
ctest --preset host-sanitize -j "$jobs" -LE "physics|packaging|docs|install"

if [ -x tools/test_targets.sh ]; then
  stage "Cortex-M targets under QEMU"
  tools/test_targets.sh
fi
stage "all stages passed"
