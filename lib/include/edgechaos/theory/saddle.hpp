/// \file
/// A small deterministic fixed-point solver for the theory's saddle-point equations
/// theta = map(theta) in a few dimensions (desktop only, double). Two stages:
/// \code{.unparsed}
///   1. damped (Picard) iteration theta <- theta + alpha (map(theta) - theta), which keeps the
///      iteration on the branch a plain iteration reaches (the physically selected one),
///      until the residual is below `newton_below` or `picard_steps` are spent;
///   2. Newton on G(theta) = map(theta) - theta with a central finite-difference Jacobian and
///      a backtracking line search (a step is taken only if it lowers the residual); if no
///      Newton step lowers it, one damped step instead.
/// \endcode
/// Residual: max_i |G_i| / max(1, |theta_i|) (absolute for O(1) and small unknowns, relative
/// for large ones such as the conjugate P at large beta).
#pragma once

#include "edgechaos/host/host_only.hpp"  // desktop-only: stops a Cortex-M build here

#include <algorithm>
#include <cmath>

#include <Eigen/Dense>

namespace edgechaos::theory {

/// The knobs of solve_saddle (the defaults suit the theory headers' equations).
struct SaddleOptions {
  double tol = 1e-12;          ///< converged when the residual is below this
  int max_iterations = 3000;   ///< damped steps + Newton steps
  double alpha = 0.5;          ///< damped step (1 - damping)
  int picard_steps = 400;      ///< at most this many damped steps before Newton
  double newton_below = 1e-7;  ///< switch to Newton once the residual is below this
  double fd_step = 1e-6;       ///< relative finite-difference step for the Jacobian
};

/// How solve_saddle ended: a result, not an error (the caller decides what a miss means).
struct SaddleReport {
  double residual = 0.0;   ///< the final residual (the file comment's norm)
  int iterations = 0;      ///< damped and Newton steps taken
  bool converged = false;  ///< residual < tol
};

/// The unknowns theta of an n-dimensional saddle-point equation.
template <int n>
using SaddleVector = Eigen::Matrix<double, n, 1>;

/// max_i |G_i| / max(1, |theta_i|); HUGE_VAL when not finite (so any finite step is better).
template <int n>
double saddle_residual(const SaddleVector<n>& theta, const SaddleVector<n>& G) {
  double r = 0.0;
  for (int i = 0; i < n; ++i) r = std::max(r, std::fabs(G[i]) / std::max(1.0, std::fabs(theta[i])));
  return std::isfinite(r) ? r : HUGE_VAL;
}

/// Solves theta = map(theta) from the given theta (damped steps, then Newton: see the file
/// comment); theta holds the last iterate on return, converged or not.
/// `map(theta)` returns SaddleVector<n>; `project(theta)` (optional) puts theta back into the
/// admissible set (e.g. order parameters >= 0) after every update.
template <int n, class Map, class Project>
SaddleReport solve_saddle(Map&& map, SaddleVector<n>& theta, const SaddleOptions& o, Project&& project) {
  using V = SaddleVector<n>;
  using M = Eigen::Matrix<double, n, n>;
  SaddleReport rep;
  project(theta);
  V G = map(theta) - theta;
  double res = saddle_residual<n>(theta, G);
  int picard = 0;
  for (rep.iterations = 0; rep.iterations < o.max_iterations; ++rep.iterations) {
    if (res < o.tol) break;
    bool stepped = false;
    if (res < o.newton_below || picard >= o.picard_steps) {
      M Jm;
      for (int j = 0; j < n; ++j) {
        const double e = o.fd_step * std::max(std::fabs(theta[j]), 1e-3);
        V tp = theta, tm = theta;
        tp[j] += e;
        tm[j] -= e;
        Jm.col(j) = ((map(tp) - tp) - (map(tm) - tm)) / (2.0 * e);
      }
      const V delta = Jm.fullPivLu().solve(-G);
      if (delta.allFinite()) {
        double lambda = 1.0;
        for (int k = 0; k < 12 && !stepped; ++k, lambda *= 0.5) {
          V t = theta + lambda * delta;
          project(t);
          const V Gt = map(t) - t;
          const double rt = saddle_residual<n>(t, Gt);
          if (rt < res) {
            theta = t;
            G = Gt;
            res = rt;
            stepped = true;
          }
        }
      }
    }
    if (!stepped) {
      ++picard;
      theta += o.alpha * G;
      project(theta);
      G = map(theta) - theta;
      res = saddle_residual<n>(theta, G);
    }
  }
  rep.residual = res;
  rep.converged = res < o.tol;
  return rep;
}

/// As solve_saddle with a projection, without one (every theta admissible).
template <int n, class Map>
SaddleReport solve_saddle(Map&& map, SaddleVector<n>& theta, const SaddleOptions& o) {
  return solve_saddle<n>(map, theta, o, [](SaddleVector<n>&) {});
}

/// Int Dz f(z) on a uniform grid (trapezoid) over |z| <= zmax: spectrally accurate for smooth
/// f, and independent of Gauss-Hermite (the second rule the theory's checks use).

template <class F>
double gauss_trapezoid(F&& f, double step = 0.02, double zmax = 12.0) {
  const int m = static_cast<int>(std::ceil(zmax / step));
  const double h = zmax / m;
  double s = 0.0;
  for (int k = -m; k <= m; ++k) {
    const double z = k * h, w = (k == -m || k == m) ? 0.5 : 1.0;
    s += w * f(z) * std::exp(-0.5 * z * z);
  }
  return s * h / std::sqrt(2.0 * M_PI);
}

}  // namespace edgechaos::theory
