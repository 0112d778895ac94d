// Static cavity solution for typical fixed points x = J phi(x) (PHYSICS.md section 6),
// any symmetry gamma:
//   x = h + w phi(x),  h ~ N(0, g^2 C),  w = g^2 gamma chi,
//   C = <phi(x)^2>,    chi = < phi'(x) / (1 - w phi'(x)) >,
// also <x^2>. The self-response w phi(x) is the Onsager reaction of the cavity field:
// it exists only when J_ij and J_ji are correlated. chi is the mean local response
// (1/N) tr[Phi' (I - J Phi')^-1] of phi(x) to a bias, which a finite network also has.
// The trivial branch C = 0, chi = chi0(g, gamma) loses stability on g(1+gamma) = 1.
// Desktop theory: double, Gauss-Hermite quadrature over h, Newton for x(h).
#pragma once

#include "edgechaos/host/host_only.hpp"  // desktop-only: stops a Cortex-M build here

#include <cmath>

#include "edgechaos/theory/edge.hpp"
#include "edgechaos/theory/gauss_hermite.hpp"

namespace edgechaos::theory {

struct CavitySolution {
  double g = 0.0, gamma = 0.0;
  double C = 0.0;    // <phi(x)^2>
  double x2 = 0.0;   // <x^2>
  double chi = 0.0;  // <phi'/(1 - w phi')>
  double w = 0.0;    // g^2 gamma chi
  bool converged = false;
  int iterations = 0;
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
  double C, chi, x2;
};

inline CavityMap cavity_map(const GaussHermite& q, double g, double gamma, double C, double chi) {
  const double w = g * g * gamma * chi, sh = g * std::sqrt(std::fmax(C, 0.0));
  CavityMap m{0.0, 0.0, 0.0};
  for (std::size_t k = 0; k < q.size(); ++k) {
    const double x = solve_local(sh * q.z[k], w), t = std::tanh(x), d = 1.0 - t * t;
    m.C += q.w[k] * t * t;
    m.chi += q.w[k] * d / (1.0 - w * d);
    m.x2 += q.w[k] * x * x;
  }
  return m;
}

}  // namespace detail

// The nontrivial branch when g(1+gamma) > 1 (else the trivial one). Plain iteration to get
// close, then Newton on (C, chi) with a finite-difference Jacobian. Needs w < 1.
inline CavitySolution solve_cavity(double g, double gamma, int nodes = 200) {
  CavitySolution s;
  s.g = g;
  s.gamma = gamma;
  if (!(g * (1.0 + gamma) > 1.0)) {
    s.chi = null_chi0(g, gamma);
    s.w = g * g * gamma * s.chi;
    s.converged = true;
    return s;
  }
  const GaussHermite q(nodes);
  double C = 0.5, chi = 0.5;
  detail::CavityMap m{};
  int it = 0;
  for (; it < 400; ++it) {
    m = detail::cavity_map(q, g, gamma, C, chi);
    const double dC = m.C - C, dchi = m.chi - chi;
    C = m.C;
    chi = m.chi;
    if (std::fabs(dC) + std::fabs(dchi) < 1e-13) break;
  }
  for (int k = 0; k < 50 && it < 1000; ++k, ++it) {  // Newton polish
    m = detail::cavity_map(q, g, gamma, C, chi);
    const double r1 = m.C - C, r2 = m.chi - chi;
    if (std::fabs(r1) + std::fabs(r2) < 1e-14) break;
    const double e1 = 1e-7 * std::fmax(C, 1e-6), e2 = 1e-7 * std::fmax(chi, 1e-6);
    const detail::CavityMap mc = detail::cavity_map(q, g, gamma, C + e1, chi);
    const detail::CavityMap mx = detail::cavity_map(q, g, gamma, C, chi + e2);
    const double a11 = (mc.C - m.C) / e1 - 1.0, a12 = (mx.C - m.C) / e2;
    const double a21 = (mc.chi - m.chi) / e1, a22 = (mx.chi - m.chi) / e2 - 1.0;
    const double det = a11 * a22 - a12 * a21;
    if (det == 0.0) break;
    C -= (r1 * a22 - r2 * a12) / det;
    chi -= (a11 * r2 - a21 * r1) / det;
    C = std::fmax(C, 1e-300);
  }
  m = detail::cavity_map(q, g, gamma, C, chi);
  s.C = C;
  s.chi = chi;
  s.x2 = m.x2;
  s.w = g * g * gamma * chi;
  s.iterations = it;
  s.converged = std::fabs(m.C - C) + std::fabs(m.chi - chi) < 1e-10 && s.w < 1.0;
  return s;
}

}  // namespace edgechaos::theory
