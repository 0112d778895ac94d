"""Lyapunov exponents, the regime, the quasi-potential, the Langevin sampler, the fixed-point
finder and the theory solvers, each against an independent number: NumPy linear algebra and
quadrature, exact identities, closed forms (PHYSICS.md). N, seeds, durations and tolerances
are stated per test."""
import re

import numpy as np
import pytest

import edgechaos


def gauss(f, nodes=200):
    """E f(z), z ~ N(0, 1), by probabilists' Gauss-Hermite quadrature (NumPy)."""
    z, w = np.polynomial.hermite_e.hermegauss(nodes)
    return np.sum(w * f(z)) / np.sqrt(2 * np.pi)


# --- Lyapunov exponents and the regime ----------------------------------------------------

@pytest.mark.parametrize("seed", [1, 3])
def test_lyapunov_below_the_edge_is_the_leading_eigenvalue_of_minus_one_plus_J(seed):
    # N = 200, g = 0.8, RK4 dt = 0.05, 4000 steps, 1500 of transient: x -> 0, where the
    # Jacobian is -I + J (tanh'(0) = 1), so lambda_max = -1 + max Re eig(J) (NumPy's eigvals).
    # The estimator converges as 1/t (batch means over t = 125): tolerance 0.01.
    J = edgechaos.couplings(200, 0.8, 0.0, seed)
    expected = -1.0 + np.max(np.linalg.eigvals(J.astype(np.float64)).real)
    lam, err = edgechaos.lyapunov(J, seed=seed, steps=4000, transient=1500)
    assert lam == pytest.approx(expected, abs=0.01) and lam < 0
    assert edgechaos.null_phase_exponent(0.8, 0.0) == pytest.approx(-0.2, abs=1e-15)


def test_the_full_spectrum_sums_to_minus_n_and_matches_the_jacobian_at_rest():
    # The flow's divergence is tr(-I + J diag(phi')) = -N exactly because J_ii = 0, so the N
    # exponents sum to -N (volume contraction). N = 16, g = 2, seed 1, RK4 dt = 0.05 (the RK4
    # propagator's determinant is exp(-N dt) to O(dt^5)), 20000 steps: tolerance 1e-4 relative.
    # This small network comes to rest at a stable fixed point x*, so the spectrum is the real
    # parts of the eigenvalues of -I + J diag(1 - tanh^2 x*) (NumPy), to 2e-3 (estimator ~1/t).
    J = edgechaos.couplings(16, 2.0, 0.0, 1)
    s, err = edgechaos.lyapunov_spectrum(J, seed=1, steps=20000, transient=1000)
    assert s.dtype == np.float64 and s.shape == (16,) and err.shape == (16,)
    assert np.sum(s) == pytest.approx(-16.0, rel=1e-4)
    x = edgechaos.simulate(J, seed=1, steps=20000)["x"].astype(np.float64)
    D = -np.eye(16) + J.astype(np.float64) * (1 - np.tanh(x) ** 2)[None, :]
    expected = np.sort(np.linalg.eigvals(D).real)[::-1]
    np.testing.assert_allclose(np.sort(s)[::-1], expected, atol=2e-3)


def test_regime_on_each_side_of_the_edge():
    # RK4 dt = 0.05. g = 0.7: N = 100, seed 1, 3000 steps. g = 2: N = 200, seed 2, 8000 steps
    # (1500 of transient; small chaotic networks can also settle on a limit cycle: N = 100,
    # g = 2.5, seed 2 is 'periodic').
    assert edgechaos.regime(n=100, g=0.7, seed=1, steps=3000)[0] == "fixed_point"
    verdict, r = edgechaos.regime(n=200, g=2.0, seed=2, steps=8000, transient=1500)
    assert verdict == "chaotic" and r["lyapunov_max"] > 0


# --- the quasi-potential ------------------------------------------------------------------

def numpy_energy(J, x, eta):
    v = -x + J @ np.tanh(x)
    return 0.5 * v @ v + eta * x @ x


