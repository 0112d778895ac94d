/// \file
/// Streaming mean, variance (Welford), minimum and maximum of K series sampled together.
/// One division per sample is shared by all K channels, and the channel arithmetic is a
/// short fixed-size array expression: the per-step cost is a handful of instructions.
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

  /// Adds one sample of all K channels (Welford's update).
  void add(const Values& value) {
    ++count_;
    const Real inv = Real(1) / static_cast<Real>(count_);
    const Values delta = value - mean_;
    mean_ += delta * inv;
    m2_ += delta * (value - mean_);
    min_ = min_.min(value);
    max_ = max_.max(value);
  }
  /// Forgets every sample.
  void reset() { *this = RunningStats(); }

  /// Samples added since construction or reset().
  std::uint64_t count() const { return count_; }
  /// Mean per channel (0 before the first sample).
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
  Values m2_ = Values::Zero();
  Values min_ = Values::Constant(std::numeric_limits<Real>::infinity());
  Values max_ = Values::Constant(-std::numeric_limits<Real>::infinity());
};

}  // namespace edgechaos
