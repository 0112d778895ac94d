/// \file
/// Mean-field theory of signal propagation in deep random networks (PHYSICS.md section 8;
/// Poole et al.\ 2016, Schoenholz et al. 2017), phi = tanh, desktop only, double precision,
/// every Gaussian integral by Gauss-Hermite quadrature (gauss_hermite.hpp; one rule in 1-D,
/// its tensor product in 2-D). With Dz the standard Gaussian measure:
/// \code{.unparsed}
///   length map        q' = sigma_w^2 Int Dz phi(sqrt(q) z)^2 + sigma_b^2,        fixed point q*
///   covariance map    q_ab' = sigma_w^2 Int Dz1 Dz2 phi(u_a) phi(u_b) + sigma_b^2,
///                     u_a = sqrt(q_a) z1, u_b = sqrt(q_b) (c z1 + sqrt(1 - c^2) z2)
///   correlation map   c' = q_ab'(q*, q*, c) / q*,                                fixed point c*
///   chi1            = sigma_w^2 Int Dz phi'(sqrt(q*) z)^2       (the slope of the c-map at c = 1)
///   chi_c           = sigma_w^2 Int Dz1 Dz2 phi'(u_a) phi'(u_b) at (q*, q*, c*)  (its slope at c*)
///   depth scale     xi_c = -1 / ln(chi_c)   (Schoenholz et al. 2017, eq. 9: |c^l - c*| ~ exp(-l / xi_c));
///                   infinite where chi_c = 1 (the order-to-chaos boundary).
/// \endcode
/// Order for chi1 < 1 (c* = 1 is stable), chaos for chi1 > 1 (a stable c* < 1 appears).
/// sigma_w_c(sigma_b) solves chi1 = 1. With sigma_b = 0 and sigma_w <= 1 the length map is
/// below sigma_w^2 q (tanh^2 u <= u^2), so q* = 0 exactly, chi1 = sigma_w^2 and
/// sigma_w_c(0) = 1; c* is then reported as 1, its limit as sigma_b -> 0+ (there
/// c' = sigma_w^2 c + 1 - sigma_w^2 to leading order, whose fixed point is 1).
#pragma once

#include "edgechaos/host/host_only.hpp"  // desktop-only: stops a Cortex-M build here

#include <cmath>
#include <limits>
#include <vector>

#include "edgechaos/theory/gauss_hermite.hpp"

namespace edgechaos::theory {

/// The fixed points of the length and correlation maps and their slopes (file comment).
struct PooleFixedPoint {
  double q_star = 0.0;       ///< q*, the length map's stable fixed point
  double c_star = 1.0;       ///< c*, the correlation map's stable fixed point
  double chi1 = 0.0;         ///< chi1 at q* (order < 1 < chaos)
  double chi_c = 0.0;        ///< chi_c at (q*, q*, c*)
  double depth_scale = 0.0;  ///< xi_c = -1 / ln(chi_c); +inf at chi_c = 1
};

/// The mean-field maps of a deep tanh network with weight and bias variances
/// sigma_w^2 / N and sigma_b^2 (the file comment's formulas), on one Gauss-Hermite rule.
class Poole {
 public:
  /// The node count for lengths up to q_max: 40 q_max, clamped to [100, 800].
  /// phi(sqrt(q) z) varies on the scale 1 / sqrt(q) in z (tanh has poles at
  /// |Im z| = pi / (2 sqrt(q))), so the nodes needed grow with q: measured against a
  /// trapezoid rule of step 0.002, chi1's integral has relative error 1.3e-6 at q = 4 with
  /// 200 nodes, 1.2e-6 at q = 8 with 400, 1.1e-6 at q = 16 with 800 (the length map's is
  /// 100 times smaller). nodes_for(q_max) = 40 q_max (100 ... 800) keeps chi1 within
  /// about 1e-5 up to q = 20; q* <= sigma_w^2 + sigma_b^2 = q_max.
  static int nodes_for(double q_max) {
    const double n = std::ceil(40.0 * q_max);
    return n < 100.0 ? 100 : (n > 800.0 ? 800 : static_cast<int>(n));
  }
  /// With the rule nodes_for(sigma_w^2 + sigma_b^2).
  Poole(double sigma_w, double sigma_b)
      : Poole(sigma_w, sigma_b, nodes_for(sigma_w * sigma_w + sigma_b * sigma_b)) {}
  /// With an n-node rule.
  Poole(double sigma_w, double sigma_b, int nodes)
      : sw2_(sigma_w * sigma_w), sb2_(sigma_b * sigma_b), gh_(nodes) {}
  /// With a rule already built (Golub-Welsch costs an n x n eigensolve; sweeps reuse one).
  Poole(double sigma_w, double sigma_b, const GaussHermite& rule)
      : sw2_(sigma_w * sigma_w), sb2_(sigma_b * sigma_b), gh_(rule) {}