def test_quasi_potential_and_gradient_against_numpy():
    # N = 16, g = 1.5, seed 4, x ~ N(0, 1) (numpy seed 8), eta = 0.1. float32 sums of 16 terms:
    # E to 1e-5 relative; the gradient against the analytic formula and against a central
    # finite difference of the float64 energy (step 1e-5, error ~1e-9), to 1e-4 of its norm.
    J = edgechaos.couplings(16, 1.5, 0.0, 4)
    J64 = J.astype(np.float64)
    x = np.random.default_rng(8).standard_normal(16)
    eta = 0.1
    E = edgechaos.quasi_potential(J, x, eta=eta)
    assert E == pytest.approx(numpy_energy(J64, x.astype(np.float32).astype(np.float64), eta), rel=1e-5)
    E2, grad = edgechaos.gradient(J, x, eta=eta)
    assert E2 == pytest.approx(E, rel=1e-6) and grad.dtype == np.float32 and grad.shape == (16,)
    xf = x.astype(np.float32).astype(np.float64)
    v = -xf + J64 @ np.tanh(xf)
    analytic = -v + (1 - np.tanh(xf) ** 2) * (J64.T @ v) + 2 * eta * xf
    h = 1e-5
    fd = np.array([(numpy_energy(J64, xf + h * e, eta) - numpy_energy(J64, xf - h * e, eta)) / (2 * h) for e in np.eye(16)])
    scale = np.linalg.norm(analytic)
    assert np.max(np.abs(grad - analytic)) < 1e-4 * scale
    assert np.max(np.abs(grad - fd)) < 1e-4 * scale


def test_quasi_potential_batches_and_zero_at_the_origin():
    J = edgechaos.couplings(10, 1.2, 0.3, 2)
    X = np.random.default_rng(1).standard_normal((5, 10)).astype(np.float32)
    E = edgechaos.quasi_potential(J, X)
    assert E.shape == (5,) and E.dtype == np.float64
    assert np.allclose(E, [edgechaos.quasi_potential(J, x) for x in X], rtol=0, atol=0)
    assert edgechaos.quasi_potential(J, np.zeros(10)) == 0.0
    Eb, G = edgechaos.gradient(J, X)
    assert G.shape == (5, 10) and np.allclose(Eb, E, rtol=1e-6)


@pytest.mark.parametrize("call,status", [
    (lambda J: edgechaos.quasi_potential(J, np.zeros(9)), "size_mismatch"),
    (lambda J: edgechaos.quasi_potential(J, np.zeros((2, 3, 10))), "size_mismatch"),
    (lambda J: edgechaos.quasi_potential(J, np.full(10, np.nan)), "non_finite_input"),
    (lambda J: edgechaos.quasi_potential(J, np.zeros(10), eta=-1.0), "invalid_argument"),
    (lambda J: edgechaos.gradient(J[:, :9], np.zeros(10)), "size_mismatch"),
    (lambda J: edgechaos.gradient(J, np.zeros(10), field=np.inf), "non_finite_input"),
])
def test_quasi_potential_errors(call, status):
    with pytest.raises(edgechaos.EdgechaosError, match=f"^{status}: "):
        call(edgechaos.couplings(10, 1.2, 0.3, 2))


# --- the fixed-point finder ---------------------------------------------------------------

def test_fixed_points_are_zeros_of_the_flow_with_numpys_stability():
    # N = 50, g = 2, seed 1, 10 tries: every point returned must satisfy |-x + J tanh x| /
    # sqrt(N) below 1e-4 in float64 (the finder's float32 tolerance is 2e-6) and its stability
    # abscissa max Re eig(-I + J diag(1 - tanh^2 x)) must match NumPy's to 1e-3.
    J = edgechaos.couplings(50, 2.0, 0.0, 1)
    J64 = J.astype(np.float64)
    r = edgechaos.fixed_points(J, tries=10, seed=1)
    assert r["status"] in ("ok", "capacity_exceeded") and r["count"] >= 1 and r["x"].shape == (r["count"], 50)
    for k in range(r["count"]):
        x = r["x"][k].astype(np.float64)
        assert np.linalg.norm(-x + J64 @ np.tanh(x)) / np.sqrt(50) < 1e-4
        D = -np.eye(50) + J64 * (1 - np.tanh(x) ** 2)[None, :]
        abscissa = np.max(np.linalg.eigvals(D).real)
        assert r["abscissa"][k] == pytest.approx(abscissa, abs=1e-3)
        assert bool(r["stable"][k]) == (abscissa < 0)
        assert r["x2"][k] == pytest.approx(np.mean(x**2), rel=1e-5)


