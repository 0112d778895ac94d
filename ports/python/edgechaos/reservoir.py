"""Reservoirs with ReservoirPy's names: ``Reservoir``, ``reservoir >> readout``, ``fit``, ``run``.

The weights come from the library's generators and the drive from its models and steppers
(the echo-state map, or the rate network integrated by Euler with each input held ``hold``
steps): the same seed and parameters give the same numbers as the CLI's ``reservoir``
command. Inputs are (timesteps, features) arrays, float32 or float64 (float64 is rounded to
float32, the device's precision); states come back float32.

Differences from ReservoirPy, on purpose:

* ``sr=None`` leaves W as drawn (entries N(0, 1/(N p)): spectral radius near 1), where
  ReservoirPy's unscaled N(0, 1) draw has a radius near sqrt(N p).
* The bias is +-bias_scaling (a coin per neuron, every neuron), the CLI's bias.
* ``model="rate"`` is this library's continuous rate network (gain ``g``, symmetry
  ``gamma``), for the edge-of-chaos experiments.
"""
import numpy as np

from . import _edgechaos as _ec
from .readouts import Ridge

__all__ = ["Reservoir", "Model"]


def _as_2d(X, name="X"):
    X = np.asarray(X)
    if X.ndim == 1:
        X = X[:, None]
    if X.ndim != 2:
        raise _ec.EdgechaosError(f"size_mismatch: {name} must be (timesteps, features), got shape {X.shape}")
    return X


