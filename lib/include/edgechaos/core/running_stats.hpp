/// \file
/// Streaming mean, variance (Welford), minimum and maximum of K series sampled together.
/// One division per sample is shared by all K channels, and the channel arithmetic is a
/// short fixed-size array expression: the per-step cost is a handful of instructions.
///
/// Drift-free over long runs (issue 16: 10^8 steps in float). Plain Welford in float adds
/// an increment (x - mean) / n to the mean; once n passes ~2^24 that increment is below
/// half an ulp of the mean and rounds to 0 or to a whole ulp, and the rounding errors pile
/// up: their weight at step n is j / n, so the worst case grows like (n / 2) u |mean|
/// (u = 2^-24) and a skewed series (many small negative increments, a few large positive
/// ones) is biased in practice (docs/soak.md measures it). The same holds for the sum of
/// squared deviations m2, which grows like n var: its terms vanish below its ulp.
/// So the mean is kept as an unevaluated sum hi + lo (hi = mean(), lo its rounding
/// remainder, renormalised every sample by an exact TwoSum) and m2 as a Kahan sum.
/// The bounds (u = unit roundoff of Real, R = max |x - mean| over the run):
///   |mean() - exact mean| <= u |mean| + 6 u R + ((n + 1) / 2) u^2 |mean|
/// (sample j adds at most 6 u |x - mean| / j of rounding: x - hi, - lo, 1 / n twice, the
/// product, lo + inc; Welford contracts it by j / n by step n; lo + inc adds u^2 |mean|),
/// independent of n while n u << 1: in float at n = 10^8 that is about 4 u |mean| + 6 u R, against the
/// (n / 2) u |mean| of the plain update; and the variance's relative error is at most
/// about 5 u + n u^2 (Kahan: 2 u |S| + O(n u^2) sum |t|; the terms are non-negative).
/// The count is 64 bits: no overflow in any lifetime (2^64 steps).
/// Cost: 10 more additions per channel and sample than plain Welford, no branch.
#pragma once

#include <cstdint>
#include <limits>

#include <Eigen/Core>

namespace edgechaos {

/// Streaming mean, sample variance, minimum and maximum of \p K channels in \p Real.
template <int K, typename Real = float>
class RunningStats {
 public:
  /// One sample of the K channels (also the type of every statistic).
  using Values = Eigen::Array<Real, K, 1>;

  /// Adds one sample of all K channels (Welford's update, compensated: see the file comment).
  void add(const Values& value) {
    ++count_;
    const Real inv = Real(1) / static_cast<Real>(count_);
    // delta against the compensated mean hi + lo; the increment joins lo first (both are
    // small), then TwoSum(hi, lo + inc) splits the new mean exactly into hi' + lo'.
    const Values delta = (value - mean_) - mean_lo_;
    const Values t = mean_lo_ + delta * inv;
    const Values s = mean_ + t;
    const Values b = s - mean_;
    mean_lo_ = (mean_ - (s - b)) + (t - b);
    mean_ = s;
    // m2 += delta (x - new mean), summed with Kahan's compensation.
    const Values y = delta * ((value - mean_) - mean_lo_) - m2_c_;
    const Values m2 = m2_ + y;
    m2_c_ = (m2 - m2_) - y;
    m2_ = m2;
    min_ = min_.min(value);
    max_ = max_.max(value);
  }
  /// Forgets every sample.
  void reset() { *this = RunningStats(); }

  /// Samples added since construction or reset().
  std::uint64_t count() const { return count_; }
  /// Mean per channel (0 before the first sample): the compensated mean rounded to Real.
  const Values& mean() const { return mean_; }
  /// Sample variance (n - 1 in the denominator); 0 for fewer than two samples.
  Values variance() const { return count_ > 1 ? Values(m2_ / static_cast<Real>(count_ - 1)) : Values::Zero(); }
  /// Minimum per channel (+Inf before the first sample).
  const Values& min() const { return min_; }
  /// Maximum per channel (-Inf before the first sample).
  const Values& max() const { return max_; }

 private:
  std::uint64_t count_ = 0;
  Values mean_ = Values::Zero();
  Values mean_lo_ = Values::Zero();  // mean = mean_ + mean_lo_, |mean_lo_| <= ulp(mean_) / 2
  Values m2_ = Values::Zero();
  Values m2_c_ = Values::Zero();     // Kahan's compensation of m2_
  Values min_ = Values::Constant(std::numeric_limits<Real>::infinity());
  Values max_ = Values::Constant(-std::numeric_limits<Real>::infinity());
};

}  // namespace edgechaos
