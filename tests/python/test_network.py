"""edgechaos.couplings bit for bit against the device's record, and edgechaos.simulate against
a NumPy re-implementation, theory (PHYSICS.md) and the CLI. N, seeds, durations and
tolerances are stated per test."""
import json
import os
import subprocess

import numpy as np
import pytest

import edgechaos


def fnv1a64(words):
    """FNV-1a, 64 bit, over the little-endian bytes of 32-bit words (examples/firmware/common/fnv1a.hpp)."""
    h = 0xCBF29CE484222325
    for b in np.ascontiguousarray(words).astype("<u4").tobytes():
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


# tests/target/golden: golden_cases.hpp's kCouplingCases and the kCouplingHash values that
# test_golden reproduces on Cortex-M0, M3, M4F, M7 and M33 under QEMU (generated in the
# target builds' tests/target/golden/golden.hpp; identical in all of them).
DEVICE_COUPLING_HASHES = [
    ((1, 16, 1.0, 0.0), 0x0D75E0098F87DEBC),
    ((42, 32, 1.5, 0.5), 0x2029F7A120221716),
    ((7, 32, 0.8, -1.0), 0x83E1B035406B2AED),
    ((3, 32, 1.0, 1.0), 0x888BF65954821FC1),
    ((2024, 64, 1.5, 0.0), 0xDEEE3AEC45D09A90),
    ((99, 64, 2.0, -0.5), 0xB51963941BE1F78A),
]


@pytest.mark.parametrize("case,expected", DEVICE_COUPLING_HASHES)
def test_couplings_are_the_devices_bit_for_bit(case, expected):
    seed, n, g, gamma = case
    J = edgechaos.couplings(n, g, gamma, seed)
    assert fnv1a64(J.view(np.uint32).ravel()) == expected


def numpy_flow(J, x0, dt, steps, scheme):
    """float64 Euler or RK4 of dx/dt = -x + J tanh(x): the states x_0 .. x_steps."""
    J = J.astype(np.float64)
    f = lambda x: -x + J @ np.tanh(x)  # noqa: E731
    xs = [x0.astype(np.float64)]
    x = xs[0]
    for _ in range(steps):
        if scheme == "euler":
            x = x + dt * f(x)
        else:
            k1 = f(x)
            k2 = f(x + 0.5 * dt * k1)
            k3 = f(x + 0.5 * dt * k2)
            k4 = f(x + dt * k3)
            x = x + dt / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4)
        xs.append(x)
    return np.array(xs), J


@pytest.mark.parametrize("integrator", ["euler", "rk4"])
def test_simulate_follows_a_numpy_integration_and_its_statistics(integrator):
    # N = 16, g = 1.5, seed 3, x0 ~ N(0, 1) (numpy seed 5), 40 steps of dt = 0.05 (t = 2).
    # float32 against float64: each step rounds at ~6e-8 relative (|x| ~ 1, 16-term sums);
    # over 40 steps with growth at most e^{|J| t} the states agree to ~1e-5: tolerance 1e-4.
    # The monitor's statistics are means over the states at the start of each step after
    # the transient (10 steps): activity |x|^2/N, phi2 |tanh x|^2/N, E/N = |v|^2/(2N).
    n, steps, transient, dt = 16, 40, 10, 0.05
    J = edgechaos.couplings(n, 1.5, 0.0, 3)
    x0 = np.random.default_rng(5).standard_normal(n).astype(np.float32)
    r = edgechaos.simulate(J, steps=steps, dt=dt, integrator=integrator, x0=x0, transient=transient, record_every=1)
    xs, J64 = numpy_flow(J, x0, dt, steps, integrator)
    assert r["trajectory"].dtype == np.float32 and r["trajectory"].shape == (steps + 1, n)
    np.testing.assert_allclose(r["trajectory"], xs, atol=1e-4)
    np.testing.assert_allclose(r["x"], xs[-1], atol=1e-4)
    np.testing.assert_allclose(r["t"], dt * np.arange(steps + 1), rtol=1e-12)
    starts = xs[transient:steps]
    v = -starts + np.tanh(starts) @ J64.T
    assert r["activity_mean"] == pytest.approx(np.mean(np.sum(starts**2, 1) / n), rel=1e-4)
    assert r["phi2_mean"] == pytest.approx(np.mean(np.sum(np.tanh(starts) ** 2, 1) / n), rel=1e-4)
    assert r["energy_mean"] == pytest.approx(np.mean(np.sum(v**2, 1) / (2 * n)), rel=1e-4)
    assert r["monitored_steps"] == steps - transient and r["steps_done"] == steps and r["status"] == "ok"