def test_below_the_edge_the_origin_is_the_only_fixed_point():
    # N = 50, g = 0.6, seed 2, 5 tries: the flow contracts to x = 0 (PHYSICS.md section 3).
    r = edgechaos.fixed_points(n=50, g=0.6, seed=2, tries=5)
    assert r["count"] == 1 and r["trivial"][0] and r["stable"][0] and r["energy"][0] < 1e-12


# --- the Langevin sampler -----------------------------------------------------------------

def test_langevin_on_uncoupled_units_samples_the_gaussian():
    # J = 0: E = |x|^2 / 2, so exp(-beta E) is x ~ N(0, 1/beta); the scheme's own stationary
    # variance is (2/beta) / (2 - dt) (exact for Euler-Maruyama on a linear drift).
    # N = 50, beta = 2, dt = 0.01, 4 replicas, 10000 measured steps after 1000 (t = 100,
    # correlation time 1/2): ~4e4 effective squares, relative error ~0.7 %; tolerance 3 % on
    # x2, E/N and q = E tanh(x)^2; Q (between replicas) is 0 within 0.02.
    n, beta, dt = 50, 2.0, 0.01
    r = edgechaos.langevin(np.zeros((n, n), np.float32), beta=beta, dt=dt, anneal_steps=1000,
                           measure_steps=10000, field=0.01, seed=3)
    var = (2 / beta) / (2 - dt)
    assert r["x2"] == pytest.approx(var, rel=0.03)
    assert r["energy_per_neuron"] == pytest.approx(0.5 * var, rel=0.03)
    assert r["q"] == pytest.approx(gauss(lambda z: np.tanh(np.sqrt(var) * z) ** 2), rel=0.03)
    assert abs(r["Q"]) < 0.02 and r["equipartition"] == 0.25
    # fluctuation-dissipation: the measured response is beta Var(phi) = the fluctuation
    assert r["response"] == pytest.approx(r["fluctuation"], rel=0.1)


def test_langevin_errors():
    with pytest.raises(edgechaos.EdgechaosError, match=r"^step_too_large: ") as refused:
        edgechaos.langevin(n=20, g=1.0, beta=1.0, dt=5.0, measure_steps=100)
    # The message names the estimate the step was refused on: dt sigma^2 >= 2 means
    # sigma >= 0.63, and sigma_max(-I + J) <= 1 + ||J|| ~ 1 + 2g (Bai-Yin; 4 leaves room at N = 20).
    sigma = float(re.search(r"sigma_max = ([0-9.eE+-]+)", str(refused.value)).group(1))
    assert 0.63 <= sigma <= 4.0
    with pytest.raises(edgechaos.EdgechaosError, match=r"^invalid_argument: "):
        edgechaos.langevin(n=20, beta=1.0, replicas=9)
    with pytest.raises(edgechaos.EdgechaosError, match=r"^invalid_argument: "):
        edgechaos.langevin(n=20, beta=-1.0)
    with pytest.raises(edgechaos.EdgechaosError, match=r"^size_mismatch: "):
        edgechaos.langevin(np.zeros((3, 4)), beta=1.0)


# --- theory -------------------------------------------------------------------------------

@pytest.mark.parametrize("g", [1.5, 2.0])
def test_dmft_delta0_is_self_consistent_under_numpy_quadrature(g):
    # Delta0^2 / 2 = g^2 Var[ln cosh(sqrt(Delta0) z)] (the potential's turning point; the
    # C++ test tests/physics/test_theory.cpp checks the same with a trapezoid rule), here with
    # 200-node Gauss-Hermite in NumPy: tolerance 1e-6 relative; phi2 = E tanh^2 likewise.
    s = edgechaos.dmft(g)
    d = s["delta0"]
    m1 = gauss(lambda z: np.log(np.cosh(np.sqrt(d) * z)))
    m2 = gauss(lambda z: np.log(np.cosh(np.sqrt(d) * z)) ** 2)
    assert 0.5 * d * d / (g * g * (m2 - m1 * m1)) == pytest.approx(1.0, rel=1e-6)
    assert s["phi2"] == pytest.approx(gauss(lambda z: np.tanh(np.sqrt(d) * z) ** 2), rel=1e-6)
    assert s["lambda_max"] > 0 and s["check"] < 1e-4


