#!/usr/bin/env bash
# Builds and runs every test: host suite (unit, physics, install), the static analysers over
# lib/ (tools/analyse.sh: cppcheck, clang-tidy, GCC -fanalyzer; zero findings), a bounded libFuzzer run
# over the file parsers and the CLI's arguments (tools/fuzz.sh; FUZZ_SECONDS, default 90), the host suite under
# AddressSanitizer + UndefinedBehaviorSanitizer (physics-labelled tests excluded: too slow
# in a Debug+ASan build), a plain Release build without a preset (CMake's own -O3 flags,
# as a user or packager configures it; physics excluded: the host preset runs it; the
# Python package too: the host stage builds it and installs it with pip), and the Cortex-M
# target tests under QEMU.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="${JOBS:-$(nproc)}"

echo "== host: configure, build, test" >&2
cmake --preset host
cmake --build --preset host -j "$jobs"
ctest --preset host -j "$jobs"

echo "== static analysis of lib/: cppcheck, clang-tidy, GCC -fanalyzer (tools/analyse.sh)" >&2
tools/analyse.sh

echo "== fuzz the byte parsers and the CLI's arguments (libFuzzer + ASan + UBSan, bounded time)" >&2
tools/fuzz.sh "${FUZZ_SECONDS:-90}"

echo "== host under ASan + UBSan" >&2
cmake --preset host-sanitize
cmake --build --preset host-sanitize -j "$jobs"
# The manifests, the API reference and the install/consumer builds run no library code of
# their own under the sanitizers: the host stage runs them.
ctest --preset host-sanitize -j "$jobs" -LE "physics|packaging|docs|install"

echo "== plain Release build (no preset), warnings as errors" >&2
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release -DEDGECHAOS_WARNINGS_AS_ERRORS=ON \
  -DEDGECHAOS_BUILD_BENCHMARKS=OFF -DEDGECHAOS_BUILD_PYTHON=OFF
cmake --build build/release -j "$jobs"
ctest --test-dir build/release -j "$jobs" -LE "physics|packaging|docs" --output-on-failure

if [ -x tools/test_targets.sh ]; then
  echo "== Cortex-M targets under QEMU" >&2
  tools/test_targets.sh
fi
