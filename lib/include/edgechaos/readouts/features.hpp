/// \file
/// The feature vector of a readout (shared/RESERVOIR.md section 2), fixed size F at
/// compile time:
///   f = [1 (optional), u (M inputs), x (N states), x^2 (optional: Jaeger's augmented state)]
/// in that order. The constant is off by default: the ridge trainers fit an unpenalised
/// intercept c of their own (ReservoirPy's convention, RESERVOIR.md section 3), and a
/// constant feature would only add a column that centring turns to zero. RLS fits no
/// intercept; give it the constant (kConstant = true) when the target has an offset.
#pragma once

#include "edgechaos/core/config.hpp"

namespace edgechaos {

/// The feature map f = [1 (if \p kConstant), u (\p M inputs), x (\p N states), x^2 (if
/// \p kSquares)] of a readout; see the file comment.
template <int N, int M = 0, bool kConstant = false, bool kSquares = false>
struct Features {
  static_assert(N >= 1, "Features: N (states) must be at least 1 (fixed size)");
  static_assert(M >= 0, "Features: M (inputs) must be non-negative (fixed size)");
  static constexpr int kStates = N;  ///< N: the reservoir's state size
  static constexpr int kInputs = M;  ///< M: inputs among the features
  static constexpr int kSize = (kConstant ? 1 : 0) + M + N + (kSquares ? N : 0);  ///< F: features
  using State = Vector<N>;                        ///< The reservoir state x.
  using Input = Vector<M>;                        ///< The input u.
  using FeatureVector = edgechaos::Vector<kSize>;  ///< f.

  /// f from the state x and the input u. Plain copies and products: no checks (the
  /// trainers check what they are given, and a stepper commits only finite states).
  static void compute(const State& x, const Input& u, FeatureVector& f) {
    int k = 0;
    if constexpr (kConstant) f[k++] = Scalar(1);
    for (int i = 0; i < M; ++i) f[k++] = u[i];
    for (int i = 0; i < N; ++i) f[k++] = x[i];
    if constexpr (kSquares) {
      for (int i = 0; i < N; ++i) f[k++] = x[i] * x[i];
    }
  }
  /// A reservoir without input features.
  static void compute(const State& x, FeatureVector& f) {
    static_assert(M == 0, "Features::compute(x, f): this layout has inputs; call compute(x, u, f)");
    compute(x, Input(), f);
  }
};

/// The plain state as the feature vector (f = x).
template <int N>
using StateFeatures = Features<N>;

}  // namespace edgechaos
