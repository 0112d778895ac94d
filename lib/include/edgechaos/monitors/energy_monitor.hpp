/// \file
/// Streaming energy/speed monitor (PHYSICS.md section 5).
///
/// An observer for the steppers: it receives the sums a step already accumulated at its
/// start (|x|^2, |phi(x)|^2, |v|^2) and keeps, per step,
/// <pre>
///   E/N = |v|^2 / (2N)   (E = 1/2 |dx/dt|^2, the quasi-potential along the trajectory),
///   speed |v|, activity |x|^2 / N and |phi(x)|^2 / N   (monitors/step_quantities.hpp),
/// </pre>
/// with mean/variance and min/max (core/running_stats.hpp: merged in blocks of 8 steps,
/// compensated, no drift over 10^8 float steps; a step that completes a block also pays
/// the merge, the costliest step). It flags a fixed point (E/N below a threshold
/// for a window of consecutive steps) and divergence (non-finite sums, or activity above
/// a bound). No matrix-vector product, no history buffer.
#pragma once

#include <cmath>
#include <cstdint>

#include "edgechaos/core/checks.hpp"
#include "edgechaos/core/config.hpp"
#include "edgechaos/core/running_stats.hpp"
#include "edgechaos/core/status.hpp"
#include "edgechaos/monitors/step_quantities.hpp"
#include "edgechaos/steppers/step_view.hpp"

namespace edgechaos {

/// The energy monitor's thresholds.
struct MonitorConfig {
  double fixed_point_energy = 1e-10;   ///< E/N below this counts as "at rest"
  std::uint32_t fixed_point_window = 100;  ///< ... for this many consecutive steps
  double divergence_activity = 1e6;    ///< |x|^2 / N above this counts as divergence
};

/// Status::invalid_argument for a negative (or NaN) rest threshold, a divergence threshold
/// that is not positive, or a zero window.
/// +Inf is allowed for both thresholds: "always at rest" / "never diverged" switch a flag off.
inline Status validate(const MonitorConfig& c) {
  return require(c.fixed_point_energy >= 0.0 && c.divergence_activity > 0.0 && c.fixed_point_window > 0u);
}

/// The energy/speed monitor, an observer of the steppers (see the top of this file);
/// statistics are kept in \p Real.
template <typename Real = float>
class EnergyMonitor {
 public:
  /// The channels of stats() and last().
  enum Channel {
    kEnergy = 0,    ///< E/N = |v|^2 / (2N)
    kSpeed = 1,     ///< |v|
    kActivity = 2,  ///< |x|^2 / N
    kPhi2 = 3       ///< |phi(x)|^2 / N
  };
  /// The running statistics of the four channels.
  using Stats = RunningStats<4, Real>;

  /// The default MonitorConfig.
  EnergyMonitor() = default;

  /// Takes a config validate() accepts; on an error nothing changes. The statistics are
  /// kept (call reset() to start over).
  Status configure(const MonitorConfig& c) {
    const Status s = validate(c);
    if (s != Status::ok) return s;
    config_ = c;
    fp_threshold_ = static_cast<Real>(c.fixed_point_energy);
    div_threshold_ = static_cast<Real>(c.divergence_activity);
    return Status::ok;
  }

  /// The observer call: the sums are all it reads, so it asks for no view.
  static constexpr bool kWantsView = false;
  /// Takes one step's sums: updates the statistics, or flags divergence for a non-finite
  /// sample or activity above the bound (the statistics then keep the finite part).
  void operator()(const StepSums& s) {
    const StepQuantities<Real> q = step_quantities<Real>(s);
    typename Stats::Values sample;
    sample << q.energy_per_neuron, q.speed, q.activity, q.phi2;
    last_ = sample;
    if (!sample.allFinite() || sample[kActivity] > div_threshold_) {
      diverged_ = true;
      return;  // keep the statistics of the finite part of the run
    }
    stats_.add(sample);
    // Counted without a branch: a step costs the same instructions at rest and in motion.
    // 64 bits: a run at rest for 2^32 steps (an hour at 1 MHz) wrapped a 32-bit count to 0
    // and cleared at_fixed_point(); 2^64 steps are 584 years at 1 GHz.
    rest_steps_ = (rest_steps_ + 1u) * static_cast<std::uint64_t>(sample[kEnergy] < fp_threshold_);
  }

  /// Call when a step failed with non_finite_result: the trajectory left the floats.
  void note_failed_step() { diverged_ = true; }

  /// Forgets the statistics and the flags; the config stays.
  void reset() {
    stats_.reset();
    rest_steps_ = 0;
    diverged_ = false;
    last_.setZero();
  }

  /// All four channels' statistics (indexed by Channel).
  const Stats& stats() const { return stats_; }
  /// Steps in the statistics (a diverged step is not counted).
  std::uint64_t steps() const { return stats_.count(); }
  /// Mean E/N (energy per neuron).
  Real energy_mean() const { return stats_.mean()[kEnergy]; }  // per neuron
  /// Smallest E/N seen.
  Real energy_min() const { return stats_.min()[kEnergy]; }
  /// Largest E/N seen.
  Real energy_max() const { return stats_.max()[kEnergy]; }
  /// Sample variance of E/N.
  Real energy_variance() const { return stats_.variance()[kEnergy]; }
  /// Mean speed |v|.
  Real speed_mean() const { return stats_.mean()[kSpeed]; }
  /// Mean activity |x|^2 / N.
  Real activity_mean() const { return stats_.mean()[kActivity]; }
  /// Mean |phi(x)|^2 / N.
  Real phi2_mean() const { return stats_.mean()[kPhi2]; }
  /// E/N at the last observed step (also a diverged one).
  Real last_energy() const { return last_[kEnergy]; }
  /// All four channels at the last observed step.
  const typename Stats::Values& last() const { return last_; }

  /// True while E/N has stayed below the threshold for the whole window up to now.
  bool at_fixed_point() const { return rest_steps_ >= config_.fixed_point_window; }
  /// True once a non-finite sample, activity above the bound or note_failed_step() was seen.
  bool diverged() const { return diverged_; }
  /// The config in use.
  const MonitorConfig& config() const { return config_; }

 private:
  MonitorConfig config_{};
  Real fp_threshold_ = static_cast<Real>(MonitorConfig{}.fixed_point_energy);
  Real div_threshold_ = static_cast<Real>(MonitorConfig{}.divergence_activity);
  Stats stats_{};
  typename Stats::Values last_ = Stats::Values::Zero();
  std::uint64_t rest_steps_ = 0;  // consecutive steps at rest (see operator())
  bool diverged_ = false;
};

}  // namespace edgechaos
