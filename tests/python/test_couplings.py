"""edgechaos.couplings: shape, dtype, statistics and errors (N, seeds stated per test)."""
import numpy as np
import pytest

import edgechaos


def test_shape_dtype_and_zero_diagonal():
    J = edgechaos.couplings(16, 1.5, 0.0, 1)
    assert J.shape == (16, 16) and J.dtype == np.float32 and J.flags.c_contiguous
    assert np.all(np.diag(J) == 0.0)


def test_same_seed_same_bits_other_seed_other_bits():
    a, b = edgechaos.couplings(32, 1.0, 0.3, 7), edgechaos.couplings(32, 1.0, 0.3, 7)
    assert a.tobytes() == b.tobytes()
    assert a.tobytes() != edgechaos.couplings(32, 1.0, 0.3, 8).tobytes()


def test_variance_and_symmetry_follow_g_and_gamma():
    # N = 400, one seed: N(N-1) = 159600 entries, so the sample variance of N J_ij / g^2 is
    # 1 within a few 1e-3 and corr(J_ij, J_ji) = gamma within ~0.005 (PHYSICS.md section 2).
    n, g, gamma = 400, 1.3, 0.5
    J = edgechaos.couplings(n, g, gamma, 11).astype(np.float64)
    off = ~np.eye(n, dtype=bool)
    assert np.var(J[off]) * n / g**2 == pytest.approx(1.0, abs=0.02)
    iu = np.triu_indices(n, 1)
    assert np.corrcoef(J[iu], J.T[iu])[0, 1] == pytest.approx(gamma, abs=0.02)


@pytest.mark.parametrize("args", [(8, float("nan"), 0.0, 1), (8, 1.0, 1.5, 1), (0, 1.0, 0.0, 1)])
def test_bad_parameters_raise_with_the_status_name(args):
    with pytest.raises(edgechaos.EdgechaosError, match=r"^invalid_argument: "):
        edgechaos.couplings(*args)


def test_a_status_raised_with_the_gil_released_is_an_exception_not_a_crash():
    with pytest.raises(edgechaos.EdgechaosError, match=r"^non_finite_result: raised with the GIL released"):
        edgechaos._edgechaos._raise_released()
