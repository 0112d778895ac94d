#!/usr/bin/env python3
"""Fits the coefficients of SinhTanh<D> (lib/include/edgechaos/models/sinh_tanh.hpp).

tanh(x) = 1 / sqrt(1 + 1/sinh(x)^2) for x > 0. sinh is replaced by the odd polynomial
z(x) = x (1 + c_1 x^2 + ... + c_D x^(2D)) with c_k >= 0, and the c_k minimise the largest
|1/sqrt(1 + 1/z^2) - tanh(x)| over (0, 9.5] (tanh rounds to 1 in float beyond 9.01): a
least-squares fit reweighted towards the largest errors (Lawson's iteration) converges to
the minimax fit. Positive coefficients keep z increasing, which is what makes the float
evaluation monotone by construction. The header stores the monic form
z / c_D = x (x^(2D) + b_(D-1) x^(2(D-1)) + ... + b_0), b_0 = 1 / c_D, which saves one
multiplication; the numerator of 1/z is then b_0 as well.

Prints the float32 coefficients as C++ hexadecimal literals. Needs numpy and scipy.
"""
import numpy as np
from scipy.optimize import least_squares

X = np.linspace(0.0, 9.5, 19001)[1:]
T = np.tanh(X)


def approx(c, x):
    z = x * np.polyval(np.concatenate([c[::-1], [1.0]]), x * x)
    return 1.0 / np.sqrt(1.0 + 1.0 / (z * z))


def fit(degree):
    c = np.array([1.0 / 6, 1.0 / 120, 1.0 / 5040, 1.0 / 362880, 1.0 / 39916800][:degree])  # sinh's Taylor series
    w = np.ones_like(X)
    best = None
    for _ in range(60):
        c = least_squares(lambda p: w * (approx(p, X) - T), c, bounds=(0.0, np.inf),
                          xtol=1e-15, ftol=1e-15, gtol=1e-15, max_nfev=3000).x
        e = np.abs(approx(c, X) - T)
        if best is None or e.max() < best[0]:
            best = (e.max(), c.copy())
        w = w * (e / e.max() + 0.02) ** 0.5
        w /= w.max()
    return best


def hexf(v):
    return float.hex(float(np.float32(v))) + "f"


for degree in (3, 4, 5):
    err, c = fit(degree)
    b = [1.0 / c[-1]] + [ck / c[-1] for ck in c[:-1]]
    print(f"// degree {degree}: max |error| {err:.3g} in exact arithmetic")
    print(f"b[{degree}] = {{{', '.join(hexf(v) for v in b)}}}")
