// Explicit schemes as stage lists. A scheme whose stage I evaluates the slope at
//   x + (kNode[I] dt) k_{I-1}                         (each stage uses the one before)
// and whose step is x + dt * kNorm * (kWeight[0] k_0 + ... ), weights summed left to
// right, is written here as three constant arrays; Euler and the classical RK4 are such
// schemes. The two operations below are the only place the stage arithmetic lives: the
// state, a Lyapunov tangent vector and a matrix of tangents all advance through them, so
// they are the same scheme bit for bit by construction.
#pragma once

#include "edgechaos/core/config.hpp"

namespace edgechaos {

struct EulerScheme {
  static constexpr bool kDiscrete = false;
  static constexpr int kStages = 1;
  static constexpr Scalar kNode[kStages] = {0.0f};
  static constexpr Scalar kWeight[kStages] = {1.0f};
  static constexpr Scalar kNorm = 1.0f;
};

struct RK4Scheme {
  static constexpr bool kDiscrete = false;
  static constexpr int kStages = 4;
  static constexpr Scalar kNode[kStages] = {0.0f, 0.5f, 0.5f, 1.0f};
  static constexpr Scalar kWeight[kStages] = {1.0f, 2.0f, 2.0f, 1.0f};
  static constexpr Scalar kNorm = 1.0f / 6.0f;
};

// A discrete-time model x_{k+1} = F(x_k, u_k) (an echo-state map): one evaluation, no dt.
struct MapIteration {
  static constexpr bool kDiscrete = true;
  static constexpr int kStages = 1;
};

namespace detail {

// out = base + (kNode[I] dt) k_prev: where stage I >= 1 evaluates its slope.
template <class Scheme, int I, class V, class K>
void stage_point(const V& base, Scalar dt, const K& k_prev, V& out) {
  static_assert(I >= 1 && I < Scheme::kStages, "stage_point: stage 0 is evaluated at the state itself");
  out = base + (Scheme::kNode[I] * dt) * k_prev;
}

// Folds stage I >= 1 into the slope. `first` holds k_0 and may be `slope` itself; after
// the last stage `slope` is the step's slope (the sum times kNorm).
template <class Scheme, int I, class V, class K>
void accumulate(V& slope, const V& first, const K& k) {
  static_assert(I >= 1 && I < Scheme::kStages, "accumulate: k_0 is the slope's first term");
  static_assert(Scheme::kWeight[0] == 1.0f, "accumulate: k_0 enters with weight 1 (scale by kNorm instead)");
  constexpr Scalar w = Scheme::kWeight[I];
  constexpr bool last = I + 1 == Scheme::kStages;
  if constexpr (I == 1) {
    if constexpr (w == 1.0f) {
      slope = first + k;
    } else {
      slope = first + w * k;
    }
  } else if constexpr (!last || w != 1.0f) {
    slope += w * k;
  }
  if constexpr (last) {
    if constexpr (I > 1 && w == 1.0f) {
      slope = (slope + k) * Scheme::kNorm;
    } else if constexpr (Scheme::kNorm != 1.0f) {
      slope *= Scheme::kNorm;
    }
  }
}

}  // namespace detail
}  // namespace edgechaos
