#!/usr/bin/env bash
# The full soak (issue 16 item 1): 10^8 steps per regime on the host (N = 32) and 10^7
# per regime under QEMU (Cortex-M4F, mps2-an386, N = 16), then docs/soak.md from the logs
# (tools/soak_report.py). Not a CI job: the host part takes minutes of CPU per regime and
# the QEMU part longer; ctest runs a short soak (label soak) instead.
#
#   tools/soak.sh [--host-steps S] [--qemu-steps S] [--regimes "null chaotic ..."]
#                 [--skip-host] [--skip-qemu] [--qemu-timeout SECONDS] [--report-only]
# Logs go to build/soak/ (host_<regime>.log, qemu_<regime>.log); a regime that did not
# finish (timeout) is reported as such, with the chunks it printed.
set -euo pipefail
cd "$(dirname "$0")/.."
host_steps=100000000
qemu_steps=10000000   # the long images' step count (compiled in: EDGECHAOS_SOAK_LONG_STEPS)
regimes="null chaotic symmetric noisy rls"
skip_host=0 skip_qemu=0 report_only=0 qemu_timeout=7200
while [ $# -gt 0 ]; do
  case "$1" in
    --host-steps) host_steps=$2; shift 2 ;;
    --qemu-steps) qemu_steps=$2; shift 2 ;;
    --regimes) regimes=$2; shift 2 ;;
    --skip-host) skip_host=1; shift ;;
    --skip-qemu) skip_qemu=1; shift ;;
    --qemu-timeout) qemu_timeout=$2; shift 2 ;;
    --report-only) report_only=1; shift ;;
    *) echo "usage: $0 [--host-steps S] [--qemu-steps S] [--regimes LIST] [--skip-host] [--skip-qemu] [--qemu-timeout S] [--report-only]" >&2; exit 2 ;;
  esac
done
out=build/soak
mkdir -p "$out"
jobs=${SOAK_JOBS:-1}

if [ "$report_only" = 0 ] && [ "$skip_host" = 0 ]; then
  cmake --preset host >/dev/null
  cmake --build build/host -j"$jobs" --target soak
  for r in $regimes; do
    echo "host: $r, $host_steps steps" >&2
    # 100 chunks: a line per 10^6 steps at the full length
    build/host/bin/soak --regime "$r" --steps "$host_steps" --chunks 100 > "$out/host_$r.log" || true
    tail -n 1 "$out/host_$r.log" >&2
  done
fi

if [ "$report_only" = 0 ] && [ "$skip_qemu" = 0 ]; then
  cmake --preset cortex-m4f -DEDGECHAOS_SOAK_LONG_STEPS="$qemu_steps" >/dev/null
  for r in $regimes; do
    cmake --build build/cortex-m4f -j"$jobs" --target "soak_long_${r}_fw"
    elf=build/cortex-m4f/examples/firmware/soak/soak_long_${r}_fw.elf
    echo "qemu (mps2-an386): $r, $qemu_steps steps, timeout ${qemu_timeout}s" >&2
    start=$(date +%s)
    rc=0
    timeout "$qemu_timeout" qemu-system-arm -M mps2-an386 -nographic -monitor none \
      -semihosting-config enable=on,target=native -kernel "$elf" > "$out/qemu_$r.log" 2>&1 || rc=$?
    end=$(date +%s)
    echo "wall_secs=$((end - start)) exit=$rc" >> "$out/qemu_$r.log"
    tail -n 2 "$out/qemu_$r.log" >&2
  done
fi

python3 tools/soak_report.py "$out" docs/soak.md
echo "wrote docs/soak.md" >&2
