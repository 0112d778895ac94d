"""edgechaos: random recurrent rate networks and reservoirs at the edge of chaos.

The numerical work is done by the C++ library (the native module ``_edgechaos``); this
package re-exports it and adds the pure-Python conveniences.
"""
from ._edgechaos import *  # noqa: F401,F403
from ._edgechaos import EdgechaosError, couplings  # noqa: F401

# Reservoirs, readouts, tasks and model files (pyres): ReservoirPy's names.
from . import tasks  # noqa: E402
from . import tasks as datasets  # noqa: E402,F401  (reservoirpy.datasets)
from . import tasks as observables  # noqa: E402,F401  (reservoirpy.observables)
from .io import export, import_model  # noqa: E402,F401
from .readouts import Ridge  # noqa: E402,F401
from .reservoir import Model, Reservoir  # noqa: E402,F401
import sys as _sys  # noqa: E402
_sys.modules[__name__ + ".datasets"] = _sys.modules[__name__ + ".observables"] = tasks

__version__ = "0.1.0"

# Simulation, chaos diagnostics and theory (pycore): simulate, quasi_potential, dmft, ... come
# from the native module above; these are pure-Python conveniences over simulate.
from .analysis import lyapunov, lyapunov_spectrum, regime  # noqa: E402,F401
