"""Chaos diagnostics as one call each: the largest Lyapunov exponent, the leading spectrum
and the regime of a network. Each is a run of :func:`edgechaos.simulate` (the library's
tangent stepper and monitor); use ``simulate`` directly to get everything from one run.
"""
from ._edgechaos import simulate

__all__ = ["lyapunov", "lyapunov_spectrum", "regime"]


def lyapunov(J=None, *, steps=20000, transient=2000, dt=0.05, integrator="rk4", **kwargs):
    """The largest Lyapunov exponent and its standard error, ``(lambda_max, stderr)``.

    A tangent vector is advanced by the same scheme as the state (Benettin, renormalised
    every 10 steps; the standard error from batch means), after ``transient`` steps. J, or
    ``n``, ``g``, ``gamma``, ``seed`` and the other keywords of :func:`edgechaos.simulate`.
    """
    r = simulate(J, steps=steps, transient=transient, dt=dt, integrator=integrator, lyapunov=True, **kwargs)
    return r["lyapunov_max"], r["lyapunov_stderr"]


def lyapunov_spectrum(J=None, k=None, *, steps=20000, transient=2000, dt=0.05, integrator="rk4", **kwargs):
    """The ``k`` leading Lyapunov exponents (default all n) and their standard errors, as two
    float64 arrays, by repeated QR of k tangent vectors (desktop only: allocates)."""
    if k is None:
        k = J.shape[0] if J is not None else kwargs.get("n", 256)
    r = simulate(J, steps=steps, transient=transient, dt=dt, integrator=integrator, spectrum=int(k), **kwargs)
    return r["lyapunov_spectrum"], r["lyapunov_spectrum_stderr"]


def regime(J=None, *, steps=20000, transient=2000, dt=0.05, integrator="rk4", **kwargs):
    """The regime of a network: ``'fixed_point'``, ``'periodic'``, ``'chaotic'``,
    ``'divergent'`` or ``'undetermined'`` (chaos/regime.hpp: the energy monitor and the
    largest Lyapunov exponent +- 3 standard errors), with the run's statistics as a dict:
    ``(regime, result)``."""
    r = simulate(J, steps=steps, transient=transient, dt=dt, integrator=integrator, lyapunov=True, **kwargs)
    return r["regime"], r
