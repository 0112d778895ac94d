/// \file
/// Dynamical mean-field theory of the chaotic state at gamma = 0 (Sompolinsky, Crisanti &
/// Sommers 1988; PHYSICS.md section 4), in the library's convention Var J_ij = g^2/N,
/// phi = tanh, so Delta(0) = Delta0 = <x^2>.  Desktop only: double, deterministic
/// Gauss-Hermite quadrature, std::vector for the tables.
///
/// \code{.unparsed}
///   Delta'' = -dV/dDelta,  V(Delta) = -Delta^2/2 + g^2 Int Dz [Int Dy Phi(sqrt(D0-Delta) y + sqrt(Delta) z)]^2
///   Phi = ln cosh;  dV/dDelta = -Delta + g^2 C(Delta),  C = <phi phi>  (Price's theorem).
/// \endcode
///
/// 1. Delta0 solves V(Delta0) = V(0):  Delta0^2/2 = g^2 Var_z Phi(sqrt(Delta0) z)  (bisection
///    on log Delta0 of 1/2 - g^2 Var/Delta0^2, which is free of the Delta0^2 cancellation).
/// 2. Delta(tau): energy conservation, Delta'^2/2 = V(Delta0) - V(Delta) =: K(Delta). With
///    Delta = Delta0 sech(theta) the time tau(theta) = Int dtheta Delta0 sech tanh / sqrt(2K)
///    has a smooth bounded integrand at both ends (exactly 1/k for the near-threshold
///    solution Delta0 sech(k tau)), so Simpson's rule on a uniform theta grid is accurate.
///    Where K is too small to be computed as a difference (Delta ~ 0) the integrand takes
///    its limit 1/kappa, kappa^2 = 1 - g^2 <phi'>^2 (the decay rate of Delta at large tau).
/// 3. lambda_max: ground state E0 of H = -d^2/dtau^2 - g^2 C'(tau), C'(tau) = <phi'phi'> at
///    covariance Delta(tau), by Sturm-sequence bisection on a finite-difference grid with
///    Richardson extrapolation in the spacing; lambda_max = sqrt(-E0) - 1. Delta'(tau) is an
///    exact eigenfunction with one node and E = -1, so the second eigenvalue E1 must be -1:
///    |E1 + 1| is reported as the solver's built-in accuracy check.
///
/// Near threshold (eps = g - 1, derived in docs/chaos.md by expanding V to O(Delta^4)):
/// \code{.unparsed}
///   Delta0 = eps + 7/6 eps^2 + O(eps^3),  Delta(tau) = Delta0 sech(eps tau / sqrt 3),
///   tau_half = sqrt(3) arccosh(2) / eps,  lambda_max = eps^2/2 + O(eps^3)
/// \endcode
/// (H becomes a Poschl-Teller well with s = 2: E0 = -1 - eps^2, E1 = -1).
/// For g <= 1 the only solution is Delta0 = 0 and lambda_max = g - 1 (the null fixed point,
/// -1 + max Re eig J for the circular law).
#pragma once

#include "edgechaos/host/host_only.hpp"  // desktop-only: stops a Cortex-M build here

#include <algorithm>
#include <cmath>
#include <vector>

#include "edgechaos/theory/gauss_hermite.hpp"

