"""Reservoir, Ridge and reservoir >> readout: states, fits, shapes, errors (N, seeds per test)."""
import json
import os
import subprocess

import numpy as np
import pytest

import edgechaos as ec


def numpy_esn(W, Win, b, lr, X, x0=None):
    """The leaky echo-state map of RESERVOIR.md section 1 in float64 NumPy."""
    x = np.zeros(W.shape[0]) if x0 is None else x0.astype(np.float64)
    out = []
    for u in X.astype(np.float64):
        x = (1 - lr) * x + lr * np.tanh(W.astype(np.float64) @ x + Win.astype(np.float64) @ u + b)
        out.append(x)
    return np.array(out)


def test_states_follow_a_numpy_leaky_esn():
    # N = 40, M = 2, seed 5, 30 steps, lr = 0.3, bias 0.2: float32 against float64 NumPy of the
    # same W, Win, b; the map is contracting (sr 0.9), so rounding stays near 1e-6.
    r = ec.Reservoir(40, lr=0.3, sr=0.9, input_scaling=0.5, bias_scaling=0.2, seed=5)
    X = np.random.default_rng(0).uniform(-1, 1, (30, 2))
    S = r.run(X)
    assert S.shape == (30, 40) and S.dtype == np.float32
    ref = numpy_esn(r.W, r.Win, r.bias, 0.3, X)
    np.testing.assert_allclose(S, ref, atol=2e-6)
    assert np.array_equal(r.state()[0], S[-1])


def test_weights_follow_the_parameters():
    # N = 200, seed 2: W has spectral radius sr (eigen-solver), about p N^2 entries, Win is
    # +-input_scaling with density input_connectivity, the bias +-bias_scaling.
    r = ec.Reservoir(200, sr=0.7, rc_connectivity=0.05, input_scaling=0.3, input_connectivity=0.5,
                     bias_scaling=0.1, seed=2).initialize(3)
    assert r.W.dtype == np.float32 and r.W.shape == (200, 200) and r.Win.shape == (200, 3)
    assert np.max(np.abs(np.linalg.eigvals(r.W.astype(np.float64)))) == pytest.approx(0.7, rel=1e-5)
    assert abs(np.count_nonzero(r.W) / 200**2 - 0.05) < 0.01
    assert set(np.unique(r.Win)) <= {-0.3, 0.0, 0.3} or np.allclose(np.abs(r.Win[r.Win != 0]), 0.3)
    assert abs(np.count_nonzero(r.Win) / r.Win.size - 0.5) < 0.08
    assert np.allclose(np.abs(r.bias), 0.1)


def test_rate_model_follows_numpy_euler():
    # N = 30, g = 1.2, dense J (rc_connectivity 1), dt = 0.5, hold 2, 20 samples:
    # x += dt (-x + J tanh x + Win u + b), two steps a sample, float64 NumPy reference.
    r = ec.Reservoir(30, model="rate", g=1.2, rc_connectivity=1.0, dt=0.5, hold=2, input_scaling=0.5,
                     input_connectivity=1.0, bias_scaling=0.0, seed=4)
    X = np.random.default_rng(1).uniform(-1, 1, (20, 1))
    S = r.run(X)
    assert np.array_equal(r.W, ec.couplings(30, 1.2, 0.0, 4))  # J is the device's draw, bit for bit
    J, Win = r.W.astype(np.float64), r.Win.astype(np.float64)
    x, ref = np.zeros(30), []
    for u in X:
        for _ in range(2):
            x = x + 0.5 * (-x + J @ np.tanh(x) + Win @ u)
        ref.append(x)
    np.testing.assert_allclose(S, np.array(ref), atol=1e-5)


