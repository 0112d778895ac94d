/// \file
/// Static cavity solution for typical fixed points x = J phi(x) (PHYSICS.md section 6),
/// any symmetry gamma. The equations:
/// \code{.unparsed}
///   x = h + w phi(x),  h ~ N(0, g^2 C),  w = g^2 gamma chi,
///   C = <phi(x)^2>,    chi = < phi'(x) / (1 - w phi'(x)) >,
/// \endcode
/// also <x^2> and A = < phi'^2 / (1 - w phi')^2 > (the zero-temperature fluctuation
/// susceptibility of section 6 is A / (1 - g^2 A) where g^2 A < 1). The self-response
/// w phi(x) is the Onsager reaction of the cavity field: it exists only when J_ij and J_ji
/// are correlated. chi is the mean local response (1/N) tr[Phi' (I - J Phi')^-1] of phi(x)
/// to a bias, which a finite network also has. The trivial branch C = 0, chi = chi0(g, gamma)
/// loses stability on g(1+gamma) = 1. This is also the zero-temperature exact-fixed-point
/// branch of the replica theory (theory/replica.hpp): q = C, xi = -chi.
///
/// Quadrature (desktop, double): the Gaussian average over h is taken in the variable x,
/// h(x) = x - w tanh(x), dh/dx = 1 - w phi'(x) > 0 for w < 1:
/// \code{.unparsed}
///   < f > = Int dx (1 - w phi'(x)) N(h(x); 0, g^2 C) f(x),
/// \endcode
/// so chi = Int dx phi'(x) N(h(x)) and A = Int dx N(h(x)) phi'^2 / (1 - w phi'). No root is
/// solved inside the integral and the near-singular Jacobian 1/(1 - w phi') of x(h) at w -> 1
/// cancels: the integrand is smooth, and the trapezoid rule on a uniform x-grid covering
/// |h| <= 9.5 sqrt(g^2 C) (Gaussian tail < 1e-20) converges spectrally. (Gauss-Hermite in h,
/// the previous rule, converged slowly where x(h) bends sharply - w near 1 - and left errors
/// ~1e-3 at gamma = 0.5 in the active phase.) Every solution carries `quadrature_error`:
/// the change of (C, chi, x2, A) when the grid is refined (twice the points per width, a
/// wider window); `norm_error` = |Int weight - 1| is a second check.
#pragma once

#include "edgechaos/host/host_only.hpp"  // desktop-only: stops a Cortex-M build here

#include <algorithm>
#include <cmath>
#include <limits>

#include "edgechaos/theory/edge.hpp"
#include "edgechaos/theory/saddle.hpp"

namespace edgechaos::theory {

/// The quadrature and tolerance of solve_cavity.
struct CavityOptions {
  double points_per_width = 16.0;  ///< x-grid points per Gaussian width sigma / (dh/dx)_max
  double window = 9.5;             ///< |h| <= window * sqrt(g^2 C)
  double tol = 1e-13;              ///< saddle residual
};

/// The cavity order parameters at (g, gamma) and how well they were found.
struct CavitySolution {
  double g = 0.0,    ///< the gain asked for
      gamma = 0.0;   ///< the symmetry asked for
  double C = 0.0;    ///< <phi(x)^2>
  double x2 = 0.0;   ///< <x^2>
  double chi = 0.0;  ///< <phi'/(1 - w phi')>
  double w = 0.0;    ///< g^2 gamma chi
  double A = 0.0;    ///< <phi'^2 / (1 - w phi')^2>
  bool converged = false;  ///< the saddle converged with w < 1, C > 0 and a small quadrature_error
  bool trivial = false;  ///< the C = 0 branch (g (1 + gamma) <= 1), analytic
  int iterations = 0;    ///< saddle iterations (0 on the trivial branch)
  double residual = 0.0;          ///< of the saddle (C, chi)
  double quadrature_error = 0.0;  ///< max change of C, chi, x2, A under grid refinement
  double norm_error = 0.0;        ///< |Int weight - 1| on the working grid
};

namespace detail {

// x - w tanh(x) = h for w < 1 (monotone): Newton inside the bracket [h - |w|, h + |w|].
inline double solve_local(double h, double w) {
  double lo = h - std::fabs(w), hi = h + std::fabs(w), x = h + w * std::tanh(h);
  for (int it = 0; it < 100; ++it) {
    const double t = std::tanh(x), r = x - w * t - h;
    if (r > 0.0) hi = x; else lo = x;
    const double d = 1.0 - w * (1.0 - t * t);
    double xn = x - r / d;
    if (!(xn > lo && xn < hi)) xn = 0.5 * (lo + hi);
    if (std::fabs(xn - x) <= 1e-15 * (1.0 + std::fabs(x))) return xn;
    x = xn;
  }
  return x;
}

struct CavityMap {
  double C, chi, x2, A, norm;
};

// The averages at (C, chi) by the trapezoid rule in x. Requires w = g^2 gamma chi < 1.
inline CavityMap cavity_map(double g, double gamma, double C, double chi, const CavityOptions& o = {}) {
  const double w = g * g * gamma * chi, sigma = g * std::sqrt(std::fmax(C, 0.0));
  if (!(w < 1.0)) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    return {nan, nan, nan, nan, nan};
  }
  if (sigma == 0.0) return {0.0, 1.0 / (1.0 - w), 0.0, 1.0 / ((1.0 - w) * (1.0 - w)), 1.0};
  const double hmax = o.window * sigma;
  const double xlo = solve_local(-hmax, w), xhi = solve_local(hmax, w);
  const double slope = 1.0 + std::fmax(-w, 0.0);  // max of dh/dx
  const double width = std::fmin(sigma / slope, 1.0);
  const int m = std::max(16, static_cast<int>(std::ceil((xhi - xlo) / width * o.points_per_width)));
  const double dx = (xhi - xlo) / m, norm0 = 1.0 / (sigma * std::sqrt(2.0 * M_PI));
  CavityMap r{0.0, 0.0, 0.0, 0.0, 0.0};
  for (int k = 0; k <= m; ++k) {
    const double x = xlo + k * dx, t = std::tanh(x), d = 1.0 - t * t, h = x - w * t;
    const double n = (k == 0 || k == m ? 0.5 : 1.0) * norm0 * std::exp(-0.5 * h * h / (sigma * sigma));
    const double jac = 1.0 - w * d;
    r.C += n * jac * t * t;
    r.chi += n * d;
    r.x2 += n * jac * x * x;
    r.A += n * d * d / jac;
    r.norm += n * jac;
  }
  r.C *= dx;
  r.chi *= dx;
  r.x2 *= dx;
  r.A *= dx;
  r.norm *= dx;
  return r;
}

}  // namespace detail

