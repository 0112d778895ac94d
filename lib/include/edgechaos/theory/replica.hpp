/// \file
/// Replica-symmetric theory of the quasi-potential measure P(x) ~ exp(-beta E(x)),
/// E = 1/2 |-x + J phi(x)|^2 + eta |x|^2 (Qiu & Huang; PHYSICS.md section 6), at finite beta
/// and at zero temperature. Desktop only: double, deterministic quadrature.
///
/// Finite beta. Unknowns theta = (q, Q, r, R, P, Qhat); rhat = beta g^2 gamma r,
/// Rhat = beta g^2 gamma R, qhat = P + Qhat/2 follow. Given theta, the single-site measure
/// \code{.unparsed}
///   p(x | z, h) ~ exp F(x),
///   F(x) = -(beta/(2 s2)) (x - z - A phi(x))^2 - beta eta x^2 + P phi(x)^2 + h phi(x),
///   s2 = 1 + beta g^2 (q - Q),  D = beta g^2 gamma (r - R),  A = D / sqrt(beta),
/// \endcode
/// with (z, h) Gaussian, Var z = g^2 Q, Var h = Qhat, Cov = Rhat / sqrt(beta), gives the new
/// theta by the saddle-point equations of PHYSICS.md section 6 (`replica_map`). They were
/// re-derived for this file from the replicated partition function: after the Gaussian
/// integral over the conjugate field xhat_a (mean i beta (z - x_a - A' phi_a) / s2 given the
/// rest), r - R, P and Qhat are moments of (z - x + A phi); the correlations with z are
/// reduced by Stein's lemma to C_xx, C_xphi, C_phiphi, which is the form of section 6.
/// `ReplicaAverages` also keeps the moments E[z m_x], E[z m_phi] computed directly, so the
/// tests can check the Stein-lemma form against them (C_y2phi = -sqrt(beta) E[z m_phi],
/// C_yy2 = -sqrt(beta) E[z (sqrt(beta) m_x - D m_phi)]).
///
/// The symmetric branch Q = R = Qhat = 0 (z = h = 0) solves the equations for all
/// parameters (phi is odd); `solve_replica` with general = false solves only (q, r, P) there,
/// with general = true the six equations from a replica-correlated start (Q/q = R/r =
/// start_overlap) and reports the branch the damped iteration reaches.
///
/// Quadrature. x: trapezoid rule on a uniform grid over the window where F > max F - cutoff
/// (found by a coarse pass over a window that provably contains it), spacing
/// width / points_per_width with width = 1 / sqrt(bound on |F''|), capped at 1; log-sum-exp.
/// The trapezoid rule converges spectrally for these smooth, rapidly decaying integrands.
/// (z, h): the symmetric square root S of their covariance, (z, h) = S u with u on a
/// Gauss-Hermite product rule (rank 1: a 1-D rule; rank 0: one point). Every solution
/// reports `quadrature_error`: the largest change of map(theta*) when every rule is refined
/// (twice the points per width, a wider x-window, twice the Gauss-Hermite nodes).
///
/// Zero temperature (eta = 0): chi = lim beta (q - Q), xi = -lim sqrt(beta)(r - R),
/// r_tilde = lim R / sqrt(beta). The exact-fixed-point branch is the static cavity of
/// theory/cavity.hpp (one code path): q = C, xi = -chi_c, and r_tilde = E[phi (x - z - Gamma
/// phi)] / s2 = 0 because every site sits on x = z + Gamma phi(x) exactly (zero residual
/// energy). The fluctuation susceptibility chi = A / (1 - g^2 A), A = <phi'^2/(1 - w phi')^2>,
/// exists only while g^2 A < 1; otherwise `chi_diverges`. Null phase (g (1 + gamma) <= 1):
/// q = 0, xi = -chi0, chi = Q(g, gamma) of section 3 (infinite on the line), analytically.
#pragma once

#include "edgechaos/host/host_only.hpp"  // desktop-only: stops a Cortex-M build here

#include <algorithm>
#include <cmath>
#include <limits>

#include "edgechaos/theory/cavity.hpp"
#include "edgechaos/theory/edge.hpp"
#include "edgechaos/theory/gauss_hermite.hpp"
#include "edgechaos/theory/saddle.hpp"

