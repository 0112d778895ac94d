/// \file
/// Task metrics (shared/RESERVOIR.md, header and section 4), streaming and over arrays:
///   NRMSE = sqrt(mean((yhat - y)^2)) / std(y), std over the scored block (population
///           std, divided by n like the mean: numpy's default y.std());
///   MAE   = mean |yhat - y|;
///   Pearson r(y, yhat) and r^2 = r * r (the squared correlation of the memory capacity,
///           not the coefficient of determination 1 - SSE/SST);
///   MC    = sum over delays of r^2 (Jaeger 2001).
/// One pass, no stored series: Welford updates of both means, both second moments and the
/// co-moment, so a long block in float does not cancel catastrophically (the textbook
/// sum-of-squares form loses every digit once the mean is large against the spread).
/// Real = double on the desktop, float on a device.
#pragma once

#include <cmath>

#include "edgechaos/core/checks.hpp"
#include "edgechaos/core/config.hpp"
#include "edgechaos/core/status.hpp"

namespace edgechaos {

/// Streaming error statistics of (target, prediction) pairs in \p Real: NRMSE, MAE, RMSE,
/// Pearson r and r^2 in one pass (see the file comment).
template <class Real = double>
class ErrorStats {
 public:
  /// Adds one scored pair (target y, prediction yhat). non_finite_input for NaN or Inf;
  /// nothing changes then.
  Status add(Real y, Real yhat) {
    if (!is_finite(y) || !is_finite(yhat)) return Status::non_finite_input;
    ++n_;
    const Real inv = Real(1) / static_cast<Real>(n_);
    const Real dy = y - mean_y_;
    const Real dp = yhat - mean_p_;
    mean_y_ += dy * inv;
    mean_p_ += dp * inv;
    m2_y_ += dy * (y - mean_y_);
    m2_p_ += dp * (yhat - mean_p_);
    c_yp_ += dy * (yhat - mean_p_);
    const Real e = yhat - y;
    sse_ += e * e;
    sae_ += std::fabs(e);
    return Status::ok;
  }
  void reset() { *this = ErrorStats(); }  ///< Forgets every pair.

  long count() const { return n_; }             ///< Pairs added.
  Real mean_target() const { return mean_y_; }  ///< Mean of the targets (0 before the first).
  /// Population variance of the targets (0 for fewer than 1 sample).
  Real variance_target() const { return n_ > 0 ? m2_y_ / static_cast<Real>(n_) : Real(0); }

  /// Mean squared error into \p out. Every statistic below returns insufficient_data (out
  /// unchanged) without the pairs it needs: mse, rmse and mae need 1, nrmse, pearson and r2
  /// need 2 and targets with spread (pearson and r2 also predictions with spread): the
  /// ratio is undefined otherwise.
  Status mse(Real& out) const {
    if (n_ < 1) return Status::insufficient_data;
    out = sse_ / static_cast<Real>(n_);
    return Status::ok;
  }
  /// sqrt(mse) into \p out.
  Status rmse(Real& out) const {
    if (n_ < 1) return Status::insufficient_data;
    out = std::sqrt(sse_ / static_cast<Real>(n_));
    return Status::ok;
  }
  /// mean |yhat - y| into \p out.
  Status mae(Real& out) const {
    if (n_ < 1) return Status::insufficient_data;
    out = sae_ / static_cast<Real>(n_);
    return Status::ok;
  }
  /// rmse / std(y) (population std) into \p out.
  Status nrmse(Real& out) const {
    if (n_ < 2 || !(m2_y_ > Real(0))) return Status::insufficient_data;
    out = std::sqrt(sse_ / m2_y_);  // sqrt(sse / n) / sqrt(m2 / n)
    return Status::ok;
  }
  /// Pearson's r(y, yhat) into \p out, clamped to [-1, 1].
  Status pearson(Real& out) const {
    if (n_ < 2 || !(m2_y_ > Real(0)) || !(m2_p_ > Real(0))) return Status::insufficient_data;
    Real r = c_yp_ / (std::sqrt(m2_y_) * std::sqrt(m2_p_));
    // Rounding can put |r| a few ulps above 1 for a perfect fit.
    if (r > Real(1)) r = Real(1);
    if (r < Real(-1)) r = Real(-1);
    out = r;
    return Status::ok;
  }
  /// r^2 = pearson^2 into \p out (the squared correlation, not 1 - SSE/SST).
  Status r2(Real& out) const {
    Real r = Real(0);
    const Status s = pearson(r);
    if (s != Status::ok) return s;
    out = r * r;
    return Status::ok;
  }

