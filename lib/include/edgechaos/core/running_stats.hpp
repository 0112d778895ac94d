/// \file
/// Streaming mean, variance, minimum and maximum of K series sampled together, in blocks:
/// a sample costs a handful of operations per channel and no division, and every kBlock
/// samples the block is merged into the running moments (Chan, Golub and LeVeque's pairwise
/// update), compensated so that nothing drifts over long runs. The queries merge a pending
/// block into a copy, so they always cover every sample added.
///
/// Why blocks. The per-sample compensated Welford update (issue 16) carried a chain of about
/// ten dependent operations and a division from one sample to the next, which set the
/// monitor's cost (issue 15: 9 ns a sample alone on the desktop, +26 % on an N = 16 step).
/// Within a block a sample only adds d = x - c and d^2 into two sums (c: the running mean
/// when the block started, the first sample for the first block), a chain of one addition.
///
/// Drift. Plain Welford in float adds an increment (x - mean) / n to the mean; once n passes
/// ~2^24 that increment is below half an ulp of the mean and rounds to 0 or to a whole ulp,
/// and the rounding errors pile up like (n / 2) u |mean| (u = 2^-24; docs/soak.md measures
/// it). Here the mean is kept as an unevaluated sum hi + lo (hi = mean(), lo its rounding
/// remainder, renormalised at every merge by an exact TwoSum) and m2 as a Kahan sum.
/// The bounds (S = max x - min x over the run, B = kBlock):
///   |mean() - exact mean| <= u |mean| + about (B + 7) u S + ((n / B + 1) / 2) u^2 |mean|
/// (a block's own mean carries at most (B + 1) u max|x - c| <= (B + 1) u S of rounding, d and
/// its plain sum of B terms; each merge adds at most 6 u |delta| more, delta = block mean -
/// running mean, |delta| <= S; both enter with the block's weight B / n, so they average
/// rather than accumulate), independent of n while n u << 1: in float at n = 10^8 that is
/// about 1.4 u |mean| + 15 u S against the (n / 2) u |mean| of the plain update. The
/// variance's relative error is about (B + 5) u + (n / B) u^2 while the mean moves by less than
/// the spread within a block (a block's m2 is s2 - s1^2 / B around c, whose cancellation
/// grows with (block mean - c)^2 / variance; the first block is shifted by its first
/// sample, so an offset series is not a problem).
/// The count is 64 bits: no overflow in any lifetime (2^64 steps).
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
  /// Samples per block: the merge (two divisions, about 20 operations a channel) runs once
  /// per kBlock samples.
  static constexpr int kBlock = 8;

  /// Adds one sample of all K channels: into the block's shifted sums, and the block into
  /// the moments when it is full (see the file comment).
  void add(const Values& value) {
    // The block's samples enter as d = x - c, c = hi_ (the running mean); the first block
    // takes its first sample for c (hi_ is not yet a mean: the merge's weight is then 1).
    if (count_ == 0 && pending_ == 0) hi_ = value;
    const Values d = value - hi_;
    s1_ += d;
    s2_ += d * d;
    min_ = min_.min(value);
    max_ = max_.max(value);
    if (++pending_ == kBlock) {
      merge(count_, hi_, lo_, m2_, m2_c_);  // in place: no copy on the stack
      s1_.setZero();
      s2_.setZero();
      pending_ = 0;
    }
  }
  /// Forgets every sample.
  void reset() { *this = RunningStats(); }

  /// Samples added since construction or reset().
  std::uint64_t count() const { return count_ + static_cast<std::uint64_t>(pending_); }
  /// Mean per channel (0 before the first sample): the compensated mean rounded to Real.
  Values mean() const { return merged().hi; }
  /// Sample variance (n - 1 in the denominator); 0 for fewer than two samples.
  Values variance() const {
    const Moments m = merged();
    return m.count > 1 ? Values(m.m2 / static_cast<Real>(m.count - 1)) : Values::Zero();
  }
  /// Minimum per channel (+Inf before the first sample).
  const Values& min() const { return min_; }
  /// Maximum per channel (-Inf before the first sample).
  const Values& max() const { return max_; }

 private:
  // A copy of the merged part, for the queries: count, mean = hi + lo, m2 with Kahan's c.
  struct Moments {
    std::uint64_t count;
    Values hi, lo, m2, m2_c;
  };

  // The moments with the pending block merged in (a copy: the queries leave *this as is).
  Moments merged() const {
    Moments m{count_, hi_, lo_, m2_, m2_c_};
    if (pending_ > 0) merge(m.count, m.hi, m.lo, m.m2, m.m2_c);
    return m;
  }

  // Chan et al.'s pairwise merge of the pending block (pending_ samples, sums s1_, s2_ of
  // d = x - c with c = hi_, which hi holds on entry) into the moments given, compensated
  // as the file comment says. Channel by channel: the temporaries stay in registers (as
  // whole arrays they took 80 B more stack on the M0, where each is spilled).
  void merge(std::uint64_t& count, Values& hi, Values& lo, Values& m2, Values& m2_c) const {
    const Real nb = static_cast<Real>(pending_);
    count += static_cast<std::uint64_t>(pending_);
    const Real w = nb / static_cast<Real>(count);  // the block's weight in the new mean
    const Real inv_nb = Real(1) / nb;
    const Real between = nb * (Real(1) - w);        // n_old nb / n
    for (int k = 0; k < K; ++k) {
      const Real offset = s1_[k] * inv_nb;  // block mean - c
      const Real delta = offset - lo[k];    // block mean - old mean (c = hi)
      // mean += w delta, joined to lo first (both small), then TwoSum(hi, lo + w delta).
      const Real t = lo[k] + delta * w;
      const Real s = hi[k] + t;
      const Real b = s - hi[k];
      lo[k] = (hi[k] - (s - b)) + (t - b);
      hi[k] = s;
      // m2 += the block's own m2 (s2 - s1^2 / nb around its mean) + delta^2 n_old nb / n,
      // summed with Kahan's compensation.
      const Real own = s2_[k] - s1_[k] * offset;
      const Real y = ((own > Real(0) ? own : Real(0)) + delta * delta * between) - m2_c[k];
      const Real sum = m2[k] + y;
      m2_c[k] = (sum - m2[k]) - y;
      m2[k] = sum;
    }
  }

  // The vectors first, then the counts: no padding between them (Eigen aligns the arrays).
  Values hi_ = Values::Zero();    // mean = hi_ + lo_, |lo_| <= ulp(hi_) / 2; also the block's c
  Values lo_ = Values::Zero();
  Values m2_ = Values::Zero();
  Values m2_c_ = Values::Zero();  // Kahan's compensation of m2_
  Values s1_ = Values::Zero();    // sum of x - c over the block
  Values s2_ = Values::Zero();    // sum of (x - c)^2 over the block
  Values min_ = Values::Constant(std::numeric_limits<Real>::infinity());
  Values max_ = Values::Constant(-std::numeric_limits<Real>::infinity());
  std::uint64_t count_ = 0;       // merged samples
  int pending_ = 0;               // samples in the block, < kBlock
};

}  // namespace edgechaos