namespace edgechaos::theory {

/// The model of the measure P(x) ~ exp(-beta E(x)) (file comment).
struct ReplicaParams {
  double g = 1.0,     ///< gain, > 0
      gamma = 0.0,    ///< symmetry of J, in [-1, 1]
      beta = 1.0,     ///< inverse temperature, > 0
      eta = 0.0;      ///< the confining term's weight, >= 0
};

/// The quadrature rules of the single-site averages.
struct ReplicaQuadrature {
  double points_per_width = 12.0;  ///< x-grid points per width 1/sqrt(|F''|)
  double cutoff = 40.0;            ///< x-window: F > max F - cutoff (e^-40 ~ 4e-18)
  int gh_nodes = 32;               ///< Gauss-Hermite nodes per dimension for (z, h)

  /// Every rule refined (twice the points per width, a wider window, twice the nodes).
  ReplicaQuadrature refined() const { return {2.0 * points_per_width, cutoff + 10.0, 2 * gh_nodes}; }
};

/// How solve_replica searches.
struct ReplicaOptions {
  ReplicaQuadrature quad;        ///< the working rules
  SaddleOptions saddle;          ///< tol 1e-12 by default
  bool general = true;           ///< the six general equations (else the symmetric branch only)
  double start_overlap = 0.5;    ///< general start: Q = start_overlap q, R = start_overlap r
  bool check_quadrature = true;  ///< fill quadrature_error (one refined map evaluation)
};

/// Which replica-symmetric branch a solution is on.
enum class ReplicaBranch {
  symmetric,  ///< Q = R = Qhat = 0
  general     ///< replica-correlated: Q, R or Qhat nonzero
};
/// "symmetric" or "general".
inline const char* to_string(ReplicaBranch b) { return b == ReplicaBranch::symmetric ? "symmetric" : "general"; }

/// Moments of the single-site measure at given theta: E over (z, h), angle brackets over
/// p(x|z,h); m_x and m_phi are the means of x and phi(x) over p(x|z,h) at one (z, h).

struct ReplicaAverages {
  double x2 = 0,       ///< E<x^2>
      xphi = 0,        ///< E<x phi>
      phi2 = 0;        ///< E<phi^2>
  double mxx = 0,      ///< E[m_x^2]
      mxphi = 0,       ///< E[m_x m_phi]
      mphiphi = 0;     ///< E[m_phi^2]
  double zmx = 0,      ///< E[z m_x] (direct, for checks)
      zmphi = 0;       ///< E[z m_phi] (direct, for checks)
  int x_points = 0;    ///< largest x-grid used
};

/// The derived quantities of section 6 at theta (all from one set of averages), with
/// y = sqrt(beta) x - D phi.
struct ReplicaTerms {
  double s2 = 1,     ///< 1 + beta g^2 (q - Q)
      D = 0,         ///< beta g^2 gamma (r - R)
      K = 0,         ///< beta g^2 Q / s2
      B = 0,         ///< K D - Rhat
      rhat = 0,      ///< beta g^2 gamma r
      Rhat = 0;      ///< beta g^2 gamma R
  double C_xx = 0,   ///< E<x^2> - E[m_x^2], the mean within-site variance of x
      C_xphi = 0,    ///< E<x phi> - E[m_x m_phi]
      C_phiphi = 0,  ///< E<phi^2> - E[m_phi^2]
      V_y = 0,       ///< the within-site variance of y
      C_yy2 = 0,     ///< the y, y-correlation term, by Stein's lemma
      C_y2phi = 0;   ///< the y, phi-correlation term, by Stein's lemma
  double C_yy2_direct = 0,  ///< C_yy2 from E[z m_x], E[z m_phi] directly (the check)
      C_y2phi_direct = 0;   ///< C_y2phi from E[z m_phi] directly (the check)
  double q = 0,   ///< the map's new q
      Q = 0,      ///< the map's new Q
      r = 0,      ///< the map's new r
      R = 0,      ///< the map's new R
      P = 0,      ///< the map's new P
      Qhat = 0;   ///< the map's new Qhat
  double e_v = 0;                                       ///< <|v|^2>/(2N)
};

/// A finite-beta solution: the order parameters, the derived terms and its checks.
struct ReplicaSolution {
  ReplicaParams params;  ///< the parameters solved for
  double q = 0,          ///< (1/N) sum phi(x^a)^2 = E<phi^2>
      Q = 0,             ///< (1/N) sum phi(x^a) phi(x^b), a != b
      r = 0,             ///< -i (1/N) sum xhat^a phi(x^a)
      R = 0;             ///< -i (1/N) sum xhat^a phi(x^b), a != b

