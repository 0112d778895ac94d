#!/bin/sh
# Assembles the Arduino library folder (the 1.5 library format) from this checkout:
#
#   tools/package_arduino.sh OUT_DIR [--zip]
#
# writes OUT_DIR/edgechaos/ with
#   library.properties        ports/arduino/library.properties
#   src/edgechaos.h           ports/arduino/edgechaos.h (the header the IDE finds the library by)
#   src/edgechaos/            lib/include/edgechaos/ without host/ and theory/ (desktop only)
#   examples/<Sketch>/        examples/arduino/<Sketch>/
#   README.md
# and with --zip also OUT_DIR/edgechaos.zip (for the IDE's "Add .ZIP Library").
# Install by copying OUT_DIR/edgechaos into the sketchbook's libraries/ folder, or
# `arduino-cli lib install --zip-path OUT_DIR/edgechaos.zip` (needs enable_unsafe_install).
# Eigen 3.4 is a separate library: depends= names one (see the README).
set -eu

usage() {
  echo "usage: $0 OUT_DIR [--zip]" >&2
  exit 2
}
[ $# -ge 1 ] && [ $# -le 2 ] || usage
out=$1
zip=no
if [ $# -eq 2 ]; then
  [ "$2" = "--zip" ] || usage
  zip=yes
fi

root=$(cd "$(dirname "$0")/.." && pwd)
pkg=$out/edgechaos
if [ -e "$pkg" ]; then
  echo "$0: $pkg exists; remove it or choose another OUT_DIR" >&2
  exit 1
fi

mkdir -p "$pkg/src" "$pkg/examples"
cp "$root/ports/arduino/library.properties" "$pkg/"
cp "$root/ports/arduino/edgechaos.h" "$pkg/src/"
cp "$root/README.md" "$pkg/"
cp -R "$root/lib/include/edgechaos" "$pkg/src/"
rm -rf "$pkg/src/edgechaos/host" "$pkg/src/edgechaos/theory"
for sketch in "$root"/examples/arduino/*/; do
  cp -R "$sketch" "$pkg/examples/"
done

if [ "$zip" = yes ]; then
  (cd "$out" && rm -f edgechaos.zip && /usr/bin/python3 -m zipfile -c edgechaos.zip edgechaos/)
  echo "$out/edgechaos.zip"
fi
echo "$pkg"
