/// \file
/// Explicit schemes as stage lists. A scheme whose stage I evaluates the slope at
///   x + (kNode[I] dt) k_{I-1}                         (each stage uses the one before)
/// and whose step is x + dt * kNorm * (kWeight[0] k_0 + ... ), weights summed left to
/// right, is written here as three constant arrays; Euler and the classical RK4 are such
/// schemes. The two operations below are the only place the stage arithmetic lives: the
/// state, a Lyapunov tangent vector and a matrix of tangents all advance through them, so
/// they are the same scheme bit for bit by construction.
#pragma once

#include "edgechaos/core/config.hpp"
#include "edgechaos/detail/matvec.hpp"  // EDGECHAOS_MATVEC_SCALAR: does the core have SIMD?

namespace edgechaos {

/// Forward Euler: one stage, x + dt v(x). First order.
struct EulerScheme {
  static constexpr bool kDiscrete = false;             ///< A flow: steps take dt.
  static constexpr int kStages = 1;                    ///< Slope evaluations per step.
  static constexpr Scalar kNode[kStages] = {0.0f};     ///< Stage I is evaluated at x + kNode[I] dt k_{I-1}.
  static constexpr Scalar kWeight[kStages] = {1.0f};   ///< Stage weights in the slope.
  static constexpr Scalar kNorm = 1.0f;                ///< The weighted sum's factor.
};

/// The classical fourth-order Runge-Kutta scheme, weights (1, 2, 2, 1) / 6.
struct RK4Scheme {
  static constexpr bool kDiscrete = false;                            ///< A flow: steps take dt.
  static constexpr int kStages = 4;                                   ///< Slope evaluations per step.
  static constexpr Scalar kNode[kStages] = {0.0f, 0.5f, 0.5f, 1.0f};  ///< Stage I's point: x + kNode[I] dt k_{I-1}.
  static constexpr Scalar kWeight[kStages] = {1.0f, 2.0f, 2.0f, 1.0f};  ///< Stage weights in the slope.
  static constexpr Scalar kNorm = 1.0f / 6.0f;                        ///< The weighted sum's factor.
};

/// A discrete-time model x_{k+1} = F(x_k, u_k) (an echo-state map): one evaluation, no dt.
struct MapIteration {
  static constexpr bool kDiscrete = true;  ///< A map: steps take no dt.
  static constexpr int kStages = 1;        ///< One evaluation of F per step.
};

namespace detail {

// The stage arithmetic, per entry: `base + h * k`, `first + w * k`, `(slope + k) * norm`.
// Where the core has SIMD (x86, NEON: the same test as detail/matvec.hpp) these are Eigen
// expressions, which vectorise; on the scalar Cortex-M cores they are plain loops, fully
// unrolled for N <= 16 (at -O2 GCC left Eigen's per-coefficient kernel of a 16-float
// expression out of line, 16 calls per expression, on the M4F). Both forms do the same
// IEEE operations on each entry, so they give the same bits.
template <class V>
void fit_like(V& out, const V& like) {
  if constexpr (V::SizeAtCompileTime == Dynamic) out.resizeLike(like);
}

// for i in [0, n): f(i), n the compile-time size where there is one. Small fixed sizes
// (<= 16) are unrolled completely, since loop overhead is a large share of their step;
// larger ones by 4.
template <class V, class F>
EDGECHAOS_INLINE void for_each_index(const V& v, F&& f) {
  constexpr int kSize = V::SizeAtCompileTime;
  const Index n = kSize == Dynamic ? v.size() : Index{kSize};
  if constexpr (kSize != Dynamic && kSize <= 16) {
#pragma GCC unroll 16
    for (Index i = 0; i < n; ++i) f(i);
  } else {
#pragma GCC unroll 4
    for (Index i = 0; i < n; ++i) f(i);
  }
}

// out = base + (kNode[I] dt) k_prev: where stage I >= 1 evaluates its slope.
template <class Scheme, int I, class V, class K>
void stage_point(const V& base, Scalar dt, const K& k_prev, V& out) {
  static_assert(I >= 1 && I < Scheme::kStages, "stage_point: stage 0 is evaluated at the state itself");
  const Scalar h = Scheme::kNode[I] * dt;
  if constexpr (EDGECHAOS_MATVEC_SCALAR == 0) {
    out = base + h * k_prev;
  } else {
    fit_like(out, base);
    const Scalar* __restrict b = base.data();
    const Scalar* __restrict k = k_prev.data();
    Scalar* __restrict o = out.data();
    for_each_index(base, [&](Index i) { o[i] = b[i] + h * k[i]; });
  }
}

// Folds stage I >= 1 into the slope. `first` holds k_0 and may be `slope` itself; after
// the last stage `slope` is the step's slope (the weighted sum times kNorm).
template <class Scheme, int I, class V, class K>
void accumulate(V& slope, const V& first, const K& k_stage) {
  static_assert(I >= 1 && I < Scheme::kStages, "accumulate: k_0 is the slope's first term");
  static_assert(Scheme::kWeight[0] == 1.0f, "accumulate: k_0 enters with weight 1 (scale by kNorm instead)");
  constexpr Scalar w = Scheme::kWeight[I];
  constexpr Scalar norm = Scheme::kNorm;
  constexpr bool last = I + 1 == Scheme::kStages;
  if constexpr (EDGECHAOS_MATVEC_SCALAR == 0) {
    if constexpr (I == 1) {
      if constexpr (w == 1.0f) {
        slope = first + k_stage;
      } else {
        slope = first + w * k_stage;
      }
    } else if constexpr (!last || w != 1.0f) {
      slope += w * k_stage;
    }
    if constexpr (last) {
      if constexpr (I > 1 && w == 1.0f) {
        slope = (slope + k_stage) * norm;
      } else if constexpr (norm != 1.0f) {
        slope *= norm;
      }
    }
  } else {
    fit_like(slope, first);
    const Scalar* f = first.data();  // may alias s
    const Scalar* __restrict k = k_stage.data();
    Scalar* s = slope.data();
    for_each_index(first, [&](Index i) {
      const Scalar term = (w == 1.0f) ? k[i] : w * k[i];
      Scalar acc = (I == 1 ? f[i] : s[i]) + term;
      if constexpr (last && norm != 1.0f) acc = acc * norm;
      s[i] = acc;
    });
  }
}

}  // namespace detail
}  // namespace edgechaos
