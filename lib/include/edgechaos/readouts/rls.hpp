/// \file
/// Recursive least squares with a forgetting factor (shared/RESERVOIR.md section 3), the
/// online trainer of FORCE learning:
///   k = P f / (lambda + f^T P f),  e = y - W f (a-priori),  W += e k^T,
///   P = (P - k f^T P) / lambda,    P(0) = I / alpha,  lambda in (0, 1].
/// Fits y = W f with no separate intercept: give the features a constant for one.
///
/// P is kept symmetric by construction: only its upper triangle exists (packed by rows,
/// F (F + 1) / 2 floats), and the update writes P_ij - k_i (P f)_j for j >= i, which is
/// symmetric in exact arithmetic since k f^T P = (P f)(P f)^T / denominator. Before anything
/// is written, the update computes the denominator and every new diagonal entry with the
/// same expressions the write uses, and refuses the update (not_positive_definite) if one
/// is not positive; and it bounds every new entry of P and W (|P_ij| <= max diagonal for a
/// positive-definite P) so that a finite result is guaranteed before the first write. So on
/// any failure P and W are exactly as they were.
///
/// Updated every k-th sample (RlsConfig::every): update(f, y) counts each valid sample and
/// trains on every k-th one (FORCE applies RLS every 2nd step).
///
/// Forgetting without a multiply per entry: P = s Q, with Q the stored triangle and s a
/// scale (1 after a restart). An update computes P f = s (Q f), writes
/// Q_ij - k_i (Q f)_j (one fused multiply-subtract per entry) and divides s by lambda
/// instead of dividing every entry; when s passes kRescaleAbove (2^16, every
/// log(2^16) / log(1 / lambda) updates: 11 000 at lambda = 0.999) the update writes
/// (Q_ij - k_i (Q f)_j) s / lambda instead and sets s = 1. With lambda = 1, s stays 1 and
/// every value is the textbook update's. With lambda < 1 each entry is rounded once per
/// update instead of twice (subtract, then divide), plus once at a rescale: the same
/// quantity, different last bits.
///
/// The two O(F^2) loops (P f from the packed triangle, the rank-one downdate) are in
/// detail/packed_triangle.hpp (assembly blocks on the Cortex-M FPUs, same bits).
///
/// Wind-up: with lambda < 1, directions the data never excite grow as lambda^-n / alpha.
/// max_diagonal() reports the largest entry of P; a device that trains for long should
/// watch it (or use lambda = 1). The update refuses to overflow (non_finite_result).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "edgechaos/core/checks.hpp"
#include "edgechaos/core/config.hpp"
#include "edgechaos/core/status.hpp"
#include "edgechaos/detail/packed_triangle.hpp"
#include "edgechaos/readouts/linear_readout.hpp"

namespace edgechaos {

/// The parameters of an Rls trainer.
struct RlsConfig {
  Scalar alpha = 1;   ///< P(0) = I / alpha; in (0, 1e30]
  Scalar lambda = 1;  ///< forgetting factor in (0, 1]; 1 = no forgetting
  int every = 1;      ///< train on every k-th sample; k >= 1
};

/// Recursive least squares of \p K outputs on \p F features, no intercept (see the file
/// comment); \p kBudget bounds the object's bytes at compile time.
template <int F, int K = 1, std::size_t kBudget = kReadoutRamBudget>
class Rls {
  static_assert(F >= 1 && K >= 1, "Rls: F and K must be at least 1 (fixed sizes)");

