/// \file
/// The FORCE target of Sussillo & Abbott (2009), shared/RESERVOIR.md section 6: four sines
/// with the period T of the slowest,
///   f(t) = (1.3 sin(w t) + 0.65 sin(2 w t) + 0.217 sin(3 w t) + 0.433 sin(4 w t)) / 1.5,
///   w = 2 pi / T.
/// T = 120 time units is the original (N = 1000); T = 30 is the device-size variant
/// (N = 128 cannot follow T = 120). Evaluated in double and rounded once to float, so the
/// value does not depend on the single-precision sin of a C library; a device that cannot
/// afford double sin per step can tabulate one period (the target is periodic).
#pragma once

#include <cmath>

#include "edgechaos/core/checks.hpp"
#include "edgechaos/core/config.hpp"
#include "edgechaos/core/status.hpp"

namespace edgechaos {

/// The four-sine FORCE target f(t) with period T (see the file comment).
class FourSine {
 public:
  static constexpr double kDefaultPeriod = 120.0;  ///< T of the original (N = 1000)
  static constexpr double kDevicePeriod = 30.0;    ///< T a device-size network (N = 128) can follow

  FourSine() = default;

  /// invalid_argument (nothing changed) for a period that is not finite and positive.
  Status set_period(double period) {
    if (!(period > 0.0) || !(period <= 1e30)) return Status::invalid_argument;
    period_ = period;
    return Status::ok;
  }
  double period() const { return period_; }  ///< T, in time units.

  /// f(t) in double (the reference) and rounded to the library's float.
  double value(double t) const {
    const double w = 2.0 * kPi / period_;
    return (1.3 * std::sin(w * t) + 0.65 * std::sin(2.0 * w * t) + 0.217 * std::sin(3.0 * w * t) +
            0.433 * std::sin(4.0 * w * t)) /
           1.5;
  }
  /// f(t) rounded once to the library's float.
  Scalar operator()(double t) const { return static_cast<Scalar>(value(t)); }

 private:
  static constexpr double kPi = 3.14159265358979323846;
  double period_ = kDefaultPeriod;
};

}  // namespace edgechaos
