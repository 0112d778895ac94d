/// \file
/// Which regime is a network in? Combines the energy monitor (E/N = 1/2 |dx/dt|^2 / N,
/// divergence, rest) with the largest Lyapunov exponent and its standard error:
/// <pre>
///   divergent     the monitor saw non-finite or runaway activity;
///   fixed_point   at rest (E/N below the monitor's threshold for its window, or the last
///                 E/N below it), or lambda clearly negative (trajectories contract);
///   chaotic       lambda clearly positive;
///   periodic      moving, and lambda resolved as 0 (a limit cycle or a torus has
///                 lambda_max = 0 along the flow): |lambda| within the margin and
///                 sigmas * standard error <= 2 lambda_zero; periodic or quasi-periodic;
///   undetermined  moving but no exponent given, or the exponent is not resolved enough
///                 to tell 0 from positive (run longer).
/// </pre>
/// "Clearly" means beyond the margin max(lambda_zero, sigmas * standard error).
#pragma once

#include <cmath>

namespace edgechaos {

/// A network's regime (see the top of this file for each verdict's rule).
enum class Regime {
  fixed_point,  ///< at rest, or lambda clearly negative
  periodic,     ///< moving with lambda resolved as 0 (limit cycle or torus)
  chaotic,      ///< lambda clearly positive
  divergent,    ///< non-finite or runaway activity
  undetermined  ///< moving, but no exponent or one not resolved enough
};

/// The enumerator's name as written in the code ("fixed_point", "chaotic", ...).
constexpr const char* to_string(Regime r) {
  switch (r) {
    case Regime::fixed_point: return "fixed_point";
    case Regime::periodic: return "periodic";
    case Regime::chaotic: return "chaotic";
    case Regime::divergent: return "divergent";
    case Regime::undetermined: return "undetermined";
  }
  return "undetermined";
}

/// The margins that decide whether an exponent counts as zero.
struct RegimeThresholds {
  double lambda_zero = 0.02;  ///< |lambda| below this is "zero" (units 1/time)
  double sigmas = 3.0;        ///< ... or below this many standard errors
};

/// The verdict and the evidence it rests on.
struct RegimeEvidence {
  Regime regime = Regime::undetermined;  ///< the verdict
  double energy_mean = 0.0;  ///< <E/N> over the monitored steps
  double energy_last = 0.0;  ///< E/N at the last step
  double lambda = 0.0;       ///< largest Lyapunov exponent (NaN when not measured)
  double lambda_stderr = 0.0;  ///< its standard error (as given)
  bool at_rest = false;        ///< the monitor saw a fixed point, or the last E/N is below its threshold
  bool diverged = false;       ///< the monitor saw divergence
};

/// The regime from an EnergyMonitor (\p monitor) and the largest exponent \p lambda with
/// its standard error \p stderr_ (from Lyapunov; NaN lambda = not measured).
template <class Monitor>
RegimeEvidence classify(const Monitor& monitor, double lambda, double stderr_, const RegimeThresholds& t = {}) {
  RegimeEvidence e;
  e.energy_mean = static_cast<double>(monitor.energy_mean());
  e.energy_last = static_cast<double>(monitor.last_energy());
  e.lambda = lambda;
  e.lambda_stderr = stderr_;
  e.diverged = monitor.diverged();
  e.at_rest = monitor.at_fixed_point() || e.energy_last < monitor.config().fixed_point_energy;
  if (e.diverged) {
    e.regime = Regime::divergent;
  } else if (e.at_rest) {
    e.regime = Regime::fixed_point;
  } else if (std::isnan(lambda) || std::isnan(stderr_)) {
    e.regime = Regime::undetermined;
  } else {
    const double margin = std::fmax(t.lambda_zero, t.sigmas * stderr_);
    const bool resolved = t.sigmas * stderr_ <= 2.0 * t.lambda_zero;
    e.regime = lambda > margin    ? Regime::chaotic
               : lambda < -margin ? Regime::fixed_point
               : resolved         ? Regime::periodic
                                  : Regime::undetermined;
  }
  return e;
}

/// The regime without an exponent: only rest and divergence can be told apart from motion.
template <class Monitor>
RegimeEvidence classify(const Monitor& monitor) {
  return classify(monitor, NAN, INFINITY);
}

}  // namespace edgechaos