 public:
  static constexpr int kFeatures = F;                ///< F
  static constexpr int kOutputs = K;                 ///< K
  static constexpr int kTriangle = F * (F + 1) / 2;  ///< floats in P's packed triangle
  /// P = scale Q: when the scale passes this, the update folds it into Q (see above).
  static constexpr Scalar kRescaleAbove = Scalar(65536);
  /// Bytes of one object: P's triangle, W and c, P f and k, P's scale, the configuration
  /// and counts.
  /// The tests check it against sizeof.
  static constexpr std::size_t kRamBytes =
      detail::round_up(sizeof(Scalar) * static_cast<std::size_t>(kTriangle + 2 * F + 1) + ReadoutWeights<F, K>::kRamBytes +
                           sizeof(RlsConfig) + sizeof(std::int32_t),
                       alignof(std::int64_t)) +
      2 * sizeof(std::int64_t);
  static_assert(kRamBytes <= kBudget,
                "Rls: this F and K need more RAM (kRamBytes) than the budget; lower F or raise the budget "
                "template parameter");

  using FeatureVector = Vector<F>;  ///< f
  using Output = Vector<K>;         ///< y

  /// The default RlsConfig: P = I, W = 0.
  Rls() { restart(); }

  /// Sets alpha, lambda and k, and restarts: P = I / alpha, W = 0, counts 0.
  /// invalid_argument (nothing changed) for alpha outside (0, 1e30], lambda outside (0, 1],
  /// or k < 1.
  Status configure(const RlsConfig& config) {
    const Status s = first_error(require(is_positive(config.alpha)),
                                 require(config.lambda > Scalar(0) && config.lambda <= Scalar(1)),
                                 require(config.every >= 1));
    if (s != Status::ok) return s;
    config_ = config;
    restart();
    return Status::ok;
  }
  const RlsConfig& config() const { return config_; }  ///< alpha, lambda and k.

  /// One sample. non_finite_input (nothing changed) for NaN or Inf in f or y. On a sample
  /// that is not a k-th one: ok, counted, nothing else. On a k-th one: the update, or
  /// not_positive_definite (the denominator or a new diagonal entry of P not positive) or
  /// non_finite_result (an entry of P or W would overflow), with P, W and the counts as
  /// they were.
  Status update(const FeatureVector& f, const Output& y) {
    if (!all_finite(f) || !all_finite(y)) return Status::non_finite_input;
    // The sample's place among every k: a small counter (a 64-bit modulo is a library call
    // on the device), committed only with the sample.
    const std::int32_t next_phase = phase_ + 1 == config_.every ? 0 : phase_ + 1;
    if (next_phase != 0) {
      phase_ = next_phase;
      ++samples_;
      return Status::ok;
    }
    // Q f from the one triangle (detail/packed_triangle.hpp: one read of each entry);
    // P f = scale_ Q f.
    detail::packed_symmetric_times<F>(p_, f.data(), pf_);
    Scalar fpf = Scalar(0);
    for (int i = 0; i < F; ++i) fpf += f[i] * pf_[i];
    fpf *= scale_;  // f^T P f (scale_ == 1: unchanged)
    const Scalar denom = config_.lambda + fpf;
    if (!is_finite(denom)) return Status::non_finite_result;
    if (!(denom > Scalar(0))) return Status::not_positive_definite;
    const Scalar inv = Scalar(1) / denom;
    const Scalar gain = scale_ * inv;  // k = P f / denom = gain Q f
    // P' = (s / lambda) (Q - k (Q f)^T): the new scale, folded into Q when it is large.
    const Scalar next_scale = scale_ / config_.lambda;
    const bool rescale = next_scale > kRescaleAbove;
    const Scalar write_scale = rescale ? next_scale : Scalar(1);   // multiplies each written entry
    const Scalar kept_scale = rescale ? Scalar(1) : next_scale;    // the scale after the update
    Scalar max_pf = Scalar(0), max_diag = Scalar(0);
    const Status checked = rescale ? check_diagonal<true>(gain, write_scale, max_pf, max_diag)
                                   : check_diagonal<false>(gain, write_scale, max_pf, max_diag);
    if (checked != Status::ok) return checked;
    // max |k_i| = max |Q f| * gain exactly: rounding is monotonic.
    const Scalar max_k = max_pf * gain;
    // Every new |Q_ij| <= max diag + max|k| max|Q f| (|Q_ij| <= max diagonal for a
    // positive-definite Q), and P's is that times the new scale: finite, or refuse.
    if (!is_finite((max_diag + max_k * max_pf) * next_scale)) return Status::non_finite_result;
    // The a-priori errors and the bound on W's new entries.
    Scalar e[K];
    Scalar max_e = Scalar(0), max_w = Scalar(0);
    for (int k = 0; k < K; ++k) {
      Scalar wf = Scalar(0);
      for (int j = 0; j < F; ++j) {
        wf += weights_(k, j) * f[j];
        max_w = larger(max_w, std::fabs(weights_(k, j)));  // W is finite: every write was bounded
      }
      e[k] = y[k] - wf;
      if (!is_finite(e[k])) return Status::non_finite_result;
      max_e = larger(max_e, std::fabs(e[k]));
    }
    if (!is_finite(max_w + max_e * max_k)) return Status::non_finite_result;
    // The writes: nothing below can fail.
    for (int k = 0; k < K; ++k) {
      for (int j = 0; j < F; ++j) weights_(k, j) += e[k] * k_[j];
    }
    detail::packed_rank1_downdate<F>(p_, k_, pf_, write_scale);
    scale_ = kept_scale;
    phase_ = 0;
    ++samples_;
    ++updates_;
    return Status::ok;
  }

