#!/usr/bin/env bash
# Static analysis of lib/: cppcheck, clang-tidy and GCC's -fanalyzer, each with zero findings.
#
#   tools/analyse.sh [cppcheck] [clang-tidy] [fanalyzer]     (default: all three)
#
# - cppcheck (Debian cppcheck 2.10): every header under lib/include/edgechaos, in one
#   generated TU per configuration: "host" (GCC, SSE2: the desktop build, host/ and theory/
#   included) and "device" (GCC, Cortex-M with FPU: the ARM kernels; host/ and theory/ left
#   out, they #error there). Explicit configurations instead of cppcheck's guessed #ifdef
#   sets: 30 s instead of 5 min. Checks warning, style, performance, portability;
#   suppressions: tools/analyse/cppcheck-suppressions.txt (global, with reasons) and inline
#   `// cppcheck-suppress id` comments (with reasons).
# - clang-tidy (Debian clang-tidy 14): the same all-headers TU (host), lib/.clang-tidy (check
#   set and exclusions, with reasons), Eigen as a system include, WarningsAsErrors '*'.
# - GCC -fanalyzer (GCC 12, experimental on C++): the test TUs in tools/analyse/fanalyzer-tus.txt,
#   compiled with their own flags from the host preset's compile_commands.json (-Werror is
#   in them, so any analyzer warning fails), at -O2 -g (a Release build's -O3 is replaced:
#   GCC 12's analyzer has false positives in gtest and libstdc++ at -O3, and at -O2 without
#   -g). Not the whole suite: see that file.
#
# New headers are picked up automatically (the TUs are generated from the tree). Exit status:
# non-zero when any tool reports anything. Output and the generated TUs: build/analyse/.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/build/analyse"
mkdir -p "$out"
cd "$root"
stages=("$@")
[ ${#stages[@]} -eq 0 ] && stages=(cppcheck clang-tidy fanalyzer)
failed=()

# Headers that their parent includes only under a condition (the Cortex-M kernels *_arm.hpp,
# included by matvec.hpp / packed_triangle.hpp for M-profile cores with an FPU) are not
# included directly: on the host they are not meant to compile.
headers() {
  (cd lib/include && find edgechaos -name '*.hpp' -not -name '*_arm.hpp' "$@" | LC_ALL=C sort | sed 's/.*/#include "&"/')
}
headers >"$out/all_headers.cpp"
headers -not -path 'edgechaos/host/*' -not -path 'edgechaos/theory/*' >"$out/device_headers.cpp"
echo "analyse: $(wc -l <"$out/all_headers.cpp") headers ($(wc -l <"$out/device_headers.cpp") device)" >&2

run_cppcheck() {
  local common=(--std=c++17 --language=c++ --enable=warning,style,performance,portability --inline-suppr
    --suppressions-list="$root/tools/analyse/cppcheck-suppressions.txt" --error-exitcode=1 -q
    -I "$root/lib/include" --template='{file}:{line}: {severity} [{id}] {message}')
  local status=0
  # Both configurations at once (2 cores): each is one process over one TU.
  cppcheck "${common[@]}" -D__GNUC__=12 -D__x86_64__ -D__SSE2__ "$out/all_headers.cpp" \
    >"$out/cppcheck-host.txt" 2>&1 &
  local host=$!
  cppcheck "${common[@]}" -D__GNUC__=12 "-D__ARM_ARCH_PROFILE='M'" -D__ARM_FEATURE_FMA=1 \
    "$out/device_headers.cpp" >"$out/cppcheck-device.txt" 2>&1 || status=1
  wait "$host" || status=1
  cat "$out/cppcheck-host.txt" "$out/cppcheck-device.txt"
  return $status
}

run_clang_tidy() {
  local tidy
  tidy="$(command -v clang-tidy-14 || command -v clang-tidy)"
  local eigen
  eigen="$(pkg-config --cflags-only-I eigen3 2>/dev/null | sed 's/^-I//;s/ *$//')"
  [ -n "$eigen" ] || eigen=/usr/include/eigen3
  local status=0
  "$tidy" --quiet --config-file="$root/lib/.clang-tidy" "$out/all_headers.cpp" -- \
    -std=c++17 -I"$root/lib/include" -isystem "$eigen" -fno-math-errno >"$out/clang-tidy.txt" 2>&1 || status=1
  # clang-tidy prints "N warnings generated" for the suppressed system-header ones: drop those.
  grep -v -E '^[0-9]+ warnings? (and [0-9]+ errors? )?generated\.$' "$out/clang-tidy.txt" || true
  return $status
}

run_fanalyzer() {
  local db="$root/build/host/compile_commands.json"
  if [ ! -f "$db" ]; then
    echo "analyse: $db missing: configure the host preset first (cmake --preset host)" >&2
    return 1
  fi
  # One compile command per listed TU, its object to /dev/null, plus -fanalyzer.
  python3 - "$db" "$root" "$root/tools/analyse/fanalyzer-tus.txt" >"$out/fanalyzer-cmds.txt" <<'EOF'
import json, shlex, sys
db, root, listing = sys.argv[1:4]
wanted = [l.split('#')[0].strip() for l in open(listing)]
wanted = [w for w in wanted if w]
entries = {}
for e in json.load(open(db)):
    entries.setdefault(e['file'], e)
for w in wanted:
    e = entries.get(f"{root}/{w}")
    if e is None:
        sys.exit(f"analyse: {w} is not in {db}")
    # With RelWithDebInfo's -O2 -g whatever the build type: CI's host stage configures
    # Release (-O3, no -g), and there GCC 12's analyzer reports false positives inside gtest
    # and libstdc++ (an uninitialised <unknown> in CmpHelperEQ at -O3; a leak in
    # std::string's construction at -O2 without -g, none with it).
    args = []
    for a in shlex.split(e['command']):
        args += ['-O2', '-g'] if a == '-O3' else [a]
    if '-o' in args:
        i = args.index('-o')
        args[i + 1] = '/dev/null'
    print(e['directory'] + '\t' + shlex.join(args + ['-fanalyzer']))
EOF
  local status=0
  # Two at a time; each prints its own diagnostics.
  tr '\n' '\0' <"$out/fanalyzer-cmds.txt" |
    xargs -0 -P 2 -n 1 sh -c 'dir="${1%%	*}"; cmd="${1#*	}"; cd "$dir" && eval "$cmd"' sh || status=1
  return $status
}

for stage in "${stages[@]}"; do
  start=$(date +%s)
  echo "== analyse: $stage" >&2
  case "$stage" in
    cppcheck) run_cppcheck || failed+=("$stage") ;;
    clang-tidy) run_clang_tidy || failed+=("$stage") ;;
    fanalyzer) run_fanalyzer || failed+=("$stage") ;;
    *) echo "analyse: unknown stage '$stage' (cppcheck, clang-tidy, fanalyzer)" >&2; exit 2 ;;
  esac
  echo "analyse: $stage took $(($(date +%s) - start)) s" >&2
done
if [ ${#failed[@]} -ne 0 ]; then
  echo "analyse: FAILED: ${failed[*]} (details above; outputs in build/analyse/)" >&2
  exit 1
fi
echo "analyse: no findings" >&2
