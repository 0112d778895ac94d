/// \file
/// The memory-capacity task (Jaeger 2001; shared/RESERVOIR.md section 4): an iid input
/// u(t) ~ U[-0.5, 0.5) from a seed, and the delayed targets u(t - k), k = 1..KMax, from a
/// fixed ring of the last KMax + 1 inputs. A separate readout per delay (or one K-output
/// readout, StreamingRidge<F, KMax>) is trained on them; MC = sum_k r^2 over the test
/// block (tasks/metrics.hpp, MemoryCapacity). Report the input scaling, KMax (2N in the
/// protocol) and the series lengths with every MC: it depends on all three.
#pragma once

#include <cstdint>

#include "edgechaos/core/random.hpp"
#include "edgechaos/core/status.hpp"

namespace edgechaos {

/// The memory-capacity task: seeded iid inputs and their delayed copies up to \p KMax
/// steps back, in \p Real (see the file comment).
template <int KMax, class Real = float>
class MemoryTask {
  static_assert(KMax >= 1, "MemoryTask: KMax (the longest delay) must be at least 1");

 public:
  static constexpr int kMaxDelay = KMax;  ///< the longest delay KMax

  /// A fresh stream from \p seed (reset()).
  explicit MemoryTask(std::uint64_t seed = 0) { reset(seed); }

  /// Restarts the input stream from \p seed and forgets every drawn input.
  void reset(std::uint64_t seed) {
    rng_.reseed(seed);
    for (Real& v : ring_) v = Real(0);
    head_ = 0;
    count_ = 0;
  }

  /// Draws u(t) (the next input; t advances by one) and keeps it for the delayed targets.
  Real next() {
    const Real u = static_cast<Real>(rng_.next_uniform()) - Real(0.5);  // 24 bits: exact
    ring_[head_] = u;
    head_ = head_ + 1 == kRing ? 0 : head_ + 1;
    ++count_;
    return u;
  }

  /// Inputs drawn so far.
  long count() const { return count_; }
  /// Every target u(t - k), k = 1..KMax, is a drawn input (not the zero before the start):
  /// score and train only from here on.
  bool ready() const { return count_ > KMax; }

  /// u(t - k), k = 0..KMax (t: the last input drawn). invalid_argument for k outside that
  /// range, insufficient_data if u(t - k) precedes the first input; out unchanged then.
  Status delayed(int k, Real& out) const {
    if (k < 0 || k > KMax) return Status::invalid_argument;
    if (static_cast<long>(k) >= count_) return Status::insufficient_data;
    out = ring_[slot(k)];
    return Status::ok;
  }
  /// All KMax targets: out[k - 1] = u(t - k). invalid_argument for a null out,
  /// insufficient_data until ready(); out unchanged then.
  Status targets(Real* out) const {
    if (out == nullptr) return Status::invalid_argument;
    if (!ready()) return Status::insufficient_data;
    for (int k = 1; k <= KMax; ++k) out[k - 1] = ring_[slot(k)];
    return Status::ok;
  }

 private:
  static constexpr int kRing = KMax + 1;
  int slot(int k) const {  // head_ - 1 is t
    const int s = head_ - 1 - k;
    return s < 0 ? s + kRing : s;
  }

  Xoshiro128pp rng_;
  Real ring_[kRing];
  int head_ = 0;
  long count_ = 0;
};

}  // namespace edgechaos