  /// The readout trained so far (c stays 0): bind a LinearReadout to it.
  const ReadoutWeights<F, K>& weights() const { return weights_; }
  /// P(i, j) = scale Q(i, j) from the one triangle (either order).
  Scalar p(int i, int j) const { return scale_ * (i <= j ? p_[offset(i) + (j - i)] : p_[offset(j) + (i - j)]); }
  /// The largest entry of P (its largest diagonal entry): watch it for wind-up.
  Scalar max_diagonal() const {
    Scalar m = Scalar(0);
    for (int i = 0; i < F; ++i) m = std::fmax(m, p_[offset(i)]);
    return scale_ * m;  // the scale is positive: the same entry is the largest
  }
  /// Valid samples seen (64-bit: 2^63 samples is 29 million years at 10 kHz).
  std::int64_t samples() const { return samples_; }
  std::int64_t updates() const { return updates_; }  ///< Updates made.

  /// The health check of the trainer's state (docs/faults.md), O(F^2 + K F), nothing
  /// written: corrupted_state unless the scale of P is in [1, kRescaleAbove], every
  /// diagonal entry of P is positive, finite and at most lambda^-updates / alpha (each
  /// update subtracts a positive semi-definite k f^T P before dividing by lambda, so P can
  /// grow only by forgetting; with lambda = 1, P_ii <= 1 / alpha for ever; the bound is
  /// times 1 + 2^-7 for rounding, and with lambda < 1 it soon overflows and only
  /// finiteness remains), every off-diagonal one obeys
  /// |P_ij| <= sqrt(P_ii P_jj) (a necessary condition of positive definiteness; tested as
  /// P_ij^2 <= P_ii P_jj (1 + 2^-7), the allowance for rounding in a nearly singular P) and
  /// every entry of W is finite. P is symmetric by construction (one stored triangle), so
  /// there is no symmetry to test. A pass does not prove P positive definite (that takes a
  /// factorisation); an update would still refuse a P whose new diagonal is not positive.
  Status check_health() const {
    if (!(scale_ >= Scalar(1) && scale_ <= kRescaleAbove)) return Status::corrupted_state;
    // P only shrinks between forgettings (P' = (P - k f^T P) / lambda <= P / lambda in the
    // Loewner order), so P_ii <= lambda^-updates / alpha; as Q = P / scale:
    const Scalar growth = config_.lambda == Scalar(1) ? Scalar(1) : std::pow(config_.lambda, -static_cast<Scalar>(updates_));
    const Scalar cap = growth / (config_.alpha * scale_) * (Scalar(1) + Scalar(1) / Scalar(128));
    for (int i = 0; i < F; ++i) {
      const Scalar d = p_[offset(i)];
      if (!(d > Scalar(0) && d <= cap && is_finite(d))) return Status::corrupted_state;
    }
    constexpr Scalar kAllowance = Scalar(1) + Scalar(1) / Scalar(128);
    for (int i = 0; i < F; ++i) {
      const Scalar* row = p_ + offset(i);  // Q_ii, Q_i,i+1, ..., Q_i,F-1
      const Scalar dii = row[0] * kAllowance;
      for (int j = i + 1; j < F; ++j) {
        const Scalar q = row[j - i];
        if (!(q * q <= dii * p_[offset(j)])) return Status::corrupted_state;  // NaN fails too
      }
    }
    if (!all_finite(weights_.w, Index(K) * F)) return Status::corrupted_state;
    return Status::ok;
  }