def test_ridge_matches_numpy_solve():
    # 300 samples of 12 features, 2 outputs, ridge 1e-3: the centred normal equations solved by
    # numpy, the intercept from the means (ReservoirPy's Ridge).
    rng = np.random.default_rng(3)
    X, Y = rng.normal(size=(300, 12)), rng.normal(size=(300, 2))
    r = ec.Ridge(ridge=1e-3).fit(X, Y)
    Xc, Yc = X - X.mean(0), Y - Y.mean(0)
    W = np.linalg.solve(Xc.T @ Xc + 1e-3 * np.eye(12), Xc.T @ Yc)
    np.testing.assert_allclose(r.Wout, W, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(r.bias, Y.mean(0, keepdims=True) - X.mean(0) @ W, atol=1e-12)
    assert r.Wout.shape == (12, 2) and r.bias.shape == (1, 2)
    # Tiny ridge: the least-squares solution with an intercept column.
    r0 = ec.Ridge(ridge=1e-12).fit(X, Y)
    sol = np.linalg.lstsq(np.hstack([X, np.ones((300, 1))]), Y, rcond=None)[0]
    np.testing.assert_allclose(r0.Wout, sol[:12], rtol=1e-7, atol=1e-9)


def test_fit_run_shapes_and_lists():
    # N = 20, 3 inputs, 2 outputs, two series of 50: ReservoirPy's shapes.
    rng = np.random.default_rng(4)
    Xs = [rng.uniform(-1, 1, (50, 3)) for _ in range(2)]
    Ys = [rng.uniform(-1, 1, (50, 2)) for _ in range(2)]
    model = ec.Reservoir(20, sr=0.9, seed=1) >> ec.Ridge(ridge=1e-4)
    model.fit(Xs, Ys, warmup=10)
    assert model.readout.Wout.shape == (20, 2)
    out = model.run(Xs[0])
    assert out.shape == (50, 2)
    assert [o.shape for o in model.run(Xs)] == [(50, 2), (50, 2)]
    m2 = ec.Model(ec.Reservoir(20, sr=0.9, seed=1), ec.Ridge(ridge=1e-4), features="augmented").fit(Xs[0], Ys[0])
    assert m2.readout.Wout.shape == (3 + 20 + 20, 2)


def test_errors_name_the_status_and_change_nothing():
    # N = 10; a fitted model; bad inputs must leave state and weights as they were.
    r = ec.Reservoir(10, sr=0.9, rc_connectivity=0.5, seed=1)
    r.run(np.ones((5, 2)))
    x, W = r.state().copy(), r.W.copy()
    with pytest.raises(ec.EdgechaosError, match=r"^size_mismatch: "):
        r.run(np.ones((5, 3)))
    bad = np.ones((5, 2))
    bad[3, 1] = np.nan
    with pytest.raises(ec.EdgechaosError, match=r"^non_finite_input: "):
        r.run(bad)
    assert np.array_equal(r.state(), x) and np.array_equal(r.W, W)
    rd = ec.Ridge(ridge=1e-3).fit(np.eye(4), np.eye(4)[:, :1])
    w = rd.Wout.copy()
    with pytest.raises(ec.EdgechaosError, match=r"^size_mismatch: "):
        rd.fit(np.ones((4, 4)), np.ones((3, 1)))
    with pytest.raises(ec.EdgechaosError, match=r"^non_finite_input: "):
        rd.fit(np.full((4, 4), np.nan), np.ones((4, 1)))
    with pytest.raises(ec.EdgechaosError, match=r"^invalid_argument: "):
        ec.Ridge(ridge=0.0).fit(np.eye(4), np.ones((4, 1)))
    assert np.array_equal(rd.Wout, w)
    with pytest.raises(ec.EdgechaosError, match=r"^invalid_argument: "):
        ec.Reservoir(10, lr=1.5).run(np.ones((3, 1)))
    fresh = ec.Reservoir(10, rc_connectivity=0.5, seed=1)
    with pytest.raises(ec.EdgechaosError, match=r"^non_finite_input: "):
        fresh.run(bad)
    assert fresh.W is None  # a failed first run leaves it undrawn


def test_float32_c_contiguous_input_gives_the_same_states_as_float64():
    # N = 16: float64 input is rounded to float32 first, so both give the same bits.
    X = np.random.default_rng(5).uniform(-1, 1, (40, 1))
    a = ec.Reservoir(16, sr=0.9, seed=2).run(X)
    b = ec.Reservoir(16, sr=0.9, seed=2).run(np.asfortranarray(X.astype(np.float32)))
    assert np.array_equal(a, b)


CLI = os.environ.get("EDGECHAOS_CLI", "")


def cli(*args):
    return json.loads(subprocess.run([CLI, "reservoir", *args], capture_output=True, text=True, check=True).stdout)


@pytest.mark.skipif(not CLI or not os.path.exists(CLI), reason="EDGECHAOS_CLI not built")
def test_memory_capacity_equals_the_cli():
    # ESN N = 20, seed 3, sr 0.9, p 0.1, input scaling 0.1, dense Win, no bias, ridge 1e-6;
    # the CLI's protocol (6000 samples, k_max = 2N, washout max(100, k_max), last 2000 test).
    # The same library code on the same seed: the same MC to the CLI's 9 printed digits.
    n, k = 20, 40
    u, y = ec.memory_task(6000, k, seed=3)
    res = ec.Reservoir(n, sr=0.9, input_scaling=0.1, input_connectivity=1.0, bias_scaling=0.0, seed=3)
    S = res.run(u)
    washout, test = 100, 2000
    rd = ec.Ridge(ridge=1e-6).fit(S[washout:6000 - test], y[washout:6000 - test])
    mc, r2 = ec.memory_capacity(y[-test:], rd.run(S[-test:]))
    ref = cli("--task", "memory", "--n", str(n), "--seed", "3")
    assert mc == pytest.approx(ref["memory_capacity"], rel=1e-8)
    np.testing.assert_allclose(r2, ref["r2"], rtol=1e-6, atol=1e-9)


@pytest.mark.skipif(not CLI or not os.path.exists(CLI), reason="EDGECHAOS_CLI not built")
def test_narma10_equals_the_cli():
    # ESN N = 30, seed 2, sr 0.9, input scaling 0.5, dense Win, ridge 1e-6; NARMA10 with
    # 100 washout, 2000 train, 1000 test from one series of 3100 (RESERVOIR.md section 4).
    u, y = ec.narma(3100, seed=2)
    model = ec.Reservoir(30, sr=0.9, input_scaling=0.5, input_connectivity=1.0, bias_scaling=0.0, seed=2) \
        >> ec.Ridge(ridge=1e-6)
    y32 = y.astype(np.float32)  # the CLI's targets are float32
    model.fit(u[:2100], y32[:2100], warmup=100)
    pred = model.run(u[2100:])
    ref = cli("--task", "narma10", "--n", "30", "--seed", "2")
    assert ec.nrmse(y32[2100:], pred) == pytest.approx(ref["nrmse_test"], rel=1e-8)
