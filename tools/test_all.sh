#!/usr/bin/env bash
# Builds and runs every test: host suite (unit, physics, install), the same suite under
# AddressSanitizer + UndefinedBehaviorSanitizer (physics-labelled tests excluded: too slow
# in a Debug+ASan build), and the Cortex-M target tests under QEMU.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="${JOBS:-$(nproc)}"

echo "== host: configure, build, test" >&2
cmake --preset host
cmake --build --preset host -j "$jobs"
ctest --preset host -j "$jobs"

echo "== host under ASan + UBSan" >&2
cmake --preset host-sanitize
cmake --build --preset host-sanitize -j "$jobs"
ctest --preset host-sanitize -j "$jobs" -LE physics

if [ -x tools/test_targets.sh ]; then
  echo "== Cortex-M targets under QEMU" >&2
  tools/test_targets.sh
fi
