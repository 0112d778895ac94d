/// \file
/// Gauss-Hermite quadrature for the standard Gaussian measure Dz (desktop theory only). The rule:
/// \code{.unparsed}
///   Int Dz f(z) ~= sum_k w_k f(z_k),   sum_k w_k = 1,
/// \endcode
/// exact for polynomials of degree < 2n. Nodes and weights by Golub-Welsch: the Jacobi
/// matrix of the probabilists' Hermite polynomials has zero diagonal and off-diagonal
/// sqrt(k); its eigenvalues are the nodes, the squared first eigenvector components the
/// weights. Deterministic (no sampling), double precision.
#pragma once

#include "edgechaos/host/host_only.hpp"  // desktop-only: stops a Cortex-M build here

#include <cmath>
#include <vector>

#include <Eigen/Dense>

namespace edgechaos::theory {

/// An n-point Gauss-Hermite rule for the standard Gaussian measure (see the file comment).
struct GaussHermite {
  std::vector<double> z;  ///< nodes, ascending
  std::vector<double> w;  ///< weights, summing to 1

  /// The n-point rule (n >= 1; exact for polynomials of degree < 2n). O(n^3) once.
  explicit GaussHermite(int n = 80) {
    Eigen::MatrixXd T = Eigen::MatrixXd::Zero(n, n);
    for (int k = 1; k < n; ++k) T(k, k - 1) = T(k - 1, k) = std::sqrt(static_cast<double>(k));
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(T);
    z.resize(static_cast<std::size_t>(n));
    w.resize(static_cast<std::size_t>(n));
    double total = 0.0;
    for (int k = 0; k < n; ++k) {
      z[static_cast<std::size_t>(k)] = es.eigenvalues()[k];
      const double v = es.eigenvectors()(0, k);
      w[static_cast<std::size_t>(k)] = v * v;
      total += v * v;
    }
    for (double& wk : w) wk /= total;
  }

  std::size_t size() const { return z.size(); }  ///< n, the number of nodes

  /// Int Dz f(z), approximated as sum_k w_k f(z_k).

  template <class F>
  double integrate(F&& f) const {
    double s = 0.0;
    for (std::size_t k = 0; k < z.size(); ++k) s += w[k] * f(z[k]);
    return s;
  }
};

}  // namespace edgechaos::theory