  double sigma_w2() const { return sw2_; }  ///< sigma_w^2
  double sigma_b2() const { return sb2_; }  ///< sigma_b^2

  /// q' for the pre-activation length q >= 0.
  double length_map(double q) const {
    const double s = std::sqrt(q);
    return sw2_ * gh_.integrate([&](double z) {
      const double t = std::tanh(s * z);
      return t * t;
    }) + sb2_;
  }

  /// q_ab' of two inputs of lengths q_a, q_b and correlation c (2-D tensor rule).
  double covariance_map(double q_a, double q_b, double c) const {
    return sw2_ * integrate2(q_a, q_b, c, [](double u) { return std::tanh(u); }) + sb2_;
  }

  /// c' = q_ab'(q, q, c) / q at a given length q > 0 (q* for the correlation map).
  double correlation_map(double c, double q) const { return covariance_map(q, q, c) / q; }

  /// q*: the stable fixed point of the length map, by bisection on q' - q over
  /// (0, sigma_w^2 + sigma_b^2] (q' - q is positive below q* and negative above; tanh^2 <= 1
  /// puts q* below the upper end). 0 exactly for sigma_b = 0, sigma_w <= 1 (header comment).
  double q_star() const {
    if (sb2_ == 0.0 && sw2_ <= 1.0) return 0.0;
    double lo = 0.0, hi = sw2_ + sb2_;
    for (int k = 0; k < 200 && hi - lo > 1e-15 * hi; ++k) {
      const double mid = 0.5 * (lo + hi);
      (length_map(mid) - mid > 0.0 ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
  }

  /// chi1 at the length q: sigma_w^2 Int Dz phi'(sqrt(q) z)^2.
  double chi1(double q) const {
    const double s = std::sqrt(q);
    return sw2_ * gh_.integrate([&](double z) {
      const double t = std::tanh(s * z);
      return (1.0 - t * t) * (1.0 - t * t);
    });
  }

  /// chi_c at (q, q, c): sigma_w^2 Int Dz1 Dz2 phi'(u_a) phi'(u_b).
  double chi_c(double q, double c) const {
    return sw2_ * integrate2(q, q, c, [](double u) {
      const double t = std::tanh(u);
      return 1.0 - t * t;
    });
  }

  /// c*: 1 in the ordered phase (chi1 <= 1) and at q* = 0; in the chaotic phase the stable
  /// fixed point below 1, the root of g(c) = c' - c on [0, 1 - 1e-9]. The c-map is
  /// increasing with slope chi1 > 1 at c = 1, so g < 0 just below 1; with sigma_b = 0 (phi
  /// odd) c = 0 is a fixed point and c* = 0; with sigma_b > 0, g(0) > 0 and the root is
  /// inside. Regula falsi with the Illinois modification (the bracket always holds the
  /// root; superlinear), to |g| < 1e-13 or a bracket of 1e-13: each g costs a 2-D rule.
  double c_star(double q) const {
    if (q <= 0.0 || chi1(q) <= 1.0) return 1.0;
    if (sb2_ == 0.0) return 0.0;
    double a = 0.0, b = 1.0 - 1e-9;
    double ga = correlation_map(a, q) - a, gb = correlation_map(b, q) - b;
    if (!(gb < 0.0)) return b;  // chi1 barely above 1: c* is within 1e-9 of 1
    int side = 0;
    double c = a;
    for (int k = 0; k < 200 && b - a > 1e-13; ++k) {
      c = (a * gb - b * ga) / (gb - ga);
      const double gc = correlation_map(c, q) - c;
      if (std::fabs(gc) < 1e-13) break;
      if (gc > 0.0) {
        a = c;
        ga = gc;
        if (side == +1) gb *= 0.5;
        side = +1;
      } else {
        b = c;
        gb = gc;
        if (side == -1) ga *= 0.5;
        side = -1;
      }
    }
    return c;
  }

  /// q*, c* and the slopes there, in one call.
  PooleFixedPoint fixed_point() const {
    PooleFixedPoint f;
    f.q_star = q_star();
    f.chi1 = f.q_star > 0.0 ? chi1(f.q_star) : sw2_;  // phi'(0) = 1
    f.c_star = c_star(f.q_star);
    f.chi_c = f.c_star >= 1.0 ? f.chi1 : chi_c(f.q_star, f.c_star);
    f.depth_scale = f.chi_c == 1.0 ? std::numeric_limits<double>::infinity() : -1.0 / std::log(f.chi_c);
    return f;
  }

 private:
  // Int Dz1 Dz2 f(u_a) f(u_b): both integrands are such products, so f(u_a) is computed
  // once per outer node.
  template <class F>
  double integrate2(double q_a, double q_b, double c, F&& f) const {
    const double sa = std::sqrt(q_a), sb = std::sqrt(q_b);
    const double s2 = std::sqrt(std::fmax(0.0, 1.0 - c * c));
    double total = 0.0;
    for (std::size_t i = 0; i < gh_.size(); ++i) {
      const double fa = f(sa * gh_.z[i]);
      const double shift = sb * c * gh_.z[i], scale = sb * s2;
      double inner = 0.0;
      for (std::size_t j = 0; j < gh_.size(); ++j) inner += gh_.w[j] * f(shift + scale * gh_.z[j]);
      total += gh_.w[i] * fa * inner;
    }
    return total;
  }

  double sw2_, sb2_;
  GaussHermite gh_;
};

/// sigma_w_c(sigma_b): where chi1(q*) = 1, by bisection on sigma_w (chi1 grows with
/// sigma_w: 0 at sigma_w = 0, above 1 for large sigma_w); the upper end doubles from 2
/// until chi1 > 1. On the line q* < sigma_w^2 + sigma_b^2 with sigma_w_c < 1.5 + 2 sigma_b
/// (Poole et al.'s diagram), which sets the rule (Poole::nodes_for) unless `nodes` > 0.

inline double critical_sigma_w(double sigma_b, int nodes = 0) {
  const double sw_max = 1.5 + 2.0 * sigma_b;
  const GaussHermite rule(nodes > 0 ? nodes : Poole::nodes_for(sw_max * sw_max + sigma_b * sigma_b));
  auto chi1_at = [&](double sw) {
    const Poole p(sw, sigma_b, rule);
    const double q = p.q_star();
    return q > 0.0 ? p.chi1(q) : sw * sw;
  };
  double lo = 0.0, hi = 2.0;
  while (chi1_at(hi) <= 1.0 && hi < 1e6) hi *= 2.0;
  for (int k = 0; k < 200 && hi - lo > 1e-14 * hi; ++k) {
    const double mid = 0.5 * (lo + hi);
    (chi1_at(mid) > 1.0 ? hi : lo) = mid;
  }
  return 0.5 * (lo + hi);
}

}  // namespace edgechaos::theory
