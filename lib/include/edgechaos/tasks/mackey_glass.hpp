/// \file
/// The Mackey–Glass series, tau = 17 (shared/RESERVOIR.md section 4), generated on the
/// device from a seed:
///   dx/dt = 0.2 x(t - tau) / (1 + x(t - tau)^10) - 0.1 x(t),
/// classical RK4 with step h = 1 / kStepsPerUnit (0.1 by default), the delayed term read
/// from the stored history at every stage: at the stage times t and t + h it is a grid
/// value, at t + h/2 the linear interpolation of its two neighbours. (Freezing the delayed
/// term over a step, or over a whole sample, is a different and less accurate series.)
/// History: x = 1.2 + U[-0.1, 0.1] (seeded) at each grid point of [-tau, 0), x(0) = 1.2.
/// Samples every 1 time unit; the first `discard` time units (1000 by default) are run in
/// reset() and dropped, so the first sample handed out is x(discard).
///
/// Memory: a ring of tau * kStepsPerUnit + 1 grid values (171 at h = 0.1), the only state.
/// The right-hand side is bounded for x > 0 (0.2 x / (1 + x^10) <= 0.16), so a positive
/// history stays in (0, 1.6]: a non-finite value can only come from a bad history, and
/// is reported (non_finite_result) with the state kept.
#pragma once

#include <cstdint>

#include "edgechaos/core/checks.hpp"
#include "edgechaos/core/random.hpp"
#include "edgechaos/core/status.hpp"

namespace edgechaos {

/// The Mackey-Glass generator, tau = 17, in \p Real with \p kStepsPerUnit RK4 steps per
/// time unit (see the file comment). One sample per time unit from next().
template <class Real = double, int kStepsPerUnit = 10>
class MackeyGlass {
  static_assert(kStepsPerUnit >= 1, "MackeyGlass: kStepsPerUnit must be at least 1");

 public:
  static constexpr int kTau = 17;  ///< the delay tau, in time units
  static constexpr int kDelaySteps = kTau * kStepsPerUnit;  ///< grid steps in one delay
  static constexpr int kRing = kDelaySteps + 1;            ///< x(t - tau) .. x(t)
  static constexpr Real kStep = Real(1) / Real(kStepsPerUnit);  ///< the RK4 step h
  static constexpr long kDefaultDiscard = 1000;                 ///< time units dropped by default

  /// reset(seed, discard). A constructor cannot report: with a negative \p discard the
  /// history is never written, so construct with a valid one or call reset() and check it.
  explicit MackeyGlass(std::uint64_t seed = 0, long discard = kDefaultDiscard) {
    static_cast<void>(reset(seed, discard));
  }

  /// The seeded history of RESERVOIR.md, then `discard` time units run and dropped.
  /// invalid_argument for a negative discard (nothing changes then).
  Status reset(std::uint64_t seed, long discard = kDefaultDiscard) {
    if (discard < 0) return Status::invalid_argument;
    Xoshiro128pp rng(seed);
    for (int j = 0; j < kDelaySteps; ++j) {
      ring_[j] = Real(1.2) + (Real(0.2) * static_cast<Real>(rng.next_uniform()) - Real(0.1));
    }
    ring_[kDelaySteps] = Real(1.2);
    return start(discard);
  }

  /// Any history: history(s) for s = -tau + j h, j = 0..kDelaySteps (the last is x(0)),
  /// then `discard` time units dropped. For convergence checks with a smooth history, which
  /// every step size samples alike. non_finite_input for a non-finite or non-positive
  /// history value, invalid_argument for a negative discard (the generator is then left at
  /// its previous state).
  template <class History>
  Status reset_history(const History& history, long discard = 0) {
    if (discard < 0) return Status::invalid_argument;
    Real values[kRing];
    for (int j = 0; j <= kDelaySteps; ++j) {
      values[j] = static_cast<Real>(history(-Real(kTau) + static_cast<Real>(j) * kStep));
      if (!is_finite(values[j]) || !(values[j] > Real(0))) return Status::non_finite_input;
    }
    for (int j = 0; j < kRing; ++j) ring_[j] = values[j];
    return start(discard);
  }

  /// The next sample: x at the current time, then one time unit forward. The first call
  /// after reset returns x(discard). non_finite_result if a step would leave a
  /// non-finite value (not reachable from a positive history); the state is kept then.
  /// A step writes only ring_[head_] (the oldest value) and advances head_, so undoing a
  /// failed sample needs the kStepsPerUnit values it overwrote, not a copy of the ring.
  Status next(Real& x) {
    Real overwritten[kStepsPerUnit];
    const int saved_head = head_;
    const Real current = now();
    for (int s = 0; s < kStepsPerUnit; ++s) {
      overwritten[s] = ring_[head_];
      if (!step()) {
        head_ = saved_head;
        for (int r = 0; r < s; ++r) {
          const int j = saved_head + r;
          ring_[j < kRing ? j : j - kRing] = overwritten[r];
        }
        return Status::non_finite_result;
      }
    }
    ++time_;
    x = current;
    return Status::ok;
  }

  /// The current time in whole units (the time of the sample next() returns).
  long time() const { return time_; }
  /// x at the current grid point.
  Real now() const { return ring_[slot(0)]; }

 private:
  static Real delayed_rhs(Real xd) {
    Real p = xd * xd;  // xd^10 = ((xd^2)^2)^2 * xd^2
    const Real p2 = p;
    p = p * p;
    p = p * p;
    p = p * p2;
    return Real(0.2) * xd / (Real(1) + p);
  }
  // One RK4 step from the current grid point; false (nothing changed) if not finite.
  bool step() {
    const Real h = kStep;
    const Real x = ring_[slot(0)];
    const Real d0 = ring_[slot(kDelaySteps)];      // x(t - tau)
    const Real d1 = ring_[slot(kDelaySteps - 1)];  // x(t + h - tau)
    const Real g0 = delayed_rhs(d0);
    const Real gh = delayed_rhs(Real(0.5) * (d0 + d1));  // x(t + h/2 - tau), interpolated
    const Real g1 = delayed_rhs(d1);
    const Real k1 = g0 - Real(0.1) * x;
    const Real k2 = gh - Real(0.1) * (x + Real(0.5) * h * k1);
    const Real k3 = gh - Real(0.1) * (x + Real(0.5) * h * k2);
    const Real k4 = g1 - Real(0.1) * (x + h * k3);
    const Real x_next = x + h / Real(6) * (k1 + Real(2) * k2 + Real(2) * k3 + k4);
    if (!is_finite(x_next)) return false;
    // The new value overwrites x(t - tau), which no later step reads.
    ring_[slot(kDelaySteps)] = x_next;
    head_ = head_ + 1 == kRing ? 0 : head_ + 1;
    return true;
  }
  Status start(long discard) {
    head_ = 0;  // ring_[kDelaySteps] is the current point: slot(0) = head_ - 1 wrapped
    time_ = 0;
    for (long t = 0; t < discard; ++t) {
      for (int s = 0; s < kStepsPerUnit; ++s) {
        if (!step()) return Status::non_finite_result;
      }
      ++time_;
    }
    return Status::ok;
  }
  // The grid value `back` steps before the current one.
  int slot(int back) const {
    const int s = head_ - 1 - back;
    return s < 0 ? s + kRing : s;
  }

  Real ring_[kRing];
  int head_ = 0;
  long time_ = 0;
};

}  // namespace edgechaos
