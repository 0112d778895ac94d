"""Readouts with ReservoirPy's names: ``Ridge(ridge=...)``, ``fit(X, Y)``, ``run(X)``, ``Wout``, ``bias``.

The fit is host/ridge.hpp's (double precision, data centred, the intercept not penalised:
ReservoirPy's Ridge); ``Wout`` is (features, outputs) and ``bias`` (1, outputs), float64, as
ReservoirPy keeps them. ``Model.to_device()`` rounds them to float32 for the device.
"""
import numpy as np

from . import _edgechaos as _ec

__all__ = ["Ridge"]


class Ridge:
    """Ridge regression readout, y = x Wout + bias.

    ridge: the regularisation alpha of (X^T X + alpha I) (not scaled by the sample count).
    The library's solver needs alpha > 0 (its Cholesky has a pivot floor), so the default
    is 1e-8, where ReservoirPy's is 0.
    output_dim: checked against Y's width at fit when given.
    """

    def __init__(self, output_dim=None, ridge=1e-8, name=None):
        self.output_dim, self.ridge, self.name = output_dim, float(ridge), name
        self.Wout = None
        self.bias = None

    @property
    def input_dim(self):
        return None if self.Wout is None else self.Wout.shape[0]

    def fit(self, X, Y, warmup=0):
        """Fits on features X (timesteps, F) and targets Y (timesteps, K), after dropping
        ``warmup`` rows. On an error Wout and bias are unchanged. Returns self."""
        X, Y = np.asarray(X), np.asarray(Y)
        if Y.ndim == 1:
            Y = Y[:, None]
        if X.ndim != 2 or Y.ndim != 2:
            raise _ec.EdgechaosError("size_mismatch: X and Y must be (timesteps, features)")
        if self.output_dim is not None and Y.shape[1] != self.output_dim:
            raise _ec.EdgechaosError(f"size_mismatch: Y has {Y.shape[1]} outputs, the readout {self.output_dim}")
        Wout, bias = _ec._ridge(X[warmup:], Y[warmup:], self.ridge)
        self.Wout, self.bias = Wout, bias
        self.output_dim = Wout.shape[1]
        return self

    def run(self, X):
        """Outputs (timesteps, K) float64 = X Wout + bias (in double: the host's reference)."""
        if self.Wout is None:
            raise _ec.EdgechaosError("invalid_argument: fit the readout first")
        X = np.asarray(X)
        if X.ndim == 1:
            X = X[None, :]
        if X.ndim != 2 or X.shape[1] != self.Wout.shape[0]:
            raise _ec.EdgechaosError(f"size_mismatch: X must be (timesteps, {self.Wout.shape[0]})")
        return X.astype(np.float64) @ self.Wout + self.bias

    def __call__(self, x):
        return self.run(x)

    def __repr__(self):
        return f"Ridge(ridge={self.ridge}, output_dim={self.output_dim})"
