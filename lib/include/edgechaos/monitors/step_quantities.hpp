/// \file
/// The per-step quantities of PHYSICS.md section 5, from the sums a step hands its observer
/// (StepSums: |x|^2, |phi(x)|^2, |v|^2 at the start of the step, and N):
/// <pre>
///   E/N      = |v|^2 / (2N)   (E = 1/2 |dx/dt|^2, the quasi-potential along the trajectory)
///   speed    = |v|
///   activity = |x|^2 / N
///   phi2     = |phi(x)|^2 / N
/// </pre>
/// The one place these formulas live: EnergyMonitor's statistics and the CLI's trace both
/// come from here. Real is the precision they are computed in (float on a device).
#pragma once

#include <cmath>

#include "edgechaos/steppers/step_view.hpp"

namespace edgechaos {

/// The per-step quantities of one step (see the top of this file).
template <class Real = double>
struct StepQuantities {
  Real energy_per_neuron = 0;  ///< E/N
  Real speed = 0;              ///< |v|
  Real activity = 0;           ///< |x|^2 / N
  Real phi2 = 0;               ///< |phi(x)|^2 / N
};

/// The per-step quantities from a step's sums, computed in \p Real (s.n must be positive,
/// as every step's is).
template <class Real = double>
StepQuantities<Real> step_quantities(const StepSums& s) {
  const Real inv_n = Real(1) / static_cast<Real>(s.n);
  const Real v2 = static_cast<Real>(s.v2);
  StepQuantities<Real> q;
  q.energy_per_neuron = Real(0.5) * v2 * inv_n;
  q.speed = std::sqrt(v2);
  q.activity = static_cast<Real>(s.x2) * inv_n;
  q.phi2 = static_cast<Real>(s.phi2) * inv_n;
  return q;
}

}  // namespace edgechaos