namespace edgechaos::theory {

/// ln cosh x, without overflow for large |x|.
inline double log_cosh(double x) {
  const double a = std::fabs(x);
  return a + std::log1p(std::exp(-2.0 * a)) - 0.69314718055994530942;
}

/// The quadrature and grids of solve_dmft.
struct DmftOptions {
  /// Gauss-Hermite nodes per dimension; 0 = automatic: 96 while Delta0 <= 4 (g <~ 2.5), then
  /// 96 sqrt(Delta0/4) up to 320, because ln cosh(sqrt(Delta0) z) has a kink-like bend of
  /// width 1/sqrt(Delta0) that Gauss-Hermite resolves slowly (|e1 + 1| ~ 1e-4 at g = 5).
  int nodes = 0;
  double theta_max = 30.0;    ///< Delta = Delta0 sech(theta_max) ~ 2e-13 Delta0: the tail
  int theta_steps = 2000;     ///< Simpson intervals (even)
  double h = 0.05;            ///< Schroedinger grid spacing (and h/2 for Richardson)
  int max_points = 100000;    ///< cap on the half-grid; h grows if needed
};

/// The gamma = 0 DMFT solution at gain g: the autocorrelation and the largest exponent.
struct DmftSolution {
  double g = 0.0;           ///< the gain asked for
  double delta0 = 0.0;      ///< <x^2> = Delta(0)
  double phi2 = 0.0;        ///< <phi(x)^2> = C(0)
  double lambda_max = 0.0;  ///< largest Lyapunov exponent
  double tau_half = 0.0;    ///< Delta(tau_half) = Delta0 / 2 (0 when Delta0 = 0)
  double kappa = 0.0;       ///< Delta(tau) ~ exp(-kappa tau) at large tau
  double e0 = 0.0;          ///< ground-state energy of H
  double e1 = 0.0;          ///< second eigenvalue: -1 exactly in theory (the check)
  double check = 0.0;       ///< |e1 + 1|
  std::vector<double> tau,  ///< table times, tau >= 0 increasing (on the theta grid)
      delta,                ///< Delta(tau)
      c_phi,                ///< C(tau) = `<phi phi>` at covariance Delta(tau)
      c_dphi;               ///< C'(tau) = `<phi' phi'>` at covariance Delta(tau)

  /// Delta(tau) by linear interpolation in the tables (even in tau; the last value beyond them).
  double delta_at(double t) const { return lookup(delta, std::fabs(t)); }
  /// C(tau) by linear interpolation in the tables (even in tau; the last value beyond them).
  double c_at(double t) const { return lookup(c_phi, std::fabs(t)); }

