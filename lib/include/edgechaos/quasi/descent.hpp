/// \file
/// Zero-temperature gradient descent on the quasi-potential, x <- x - dt grad E: it carries
/// a random start into the basin of a minimum of E, close enough for Newton's method.
/// Explicit Euler on E is stable for dt < 2 / lambda_max(Hessian), about 2 / sigma_max(M)^2
/// with M = -I + J diag(phi'); configure() estimates sigma_max at x = 0 (estimate_sigma_max,
/// from below: a dt near the limit is not guaranteed) and by default takes half the limit.
#pragma once

#include <cstdint>

#include "edgechaos/core/config.hpp"
#include "edgechaos/core/status.hpp"
#include "edgechaos/detail/workspace.hpp"
#include "edgechaos/quasi/quasi_potential.hpp"

namespace edgechaos {

/// Gradient descent x <- x - dt grad E on the quasi-potential of \p Net, the first stage
/// of the fixed-point finder (see the file comment).
template <class Net>
class GradientDescent {
 public:
  using State = typename Net::State;  ///< The model's state vector.
  using Input = typename Net::Input;  ///< The model's input vector.

  /// The step: `requested`, or 0.5 * 2 / sigma_max^2 when `requested` is 0. step_too_large
  /// when `requested` reaches the limit 2 / sigma_max^2; dt() is then unchanged.
  Status configure(const Net& net, Scalar requested) {
    for (State* w : {&gradient_, &image_}) detail::fit(*w, net.size());
    Scalar sigma = 0.0f;
    const Status s = estimate_sigma_max(net, 30, sigma, gradient_, image_);
    if (s != Status::ok) return s;
    const Scalar limit = 2.0f / (sigma * sigma);
    if (requested >= limit) return Status::step_too_large;
    dt_ = requested > 0.0f ? requested : 0.5f * limit;
    return Status::ok;
  }

  /// `steps` descent steps on x, in place, with qp's gradient. A non-finite gradient
  /// means the descent blew up (the caller checked its start): non_finite_result, and x
  /// is left part way, so callers descend on a copy.
  Status run(const Net& net, QuasiPotential<Net>& qp, const Input& u, std::uint32_t steps, State& x) {
    for (std::uint32_t k = 0; k < steps; ++k) {
      const Status s = qp.gradient(net, x, u, gradient_);
      if (s != Status::ok) return s == Status::non_finite_input ? Status::non_finite_result : s;
      x -= dt_ * gradient_;
    }
    return Status::ok;
  }

  Scalar dt() const { return dt_; }  ///< The step configure() chose (0 before it).

 private:
  Scalar dt_ = 0.0f;
  State gradient_ = detail::zeros<State>();
  State image_ = detail::zeros<State>();  // M w in the sigma_max estimate (gradient_ holds w)
};

}  // namespace edgechaos
