/// \file
/// One vocabulary for checking arguments and results. Every public call validates with
/// these and nothing else, so "finite", "positive" and "in range" mean the same thing
/// everywhere; each test is a plain comparison (NaN fails every one of them).
#pragma once

#include "edgechaos/core/config.hpp"
#include "edgechaos/core/status.hpp"

namespace edgechaos {

/// True when \p x is finite (not NaN, not +-Inf).
/// x - x is 0 for every finite x and NaN for +-Inf and NaN. No `<cmath>`, no FP classification
/// calls: the same test compiles to one subtraction and one compare on every core.
template <class T>
constexpr bool is_finite(T x) {
  return x - x == T(0);
}
/// A parameter (a step, a gain, a temperature ...) above this is refused: its square
/// overflows a float, so no computation with it can stay finite.
constexpr float kMaxParameter = 1e30f;
/// True when 0 < \p x <= kMaxParameter (false for NaN).
template <class T>
constexpr bool is_positive(T x) {
  return x > T(0) && x <= T(kMaxParameter);
}
/// True when 0 <= \p x <= kMaxParameter (false for NaN).
template <class T>
constexpr bool is_non_negative(T x) {
  return x >= T(0) && x <= T(kMaxParameter);
}
/// True when \p lo <= \p x <= \p hi (false for NaN).
template <class T>
constexpr bool in_range(T x, T lo, T hi) {
  return x >= lo && x <= hi;
}

/// True when every one of the \p n values at \p x is finite.
/// x * 0 is 0 for finite x and NaN for +-Inf and NaN, and
/// a sum of such terms stays 0 unless one is NaN: one multiply-add per entry, the cheapest
/// form on FPU cores (about 2 instructions per entry on the M4F, against 5 for a compare
/// and OR per entry). Correct without -ffast-math, which edgechaos never uses.
template <class T>
bool all_finite(const T* x, Index n) {
  T check = T(0);
  for (Index i = 0; i < n; ++i) check += x[i] * T(0);
  return check == T(0);
}
/// True when every entry of an Eigen vector or matrix with contiguous storage is finite.
template <class V>
bool all_finite(const V& v) {
  return all_finite(v.data(), v.size());
}

/// Status::ok when \p condition holds, else \p otherwise.
constexpr Status require(bool condition, Status otherwise = Status::invalid_argument) {
  return condition ? Status::ok : otherwise;
}

/// The last check of a first_error list: \p s itself.
constexpr Status first_error(Status s) { return s; }
/// The first status that is not ok (checks listed in the order they should be reported);
/// every argument is evaluated, so keep it off per-step paths (see check_sizes).
template <class... Rest>
constexpr Status first_error(Status s, Rest... rest) {
  return s != Status::ok ? s : first_error(rest...);
}

/// A model's bound-and-sizes check, shared by the steppers and the quasi-potential:
/// Status::invalid_argument when \p net has no weights bound, Status::size_mismatch when
/// \p x or \p u disagrees with the model's sizes. They run on every step, so they return
/// early rather than list (first_error would evaluate every check).
template <class Net, class State, class Input>
Status check_sizes(const Net& net, const State& x, const Input& u) {
  if (!net.bound()) return Status::invalid_argument;
  if (x.size() != net.size() || u.size() != net.inputs()) return Status::size_mismatch;
  return Status::ok;
}

}  // namespace edgechaos
