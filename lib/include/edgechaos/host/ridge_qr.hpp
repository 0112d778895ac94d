/// \file
/// The offline ridge by QR of the augmented data, DESKTOP ONLY: the same fit as
/// host/ridge.hpp's ridge_fit (centred features and targets, alpha not scaled by n, the
/// intercept unpenalised: RESERVOIR.md section 3), for features whose Gram matrix is beyond
/// double. ridge_fit forms Fc^T Fc and refuses a Cholesky pivot below 1e-12 of its
/// diagonal; NVAR's quadratic monomials of a finely sampled series are such a case (the
/// Lorenz-63 features of host/nvar_lorenz.hpp: standardised Gram condition number 2.6e17,
/// so ridge_fit returns not_positive_definite there). Here the least-squares problem
/// \code{.unparsed}
///   min |Fc W^T - Yc|^2 + alpha |W|^2  =  min |[Fc; sqrt(alpha) I] W^T - [Yc; 0]|^2
/// \endcode
/// is solved by a Householder QR of the (n + F) x F stacked matrix: nothing is squared, so
/// the condition number that matters is that of [Fc; sqrt(alpha) I] (the square root of the
/// regularised Gram's). Cost O((n + F) F^2), like forming the Gram matrix.
#pragma once

#include "edgechaos/host/host_only.hpp"  // desktop-only: stops a Cortex-M build here

#include <Eigen/Core>
#include <Eigen/QR>

#include "edgechaos/core/checks.hpp"
#include "edgechaos/core/status.hpp"
#include "edgechaos/host/ridge.hpp"

namespace edgechaos {

/// The fit of ridge_fit, by a Householder QR of the centred data stacked on sqrt(alpha) I
/// (never forming the Gram matrix). As ridge_fit: invalid_argument for alpha outside
/// (0, 1e30], size_mismatch for sizes that disagree, insufficient_data for fewer than 2
/// samples, non_finite_input for NaN or Inf, non_finite_result for a non-finite solution.
/// out is written only on success. (No pivot floor: with alpha > 0 the stacked matrix has
/// full column rank.)

template <class DerivedF, class DerivedY>
Status ridge_fit_qr(const Eigen::MatrixBase<DerivedF>& features, const Eigen::MatrixBase<DerivedY>& targets,
                    double alpha, RidgeFit& out) {
  detail::CentredData data;
  const Status st = detail::centre(features, targets, alpha, data);
  if (st != Status::ok) return st;
  const Index n = data.Xc.rows(), nf = data.Xc.cols(), nk = data.Yc.cols();
  Eigen::MatrixXd A(n + nf, nf);
  A.topRows(n) = data.Xc;
  A.bottomRows(nf) = std::sqrt(alpha) * Eigen::MatrixXd::Identity(nf, nf);
  Eigen::MatrixXd B = Eigen::MatrixXd::Zero(n + nf, nk);
  B.topRows(n) = data.Yc;
  const Eigen::HouseholderQR<Eigen::MatrixXd> qr(A);
  return data.finish(qr.solve(B).transpose(), out);  // w: K x F
}

}  // namespace edgechaos
