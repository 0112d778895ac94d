// What a step hands to its observer: sums over the state at the start of the step,
// accumulated inside the stepper's own update loop, so observing costs O(1) extra work
// per step and no extra matrix-vector product.
#pragma once

#include <cmath>
#include <type_traits>

#include "edgechaos/config.hpp"
#include "edgechaos/status.hpp"

namespace edgechaos {

struct StepSums {
  Scalar x2 = 0;    // |x|^2
  Scalar phi2 = 0;  // |phi(x)|^2
  Scalar v2 = 0;    // |v|^2 = |dx/dt|^2 of the noiseless flow, so E = v2 / 2
  Index n = 0;      // number of neurons
};

// The default observer: does nothing, and tells the stepper not to accumulate sums.
struct NoObserver {
  void operator()(const StepSums&) const {}
};

template <class Observer>
constexpr bool observes_v = !std::is_same_v<std::decay_t<Observer>, NoObserver>;

// An observer is anything callable as observer(const StepSums&).

namespace detail {

// Checks dt once for every stepper.
inline Status check_dt(Scalar dt) {
  return (dt > 0.0f && dt <= 1e30f) ? Status::ok : Status::invalid_argument;  // rejects NaN and Inf
}

// After a failed step: was the caller's data already non-finite, or did the step blow up?
template <class State, class Input>
Status classify_failure(const State& x, const Input& u) {
  return (x.allFinite() && u.allFinite()) ? Status::non_finite_result : Status::non_finite_input;
}

template <class Net, class State, class Input>
Status check_sizes(const Net& net, const State& x, const Input& u) {
  if (!net.bound()) return Status::invalid_argument;
  if (x.size() != net.size()) return Status::size_mismatch;
  if (u.size() != net.inputs()) return Status::size_mismatch;
  return Status::ok;
}

// x_new = x + h slope (+ noise). In the same pass, the observer's sums over the start
// of the step (x, its velocity v0 and phi0 = phi(x)). False if any x_new is not finite.
template <bool kSums, bool kNoise, class State>
bool advance(const State& x, const State& slope, Scalar h, const State& v0, const State& phi0,
             const State* noise, State& out, StepSums& sums) {
  const Index n = x.size();
  Scalar x2 = 0, phi2 = 0, v2 = 0, check = 0;
  for (Index i = 0; i < n; ++i) {
    const Scalar xi = x[i];
    Scalar xn = xi + h * slope[i];
    if constexpr (kNoise) xn += (*noise)[i];
    out[i] = xn;
    check += xn * 0.0f;  // stays 0 unless some xn is NaN or Inf
    if constexpr (kSums) {
      x2 += xi * xi;
      phi2 += phi0[i] * phi0[i];
      v2 += v0[i] * v0[i];
    }
  }
  sums = StepSums{x2, phi2, v2, n};
  return check == 0.0f;
}

}  // namespace detail
}  // namespace edgechaos
