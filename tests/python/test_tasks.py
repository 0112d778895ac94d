"""Tasks and metrics against their definitions (lengths and seeds per test)."""
import numpy as np
import pytest

import edgechaos as ec


def test_narma10_obeys_its_recursion():
    # 300 pairs, seed 4: y(t+1) = 0.3 y + 0.05 y sum_{i=0}^{9} y(t-i) + 1.5 u(t-9) u(t) + 0.1
    # (Atiya & Parlos) holds on the returned series to double rounding; u in [0, 0.5].
    u, y = ec.narma(300, seed=4)
    u, y = u[:, 0], y[:, 0]
    assert u.min() >= 0 and u.max() <= 0.5
    t = np.arange(9, 299)
    rhs = 0.3 * y[t] + 0.05 * y[t] * np.array([y[s - 9:s + 1].sum() for s in t]) + 1.5 * u[t - 9] * u[t] + 0.1
    np.testing.assert_allclose(y[t + 1], rhs, rtol=1e-12)


def test_memory_task_targets_are_the_delayed_input():
    # 200 samples, k_max 7, seed 1: y[t, k-1] = u[t-k], zero before the start; u in [-0.5, 0.5).
    u, y = ec.memory_task(200, 7, seed=1)
    assert u.dtype == np.float32 and y.shape == (200, 7)
    for k in range(1, 8):
        assert np.array_equal(y[k:, k - 1], u[:-k, 0]) and not y[:k, k - 1].any()
    assert u.min() >= -0.5 and u.max() < 0.5


def test_mackey_glass_range_and_lorenz_invariants():
    # Mackey-Glass tau = 17 from a positive history stays in (0, 1.6] (tasks/mackey_glass.hpp's
    # bound); 2000 samples. Lorenz-63: 4000 samples of dt 0.025 stay on the attractor's box
    # (|x|, |y| < 30, 0 < z < 55; the classical bounds).
    x = ec.mackey_glass(2000, seed=2)
    assert x.shape == (2000, 1) and 0 < x.min() and x.max() <= 1.6 and x.std() > 0.1
    L = ec.lorenz(4000)
    assert L.shape == (4000, 3) and np.all(np.abs(L[:, :2]) < 30) and np.all((L[:, 2] > 0) & (L[:, 2] < 55))


def test_metrics_against_numpy():
    # Random data, 500 values: the definitions in NumPy.
    rng = np.random.default_rng(7)
    y = rng.normal(size=(500, 1))
    p = y + 0.3 * rng.normal(size=(500, 1))
    mse = np.mean((p - y) ** 2)
    assert ec.rmse(y, p) == pytest.approx(np.sqrt(mse), rel=1e-12)
    assert ec.nrmse(y, p) == pytest.approx(np.sqrt(mse) / y.std(), rel=1e-12)
    assert ec.rsquare(y, p) == pytest.approx(1 - mse / y.var(), rel=1e-12)
    assert ec.squared_correlation(y, p) == pytest.approx(np.corrcoef(y[:, 0], p[:, 0])[0, 1] ** 2, rel=1e-12)
    Y = rng.normal(size=(500, 3))
    P = Y * [1.0, 0.5, 0.0] + rng.normal(size=(500, 3)) * [0.0, 0.5, 1.0]
    mc, r2 = ec.memory_capacity(Y, P)
    ref = [np.corrcoef(Y[:, k], P[:, k])[0, 1] ** 2 for k in range(3)]
    np.testing.assert_allclose(r2, ref, rtol=1e-10)
    assert mc == pytest.approx(sum(ref), rel=1e-12)
    assert ec.datasets.narma is ec.narma and ec.observables.nrmse is ec.nrmse


def test_metric_errors():
    with pytest.raises(ec.EdgechaosError, match=r"^size_mismatch: "):
        ec.nrmse(np.ones(4), np.ones(5))
    with pytest.raises(ec.EdgechaosError, match=r"^non_finite_input: "):
        ec.rmse(np.array([1.0, np.nan]), np.ones(2))
    with pytest.raises(ec.EdgechaosError, match=r"^insufficient_data: "):
        ec.nrmse(np.ones(5), np.zeros(5))  # a constant target has no spread