class Reservoir:
    """A recurrent reservoir (ReservoirPy's ``Reservoir``), built from the library.

    Parameters (ReservoirPy's names and defaults where the concept is the same):
      units               N, the neurons.
      lr                  leak rate a in (0, 1] of x' = (1 - a) x + a tanh(W x + Win u + b).
      sr                  spectral radius W is rescaled to (None: as drawn, radius ~ 1).
      input_scaling       Win's entries are +-input_scaling ...
      input_connectivity  ... with this probability (else 0).
      rc_connectivity     density of W.
      bias_scaling        the bias b_i = +-bias_scaling (0: no bias).
      activation          "tanh" (the C library's) or "fast_tanh" (the library's FastTanh: the
                          same bits on every C library, for a bit-exact device trace).
      seed                the run seed (W from it, Win and b from its sub-seeds).
      W, Win, bias        arrays to use instead of drawing them (float32; Win sized when set).
      model               "esn" (default) or "rate": dx/dt = -x + W tanh(x) + Win u + b with
                          gain ``g`` and symmetry ``gamma``, Euler step ``dt``, ``hold`` steps a sample.

    The weights are drawn at the first ``run`` (the input width is not known before), as in
    ReservoirPy; ``initialize(n_inputs)`` draws them early.
    """

    def __init__(self, units, lr=1.0, sr=None, input_scaling=1.0, bias_scaling=1.0, input_connectivity=0.1,
                 rc_connectivity=0.1, activation="tanh", seed=1, W=None, Win=None, bias=None, model="esn",
                 g=0.9, gamma=0.0, dt=1.0, hold=1, name=None):
        if activation not in ("tanh", "fast_tanh"):
            raise _ec.EdgechaosError("invalid_argument: activation must be 'tanh' or 'fast_tanh'")
        if model not in ("esn", "rate"):
            raise _ec.EdgechaosError("invalid_argument: model must be 'esn' or 'rate'")
        self.units = int(units)
        self.lr, self.sr, self.input_scaling, self.bias_scaling = float(lr), sr, float(input_scaling), float(bias_scaling)
        self.input_connectivity, self.rc_connectivity = float(input_connectivity), float(rc_connectivity)
        self.activation, self.seed, self.model = activation, int(seed), model
        self.g, self.gamma, self.dt, self.hold = float(g), float(gamma), float(dt), int(hold)
        self.name = name
        self._given = (W, Win, bias)
        self.W = self.Win = self.bias = None
        self._state = None
        if Win is not None:
            self.initialize(np.asarray(Win).shape[1])

    # -- ReservoirPy's node interface ------------------------------------------------------
    @property
    def input_dim(self):
        """The input width (None before the weights are drawn)."""
        return None if self.Win is None else self.Win.shape[1]

    @property
    def output_dim(self):
        """units."""
        return self.units

    def initialize(self, n_inputs):
        """Draws W, Win and bias for n_inputs inputs (arrays given at construction are kept)."""
        W, Win, b = _ec._reservoir_weights(
            self.units, int(n_inputs), model=self.model, sr=self.sr, g=self.g, gamma=self.gamma,
            rc_connectivity=self.rc_connectivity, input_scaling=self.input_scaling,
            input_connectivity=self.input_connectivity,
            bias_scaling=self.bias_scaling if self._given[2] is None else 0.0, seed=self.seed)
        given = [None if a is None else np.ascontiguousarray(a, dtype=np.float32) for a in self._given]
        self.W = given[0] if given[0] is not None else W
        self.Win = given[1] if given[1] is not None else Win
        self.bias = given[2].reshape(-1) if given[2] is not None else b
        self._state = np.zeros(self.units, dtype=np.float32)
        return self

    def state(self):
        """The last state, (1, units) float32 (zeros before any run)."""
        x = np.zeros(self.units, np.float32) if self._state is None else self._state
        return x.reshape(1, -1).copy()

    def reset(self, to_state=None):
        """Zeroes the state, or sets it to ``to_state`` (units values)."""
        if to_state is None:
            if self._state is not None:
                self._state = np.zeros(self.units, dtype=np.float32)
            return self
        x = np.asarray(to_state, dtype=np.float32).reshape(-1)
        if x.size != self.units:
            raise _ec.EdgechaosError(f"size_mismatch: to_state must have {self.units} values")
        if not np.all(np.isfinite(x)):
            raise _ec.EdgechaosError("non_finite_input: to_state has NaN or Inf")
        if self._state is None:
            raise _ec.EdgechaosError("invalid_argument: run or initialize the reservoir first")
        self._state = x.copy()
        return self

    def run(self, X, from_state=None, reset=False):
        """States (timesteps, units) float32 for inputs X (timesteps, features).

        The state carries over from the previous call unless ``reset`` (zero) or
        ``from_state`` is given. On an error (shapes, NaN) nothing changes. A list of series
        gives a list of state arrays, each run from the state the previous one left.
        """
        if isinstance(X, (list, tuple)):
            return [self.run(x, from_state=from_state if i == 0 else None, reset=reset and i == 0)
                    for i, x in enumerate(X)]
        X = _as_2d(X)
        fresh = self.W is None
        if fresh:
            self.initialize(X.shape[1])
        try:
            return self._drive(X, from_state, reset)
        except Exception:
            if fresh:  # a failed first run leaves the reservoir as it was: undrawn
                self.W = self.Win = self.bias = self._state = None
            raise

    def _drive(self, X, from_state, reset):
        x0 = self._state
        if reset:
            x0 = np.zeros(self.units, dtype=np.float32)
        if from_state is not None:
            x0 = np.asarray(from_state, dtype=np.float32).reshape(-1)
        states, last = _ec._run_reservoir(self.model, self.W, self.Win, self.bias, x0, X,
                                          lr=self.lr, dt=self.dt if self.model == "rate" else 1.0,
                                          hold=self.hold if self.model == "rate" else 1,
                                          activation=self.activation)
        self._state = last
        return states

    def __call__(self, x):
        """One step: x (features,) or (1, features); returns the new state (1, units)."""
        return self.run(np.asarray(x).reshape(1, -1))

    def __rshift__(self, readout):
        """``reservoir >> readout``: the model of the two (features: the state)."""
        return Model(self, readout)

    def __repr__(self):
        return (f"Reservoir(units={self.units}, model={self.model!r}, lr={self.lr}, sr={self.sr}, "
                f"input_scaling={self.input_scaling}, seed={self.seed})")


