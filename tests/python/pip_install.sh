#!/bin/sh
# pip_install.sh PYTHON REPO VENV: install ports/python into a fresh venv, offline, and
# check the installed module works (it is compiled by setuptools, not by CMake).
set -eu
python="$1"; repo="$2"; venv="$3"
rm -rf "$venv"
"$python" -m venv --system-site-packages "$venv"
"$venv/bin/pip" install --quiet --no-build-isolation --no-index --no-deps "$repo/ports/python"
cd "$venv"   # away from the source tree, so `import edgechaos` finds the installed copy
"$venv/bin/python" - <<'PY'
import edgechaos, numpy as np
assert "site-packages" in edgechaos.__file__, edgechaos.__file__
J = edgechaos.couplings(8, 1.5, 0.0, 3)
assert J.dtype == np.float32 and J.shape == (8, 8)
try:
    edgechaos.couplings(8, float("nan"), 0.0, 3)
except edgechaos.EdgechaosError as e:
    assert str(e).startswith("invalid_argument"), e
else:
    raise AssertionError("NaN gain accepted")
print("installed:", edgechaos.__file__)
PY