def test_dmft_near_and_below_the_threshold():
    # eps = g - 1 = 0.01: Delta0 = eps + 7/6 eps^2 + O(eps^3) (docs/chaos.md): 1e-3 relative.
    # Below g = 1: Delta0 = 0 and lambda_max = g - 1.
    assert edgechaos.dmft(1.01)["delta0"] == pytest.approx(0.01 + 7 / 6 * 1e-4, rel=1e-3)
    low = edgechaos.dmft(0.8)
    assert low["delta0"] == 0.0 and low["lambda_max"] == pytest.approx(-0.2, abs=1e-15)
    t = edgechaos.dmft(2.0, tables=True)
    assert t["delta"][0] == pytest.approx(t["delta0"], rel=1e-9) and np.all(np.diff(t["tau"]) > 0)


def test_edge_and_null_susceptibility_against_a_sampled_network():
    # g_c(gamma) = 1/(1 + gamma). Q(g, gamma) = (1/N) tr[(I-J)^-1 (I-J)^-T] from NumPy on
    # N = 400 couplings (seed 6), g = 0.5, gamma = 0.3: finite-N error ~1/N and one sample's
    # fluctuation ~1 %: tolerance 5 %.
    assert edgechaos.critical_gain(0.5) == pytest.approx(2 / 3, rel=1e-15)
    assert edgechaos.critical_gain(-1.0) == np.inf
    n, g, gamma = 400, 0.5, 0.3
    J = edgechaos.couplings(n, g, gamma, 6).astype(np.float64)
    inv = np.linalg.inv(np.eye(n) - J)
    assert edgechaos.null_susceptibility(g, gamma) == pytest.approx(np.sum(inv**2) / n, rel=0.05)
    assert edgechaos.null_susceptibility(1.0, 0.0) == np.inf


def test_cavity_at_gamma_zero_is_gaussian_and_trivial_below_the_edge():
    # gamma = 0: w = 0 and the local field is x itself, x ~ N(0, g^2 C), so C = E tanh^2(g sqrt(C) z)
    # and x2 = g^2 C (NumPy quadrature): 1e-6 relative. Below the edge: the trivial branch.
    s = edgechaos.cavity(2.0, 0.0)
    assert s["converged"] and not s["trivial"]
    assert s["C"] == pytest.approx(gauss(lambda z: np.tanh(2.0 * np.sqrt(s["C"]) * z) ** 2), rel=1e-6)
    assert s["x2"] == pytest.approx(4.0 * s["C"], rel=1e-6)
    low = edgechaos.cavity(0.6, 0.3)
    assert low["trivial"] and low["C"] == 0.0


def test_replica_at_gamma_zero_has_the_closed_form():
    # gamma = 0, eta = 0: x ~ N(0, 1/beta + g^2 q) with q = E tanh^2 of it (PHYSICS.md section 6),
    # solved here by fixed-point iteration in NumPy; 1e-6 absolute on q, and the solver's own
    # closed_form_error small.
    g, beta = 0.8, 4.0
    s = edgechaos.replica(g, 0.0, beta=beta)
    q = 0.5
    for _ in range(200):
        q = gauss(lambda z: np.tanh(np.sqrt(1 / beta + g * g * q) * z) ** 2)
    assert s["converged"] and s["q"] == pytest.approx(q, abs=1e-6)
    assert 0 <= s["closed_form_error"] < 1e-6


@pytest.mark.parametrize("call", [
    lambda: edgechaos.dmft(float("nan")),
    lambda: edgechaos.dmft(-1.0),
    lambda: edgechaos.cavity(1.0, 1.5),
    lambda: edgechaos.replica(1.0, 0.0, beta=0.0),
    lambda: edgechaos.fixed_points(n=10, tries=0),
    lambda: edgechaos.fixed_points(n=10, tolerance=-1.0),
])
def test_theory_and_finder_errors(call):
    with pytest.raises(edgechaos.EdgechaosError, match=r"^invalid_argument: "):
        call()
