// One vocabulary for checking arguments and results. Every public call validates with
// these and nothing else, so "finite", "positive" and "in range" mean the same thing
// everywhere; each test is a plain comparison (NaN fails every one of them).
#pragma once

#include "edgechaos/core/config.hpp"
#include "edgechaos/core/status.hpp"

namespace edgechaos {

// x - x is 0 for every finite x and NaN for +-Inf and NaN. No <cmath>, no FP classification
// calls: the same test compiles to one subtraction and one compare on every core.
template <class T>
constexpr bool is_finite(T x) {
  return x - x == T(0);
}
// A parameter (a step, a gain, a temperature ...) above this is refused: its square
// overflows a float, so no computation with it can stay finite.
constexpr float kMaxParameter = 1e30f;
template <class T>
constexpr bool is_positive(T x) {  // 0 < x <= kMaxParameter
  return x > T(0) && x <= T(kMaxParameter);
}
template <class T>
constexpr bool is_non_negative(T x) {  // 0 <= x <= kMaxParameter
  return x >= T(0) && x <= T(kMaxParameter);
}
template <class T>
constexpr bool in_range(T x, T lo, T hi) {  // lo <= x <= hi
  return x >= lo && x <= hi;
}

// Every entry of n values finite. x * 0 is 0 for finite x and NaN for +-Inf and NaN, and
// a sum of such terms stays 0 unless one is NaN: one multiply-add per entry, the cheapest
// form on FPU cores (about 2 instructions per entry on the M4F, against 5 for a compare
// and OR per entry). Correct without -ffast-math, which edgechaos never uses.
template <class T>
bool all_finite(const T* x, Index n) {
  T check = T(0);
  for (Index i = 0; i < n; ++i) check += x[i] * T(0);
  return check == T(0);
}
// ... of an Eigen vector or matrix with contiguous storage.
template <class V>
bool all_finite(const V& v) {
  return all_finite(v.data(), v.size());
}

// ok when the condition holds, else the given status.
constexpr Status require(bool condition, Status otherwise = Status::invalid_argument) {
  return condition ? Status::ok : otherwise;
}

// The first status that is not ok (checks listed in the order they should be reported).
constexpr Status first_error(Status s) { return s; }
template <class... Rest>
constexpr Status first_error(Status s, Rest... rest) {
  return s != Status::ok ? s : first_error(rest...);
}

// A model's bound-and-sizes check, shared by the steppers and the quasi-potential. They run
// on every step, so they return early rather than list (first_error would evaluate every check).
template <class Net, class State, class Input>
Status check_sizes(const Net& net, const State& x, const Input& u) {
  if (!net.bound()) return Status::invalid_argument;
  if (x.size() != net.size() || u.size() != net.inputs()) return Status::size_mismatch;
  return Status::ok;
}

}  // namespace edgechaos
