/// \file
/// Per-unit statistics of the balanced binary network (an observer of AsyncUpdate):
///  - each unit's time-averaged rate, as the fraction of its updates that left it active.
///    Updates come at Poisson times independent of the state, so that fraction estimates
///    the fraction of time the unit is active; the histogram across units is the
///    distribution of rates (wide in the balanced state: the quenched input varies);
///  - irregularity: the coefficient of variation of the intervals between a unit's 0 -> 1
///    transitions, counted in micro-steps (a fixed dt each, so the CV is that of time),
///    per unit with a Welford mean and variance; cv_mean averages it over the units with
///    at least three intervals. Poisson-like firing gives CV near 1, clock-like near 0.
/// O(1) work per micro-step; 24 bytes per unit, in the caller's array of UnitRecord
/// (static on the device, a vector on the desktop).
#pragma once

#include <cmath>
#include <cstdint>

#include "edgechaos/core/config.hpp"
#include "edgechaos/core/status.hpp"
#include "edgechaos/steppers/async_update.hpp"

namespace edgechaos {

/// One unit's record in UnitActivityMonitor: 24 bytes on every core (static_assert below).
struct UnitRecord {
  std::uint32_t updates = 0;     ///< updates seen
  std::uint32_t active = 0;      ///< of which left the unit active
  std::uint32_t last_onset = 0;  ///< micro-step of the last 0 -> 1 transition, mod 2^32 (valid if onsets > 0)
  std::uint32_t onsets = 0;      ///< 0 -> 1 transitions seen
  float interval_mean = 0;       ///< Welford mean over the onsets - 1 intervals (micro-steps)
  float interval_m2 = 0;         ///< Welford sum of squared deviations of those intervals
};

static_assert(sizeof(UnitRecord) == 24, "UnitRecord: 24 bytes per unit");

/// Per-unit rates and irregularity of the balanced network, an observer of AsyncUpdate,
/// in the caller's array of UnitRecord (see the top of this file).
class UnitActivityMonitor {
 public:
  /// Attaches the caller's records, one per unit (all reset). Status::invalid_argument for
  /// a null array or \p units < 1 (then nothing changes).
  Status attach(UnitRecord* records, Index units) {
    if (records == nullptr || units < 1) return Status::invalid_argument;
    r_ = records;
    n_ = units;
    reset();
    return Status::ok;
  }
  /// Clears every attached record.
  void reset() {
    for (Index j = 0; j < n_; ++j) r_[j] = UnitRecord{};
  }

  /// The observer call. Ignores units beyond the attached count (a monitor attached to
  /// fewer units than the network watches the first ones).
  void operator()(const UnitUpdate& u) {
    if (u.unit >= n_) return;
    UnitRecord& r = r_[u.unit];
    ++r.updates;
    r.active += u.after ? 1u : 0u;
    if (u.after && !u.before) {
      if (r.onsets > 0) {
        // modular difference: exact for intervals below 2^32 micro-steps (5 * 10^5 tau at N = 8000)
        const float x = static_cast<float>(static_cast<std::uint32_t>(u.micro_step) - r.last_onset);
        const std::uint32_t n = r.onsets;  // intervals after this one
        const float delta = x - r.interval_mean;
        r.interval_mean += delta / static_cast<float>(n);
        const float delta2 = x - r.interval_mean;
        r.interval_m2 += delta * delta2;
      }
      ++r.onsets;
      r.last_onset = static_cast<std::uint32_t>(u.micro_step);
    }
  }

  /// Units attached (0 before attach()).
  Index units() const { return n_; }
  /// Unit \p j's record (j < units(), not checked).
  const UnitRecord& record(Index j) const { return r_[j]; }
  /// Fraction of unit \p j's updates that left it active (0 if never updated).
  float rate(Index j) const {
    return r_[j].updates ? static_cast<float>(r_[j].active) / static_cast<float>(r_[j].updates) : 0.0f;
  }
  /// CV of unit \p j's inter-onset intervals; negative when it has fewer than 3 intervals.
  float cv(Index j) const {
    const UnitRecord& r = r_[j];
    if (r.onsets < 4 || !(r.interval_mean > 0)) return -1.0f;
    const float var = r.interval_m2 / static_cast<float>(r.onsets - 2);
    return std::sqrt(var) / r.interval_mean;
  }
  /// Mean CV over units [\p first, \p last) with at least 3 intervals; \p counted (if not
  /// null) gets their number. 0 when there is none.
  double cv_mean(Index first, Index last, Index* counted = nullptr) const {
    double sum = 0;
    Index n = 0;
    for (Index j = first; j < last && j < n_; ++j) {
      const float c = cv(j);
      if (c >= 0) sum += static_cast<double>(c), ++n;
    }
    if (counted) *counted = n;
    return n ? sum / static_cast<double>(n) : 0.0;
  }
  /// Histogram of the rates of units [\p first, \p last) that were updated at least once,
  /// into \p counts over \p bins equal bins of [0, 1] (rate 1 in the last bin). Returns the
  /// units counted (0, nothing written, for a null \p counts or \p bins < 1).
  Index rate_histogram(Index first, Index last, std::uint32_t* counts, int bins) const {
    if (counts == nullptr || bins < 1) return 0;
    for (int b = 0; b < bins; ++b) counts[b] = 0;
    Index n = 0;
    for (Index j = first; j < last && j < n_; ++j) {
      if (r_[j].updates == 0) continue;
      // bin = floor(active * bins / updates) on integers, rate 1 into the last bin
      std::uint64_t b = static_cast<std::uint64_t>(r_[j].active) * static_cast<std::uint64_t>(bins) / r_[j].updates;
      if (b >= static_cast<std::uint64_t>(bins)) b = static_cast<std::uint64_t>(bins - 1);
      ++counts[b];
      ++n;
    }
    return n;
  }

 private:
  UnitRecord* r_ = nullptr;
  Index n_ = 0;
};

}  // namespace edgechaos
