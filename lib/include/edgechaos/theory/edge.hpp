/// \file
/// The transition line and the null-phase susceptibility (PHYSICS.md section 3).
/// Elliptic law: the eigenvalues of J fill an ellipse with real semi-axis g(1+gamma), so
/// the null fixed point x = 0 (Jacobian -I + J) is stable while g(1+gamma) < 1, with
/// \code{.unparsed}
///   lambda_max = -1 + g(1 + gamma)          (large N; gamma > -1),
/// \endcode
/// and the static susceptibility (1/N) tr[(I-J)^-1 (I-J)^-T] tends to
/// \code{.unparsed}
///   Q(g, gamma) = 1 / ((1 - g^2 gamma chi0)^2 - g^2),  chi0 = (1 - sqrt(1 - 4 g^2 gamma)) / (2 g^2 gamma),
/// \endcode
/// which diverges exactly on g(1+gamma) = 1. Desktop theory: double.
#pragma once

#include "edgechaos/host/host_only.hpp"  // desktop-only: stops a Cortex-M build here

#include <cmath>
#include <limits>

namespace edgechaos::theory {

/// The critical gain g_c(gamma) = 1 / (1 + gamma); infinite at gamma = -1.
inline double critical_gain(double gamma) {
  return gamma > -1.0 ? 1.0 / (1.0 + gamma) : std::numeric_limits<double>::infinity();
}

/// Largest Lyapunov exponent of the null fixed point in the null phase (large N):
/// -1 + g(1 + gamma).
inline double null_phase_exponent(double g, double gamma) { return -1.0 + g * (1.0 + gamma); }

/// chi0(g, gamma): the response of the trivial branch; 1 at gamma = 0 (series used near 0).
inline double null_chi0(double g, double gamma) {
  const double a = g * g * gamma;
  if (std::fabs(a) < 1e-6) return 1.0 + a + 2.0 * a * a;  // Catalan series 1 + a + 2a^2 + ...
  return (1.0 - std::sqrt(1.0 - 4.0 * a)) / (2.0 * a);
}

/// Q(g, gamma), the static susceptibility of the file comment; +inf on and beyond the
/// line g(1+gamma) = 1.

inline double null_susceptibility(double g, double gamma) {
  if (g * (1.0 + gamma) >= 1.0) return std::numeric_limits<double>::infinity();
  const double w = 1.0 - g * g * gamma * null_chi0(g, gamma);
  return 1.0 / (w * w - g * g);
}

}  // namespace edgechaos::theory