 private:
  double lookup(const std::vector<double>& v, double t) const {
    if (tau.empty()) return 0.0;
    if (t >= tau.back()) return v.back();
    const auto it = std::upper_bound(tau.begin(), tau.end(), t);
    const std::size_t k = static_cast<std::size_t>(it - tau.begin());
    const double f = (t - tau[k - 1]) / (tau[k] - tau[k - 1]);
    return v[k - 1] + f * (v[k] - v[k - 1]);
  }
};

namespace detail {

// Pair averages over (x1, x2) Gaussian with variances D and covariance s:
// V(s), C(s) = <phi phi>, C'(s) = <phi' phi'>; x = sqrt(D - s) y + sqrt(s) z.
struct PairAverages {
  double V, C, dC;
};

inline PairAverages pair_averages(const GaussHermite& q, double g, double D, double s) {
  const double a = std::sqrt(std::max(D - s, 0.0)), b = std::sqrt(std::max(s, 0.0));
  double v = 0.0, c = 0.0, dc = 0.0;
  for (std::size_t i = 0; i < q.size(); ++i) {
    double sP = 0.0, sp = 0.0, sd = 0.0;
    for (std::size_t j = 0; j < q.size(); ++j) {
      const double x = a * q.z[j] + b * q.z[i];
      const double t = std::tanh(x);
      sP += q.w[j] * log_cosh(x);
      sp += q.w[j] * t;
      sd += q.w[j] * (1.0 - t * t);
    }
    v += q.w[i] * sP * sP;
    c += q.w[i] * sp * sp;
    dc += q.w[i] * sd * sd;
  }
  return {-0.5 * s * s + g * g * v, c, dc};
}

// Lowest two eigenvalues of -d^2/dt^2 + W on a uniform grid (Dirichlet ends), by bisection
// on the Sturm count of the tridiagonal matrix.
inline void lowest_two(const std::vector<double>& W, double h, double& e0, double& e1) {
  const double off2 = 1.0 / (h * h * h * h), diag = 2.0 / (h * h);
  auto count_below = [&](double E) {
    int n = 0;
    double q = 1.0;
    for (std::size_t i = 0; i < W.size(); ++i) {
      q = diag + W[i] - E - (i == 0 ? 0.0 : off2 / q);
      if (q == 0.0) q = -1e-300;
      if (q < 0.0) ++n;
    }
    return n;
  };
  const double lo0 = *std::min_element(W.begin(), W.end()), hi0 = *std::max_element(W.begin(), W.end()) + 4.0 * diag;
  auto kth = [&](int k) {  // smallest E with count_below(E) > k
    double lo = lo0, hi = hi0;
    for (int it = 0; it < 200 && hi - lo > 1e-15 * (1.0 + std::fabs(lo)); ++it) {
      const double mid = 0.5 * (lo + hi);
      (count_below(mid) > k ? hi : lo) = mid;
    }
    return 0.5 * (lo + hi);
  };
  e0 = kth(0);
  e1 = kth(1);
}

}  // namespace detail

/// Delta0 = <x^2> for gain g with the rule q (step 1 of the file comment); 0 for g <= 1.
inline double dmft_delta0(double g, const GaussHermite& q) {
  if (!(g > 1.0)) return 0.0;
  auto G = [&](double D) {
    const double sd = std::sqrt(D);
    const double m1 = q.integrate([&](double z) { return log_cosh(sd * z); });
    const double var = q.integrate([&](double z) { const double p = log_cosh(sd * z) - m1; return p * p; });
    return 0.5 - g * g * var / (D * D);
  };
  double lo = std::log(1e-14), hi = std::log(1e4);  // G(lo) < 0 < G(hi) for g > 1
  for (int it = 0; it < 200; ++it) {
    const double mid = 0.5 * (lo + hi);
    (G(std::exp(mid)) < 0.0 ? lo : hi) = mid;
  }
  return std::exp(0.5 * (lo + hi));
}

/// The node count DmftOptions{nodes = 0} picks for a given Delta0.
inline int dmft_auto_nodes(double delta0) {
  const double n = 96.0 * std::sqrt(std::max(delta0, 4.0) / 4.0);
  return static_cast<int>(std::min(n, 320.0));
}

/// Delta0 with the automatic node count (96 nodes first, then dmft_auto_nodes of that estimate).
inline double dmft_delta0(double g) {
  const double d = dmft_delta0(g, GaussHermite(96));
  const int n = dmft_auto_nodes(d);
  return n == 96 ? d : dmft_delta0(g, GaussHermite(n));
}

/// The full solution at gain g (steps 1-3 of the file comment). For g <= 1: Delta0 = 0,
/// lambda_max = g - 1 and empty tables. No Status: a theory result is checked by its own
/// `check` (|e1 + 1|).
inline DmftSolution solve_dmft(double g, const DmftOptions& o = {}) {

  DmftSolution r;
  r.g = g;
  const double D = o.nodes > 0 ? dmft_delta0(g, GaussHermite(o.nodes)) : dmft_delta0(g);
  const GaussHermite q(o.nodes > 0 ? o.nodes : dmft_auto_nodes(D));
  r.delta0 = D;
  if (D <= 0.0) {
    r.lambda_max = g - 1.0;
    r.e0 = r.e1 = -g * g;
    r.check = 0.0;
    return r;
  }
  const double sD = std::sqrt(D);
  r.phi2 = q.integrate([&](double z) { const double t = std::tanh(sD * z); return t * t; });
  const double mean_dphi = q.integrate([&](double z) { const double t = std::tanh(sD * z); return 1.0 - t * t; });
  r.kappa = std::sqrt(std::max(1.0 - g * g * mean_dphi * mean_dphi, 0.0));

  // 2. tau(theta) with Simpson's rule; f = dtau/dtheta.
  const int n = o.theta_steps + (o.theta_steps % 2);
  const double dth = o.theta_max / n;
  const double Vtop = detail::pair_averages(q, g, D, D).V;
  const double a = g * g * r.phi2 - D;  // -Delta''(0) > 0
  std::vector<double> f(static_cast<std::size_t>(n) + 1);
  r.tau.resize(f.size());
  r.delta.resize(f.size());
  r.c_phi.resize(f.size());
  r.c_dphi.resize(f.size());
  bool tail = false;
  for (int k = 0; k <= n; ++k) {
    const std::size_t kk = static_cast<std::size_t>(k);
    const double th = k * dth, sech = 1.0 / std::cosh(th), s = D * sech;
    const detail::PairAverages p = detail::pair_averages(q, g, D, s);
    r.delta[kk] = s;
    r.c_phi[kk] = p.C;
    r.c_dphi[kk] = p.dC;
    const double K = Vtop - p.V;
    // K must stand well clear of the rounding of V (~1e-14 |V|) to be used.
    if (!tail && k > 0 && K < 1e-9 * std::fabs(Vtop)) tail = true;
    if (k == 0) {
      f[kk] = std::sqrt(D / a);
    } else if (tail) {
      f[kk] = 1.0 / r.kappa;
    } else {
      f[kk] = s * std::tanh(th) / std::sqrt(2.0 * K);
    }
  }
  r.tau[0] = 0.0;
  for (int k = 1; k <= n; ++k) {  // trapezoid on odd points, Simpson on even points
    const std::size_t kk = static_cast<std::size_t>(k);
    if (k % 2 == 0) {
      r.tau[kk] = r.tau[kk - 2] + dth / 3.0 * (f[kk - 2] + 4.0 * f[kk - 1] + f[kk]);
    } else {
      r.tau[kk] = r.tau[kk - 1] + 0.5 * dth * (f[kk - 1] + f[kk]);
    }
  }
  // tau_half: Delta = D/2 at theta = arccosh 2; Simpson from the nearest even node.
  {
    const double th_half = std::acosh(2.0);
    const int k = static_cast<int>(th_half / dth);
    const std::size_t kk = static_cast<std::size_t>(k);
    const double frac = (th_half - k * dth) / dth;
    r.tau_half = r.tau[kk] + frac * (r.tau[kk + 1] - r.tau[kk]);
  }

  // 3. Schroedinger problem on [-T, T]; the ground state decays at least like exp(-kappa t).
  const double T = std::max(r.tau.back(), r.tau_half + 40.0 / std::max(r.kappa, 1e-6));
  auto potential = [&](double t) {  // -g^2 C'(|t|)
    t = std::fabs(t);
    double dc = r.c_dphi.back();
    if (t < r.tau.back()) {
      const auto it = std::upper_bound(r.tau.begin(), r.tau.end(), t);
      const std::size_t k = static_cast<std::size_t>(it - r.tau.begin());
      const double fr = (t - r.tau[k - 1]) / (r.tau[k] - r.tau[k - 1]);
      dc = r.c_dphi[k - 1] + fr * (r.c_dphi[k] - r.c_dphi[k - 1]);
    }
    return -g * g * dc;
  };
  double h = std::max(o.h, T / o.max_points);
  double E0[2], E1[2];
  for (int pass = 0; pass < 2; ++pass, h *= 0.5) {
    const int m = static_cast<int>(std::ceil(T / h));
    std::vector<double> W(2 * static_cast<std::size_t>(m) + 1);
    std::size_t j = 0;  // W[j] = V(i h) for i = -m .. m
    for (int i = -m; i <= m; ++i) W[j++] = potential(i * h);
    detail::lowest_two(W, h, E0[pass], E1[pass]);
  }
  r.e0 = (4.0 * E0[1] - E0[0]) / 3.0;  // Richardson: the grid error is O(h^2)
  r.e1 = (4.0 * E1[1] - E1[0]) / 3.0;
  r.check = std::fabs(r.e1 + 1.0);
  r.lambda_max = std::sqrt(-r.e0) - 1.0;
  return r;
}

}  // namespace edgechaos::theory
