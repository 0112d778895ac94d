/// \file
/// integrate_n: `steps` steps of any stepper, in the spirit of Boost.Odeint's
/// integrate_const, without allocation (usable on the device). The drive is either a fixed
/// input vector or a callable drive(k, t) returning the input of step k (at time t, the
/// step's start); the observer sees every step with its time. Time is t0 + k dt, computed
/// per step rather than summed, so it does not drift over long runs.
#pragma once

#include <cstdint>
#include <type_traits>
#include <utility>

#include "edgechaos/core/status.hpp"
#include "edgechaos/detail/workspace.hpp"
#include "edgechaos/steppers/step_view.hpp"

namespace edgechaos {

/// How a run ended: the first failure's status (the state is the one before that step),
/// the number of steps committed and the time reached.
struct [[nodiscard]] RunResult {
  Status status = Status::ok;  ///< Status::ok, or the failing step's status
  std::uint64_t steps = 0;     ///< steps committed
  Scalar t = 0;                ///< time reached: t0 + steps dt
};

/// Zero input, for models without inputs or with the drive switched off.
struct NoDrive {};

namespace detail {

template <class Input, class Drive>
decltype(auto) drive_at(Drive& drive, std::uint64_t k, Scalar t, const Input& zero) {
  if constexpr (std::is_same_v<std::decay_t<Drive>, NoDrive>) {
    (void)k, (void)t;
    return (zero);
  } else if constexpr (std::is_base_of_v<Eigen::MatrixBase<std::decay_t<Drive>>, std::decay_t<Drive>>) {
    (void)k, (void)t, (void)zero;  // a fixed input (checked first: Eigen vectors are callable too)
    return static_cast<const Input&>(drive);
  } else {
    (void)zero;
    return drive(k, t);
  }
}

}  // namespace detail

/// Runs \p steps steps of \p stepper on \p x from time \p t0, the input from \p drive
/// (NoDrive, a fixed input vector, or a callable drive(k, t)), each step shown to
/// \p observer. Stops at the first failing step, whose status the result carries; \p x is
/// then the state before that step.
template <class Stepper, class Net, class Drive, class Observer = NoObserver>
RunResult integrate_n(Stepper& stepper, const Net& net, typename Net::State& x, Drive&& drive, Scalar dt,
                      std::uint64_t steps, Observer&& observer = Observer{}, Scalar t0 = 0) {
  using Input = typename Net::Input;
  Input zero = detail::zeros<Input>();
  if constexpr (std::is_same_v<std::decay_t<Drive>, NoDrive>) detail::fit(zero, net.inputs());
  RunResult r;
  r.t = t0;
  for (std::uint64_t k = 0; k < steps; ++k) {
    const Scalar t = t0 + static_cast<Scalar>(k) * dt;
    const Status s = stepper.step_at(net, x, detail::drive_at<Input>(drive, k, t, zero), t, dt, observer);
    if (s != Status::ok) {
      r.status = s;
      return r;
    }
    r.steps = k + 1;
    r.t = t0 + static_cast<Scalar>(k + 1) * dt;
  }
  return r;
}

}  // namespace edgechaos