 private:
  long n_ = 0;
  Real mean_y_ = Real(0), mean_p_ = Real(0);
  Real m2_y_ = Real(0), m2_p_ = Real(0), c_yp_ = Real(0);
  Real sse_ = Real(0), sae_ = Real(0);
};

// Array versions: n pairs y[i], yhat[i]. invalid_argument for a null pointer or n < 0,
// non_finite_input for NaN or Inf, then as ErrorStats. out is written only on success.
namespace detail {
template <class Real>
Status error_stats_of(const Real* y, const Real* yhat, Index n, ErrorStats<Real>& s) {
  if (y == nullptr || yhat == nullptr || n < 0) return Status::invalid_argument;
  for (Index i = 0; i < n; ++i) {
    const Status st = s.add(y[i], yhat[i]);
    if (st != Status::ok) return st;
  }
  return Status::ok;
}
}  // namespace detail

/// ErrorStats::nrmse of the \p n pairs (y[i], yhat[i]); invalid_argument for a null
/// pointer or n < 0, non_finite_input for NaN or Inf; \p out written only on success.
template <class Real>
Status nrmse(const Real* y, const Real* yhat, Index n, Real& out) {
  ErrorStats<Real> s;
  const Status st = detail::error_stats_of(y, yhat, n, s);
  return st != Status::ok ? st : s.nrmse(out);
}
/// ErrorStats::mae of the \p n pairs (y[i], yhat[i]); statuses as nrmse().
template <class Real>
Status mae(const Real* y, const Real* yhat, Index n, Real& out) {
  ErrorStats<Real> s;
  const Status st = detail::error_stats_of(y, yhat, n, s);
  return st != Status::ok ? st : s.mae(out);
}
/// ErrorStats::pearson of the \p n pairs (y[i], yhat[i]); statuses as nrmse().
template <class Real>
Status pearson(const Real* y, const Real* yhat, Index n, Real& out) {
  ErrorStats<Real> s;
  const Status st = detail::error_stats_of(y, yhat, n, s);
  return st != Status::ok ? st : s.pearson(out);
}
/// ErrorStats::r2 of the \p n pairs (y[i], yhat[i]); statuses as nrmse().
template <class Real>
Status r_squared(const Real* y, const Real* yhat, Index n, Real& out) {
  ErrorStats<Real> s;
  const Status st = detail::error_stats_of(y, yhat, n, s);
  return st != Status::ok ? st : s.r2(out);
}

/// Memory capacity over K delays: one ErrorStats per delay, MC = sum_k r_k^2 (Jaeger 2001).
template <int K, class Real = double>
class MemoryCapacity {
  static_assert(K >= 1, "MemoryCapacity: K (the number of delays) must be at least 1");

 public:
  static constexpr int kDelays = K;  ///< K
  /// One scored step: targets[k] = u(t - 1 - k), predictions[k] its readout, k = 0..K-1.
  /// invalid_argument for a null pointer, non_finite_input for NaN or Inf; nothing
  /// changes then (all values are checked before any is added).
  Status add(const Real* targets, const Real* predictions) {
    if (targets == nullptr || predictions == nullptr) return Status::invalid_argument;
    if (!all_finite(targets, K) || !all_finite(predictions, K)) return Status::non_finite_input;
    for (int k = 0; k < K; ++k) static_cast<void>(delay_[k].add(targets[k], predictions[k]));
    return Status::ok;
  }
  /// Forgets every scored step.
  void reset() {
    for (ErrorStats<Real>& d : delay_) d.reset();
  }
  long count() const { return delay_[0].count(); }  ///< Scored steps.
  /// r^2 of delay index k (delay k + 1). invalid_argument for k outside 0..K-1.
  Status r2(int k, Real& out) const {
    if (k < 0 || k >= K) return Status::invalid_argument;
    return delay_[k].r2(out);
  }
  /// The sum of r^2 over all K delays; the first failing delay's status otherwise.
  Status capacity(Real& out) const {
    Real sum = Real(0);
    for (int k = 0; k < K; ++k) {
      Real r2k = Real(0);
      const Status s = delay_[k].r2(r2k);
      if (s != Status::ok) return s;
      sum += r2k;
    }
    out = sum;
    return Status::ok;
  }
  /// The statistics of delay index \p k (delay k + 1); unchecked: k must be in 0..K-1.
  const ErrorStats<Real>& delay(int k) const { return delay_[k]; }

 private:
  ErrorStats<Real> delay_[K];
};

}  // namespace edgechaos
