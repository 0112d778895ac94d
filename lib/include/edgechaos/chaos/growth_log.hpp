/// \file
/// The accumulated log-growth of tangent vectors, as exponents with batch-means errors.
/// Shared by the largest exponent (T = double) and the spectrum (T = Eigen::ArrayXd, one
/// entry per exponent). Successive growth factors are correlated, so the standard error
/// comes from the spread of the rates of `batch` consecutive renormalisations, not from
/// the per-interval spread (which would be too small).
#pragma once

#include <cstdint>

namespace edgechaos::detail {

template <class T>
class GrowthLog {
 public:
  // Forgets the statistics; the time since the last renormalisation stays, since the
  // growth measured at the next one covers it. zero: a T of the right shape filled with 0.
  void reset(const T& zero) {
    zero_ = log_sum_ = batch_log_ = batch_mean_ = batch_m2_ = zero;
    time_ = batch_time_ = 0.0;
    batch_count_ = 0;
    renorms_ = batches_ = 0;
  }
  void advance_time(double dt) { pending_time_ += dt; }
  void restart_interval() { pending_time_ = 0.0; }

  // One renormalisation with log growth `growth` over the time since the last one.
  void add(const T& growth, std::uint32_t batch) {
    log_sum_ += growth;
    time_ += pending_time_;
    batch_log_ += growth;
    batch_time_ += pending_time_;
    pending_time_ = 0.0;
    ++renorms_;
    if (++batch_count_ >= batch) {
      const T rate = batch_log_ / batch_time_;
      ++batches_;
      const T d = rate - batch_mean_;
      batch_mean_ += d / static_cast<double>(batches_);
      batch_m2_ += d * (rate - batch_mean_);
      batch_log_ = zero_;
      batch_time_ = 0.0;
      batch_count_ = 0;
    }
  }

  const T& log_sum() const { return log_sum_; }
  const T& batch_m2() const { return batch_m2_; }
  double time() const { return time_; }
  std::uint64_t renormalisations() const { return renorms_; }
  std::uint64_t batches() const { return batches_; }

 private:
  T zero_{}, log_sum_{}, batch_log_{}, batch_mean_{}, batch_m2_{};
  double time_ = 0.0, batch_time_ = 0.0, pending_time_ = 0.0;
  std::uint32_t batch_count_ = 0;
  std::uint64_t renorms_ = 0, batches_ = 0;
};

}  // namespace edgechaos::detail
