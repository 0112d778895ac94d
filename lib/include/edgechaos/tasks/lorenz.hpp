/// \file
/// The Lorenz-63 system (sigma 10, rho 28, beta 8/3) sampled every dt = 0.025, the series
/// of the NVAR benchmark (Gauthier et al. 2021; shared/RESERVOIR.md section 5). Classical
/// RK4 at an internal step dt / kSubsteps (10 substeps: h = 0.0025, local error ~ h^5,
/// far below the sampled values' 1e-7 of float and the forecasts' 1e-3 scale); a sample is
/// the state after one more dt. The protocol with its ridge fit is host/nvar_lorenz.hpp.
#pragma once

#include "edgechaos/core/checks.hpp"
#include "edgechaos/core/status.hpp"

namespace edgechaos {

/// The Lorenz-63 system sampled every dt, integrated by RK4 with \p kSubsteps steps per
/// sample in \p Real (see the file comment). Starts at (1, 1, 1), dt = 0.025.
template <class Real = double, int kSubsteps = 10>
class Lorenz63 {
  static_assert(kSubsteps >= 1, "Lorenz63: kSubsteps must be at least 1");

 public:
  static constexpr Real kSigma = Real(10);          ///< sigma
  static constexpr Real kRho = Real(28);            ///< rho
  static constexpr Real kBeta = Real(8) / Real(3);  ///< beta
  /// The largest Lyapunov exponent 0.9056 (Viswanath's value): one Lyapunov time is
  /// 1 / 0.9056 = 1.104 time units.
  static constexpr Real kLyapunovTime = Real(1.104);

  /// Starts at x0 (3 values) with sample interval dt. invalid_argument for dt outside
  /// (0, 1e30] or a null x0, non_finite_input for a non-finite x0; nothing changes then.
  Status reset(const Real* x0, Real dt = Real(0.025)) {
    if (x0 == nullptr || !is_positive(dt)) return Status::invalid_argument;
    if (!all_finite(x0, 3)) return Status::non_finite_input;
    for (int i = 0; i < 3; ++i) x_[i] = x0[i];
    dt_ = dt;
    return Status::ok;
  }
  /// The system at (1, 1, 1), sampled every dt = 0.025.
  Lorenz63() {
    const Real x0[3] = {Real(1), Real(1), Real(1)};
    static_cast<void>(reset(x0));
  }

  /// The current state (3 values).
  const Real* state() const { return x_; }
  /// Advances one sample interval. non_finite_result (state kept) if it would not be finite.
  Status advance() {
    Real x[3] = {x_[0], x_[1], x_[2]};
    const Real h = dt_ / Real(kSubsteps);
    for (int s = 0; s < kSubsteps; ++s) {
      Real k1[3], k2[3], k3[3], k4[3], y[3];
      rhs(x, k1);
      for (int i = 0; i < 3; ++i) y[i] = x[i] + Real(0.5) * h * k1[i];
      rhs(y, k2);
      for (int i = 0; i < 3; ++i) y[i] = x[i] + Real(0.5) * h * k2[i];
      rhs(y, k3);
      for (int i = 0; i < 3; ++i) y[i] = x[i] + h * k3[i];
      rhs(y, k4);
      for (int i = 0; i < 3; ++i) x[i] += h / Real(6) * (k1[i] + Real(2) * k2[i] + Real(2) * k3[i] + k4[i]);
    }
    if (!all_finite(x, 3)) return Status::non_finite_result;
    for (int i = 0; i < 3; ++i) x_[i] = x[i];
    return Status::ok;
  }

 private:
  static void rhs(const Real* x, Real* v) {
    v[0] = kSigma * (x[1] - x[0]);
    v[1] = x[0] * (kRho - x[2]) - x[1];
    v[2] = x[0] * x[1] - kBeta * x[2];
  }
  Real x_[3] = {Real(1), Real(1), Real(1)};
  Real dt_ = Real(0.025);
};

}  // namespace edgechaos