class Model:
    """A reservoir and a readout (ReservoirPy's ``reservoir >> readout``).

    ``features``: what the readout sees, in the device's layout: "state" (x, ReservoirPy's
    default), "state-input" ([u, x]: ReservoirPy's ``[data, reservoir] >> readout``) or
    "augmented" ([u, x, x^2], Jaeger's augmented state).
    """

    def __init__(self, reservoir, readout, features="state"):
        if features not in ("state", "state-input", "augmented"):
            raise _ec.EdgechaosError("invalid_argument: features must be 'state', 'state-input' or 'augmented'")
        self.reservoir, self.readout, self.features = reservoir, readout, features

    @property
    def nodes(self):
        """[reservoir, readout], as ReservoirPy's Model.nodes."""
        return [self.reservoir, self.readout]

    def _features(self, X, states):
        if self.features == "state":
            return states
        X = X.astype(np.float32)
        parts = [X, states] + ([np.square(states)] if self.features == "augmented" else [])
        return np.hstack(parts)

    def _harvest(self, X, reset):
        if isinstance(X, (list, tuple)):
            return [self._harvest(x, reset and i == 0) for i, x in enumerate(X)]
        X = _as_2d(X)
        return self._features(X, self.reservoir.run(X, reset=reset))

    def fit(self, X, Y, warmup=0, reset=True):
        """Trains the readout on the states X drives (the first ``warmup`` of each series dropped).

        X, Y: (timesteps, features) and (timesteps, outputs), or lists of such series.
        The reservoir starts from zero unless ``reset=False``. Returns self.
        """
        Xs = X if isinstance(X, (list, tuple)) else [X]
        Ys = Y if isinstance(Y, (list, tuple)) else [Y]
        if len(Xs) != len(Ys):
            raise _ec.EdgechaosError("size_mismatch: X and Y hold different numbers of series")
        Xs, Ys = [_as_2d(x) for x in Xs], [_as_2d(y, "Y") for y in Ys]
        for x, y in zip(Xs, Ys):
            if x.shape[0] != y.shape[0]:
                raise _ec.EdgechaosError(f"size_mismatch: X has {x.shape[0]} rows, Y {y.shape[0]}")
            if warmup >= x.shape[0]:
                raise _ec.EdgechaosError(f"invalid_argument: warmup {warmup} leaves no sample of {x.shape[0]}")
            if not np.all(np.isfinite(y)):
                raise _ec.EdgechaosError("non_finite_input: Y has NaN or Inf")
        saved = self.reservoir._state
        try:
            F = self._harvest(Xs, reset)
        except Exception:
            self.reservoir._state = saved
            raise
        F = np.vstack([f[warmup:] for f in F])
        T = np.vstack([y[warmup:] for y in Ys])
        try:
            self.readout.fit(F, T)
        except Exception:
            self.reservoir._state = saved
            raise
        return self

    def run(self, X, reset=False):
        """Readout outputs (timesteps, outputs) float64 for inputs X; the state carries over."""
        if isinstance(X, (list, tuple)):
            return [self.run(x, reset=reset and i == 0) for i, x in enumerate(X)]
        return self.readout.run(self._harvest(X, reset))

    def reset(self):
        """Zeroes the reservoir's state."""
        self.reservoir.reset()
        return self

    def to_device(self):
        """The model as the device runs it (float32 weights): an ``edgechaos.DeviceModel``."""
        r, o = self.reservoir, self.readout
        if r.W is None or o.Wout is None:
            raise _ec.EdgechaosError("invalid_argument: fit the model first")
        return _ec.DeviceModel.from_arrays(
            r.model, r.W, r.Win, r.bias, np.ascontiguousarray(o.Wout.T, dtype=np.float32),
            np.asarray(o.bias, dtype=np.float32).reshape(-1), lr=r.lr, features=self.features,
            dt=r.dt, hold=r.hold, activation=r.activation)

    def __repr__(self):
        return f"Model({self.reservoir!r} >> {self.readout!r}, features={self.features!r})"