def test_float64_and_strided_inputs_give_the_float32_run():
    # N = 12, seed 4, 30 RK4 steps: the converted copies must carry the same float32 values.
    J = edgechaos.couplings(12, 1.3, 0.2, 4)
    x0 = np.linspace(-1, 1, 12).astype(np.float32)
    a = edgechaos.simulate(J, steps=30, x0=x0)
    b = edgechaos.simulate(J.astype(np.float64), steps=30, x0=x0.astype(np.float64))
    c = edgechaos.simulate(np.asfortranarray(J), steps=30, x0=np.stack([x0, x0], 1)[:, 0])
    for other in (b, c):
        assert other["x"].tobytes() == a["x"].tobytes()
        assert other["energy_mean"] == a["energy_mean"]


def test_seeded_runs_repeat_and_the_caller_arrays_are_not_touched():
    x0 = np.ones(20, np.float32)
    keep = x0.copy()
    a = edgechaos.simulate(n=20, g=1.5, seed=9, steps=200, x0=x0)
    b = edgechaos.simulate(n=20, g=1.5, seed=9, steps=200, x0=x0)
    assert a["x"].tobytes() == b["x"].tobytes() and np.array_equal(x0, keep)
    J = edgechaos.couplings(20, 1.5, 0.0, 9)
    c = edgechaos.simulate(J, seed=9, steps=200, x0=x0)  # the same J: the same run
    assert c["x"].tobytes() == a["x"].tobytes()


def test_euler_maruyama_on_uncoupled_units_has_the_ou_variance():
    # J = 0, sigma = 1, dt = 0.05: x_{k+1} = (1 - dt) x_k + sigma sqrt(dt) xi, whose stationary
    # variance is sigma^2 dt / (1 - (1 - dt)^2) = 1 / (2 - dt) = 0.51282 (exact for the scheme).
    # N = 100, 10000 steps after 1000 of transient (t = 450, correlation time 1/2 per unit):
    # ~1e5 independent squares, relative error ~0.5 %; tolerance 3 %.
    n = 100
    r = edgechaos.simulate(np.zeros((n, n), np.float32), steps=11000, transient=1000, integrator="euler",
                           noise=1.0, seed=2)
    assert r["activity_mean"] == pytest.approx(1.0 / (2.0 - 0.05), rel=0.03)
    again = edgechaos.simulate(np.zeros((n, n), np.float32), steps=300, integrator="euler", noise=1.0, seed=2)
    other = edgechaos.simulate(np.zeros((n, n), np.float32), steps=300, integrator="euler", noise=1.0, seed=3)
    first = edgechaos.simulate(np.zeros((n, n), np.float32), steps=300, integrator="euler", noise=1.0, seed=2)
    assert again["x"].tobytes() == first["x"].tobytes() and again["x"].tobytes() != other["x"].tobytes()


def test_below_and_above_the_edge_of_chaos():
    # N = 200, gamma = 0, RK4 dt = 0.05; g = 0.8: seed 1, 4000 steps (t = 200), the last 2500
    # measured; g = 2: seed 2, 8000 steps, the last 6500 measured (lambda's standard error
    # ~0.011 against lambda ~0.07 at this N; DMFT's 0.112 is the N -> infinity value).
    # g = 0.8 < 1: x -> 0 at rate ~ 1 - g (PHYSICS.md section 3), activity below 1e-8 and
    # regime fixed_point. g = 2: chaotic, activity near the DMFT Delta0(2) = 1.925 (finite N
    # and one seed: within 20 %), lambda_max > 0 beyond 3 standard errors.
    quiet = edgechaos.simulate(n=200, g=0.8, seed=1, steps=4000, transient=1500, lyapunov=True)
    assert quiet["activity_mean"] < 1e-8 and quiet["regime"] == "fixed_point"
    chaos = edgechaos.simulate(n=200, g=2.0, seed=2, steps=8000, transient=1500, lyapunov=True)
    assert chaos["activity_mean"] > 0.1
    assert chaos["activity_mean"] == pytest.approx(edgechaos.dmft(2.0)["delta0"], rel=0.2)
    assert chaos["lyapunov_max"] > 3 * chaos["lyapunov_stderr"] > 0 and chaos["regime"] == "chaotic"


