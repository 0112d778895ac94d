/// \file
/// The features of a next-generation reservoir (NVAR; Gauthier et al. 2021, shared/
/// RESERVOIR.md section 5): from a D-dimensional input series,
///   [1, lin, unique quadratic monomials of lin],
///   lin = [u(t), u(t - s), ..., u(t - (k - 1) s)]   (D k values, newest first),
/// the monomials lin_i lin_j for i <= j in row order (i = 0: lin_0 lin_0, lin_0 lin_1, ...).
/// Size 1 + D k + D k (D k + 1) / 2, fixed at compile time (Lorenz-63, D = 3, k = 2: 28).
/// It sits in readouts/ beside features.hpp: it is a feature map for the trainers there,
/// with no dynamics of its own (the "reservoir" is a delay line: a ring of (k - 1) s + 1
/// inputs). Real = double on the desktop (the Lorenz protocol), float on a device.
#pragma once

#include "edgechaos/core/checks.hpp"
#include "edgechaos/core/status.hpp"

namespace edgechaos {

/// NVAR features of a \p D-dimensional input: \p K delayed copies \p S steps apart, their
/// unique quadratic monomials and a constant, in \p Real; see the file comment.
template <int D, int K, int S = 1, class Real = float>
class NvarFeatures {
  static_assert(D >= 1 && K >= 1 && S >= 1, "NvarFeatures: D, K and S must be at least 1");

 public:
  static constexpr int kDim = D;                                  ///< D: input dimension
  static constexpr int kLinear = D * K;                           ///< linear features D k
  static constexpr int kQuadratic = kLinear * (kLinear + 1) / 2;  ///< unique monomials
  static constexpr int kSize = 1 + kLinear + kQuadratic;          ///< all features
  static constexpr int kSpan = (K - 1) * S + 1;  ///< inputs kept: u(t) .. u(t - (k-1) s)

  /// An empty delay line: the first outputs come after the warm-up.
  NvarFeatures() { reset(); }
  /// Empties the delay line (the warm-up starts again).
  void reset() {
    for (Real& v : ring_) v = Real(0);
    head_ = 0;
    count_ = 0;
  }

  /// u(t): D values. non_finite_input for NaN or Inf (nothing changes), invalid_argument
  /// for a null pointer.
  Status push(const Real* u) {
    if (u == nullptr) return Status::invalid_argument;
    if (!all_finite(u, D)) return Status::non_finite_input;
    for (int d = 0; d < D; ++d) ring_[head_ * D + d] = u[d];
    head_ = head_ + 1 == kSpan ? 0 : head_ + 1;
    if (count_ < kSpan) ++count_;
    return Status::ok;
  }
  /// Every delayed input is a pushed one (the first kSpan - 1 pushes are the warm-up).
  bool ready() const { return count_ >= kSpan; }

  /// The kSize features of the last push. insufficient_data until ready(); out unchanged
  /// then.
  Status features(Real* out) const {
    if (out == nullptr) return Status::invalid_argument;
    if (!ready()) return Status::insufficient_data;
    Real lin[kLinear];
    for (int j = 0; j < K; ++j) {
      const Real* u = ring_ + slot(j * S) * D;
      for (int d = 0; d < D; ++d) lin[j * D + d] = u[d];
    }
    int n = 0;
    out[n++] = Real(1);
    for (int i = 0; i < kLinear; ++i) out[n++] = lin[i];
    for (int i = 0; i < kLinear; ++i) {
      for (int j = i; j < kLinear; ++j) out[n++] = lin[i] * lin[j];
    }
    return Status::ok;
  }

 private:
  int slot(int back) const {  // head_ - 1 is the newest
    const int s = head_ - 1 - back;
    return s < 0 ? s + kSpan : s;
  }
  Real ring_[kSpan * D] = {};
  int head_ = 0;
  int count_ = 0;
};

}  // namespace edgechaos
