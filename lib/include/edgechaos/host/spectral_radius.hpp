/// \file
/// Spectral radius rho(W) = max |eig W| and rescaling W to a target radius (desktop only;
/// shared/RESERVOIR.md section 1: on a device a model arrives already scaled).
///
/// Method: the full eigenvalue decomposition of W in double, Eigen's EigenSolver (real
/// Schur form by Francis QR), eigenvalues only. Not a power iteration: for a non-normal W
/// (every random reservoir) or one with several eigenvalues of the same modulus (a rotation,
/// a cycle) a power iteration converges slowly or not at all. Accuracy: the eigenvalues of
/// the double copy to about 1e-12 relative to ||W|| for a well-conditioned eigenbasis
/// (tests: 1e-9); a defective W (a Jordan block) loses precision as eig itself does.
/// Cost O(n^3) and O(n^2) memory: fine for n up to a few thousand.
#pragma once

#include "edgechaos/host/host_only.hpp"

#include <cmath>

#include <Eigen/Eigenvalues>

#include "edgechaos/core/checks.hpp"
#include "edgechaos/core/config.hpp"
#include "edgechaos/core/status.hpp"
#include "edgechaos/weights/couplings.hpp"
#include "edgechaos/weights/sparse_couplings.hpp"

namespace edgechaos {

/// rho of a row-major n x n float array. Status: invalid_argument (null, n < 1),
/// non_finite_input (a NaN/Inf entry), not_converged (the QR iteration failed).
inline Status spectral_radius(const Scalar* W, Index n, double& rho) {
  if (W == nullptr || n < 1) return Status::invalid_argument;
  Eigen::MatrixXd A(n, n);
  for (Index i = 0; i < n; ++i) {
    for (Index j = 0; j < n; ++j) {
      const Scalar w = W[i * n + j];
      if (!is_finite(w)) return Status::non_finite_input;
      A(i, j) = static_cast<double>(w);
    }
  }
  Eigen::EigenSolver<Eigen::MatrixXd> es(A, /*computeEigenvectors=*/false);
  if (es.info() != Eigen::Success) return Status::not_converged;
  rho = es.eigenvalues().cwiseAbs().maxCoeff();
  return Status::ok;
}

/// rho of any square Eigen float matrix (a CouplingMatrix, a Map of J in flash ...);
/// size_mismatch when it is not square, else as spectral_radius(const Scalar*, ...).
template <class Derived>
Status spectral_radius(const Eigen::MatrixBase<Derived>& W, double& rho) {
  if (W.rows() != W.cols()) return Status::size_mismatch;
  const Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> copy = W;
  return spectral_radius(copy.data(), copy.rows(), rho);
}

/// rho of a sparse W (through its dense form: the eigen-solver is dense); invalid_argument
/// for an unbound view.
template <class I>
Status spectral_radius(const SparseCouplingsView<I>& W, double& rho) {
  if (!W.bound()) return Status::invalid_argument;
  Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> dense(W.n, W.n);
  const Status s = sparse_to_dense(W, dense.data(), W.n);
  if (s != Status::ok) return s;
  return spectral_radius(dense.data(), W.n, rho);
}

namespace detail {
// The factor target / rho, refused when W has no radius to scale (rho = 0: nilpotent or
// zero W) or the target is not a finite non-negative number.
inline Status rescale_factor(double target, double rho, Scalar& factor) {
  if (!(target >= 0.0) || !(target <= 1e30)) return Status::invalid_argument;
  if (!(rho > 0.0)) return Status::invalid_argument;
  const double f = target / rho;
  if (!std::isfinite(static_cast<double>(static_cast<Scalar>(f)))) return Status::invalid_argument;
  factor = static_cast<Scalar>(f);
  return Status::ok;
}
}  // namespace detail

/// W <- W * (target / rho(W)), in place (each entry one rounded float product, so the new
/// radius is target to float precision). rho_before, if given, receives rho(W). The
/// statuses of spectral_radius, and invalid_argument for a target outside [0, 1e30] or a W
/// with rho = 0 (nothing to scale). On an error W is unchanged.
inline Status rescale_to_spectral_radius(double target, Scalar* W, Index n, double* rho_before = nullptr) {
  double rho = 0.0;
  Status s = spectral_radius(W, n, rho);
  if (s != Status::ok) return s;
  Scalar factor = 0.0f;
  s = detail::rescale_factor(target, rho, factor);
  if (s != Status::ok) return s;
  for (Index k = 0; k < n * n; ++k) W[k] *= factor;
  if (rho_before != nullptr) *rho_before = rho;
  return Status::ok;
}

/// As rescale_to_spectral_radius(double, Scalar*, ...) for a CouplingMatrix.
template <int N>
Status rescale_to_spectral_radius(double target, CouplingMatrix<N>& W, double* rho_before = nullptr) {
  return rescale_to_spectral_radius(target, W.data(), W.rows(), rho_before);
}

/// As rescale_to_spectral_radius(double, Scalar*, ...) for sparse couplings (only the
/// stored values are scaled).
template <int N, int NNZ>
Status rescale_to_spectral_radius(double target, SparseCouplings<N, NNZ>& W,
 double* rho_before = nullptr) {
  double rho = 0.0;
  Status s = spectral_radius(W.view(), rho);
  if (s != Status::ok) return s;
  Scalar factor = 0.0f;
  s = detail::rescale_factor(target, rho, factor);
  if (s != Status::ok) return s;
  s = W.scale(factor);
  if (s == Status::ok && rho_before != nullptr) *rho_before = rho;
  return s;
}

}  // namespace edgechaos