def test_a_run_that_leaves_the_floats_is_reported_not_raised():
    # Euler with dt = 1e5: x_{k+1} ~ (1 - dt) x_k grows by 1e5 a step and overflows float32
    # (3e38) within ~8 steps; the library keeps the last finite state and says non_finite_result.
    r = edgechaos.simulate(n=8, g=1.0, seed=1, steps=100, dt=1e5, integrator="euler", record_every=1)
    assert r["status"] == "non_finite_result" and r["regime"] == "divergent" and r["diverged"]
    assert 0 < r["steps_done"] < 100 and np.all(np.isfinite(r["x"]))
    assert r["trajectory"].shape == (r["steps_done"] + 1, 8)


def test_trajectory_sampling_and_its_memory_bound():
    r = edgechaos.simulate(n=32, g=1.5, steps=100, record_every=25, record_neurons=4)
    assert r["trajectory"].shape == (5, 4) and list(r["t"]) == pytest.approx([0, 1.25, 2.5, 3.75, 5.0])
    assert np.array_equal(r["trajectory"][-1], r["x"][:4])
    with pytest.raises(edgechaos.EdgechaosError, match=r"^capacity_exceeded: "):
        edgechaos.simulate(n=32, steps=100000, record_every=1, max_record_bytes=1e6)
    assert "trajectory" not in edgechaos.simulate(n=8, steps=10)


@pytest.mark.parametrize("kwargs,status", [
    (dict(J=np.zeros((3, 4), np.float32)), "size_mismatch"),
    (dict(J=np.full((4, 4), np.nan)), "non_finite_input"),
    (dict(n=8, x0=np.zeros(7)), "size_mismatch"),
    (dict(n=8, x0=np.array([np.inf] + [0.0] * 7)), "non_finite_input"),
    (dict(n=8, dt=0.0), "invalid_argument"),
    (dict(n=8, dt=float("nan")), "invalid_argument"),
    (dict(n=8, steps=0), "invalid_argument"),
    (dict(n=8, steps=10, transient=10), "invalid_argument"),
    (dict(n=8, noise=0.1), "invalid_argument"),  # noise needs Euler-Maruyama
    (dict(n=8, integrator="heun"), "invalid_argument"),
    (dict(n=8, activation="relu"), "invalid_argument"),
    (dict(n=8, spectrum=9), "invalid_argument"),
    (dict(n=8, g=float("nan")), "invalid_argument"),
    (dict(n=8, gamma=2.0), "invalid_argument"),
    (dict(J=np.array(["a", "b"])), "invalid_argument"),
])
def test_bad_arguments_raise_with_the_status_name(kwargs, status):
    with pytest.raises(edgechaos.EdgechaosError, match=f"^{status}: "):
        edgechaos.simulate(steps=kwargs.pop("steps", 10), **kwargs)


def test_edgechaos_error_is_a_value_error():
    assert issubclass(edgechaos.EdgechaosError, ValueError)


CLI = os.environ.get("EDGECHAOS_CLI", "")


@pytest.mark.skipif(not os.access(CLI, os.X_OK), reason="EDGECHAOS_CLI is not a built CLI binary")
@pytest.mark.parametrize("extra", [
    dict(integrator="rk4", lyapunov=True),
    dict(integrator="euler", noise=0.3),
    dict(integrator="euler", activation="fasttanh"),
])
def test_the_cli_run_gives_the_same_numbers(extra):
    # `edgechaos run` with the same N = 48, g = 1.7, gamma = 0.2, seed 11, 1500 steps (300 of
    # transient): the CLI prints %.9g, so the numbers agree to 1e-8 relative.
    args = dict(n=48, g=1.7, gamma=0.2, seed=11, steps=1500, transient=300, dt=0.05)
    args.update(extra)
    cmd = [CLI, "run"]
    for k, v in args.items():
        if v is True:
            cmd.append("--" + k)
        else:
            cmd += ["--" + k, str(v)]
    cli = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
    py = edgechaos.simulate(**args)
    for key in ("activity_mean", "phi2_mean", "energy_mean", "energy_max", "speed_mean"):
        assert py[key] == pytest.approx(cli[key], rel=1e-8), key
    assert py["regime"] == cli["regime"] and py["steps_done"] == cli["steps_done"]
    if extra.get("lyapunov"):
        assert py["lyapunov_max"] == pytest.approx(cli["lyapunov_max"], rel=1e-8)


@pytest.mark.parametrize("name", ["couplings", "simulate", "lyapunov", "lyapunov_spectrum", "regime", "quasi_potential",
                                  "gradient", "langevin", "fixed_points", "dmft", "critical_gain", "null_phase_exponent",
                                  "null_susceptibility", "cavity", "replica"])
def test_every_simulation_and_theory_function_is_documented(name):
    doc = getattr(edgechaos, name).__doc__ or ""
    assert len(doc) > 60, name
