#!/bin/sh
# Configures, builds and runs the target tests of every QEMU Cortex-M target
# (build dirs build/<preset>), then builds the real-board preset (not run).
# Needs: gcc-arm-none-eabi libnewlib-arm-none-eabi libstdc++-arm-none-eabi-newlib
#        qemu-system-arm cmake libeigen3-dev.
# Usage: tools/test_targets.sh [preset ...]   (default: all of them)
set -eu
cd "$(dirname "$0")/.."
JOBS="${JOBS:-2}"
presets="${*:-cortex-m0 cortex-m3 cortex-m4f cortex-m7 cortex-m33 nucleo-f401re}"
for p in $presets; do
  echo "=== $p"
  cmake --preset "$p" >/dev/null
  cmake --build --preset "$p" -j "$JOBS"
  # nucleo-f401re has no QEMU machine: only its image symbol checks run.
  ctest --preset "$p"
done
echo "=== all target presets passed: $presets"
