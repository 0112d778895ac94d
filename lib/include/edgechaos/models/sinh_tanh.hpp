/// \file
/// SinhTanh<D>: a tanh for the device that costs about a third of FastTanh, with the same
/// guarantees (odd, monotone, exactly +-1 in saturation, a stated error bound), each checked
/// over every float by tests/host/test_tanh_exhaustive.cpp.
///
/// <pre>
///   tanh(x) = 1 / sqrt(1 + 1/sinh(x)^2)        (x > 0; odd by copysign)
/// </pre>
/// with sinh replaced by an odd polynomial z(x) of degree 2D + 1 whose coefficients are
/// positive and minimise the largest tanh error (tools/fit_sinh_tanh.py). No clamp and no
/// range reduction: for large |x|, z overflows to +Inf, 1/z is 0 and the value is exactly 1;
/// at 0, 1/z is +-Inf and the value is +-0; NaN stays NaN.
///
/// Why monotone: for x >= 0 every operation is monotone in its operands (z increases since
/// its coefficients are positive; 1/z, its square and 1 + (1/z)^2 decrease; sqrt increases;
/// 1/sqrt decreases back), and IEEE rounding is monotone. The argument holds for any
/// rounding of each operation, so FMA contraction keeps it too. Odd: every operation is
/// symmetric in the sign of x except the final copysign, which restores it bit for bit.
///
/// Bits: +, *, /, sqrt are correctly rounded on every IEEE-754 target (host SSE, FPv4/FPv5,
/// newlib's soft float), so with -ffp-contract=off (the library's interface flag) the bits
/// are the same on every port.
///
/// Cost per neuron on Cortex-M4F (GCC 12 -O2, a loop over the state): a load, x^2, one add
/// and D - 1 multiply-adds for the monic polynomial, a multiply, two divisions, a multiply,
/// an add, a square root, the sign (vmov, cmp, it, vneg) and a store; no branch.
/// Measured over every float (test_tanh_exhaustive checks these bounds):
/// <pre>
///   D | max |SinhTanh - tanh| | max relative error | exactly +-1 from |x| = | M4F instructions
///   3 |        1.25e-5        |       2.2e-5       |         9.4136         |  18 (+2 loop)
///   4 |        9.3e-7         |       1.7e-6       |         8.7428         |  20 (+2 loop)
///   5 |        1.8e-7         |       3.0e-7       |         8.5312         |  22 (+2 loop)
/// </pre>
/// (FastTanh: 2.1e-7, 6e-7, 8.6644, about 60.) The relative bound holds for |x| > 2^-64;
/// at and below 2^-64, (1/z)^2 overflows and the value is +-0 (absolute error < 5.5e-20).
#pragma once

#include <cmath>

#include "edgechaos/core/config.hpp"

namespace edgechaos {

namespace detail {
// Monic form (tools/fit_sinh_tanh.py): z / c_D = x (x^2D + b[D-1] x^2(D-1) + ... + b[0]),
// b[0] = 1 / c_D, so that 1/z = b[0] / (z / c_D).
template <int D>
struct SinhTanhCoefficients;
template <>
struct SinhTanhCoefficients<3> {
  static constexpr Scalar b[3] = {0x1.fb7786p+11f, 0x1.529c6cp+9f, 0x1.08cc4ep+5f};
};
template <>
struct SinhTanhCoefficients<4> {
  static constexpr Scalar b[4] = {0x1.1028dap+18f, 0x1.6ada9p+15f, 0x1.22ef8p+11f, 0x1.aad00cp+5f};
};
template <>
struct SinhTanhCoefficients<5> {
  static constexpr Scalar b[5] = {0x1.be29aap+24f, 0x1.297186p+22f, 0x1.dbcfb2p+17f, 0x1.6c1898p+12f, 0x1.318a7p+6f};
};
}  // namespace detail

/// The cheap device tanh of degree \p D (3, 4 or 5): error bounds and costs at the top of
/// this file.
template <int D = 5>
struct SinhTanh {
  static_assert(D >= 3 && D <= 5, "SinhTanh: degrees 3, 4 and 5 are fitted (tools/fit_sinh_tanh.py)");

 private:
  static constexpr Scalar b(int k) { return detail::SinhTanhCoefficients<D>::b[k]; }
  // p s + b[K], then down to b[0]: written out at compile time (a loop over the
  // coefficients costs a compare and a branch per term on the device).
  template <int K>
  static EDGECHAOS_INLINE Scalar horner(Scalar p, Scalar s) {
    if constexpr (K < 0) {
      return p;
    } else {
      return horner<K - 1>(p * s + b(K), s);
    }
  }

 public:

  /// The approximation of tanh(x).
  static Scalar value(Scalar x) {
    const Scalar s = x * x;
    const Scalar p = horner<D - 2>(s + b(D - 1), s);
    const Scalar w = b(0) / (x * p);  // 1 / sinh(x)
    const Scalar y = 1.0f / std::sqrt(1.0f + w * w);
    // y >= 0 (or NaN): the sign of x by a negation, which costs less than copysign on a
    // core without it (M4F: vmov, cmp, it, vneg) and keeps -0 -> -0.
    return std::signbit(x) ? -y : y;
  }
  /// tanh'(x) at the approximated value, 1 - value(x)^2.
  static Scalar derivative(Scalar x) { return derivative_from_value(value(x)); }
  /// The derivative of tanh at the approximated value: |error| <= 2 * the bound above.
  static Scalar derivative_from_value(Scalar y) { return 1.0f - y * y; }
};

}  // namespace edgechaos
