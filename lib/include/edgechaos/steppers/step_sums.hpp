// What a step hands to its observer: sums over the state at the start of the step,
// taken from vectors the step already computed (three O(N) dot products, next to the
// N^2 of the step), so observing costs no extra matrix-vector product.
#pragma once

#include <cmath>
#include <type_traits>

#include "edgechaos/core/config.hpp"
#include "edgechaos/detail/matvec.hpp"
#include "edgechaos/core/status.hpp"

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

// Every stepper's entry check: dt, then sizes. Nothing has been touched when it fails.
template <class Net, class State, class Input>
Status check_step(const Net& net, const State& x, const Input& u, Scalar dt) {
  const Status s = check_dt(dt);
  return s == Status::ok ? check_sizes(net, x, u) : s;
}

// out = x + h slope (+ noise), elementwise; false if any out[i] is NaN or Inf. The
// finiteness flag is an integer OR (xn - xn is 0 only for finite xn), so the loop has
// no floating-point reduction and vectorises without reassociation.
template <bool kNoise>
inline bool advance_finite(const Scalar* __restrict x, const Scalar* __restrict slope, Scalar h,
                           const Scalar* __restrict noise, Scalar* __restrict out, Index n) {
  unsigned bad = 0;
  for (Index i = 0; i < n; ++i) {
    Scalar xn = x[i] + h * slope[i];
    if constexpr (kNoise) xn += noise[i];
    out[i] = xn;
    bad |= (xn - xn == 0.0f) ? 0u : 1u;
  }
  return bad == 0u;
}

// x_new = x + h slope (+ noise), and the observer's sums over the start of the step
// (x, its velocity v0 and phi0 = phi(x)). False if any x_new is not finite.
// The sums use dot_row, so their order is the fixed, platform-independent one of the
// matrix-vector product (detail/matvec.hpp), and they vectorise too.
template <bool kSums, bool kNoise, class State>
bool advance(const State& x, const State& slope, Scalar h, const State& v0, const State& phi0,
             const State* noise, State& out, StepSums& sums) {
  constexpr int kN = State::SizeAtCompileTime;
  const Index n = x.size();
  const bool finite = advance_finite<kNoise>(x.data(), slope.data(), h, kNoise ? noise->data() : nullptr, out.data(), n);
  if constexpr (kSums) {
    sums = StepSums{dot_row<kN>(x.data(), x.data(), n), dot_row<kN>(phi0.data(), phi0.data(), n),
                    dot_row<kN>(v0.data(), v0.data(), n), n};
  } else {
    sums = StepSums{0, 0, 0, n};
  }
  return finite;
}

}  // namespace detail
}  // namespace edgechaos
