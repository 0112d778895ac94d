/// \file
/// The streaming ridge regression of a device (shared/RESERVOIR.md section 3): one sample
/// at a time, no history, refit at any time, in float32 and as accurate as the double fit.
///
/// The scheme: a streaming QR. RESERVOIR.md measures that a float32 Gram matrix A = sum f f^T
/// of reservoir features (centred condition number near 1e9, beyond float's 1.7e7) fails its
/// Cholesky below alpha ~ 1e-4 and costs task quality where it succeeds, and that
/// compensated sums help only a little. So A is never formed. Each sample's row
///   a = [1, f - f0, y - y0]      (f0, y0: the first sample, a fixed shift)
/// is rotated into an upper-triangular factor R by Givens rotations, so that R^T R is the
/// Gram matrix of all rows seen: R's first P = F + 1 columns are the (shifted, augmented)
/// sum f f^T in factored form, its last K columns (Q^T (Y - y0)) the sum f y^T. Working on R
/// squares nothing: its condition number is the square root of A's (3e4 for A's 1e9), well
/// inside float, which is why this float32 fit tracks the double one. Measured
/// (tests/readouts, a leaky echo-state reservoir, N = 50, NARMA10, centred Gram condition
/// number 2e10): train and test NRMSE within 1.4e-5 of the double fit at alpha 1e-8..1e-4,
/// outputs within 6e-3 std(y) at alpha 1e-8 (2e-4 at 1e-4); a float32 Gram matrix, centred
/// and factorised in float, fails its Cholesky at every one of those alphas.
/// The leading 1 column is the unpenalised intercept: least squares with it is exactly the
/// centred fit of RESERVOIR.md section 3 (ReservoirPy's Ridge), without knowing the means in
/// advance. The shift by the first sample removes most of the mean from every row before it
/// is rotated (the fit is invariant under it), so rounding scales with the spread of the
/// features, not with their offset.
///
/// Storage: R's P x P triangle packed row by row (P (P + 1) / 2 floats: the one packed
/// triangle) and its P x K right-hand block (the K x K residual block is not kept). A refit
/// (solve) copies both into a workspace of the same size, rotates the ridge rows
/// sqrt(alpha) e_j (j = 1..F: the intercept is not penalised) into the copy, checks every
/// pivot against a floor, and back-substitutes. The accumulator is untouched by a refit,
/// so accumulation can go on and be refitted again with another alpha.
///
/// Cost per sample: P + K divisions and square roots and about 2 (P + K)^2 multiply-adds
/// (4 per rotated pair); per refit about (2/3) P^3 more for the ridge rows.
#pragma once

#include <cmath>
#include <cstddef>
#include <limits>

#include "edgechaos/core/checks.hpp"
#include "edgechaos/core/config.hpp"
#include "edgechaos/core/status.hpp"
#include "edgechaos/detail/givens.hpp"
#include "edgechaos/readouts/linear_readout.hpp"

namespace edgechaos {

/// The device's ridge regression of \p K outputs on \p F features with an unpenalised
/// intercept, by a streaming QR (see the file comment); \p kBudget bounds the object's
/// bytes at compile time.
template <int F, int K = 1, std::size_t kBudget = kReadoutRamBudget>
class StreamingRidge {
  static_assert(F >= 1 && K >= 1, "StreamingRidge: F and K must be at least 1 (fixed sizes)");

 public:
  static constexpr int kFeatures = F;  ///< F
  static constexpr int kOutputs = K;   ///< K
  static constexpr int kColumns = F + 1;                               ///< P: [1, f]
  static constexpr int kTriangle = kColumns * (kColumns + 1) / 2;      ///< packed R
  static constexpr int kRhs = kColumns * K;                            ///< R's right-hand block
  /// A pivot r_jj at or below this fraction of its column's norm (the norm of the shifted
  /// feature column plus sqrt(alpha)) is a singular factor to float precision: the fit is
  /// refused as not_positive_definite. 32 float epsilons: the rounding a column collects
  /// over a long series is a few epsilons of its norm, and a real reservoir's pivots (cond
  /// of R near 3e4) stay far above it.
  static constexpr Scalar kPivotFloor = Scalar(32) * std::numeric_limits<Scalar>::epsilon();
  /// Bytes of one object: R and its right-hand block twice (accumulator and workspace),
  /// the shift (F + K), one row (P + K), the count. The tests check it against sizeof.
  static constexpr std::size_t kRamBytes =
      detail::round_up(sizeof(Scalar) * static_cast<std::size_t>(2 * (kTriangle + kRhs) + (F + K) + (kColumns + K)),
                       alignof(long)) +
      sizeof(long);
  static_assert(kRamBytes <= kBudget,
                "StreamingRidge: this F and K need more RAM (kRamBytes) than the budget; lower F or raise "
                "the budget template parameter");

  using FeatureVector = Vector<F>;  ///< f
  using Output = Vector<K>;         ///< y

  /// A trainer that has seen no sample (reset()).
  StreamingRidge() { reset(); }

  /// Forgets every sample.
  void reset() {
    for (Scalar& v : r_) v = Scalar(0);
    for (Scalar& v : rb_) v = Scalar(0);
    n_ = 0;
  }
  long count() const { return n_; }  ///< Samples added since the reset.

