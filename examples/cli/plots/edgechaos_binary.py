"""Where the plot scripts find the edgechaos binary they drive."""
import os
import shutil
import sys


def find_binary(given, kind):
    """--binary if given, else $EDGECHAOS_BIN, else build/<preset>/bin/edgechaos, else PATH."""
    if given:
        return given
    env = os.environ.get("EDGECHAOS_BIN")
    if env:
        return env
    here = os.path.dirname(os.path.abspath(__file__))
    for build in ("host", "rel", "release"):
        cand = os.path.join(here, "..", "..", "..", "build", build, "bin", "edgechaos")
        if os.access(cand, os.X_OK):
            return os.path.normpath(cand)
    found = shutil.which("edgechaos")
    if found:
        return found
    sys.exit("plot %s: cannot find the edgechaos binary; pass --binary PATH" % kind)
