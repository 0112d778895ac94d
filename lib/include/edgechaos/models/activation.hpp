/// \file
/// Activation functions phi with value and derivative.
///
/// An activation is a small stateless type with
/// <pre>
///   static Scalar value(Scalar x);
///   static Scalar derivative(Scalar x);               // phi'(x)
///   static Scalar derivative_from_value(Scalar y);    // phi'(x) given y = phi(x), when cheaper
/// </pre>
/// The steppers call value() in a plain loop over the state, which compilers vectorise.
#pragma once

#include <cmath>

#include "edgechaos/core/config.hpp"
#include "edgechaos/models/sinh_tanh.hpp"  // the cheap device tanh, one of this family

namespace edgechaos {

/// The C library's tanh: the reference. Its last bits differ between C libraries.
struct Tanh {
  /// tanh(x).
  static Scalar value(Scalar x) { return std::tanh(x); }
  /// tanh'(x) = 1 - tanh(x)^2.
  static Scalar derivative(Scalar x) { return derivative_from_value(std::tanh(x)); }
  /// tanh' from the value y = tanh(x): 1 - y^2.
  static Scalar derivative_from_value(Scalar y) { return 1.0f - y * y; }
};

/// A fast tanh built only from +, *, / (deterministic on every IEEE-754 platform when the
/// compiler does not contract to FMA), with these properties, each checked over every
/// finite float by tests/host/test_tanh_exhaustive.cpp:
///  - |FastTanh(x) - tanh(x)| <= 2.1e-7 for every finite float x
///    (measured maximum 2.0e-7, at x = 0.9778; relative error <= 6e-7 where tanh(x) > 1e-30);
///  - odd: FastTanh(-x) == -FastTanh(x), bit for bit;
///  - monotone non-decreasing over all floats;
///  - exactly +-1 for |x| >= 8.6644 and for +-Inf; NaN in gives NaN out.
///
/// Why monotone: tanh(x) = 1 / (1 + 2 / expm1(2x)), and expm1(2x) is computed as a
/// positive-coefficient polynomial for expm1 at 2x/32 followed by five doublings
/// w <- w (2 + w). Every operation is non-decreasing in its operands and IEEE rounding is
/// monotone, so the whole chain is monotone by construction; the same holds when the
/// compiler contracts the polynomial into FMAs.
struct FastTanh {
  /// The approximation of tanh(x) (bounds above).
  static Scalar value(Scalar x) {
    // No clamp on |x|: for |x| >= 9.5, w is huge or +Inf, 2 / w rounds to 0 and y is
    // exactly 1, as with a clamp at 9.5 (bit-identical for all 2^32 inputs, checked), and
    // NaN passes through. A clamp to a constant made GCC split the loop into a branch and
    // stopped it vectorising activate() (tests/bench, docs/benchmarks.md).
    const Scalar ax = std::fabs(x);
    const Scalar z = ax * (2.0f / 32.0f);
    Scalar w = z * (1.0f + z * (1.0f / 2 + z * (1.0f / 6 + z * (1.0f / 24 + z * (1.0f / 120 +
               z * (1.0f / 720 + z * (1.0f / 5040 + z * (1.0f / 40320))))))));
    w = w * (2.0f + w);  // expm1(2a) = expm1(a) (2 + expm1(a)), five times: 2x/32 -> 2x
    w = w * (2.0f + w);
    w = w * (2.0f + w);
    w = w * (2.0f + w);
    w = w * (2.0f + w);
    const Scalar y = 1.0f / (1.0f + 2.0f / w);  // w = 0 gives 2/0 = Inf and y = 0: fine
    return std::copysign(y, x);
  }
  /// tanh'(x) at the approximated value, 1 - value(x)^2.
  static Scalar derivative(Scalar x) { return derivative_from_value(value(x)); }
  /// The derivative of tanh at the approximated value: |error| <= 2 * 2.1e-7.
  static Scalar derivative_from_value(Scalar y) { return 1.0f - y * y; }
};

// SinhTanh<D> (models/sinh_tanh.hpp, included above): the cheap device tanh, a third of
// FastTanh's instructions, with the same kind of guarantees.

/// phi(x) = x: the linear network, whose exact solution the integrator tests use.
struct Linear {
  /// x.
  static Scalar value(Scalar x) { return x; }
  /// 1.
  static Scalar derivative(Scalar) { return 1.0f; }
  /// 1.
  static Scalar derivative_from_value(Scalar) { return 1.0f; }
};

}  // namespace edgechaos