  /// Adds one sample (f, y). non_finite_input for NaN or Inf, invalid_argument for an entry
  /// beyond +-kMaxParameter (1e30: the factor could no longer stay finite),
  /// capacity_exceeded when the count would overflow. Nothing changes on failure.
  Status add(const FeatureVector& f, const Output& y) {
    if (!all_finite(f) || !all_finite(y)) return Status::non_finite_input;
    for (int j = 0; j < F; ++j) {
      if (!in_range(f[j], -kMaxParameter, kMaxParameter)) return Status::invalid_argument;
    }
    for (int k = 0; k < K; ++k) {
      if (!in_range(y[k], -kMaxParameter, kMaxParameter)) return Status::invalid_argument;
    }
    if (n_ == std::numeric_limits<long>::max()) return Status::capacity_exceeded;
    if (n_ == 0) {
      for (int j = 0; j < F; ++j) f0_[j] = f[j];
      for (int k = 0; k < K; ++k) y0_[k] = y[k];
    }
    row_[0] = Scalar(1);
    for (int j = 0; j < F; ++j) row_[1 + j] = f[j] - f0_[j];
    for (int k = 0; k < K; ++k) row_[kColumns + k] = y[k] - y0_[k];
    rotate_in(r_, rb_, row_, 0);
    ++n_;
    return Status::ok;
  }

  /// The ridge fit of every sample so far with penalty alpha (not scaled by the count),
  /// written into out (W_out and the intercept c). invalid_argument for alpha outside
  /// (0, 1e30], insufficient_data for fewer than 2 samples, not_positive_definite for a
  /// pivot at or below the floor (rank-deficient features with a tiny alpha),
  /// non_finite_result if the solution would not be finite. out is written only on success;
  /// the accumulator never changes.
  Status solve(Scalar alpha, ReadoutWeights<F, K>& out) {
    if (!is_positive(alpha)) return Status::invalid_argument;
    if (n_ < 2) return Status::insufficient_data;
    for (int i = 0; i < kTriangle; ++i) wr_[i] = r_[i];
    for (int i = 0; i < kRhs; ++i) wb_[i] = rb_[i];
    const Scalar root = std::sqrt(alpha);
    for (int j = 1; j < kColumns; ++j) {
      for (int i = 0; i < kColumns + K; ++i) row_[i] = Scalar(0);
      row_[j] = root;
      rotate_in(wr_, wb_, row_, j);
    }
    // Pivots against their columns' norms (rotations keep column norms: this is the norm
    // of the shifted data column plus the ridge row).
    for (int j = 0; j < kColumns; ++j) {
      Scalar norm2 = Scalar(0);
      for (int i = 0; i <= j; ++i) {
        const Scalar v = wr_[offset(i) + (j - i)];
        norm2 += v * v;
      }
      const Scalar pivot = wr_[offset(j)];
      if (!(pivot > kPivotFloor * std::sqrt(norm2))) return Status::not_positive_definite;
    }
    // Back substitution, in place in wb_: R x = b, x = [c', W_out^T] in shifted coordinates.
    for (int k = 0; k < K; ++k) {
      for (int i = kColumns - 1; i >= 0; --i) {
        const Scalar* ri = wr_ + offset(i);
        Scalar sum = wb_[i * K + k];
        for (int j = i + 1; j < kColumns; ++j) sum -= ri[j - i] * wb_[j * K + k];
        wb_[i * K + k] = sum / ri[0];
      }
    }
    if (!all_finite(wb_, kRhs)) return Status::non_finite_result;
    // Undo the shift: y = (c' + y0 - W f0) + W f.
    Scalar c[K];
    for (int k = 0; k < K; ++k) {
      Scalar sum = wb_[k] + y0_[k];
      for (int j = 0; j < F; ++j) sum -= wb_[(1 + j) * K + k] * f0_[j];
      c[k] = sum;
    }
    if (!all_finite(c, K)) return Status::non_finite_result;
    for (int k = 0; k < K; ++k) {
      for (int j = 0; j < F; ++j) out(k, j) = wb_[(1 + j) * K + k];
      out.c[k] = c[k];
    }
    return Status::ok;
  }

 private:
  // Start of row i of a packed upper triangle (row i holds columns i..P-1).
  static constexpr int offset(int i) { return i * kColumns - i * (i - 1) / 2; }

  // Rotates the row a (P + K values, zero before column `first`) into the factor (t, b).
  // Each rotation is computed with the larger of the two magnitudes factored out, so that
  // no square can overflow.
  static void rotate_in(Scalar* t, Scalar* b, Scalar* a, int first) {
    for (int i = first; i < kColumns; ++i) {
      const Scalar ai = a[i];
      if (ai == Scalar(0)) continue;
      Scalar* ri = t + offset(i);
      const Scalar r = ri[0];
      const Scalar m = std::fabs(r) > std::fabs(ai) ? std::fabs(r) : std::fabs(ai);
      const Scalar rs = r / m, as = ai / m;
      const Scalar rho = m * std::sqrt(rs * rs + as * as);
      const Scalar c = r / rho, s = ai / rho;
      ri[0] = rho;
      detail::givens_pairs(ri + 1, a + i + 1, kColumns - 1 - i, c, s);  // columns i+1..P-1
      Scalar* bi = b + i * K;
      Scalar* ay = a + kColumns;
      for (int k = 0; k < K; ++k) {
        const Scalar u = bi[k], v = ay[k];
        bi[k] = c * u + s * v;
        ay[k] = c * v - s * u;
      }
    }
  }

  Scalar r_[kTriangle];       // R, packed by rows
  Scalar rb_[kRhs];           // R's right-hand block, row i: K values
  Scalar wr_[kTriangle];      // workspace of a refit
  Scalar wb_[kRhs];
  Scalar f0_[F];              // the shift: the first sample
  Scalar y0_[K];
  Scalar row_[kColumns + K];  // the row being rotated in
  long n_ = 0;
};

}  // namespace edgechaos