  /// Recovery of a corrupted P (check_health): P = I / alpha again, with W and the counts
  /// kept, so training continues from the readout learnt so far and only the covariance's
  /// memory of past samples is lost (it comes back as new samples arrive). Use reset() when
  /// W itself is not finite.
  void restart_covariance() {
    for (Scalar& v : p_) v = Scalar(0);
    const Scalar d = Scalar(1) / config_.alpha;
    for (int i = 0; i < F; ++i) p_[offset(i)] = d;
    scale_ = Scalar(1);
  }

  /// Full recovery: as after configure() with the current configuration: P = I / alpha,
  /// W = 0, counts 0.
  void reset() { restart(); }

 private:
  static constexpr int offset(int i) { return detail::packed_row<F>(i); }
  static Scalar larger(Scalar a, Scalar b) { return a > b ? a : b; }

  // k = gain Q f, and every new diagonal entry (Q_ii - k_i (Q f)_i) [* scale when Scaled]
  // computed with the write's expression and checked to be positive and finite; the
  // largest |Q f| and Q_ii on the way. Scaled is a template parameter so that the usual
  // update (no rescale) has no multiply by 1 per entry.
  template <bool Scaled>
  Status check_diagonal(Scalar gain, Scalar scale, Scalar& max_pf, Scalar& max_diag) {
    static_assert(sizeof(Scalar) == sizeof(std::uint32_t), "the bit test below is for IEEE binary32");
    const Scalar* diagonal = p_;  // Q_ii; the next row starts F - i entries further on
    for (int i = 0; i < F; ++i) {
      const Scalar qii = *diagonal;
      diagonal += F - i;
      k_[i] = pf_[i] * gain;
      Scalar d = detail::packed_new_diagonal(qii, k_[i], pf_[i]);  // the value the downdate writes
      if constexpr (Scaled) d *= scale;
      // 0 < d <= FLT_MAX exactly when bits(d) - 1 < bits(FLT_MAX) as unsigned: +0 wraps
      // around, negatives have the sign bit, Inf and NaN are above. One test, no FPSCR.
      std::uint32_t bits;
      std::memcpy(&bits, &d, sizeof bits);
      if (bits - 1u >= 0x7f7fffffu) return is_finite(d) ? Status::not_positive_definite : Status::non_finite_result;
      // Finite here (a finite d needs a finite k_i pf_i): plain maxima, no fmaxf calls.
      max_pf = larger(max_pf, std::fabs(pf_[i]));
      max_diag = larger(max_diag, qii);
    }
    return Status::ok;
  }

  void restart() {
    restart_covariance();
    weights_ = ReadoutWeights<F, K>();
    phase_ = 0;
    samples_ = 0;
    updates_ = 0;
  }

  Scalar p_[kTriangle];  // Q: P = scale_ Q
  Scalar pf_[F];
  Scalar k_[F];
  Scalar scale_ = Scalar(1);
  ReadoutWeights<F, K> weights_;
  RlsConfig config_;
  std::int32_t phase_ = 0;  // valid samples since the last k-th one, 0..k-1
  std::int64_t samples_ = 0;
  std::int64_t updates_ = 0;
};

}  // namespace edgechaos