/// The nontrivial branch when g(1+gamma) > 1 (else the trivial one, analytic). Damped
/// iteration from (C, chi) = (0.5, 0.5), then Newton, to a residual below options.tol.
/// Where the saddle would need w >= 1 (strong symmetry and large g, e.g. gamma = 0.5 near
/// g = 3, gamma = 1 at g = 1.5 and 2), x - w tanh x = h has several roots, the equations above
/// do not select one, and the solver reports converged = false (w is held just below 1).

inline CavitySolution solve_cavity(double g, double gamma, const CavityOptions& o = {}) {
  CavitySolution s;
  s.g = g;
  s.gamma = gamma;
  if (!(g * (1.0 + gamma) > 1.0)) {
    s.chi = null_chi0(g, gamma);
    s.w = g * g * gamma * s.chi;
    s.A = 1.0 / ((1.0 - s.w) * (1.0 - s.w));
    s.converged = true;
    s.trivial = true;
    return s;
  }
  SaddleVector<2> theta(0.5, 0.5);
  auto map = [&](const SaddleVector<2>& t) {
    const detail::CavityMap m = detail::cavity_map(g, gamma, t[0], t[1], o);
    return SaddleVector<2>(m.C, m.chi);
  };
  auto project = [&](SaddleVector<2>& t) {
    t[0] = std::fmax(t[0], 1e-300);
    // keep w = g^2 gamma chi below 1
    if (gamma > 0.0) t[1] = std::fmin(t[1], (1.0 - 1e-9) / (g * g * gamma));
  };
  SaddleOptions so;
  so.tol = o.tol;
  so.alpha = 1.0;  // the plain iteration converges on this branch; Newton polishes
  so.max_iterations = 600;
  const SaddleReport rep = solve_saddle<2>(map, theta, so, project);
  const detail::CavityMap m = detail::cavity_map(g, gamma, theta[0], theta[1], o);
  CavityOptions fine = o;
  fine.points_per_width *= 2.0;
  fine.window += 1.5;
  const detail::CavityMap mf = detail::cavity_map(g, gamma, theta[0], theta[1], fine);
  s.C = theta[0];
  s.chi = theta[1];
  s.x2 = m.x2;
  s.A = m.A;
  s.w = g * g * gamma * s.chi;
  s.iterations = rep.iterations;
  s.residual = rep.residual;
  s.quadrature_error = std::fmax(std::fmax(std::fabs(mf.C - m.C), std::fabs(mf.chi - m.chi)),
                                 std::fmax(std::fabs(mf.x2 - m.x2), std::fabs(mf.A - m.A)));
  s.norm_error = std::fabs(m.norm - 1.0);
  s.converged = rep.converged && s.w < 1.0 && s.C > 1e-250 && s.quadrature_error < 1e-10;
  return s;
}

}  // namespace edgechaos::theory