  double qhat = 0,       ///< P + Qhat / 2
      Qhat = 0,          ///< conjugate of Q
      rhat = 0,          ///< beta g^2 gamma r
      Rhat = 0,          ///< beta g^2 gamma R
      P = 0;             ///< the conjugate P
  double s2 = 1,         ///< 1 + beta g^2 (q - Q)
      D = 0;             ///< beta g^2 gamma (r - R)
  double C_xx = 0,       ///< within-site variance of x
      C_xphi = 0,        ///< within-site covariance of x and phi
      C_phiphi = 0;      ///< within-site variance of phi
  double sigma_xphi = 0;         ///< (r - R)(1 + beta g^2 (q - Q)(1 + gamma)) / sqrt(beta)
  double e_v = 0;                ///< <|v|^2>/(2N)
  double energy_per_neuron = 0;  ///< `<E>`/N = e_v + eta <x^2>
  double x2 = 0;                 ///< <x^2>
  ReplicaBranch branch = ReplicaBranch::symmetric;  ///< the branch reached
  double residual = 0;     ///< the saddle residual (HUGE_VAL for invalid parameters)
  int iterations = 0;      ///< saddle iterations, both stages
  bool converged = false;  ///< residual below tol and (when checked) quadrature_error < 1e-8
  double quadrature_error = 0;   ///< max |map_refined(theta*) - map(theta*)| (scaled like the residual)
  int x_points = 0;              ///< largest x-grid used
  /// gamma = 0, eta = 0: the closed form x ~ N(0, 1/beta + g^2 q), solved independently
  /// (trapezoid rule in z): max(|q - q_cf|, |r - (1 - q_cf)/sqrt(beta)|, |2 beta e_v - 1|);
  /// -1 when it does not apply.
  double closed_form_error = -1;
};

namespace detail {

constexpr double kPhiPP = 0.7698003589195010;  // max |tanh''|

struct SiteMoments {
  double mx, mphi, x2, xphi, phi2;
  int points;
};

// Moments of p(x) ~ exp(-c (x - z - A phi)^2 - be x^2 + P phi^2 + h phi).
inline SiteMoments site_moments(double c, double A, double be, double P, double z, double h, const ReplicaQuadrature& qd) {
  auto F = [&](double x) {
    const double t = std::tanh(x), u = x - z - A * t;
    return -c * u * u - be * x * x + P * t * t + h * t;
  };
  // A window that contains {F > max F - cutoff}: F = -K (x - mu(x))^2 + V(x) with
  // mu = c m / K, m = z + A phi in [z - |A|, z + |A|], V spanning at most Vspan.
  const double K = c + be, aA = std::fabs(A);
  const double m1 = z - aA, m2 = z + aA;
  const double mm_max = std::max(m1 * m1, m2 * m2), mm_min = (m1 <= 0.0 && m2 >= 0.0) ? 0.0 : std::min(m1 * m1, m2 * m2);
  const double Vspan = (c * be / K) * (mm_max - mm_min) + std::fabs(P) + 2.0 * std::fabs(h);
  const double L = std::sqrt((qd.cutoff + 5.0 + Vspan) / K);
  const double lo0 = c * m1 / K - L, hi0 = c * m2 / K + L;
  // width from a bound on |F''| where F is within the cutoff of its maximum
  const double fpp = 2.0 * c * (1.0 + aA) * (1.0 + aA) + 2.0 * c * aA * kPhiPP * std::sqrt((qd.cutoff + 5.0 + Vspan) / c) +
                     2.0 * be + 2.0 * std::fabs(P) + kPhiPP * std::fabs(h);
  const double width = std::min(1.0 / std::sqrt(fpp), 1.0);
  // coarse pass: locate max F and the window where F > max - cutoff - 5
  const double hc = 0.5 * width;
  const int nc = std::max(8, static_cast<int>(std::ceil((hi0 - lo0) / hc)));
  const double dc = (hi0 - lo0) / nc;
  double Fmax = -HUGE_VAL;
  for (int k = 0; k <= nc; ++k) Fmax = std::max(Fmax, F(lo0 + k * dc));
  int klo = nc, khi = 0;
  for (int k = 0; k <= nc; ++k) {
    if (F(lo0 + k * dc) > Fmax - qd.cutoff - 5.0) {
      klo = std::min(klo, k);
      khi = std::max(khi, k);
    }
  }
  const double lo = lo0 + (klo - 2) * dc, hi = lo0 + (khi + 2) * dc;
  // fine pass: trapezoid in log-sum-exp form
  const double hf = width / qd.points_per_width;
  const int n = std::max(16, static_cast<int>(std::ceil((hi - lo) / hf)));
  const double dx = (hi - lo) / n;
  double s0 = 0, sx = 0, sp = 0, sxx = 0, sxp = 0, spp = 0;
  for (int k = 0; k <= n; ++k) {
    const double x = lo + k * dx, t = std::tanh(x), u = x - z - A * t;
    const double Fx = -c * u * u - be * x * x + P * t * t + h * t;
    const double wgt = (k == 0 || k == n ? 0.5 : 1.0) * std::exp(Fx - Fmax);
    s0 += wgt;
    sx += wgt * x;
    sp += wgt * t;
    sxx += wgt * x * x;
    sxp += wgt * x * t;
    spp += wgt * t * t;
  }
  return {sx / s0, sp / s0, sxx / s0, sxp / s0, spp / s0, n + 1};
}

}  // namespace detail

/// theta = (q, Q, r, R, P, Qhat)
using ReplicaTheta = SaddleVector<6>;

/// The single-site moments at theta (the file comment's quadrature).
inline ReplicaAverages replica_averages(const ReplicaParams& p, const ReplicaTheta& th, const ReplicaQuadrature& qd) {
  const double q = th[0], Q = th[1], r = th[2], R = th[3], P = th[4], Qhat = th[5];
  const double b = p.beta, sb = std::sqrt(b), g2 = p.g * p.g;
  const double s2 = 1.0 + b * g2 * (q - Q);
  const double c = b / (2.0 * s2), A = b * g2 * p.gamma * (r - R) / sb, be = b * p.eta;
  const double Rhat = b * g2 * p.gamma * R;
  // (z, h) covariance and its symmetric square root (negative eigenvalues clipped)
  const double a11 = g2 * std::max(Q, 0.0), a22 = std::max(Qhat, 0.0), a12 = Rhat / sb;
  const double tr = 0.5 * (a11 + a22), det = std::sqrt(std::max(0.25 * (a11 - a22) * (a11 - a22) + a12 * a12, 0.0));
  const double l1 = std::max(tr + det, 0.0), l2 = std::max(tr - det, 0.0);
  double e1x = 1.0, e1y = 0.0;  // eigenvector of l1
  if (a12 != 0.0) {
    e1x = a12;
    e1y = l1 - a11;
    const double nn = std::hypot(e1x, e1y);
    e1x /= nn;
    e1y /= nn;
  } else if (a22 > a11) {
    e1x = 0.0;
    e1y = 1.0;
  }
  const double e2x = -e1y, e2y = e1x;
  const double r1 = std::sqrt(l1), r2 = std::sqrt(l2);
  // S = r1 e1 e1^T + r2 e2 e2^T
  const double S11 = r1 * e1x * e1x + r2 * e2x * e2x, S12 = r1 * e1x * e1y + r2 * e2x * e2y,
               S22 = r1 * e1y * e1y + r2 * e2y * e2y;
  ReplicaAverages out;
  auto add = [&](double wgt, double z, double h) {
    const detail::SiteMoments m = detail::site_moments(c, A, be, P, z, h, qd);
    out.x2 += wgt * m.x2;
    out.xphi += wgt * m.xphi;
    out.phi2 += wgt * m.phi2;
    out.mxx += wgt * m.mx * m.mx;
    out.mxphi += wgt * m.mx * m.mphi;
    out.mphiphi += wgt * m.mphi * m.mphi;
    out.zmx += wgt * z * m.mx;
    out.zmphi += wgt * z * m.mphi;
    out.x_points = std::max(out.x_points, m.points);
  };
  const double scale = std::max(l1, 1e-300);
  if (l1 <= 1e-300) {
    add(1.0, 0.0, 0.0);
  } else if (l2 <= 1e-14 * scale) {
    const GaussHermite gh(qd.gh_nodes);  // rank 1: (z, h) = sqrt(l1) e1 t
    for (std::size_t i = 0; i < gh.size(); ++i) add(gh.w[i], r1 * e1x * gh.z[i], r1 * e1y * gh.z[i]);
  } else {
    const GaussHermite gh(qd.gh_nodes);
    for (std::size_t i = 0; i < gh.size(); ++i) {
      for (std::size_t j = 0; j < gh.size(); ++j) {
        add(gh.w[i] * gh.w[j], S11 * gh.z[i] + S12 * gh.z[j], S12 * gh.z[i] + S22 * gh.z[j]);
      }
    }
  }
  return out;
}

/// The section-6 terms and the map's new theta from one set of averages.
inline ReplicaTerms replica_terms(const ReplicaParams& p, const ReplicaTheta& th, const ReplicaAverages& a) {
  const double q = th[0], Q = th[1], r = th[2], R = th[3];
  const double b = p.beta, sb = std::sqrt(b), g2 = p.g * p.g;
  ReplicaTerms t;
  t.s2 = 1.0 + b * g2 * (q - Q);
  t.D = b * g2 * p.gamma * (r - R);
  t.rhat = b * g2 * p.gamma * r;
  t.Rhat = b * g2 * p.gamma * R;
  t.K = b * g2 * Q / t.s2;
  t.B = t.K * t.D - t.Rhat;
  t.C_xx = a.x2 - a.mxx;
  t.C_xphi = a.xphi - a.mxphi;
  t.C_phiphi = a.phi2 - a.mphiphi;
  const double D = t.D, K = t.K, B = t.B, s2 = t.s2;
  t.V_y = b * t.C_xx - 2.0 * sb * D * t.C_xphi + D * D * t.C_phiphi;
  t.C_yy2 = -K * b * t.C_xx + sb * (B + K * D) * t.C_xphi - D * B * t.C_phiphi;
  t.C_y2phi = -K * sb * t.C_xphi + B * t.C_phiphi;
  t.C_yy2_direct = -sb * (sb * a.zmx - D * a.zmphi);
  t.C_y2phi_direct = -sb * a.zmphi;
  t.q = a.phi2;
  t.Q = a.mphiphi;
  t.r = (sb * a.xphi - D * a.phi2 + t.C_y2phi) / s2;
  t.R = (sb * a.mxphi - D * a.mphiphi + t.C_y2phi) / s2;
  t.P = -(b * g2 / (2.0 * s2)) * (1.0 - t.V_y / s2);
  const double my2 = b * a.mxx - 2.0 * sb * D * a.mxphi + D * D * a.mphiphi;  // E[(sqrt(beta) m_x - D m_phi)^2]
  t.Qhat = b * g2 * K / s2 + (b * g2 / (s2 * s2)) * (my2 + 2.0 * t.C_yy2);
  const double Ey2 = b * a.x2 - 2.0 * sb * D * a.xphi + D * D * a.phi2;
  t.e_v = (1.0 / (2.0 * b)) * (1.0 - 1.0 / s2 + K / s2 + (Ey2 + 2.0 * t.C_yy2) / (s2 * s2));
  return t;
}

/// The saddle-point map theta -> theta' (what solve_replica iterates).
inline ReplicaTheta replica_map(const ReplicaParams& p, const ReplicaTheta& th, const ReplicaQuadrature& qd) {
  const ReplicaTerms t = replica_terms(p, th, replica_averages(p, th, qd));
  ReplicaTheta out;
  out << t.q, t.Q, t.r, t.R, t.P, t.Qhat;
  return out;
}

/// gamma = 0, eta = 0: q = E tanh^2(sqrt(1/beta + g^2 q) z) by bisection on the (monotone)
/// difference, with the trapezoid rule in z (independent of the solver's x-grid).
inline double replica_closed_form_q(double g, double beta) {
  auto f = [&](double q) {
    const double s = std::sqrt(1.0 / beta + g * g * q);
    return gauss_trapezoid([&](double z) { const double t = std::tanh(s * z); return t * t; }, 0.01, 12.0) - q;
  };
  double lo = 0.0, hi = 1.0;  // f(0) > 0, f(1) < 0, one root (tanh^2 average is concave in q)
  for (int it = 0; it < 80; ++it) {
    const double mid = 0.5 * (lo + hi);
    (f(mid) > 0.0 ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

/// The ReplicaSolution at a solved theta: derived terms, branch, and the quadrature and
/// closed-form checks (residual, iterations and converged are left for the caller).
inline ReplicaSolution finish_replica(const ReplicaParams& p, const ReplicaTheta& th, const ReplicaOptions& o) {
  ReplicaSolution s;
  s.params = p;
  const ReplicaAverages a = replica_averages(p, th, o.quad);
  const ReplicaTerms t = replica_terms(p, th, a);
  const double b = p.beta, g2 = p.g * p.g;
  s.q = th[0];
  s.Q = th[1];
  s.r = th[2];
  s.R = th[3];
  s.P = th[4];
  s.Qhat = th[5];
  s.qhat = s.P + 0.5 * s.Qhat;
  s.rhat = t.rhat;
  s.Rhat = t.Rhat;
  s.s2 = t.s2;
  s.D = t.D;
  s.C_xx = t.C_xx;
  s.C_xphi = t.C_xphi;
  s.C_phiphi = t.C_phiphi;
  s.sigma_xphi = (s.r - s.R) * (1.0 + b * g2 * (s.q - s.Q) * (1.0 + p.gamma)) / std::sqrt(b);
  s.e_v = t.e_v;
  s.x2 = a.x2;
  s.energy_per_neuron = t.e_v + p.eta * a.x2;
  s.x_points = a.x_points;
  const double small = 1e-9 * std::max(1.0, std::fabs(s.q));
  s.branch = (std::fabs(s.Q) < small && std::fabs(s.R) < 1e-9 * std::max(1.0, std::fabs(s.r)) &&
              std::fabs(s.Qhat) < 1e-9 * std::max(1.0, std::fabs(s.P)))
                 ? ReplicaBranch::symmetric
                 : ReplicaBranch::general;
  if (o.check_quadrature) {
    const ReplicaTheta m0 = replica_map(p, th, o.quad), m1 = replica_map(p, th, o.quad.refined());
    s.quadrature_error = saddle_residual<6>(th, m1 - m0);
  }
  if (p.gamma == 0.0 && p.eta == 0.0) {
    const double qcf = replica_closed_form_q(p.g, b);
    s.closed_form_error = std::max({std::fabs(s.q - qcf), std::fabs(s.r - (1.0 - qcf) / std::sqrt(b)),
                                    std::fabs(2.0 * b * s.e_v - 1.0)});
  }
  return s;
}

/// g > 0 and beta > 0 finite, gamma in [-1, 1], eta >= 0 finite.
inline bool replica_params_valid(const ReplicaParams& p) {
  return std::isfinite(p.g) && p.g > 0.0 && std::isfinite(p.beta) && p.beta > 0.0 && p.gamma >= -1.0 && p.gamma <= 1.0 &&
         std::isfinite(p.eta) && p.eta >= 0.0;
}

/// Solves the finite-beta equations: the symmetric branch (q, r, P) first, then (when
/// o.general) the six equations from a replica-correlated start. Invalid parameters give
/// converged = false and residual = HUGE_VAL (no Status: see replica_params_valid).
inline ReplicaSolution solve_replica(const ReplicaParams& p, const ReplicaOptions& o = {}) {
  if (!replica_params_valid(p)) {
    ReplicaSolution bad;
    bad.params = p;
    bad.residual = HUGE_VAL;
    return bad;
  }
  const double sb = std::sqrt(p.beta);
  // 1. the symmetric branch: (q, r, P)
  SaddleVector<3> s3;
  {
    const double q0 = std::min(0.5, 0.5 * p.beta);
    s3 << q0, (1.0 - q0) / sb, 0.0;
  }
  auto sym_map = [&](const SaddleVector<3>& t) {
    ReplicaTheta th;
    th << t[0], 0.0, t[1], 0.0, t[2], 0.0;
    const ReplicaTheta m = replica_map(p, th, o.quad);
    return SaddleVector<3>(m[0], m[2], m[4]);
  };
  auto sym_project = [](SaddleVector<3>& t) { t[0] = std::clamp(t[0], 0.0, 1.0); };
  const SaddleReport r3 = solve_saddle<3>(sym_map, s3, o.saddle, sym_project);
  ReplicaTheta th;
  th << s3[0], 0.0, s3[1], 0.0, s3[2], 0.0;
  SaddleReport rep = r3;
  if (o.general) {
    // 2. the general equations from a replica-correlated start
    ReplicaTheta start = th;
    start[1] = o.start_overlap * th[0];
    start[3] = o.start_overlap * th[2];
    start[5] = replica_map(p, start, o.quad)[5];
    auto map6 = [&](const ReplicaTheta& t) { return replica_map(p, t, o.quad); };
    auto project6 = [](ReplicaTheta& t) {
      t[0] = std::clamp(t[0], 0.0, 1.0);
      t[1] = std::clamp(t[1], 0.0, t[0]);
      t[5] = std::max(t[5], 0.0);
    };
    const SaddleReport r6 = solve_saddle<6>(map6, start, o.saddle, project6);
    rep.iterations = r3.iterations + r6.iterations;
    rep.residual = r6.residual;
    rep.converged = r6.converged;
    const bool back_to_symmetric = std::fabs(start[1]) < 1e-9 * std::max(1.0, start[0]) &&
                                   std::fabs(start[3]) < 1e-9 * std::max(1.0, std::fabs(start[2])) &&
                                   std::fabs(start[5]) < 1e-9 * std::max(1.0, std::fabs(start[4]));
    if (back_to_symmetric && r3.converged) {
      // The iteration returned to Q = R = Qhat = 0: report the symmetric solution itself,
      // with its residual in all six equations.
      rep.residual = std::max(r3.residual, saddle_residual<6>(th, map6(th) - th));
      rep.converged = r6.converged && rep.residual < o.saddle.tol;
    } else {
      th = start;
    }
  }
  ReplicaSolution s = finish_replica(p, th, o);
  s.residual = rep.residual;
  s.iterations = rep.iterations;
  // converged: the residual reached the tolerance, and (when checked) refining every rule
  // moves the map by < 1e-8 (the rounding floor of P is ~1e-11 at beta = 1e5).
  s.converged = rep.converged && std::isfinite(s.q) && std::isfinite(s.e_v) &&
                (!o.check_quadrature || s.quadrature_error < 1e-8);
  return s;
}

// ---------------------------------------------------------------------------------------
// Zero temperature
/// The zero-temperature (eta = 0) limit, through the static cavity (file comment).
struct ZeroTemperatureSolution {
  double g = 0,                  ///< the gain asked for
      gamma = 0;                 ///< the symmetry asked for
  double q = 0;                  ///< C of the static cavity
  double chi = 0;                ///< fluctuation susceptibility; +inf when it diverges
  bool chi_diverges = false;     ///< g^2 A >= 1 (or on the transition line)
  double xi = 0;                 ///< -chi_c (minus the static local response)
  double r_tilde = 0;            ///< lim R / sqrt(beta): 0 on the exact-fixed-point branch
  double x2 = 0,                 ///< <x^2>
      w = 0,                     ///< g^2 gamma chi_c
      A = 0;                     ///< <phi'^2/(1 - w phi')^2>
  double g2A = 0;                ///< g^2 A: chi is finite only while this is < 1
  const char* branch = "null";   ///< "null" or "exact-fixed-point"
  double residual = 0;           ///< the cavity saddle's residual
  int iterations = 0;            ///< the cavity saddle's iterations
  bool converged = false;        ///< as CavitySolution::converged
  double quadrature_error = 0;   ///< as CavitySolution::quadrature_error
};

/// The zero-temperature solution at (g, gamma): solve_cavity, then chi from A.
inline ZeroTemperatureSolution
 solve_zero_temperature(double g, double gamma, const CavityOptions& o = {}) {
  ZeroTemperatureSolution z;
  z.g = g;
  z.gamma = gamma;
  const CavitySolution c = solve_cavity(g, gamma, o);
  z.q = c.C;
  z.xi = -c.chi;
  z.x2 = c.x2;
  z.w = c.w;
  z.A = c.A;
  z.g2A = g * g * c.A;
  z.r_tilde = 0.0;
  z.residual = c.residual;
  z.iterations = c.iterations;
  z.converged = c.converged;
  z.quadrature_error = c.quadrature_error;
  if (c.trivial) {
    z.branch = "null";
    z.chi = null_susceptibility(g, gamma);  // = A / (1 - g^2 A) with A = 1/(1 - w)^2
    z.chi_diverges = !std::isfinite(z.chi);
  } else {
    z.branch = "exact-fixed-point";
    z.chi_diverges = !(z.g2A < 1.0);
    z.chi = z.chi_diverges ? std::numeric_limits<double>::infinity() : c.A / (1.0 - z.g2A);
  }
  return z;
}

}  // namespace edgechaos::theory
