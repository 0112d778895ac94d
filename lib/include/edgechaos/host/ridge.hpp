/// \file
/// The offline ridge regression, the reference fit (shared/RESERVOIR.md section 3),
/// DESKTOP ONLY: double precision and dynamic sizes (it allocates), not in the device
/// umbrella. Over n samples (rows of Fm, n x F, and Y, n x K, after any washout):
/// \code{.unparsed}
///   centre F and Y (two passes: the means first), solve (Fc^T Fc + alpha I) W^T = Fc^T Yc
///   by a Cholesky factorisation with a pivot floor, c = mean(Y) - W mean(F)
/// \endcode
/// (alpha not scaled by n; the intercept not penalised: ReservoirPy's Ridge).
#pragma once

#include "edgechaos/host/host_only.hpp"  // desktop-only: stops a Cortex-M build here

#include <cmath>
#include <limits>

#include <Eigen/Core>

#include "edgechaos/core/checks.hpp"
#include "edgechaos/core/status.hpp"
#include "edgechaos/readouts/linear_readout.hpp"

namespace edgechaos {

/// An offline readout fit y = w f + c, in double.
struct RidgeFit {
  Eigen::MatrixXd w;  ///< K x F weights
  Eigen::VectorXd c;  ///< K intercepts
};

/// A Cholesky pivot at or below this fraction of its diagonal entry (of the centred Gram
/// matrix plus alpha) means the system is singular to within 12 digits: no float readout
/// could use such a fit, and its weights would be rounding noise. 1e-12 is about 4500
/// double epsilons, far above the rounding of a pivot (a few epsilons times F) and far
/// below the 1e-9 relative pivots of a real reservoir's features.
constexpr double kRidgePivotFloor = 1e-12;

namespace detail {

// The part both offline fits share (this one and host/ridge_qr.hpp's): the checks, the data
// in double centred on its column means, and the intercept and result checks at the end.
struct CentredData {
  Eigen::MatrixXd Xc, Yc;              // n x F, n x K, centred
  Eigen::RowVectorXd mean_x, mean_y;

  // c = mean(Y) - W mean(F); non_finite_result for a non-finite w or c, out untouched then.
  Status finish(const Eigen::MatrixXd& w, RidgeFit& out) const {
    const Eigen::VectorXd c = mean_y.transpose() - w * mean_x.transpose();
    if (!all_finite(w) || !all_finite(c)) return Status::non_finite_result;
    out.w = w;
    out.c = c;
    return Status::ok;
  }
};

// invalid_argument for alpha outside (0, 1e30], size_mismatch for row counts or sizes that
// disagree (or zero columns), insufficient_data for fewer than 2 samples, non_finite_input
// for NaN or Inf in the data.
template <class DerivedF, class DerivedY>
Status centre(const Eigen::MatrixBase<DerivedF>& features, const Eigen::MatrixBase<DerivedY>& targets, double alpha,
              CentredData& d) {
  if (!is_positive(alpha)) return Status::invalid_argument;
  const Index n = features.rows(), nf = features.cols(), nk = targets.cols();
  if (targets.rows() != n || nf < 1 || nk < 1) return Status::size_mismatch;
  if (n < 2) return Status::insufficient_data;
  // Contiguous double copies, also of a double input: all_finite reads data() as one array,
  // and the input may be a strided block (middleRows of a column-major matrix).
  const Eigen::MatrixXd X = features.template cast<double>();  // NOLINT(performance-unnecessary-copy-initialization)
  const Eigen::MatrixXd Y = targets.template cast<double>();   // NOLINT(performance-unnecessary-copy-initialization)
  if (!all_finite(X) || !all_finite(Y)) return Status::non_finite_input;
  d.mean_x = X.colwise().mean();
  d.mean_y = Y.colwise().mean();
  d.Xc = X.rowwise() - d.mean_x;
  d.Yc = Y.rowwise() - d.mean_y;
  return Status::ok;
}

}  // namespace detail

/// The fit of Y on features (rows are samples). invalid_argument for alpha outside
/// (0, 1e30], size_mismatch for row counts or sizes that disagree (or zero columns),
/// insufficient_data for fewer than 2 samples, non_finite_input for NaN or Inf in the
/// data, not_positive_definite for a pivot at or below kRidgePivotFloor,
/// non_finite_result for a non-finite solution. out is written only on success.
template <class DerivedF, class DerivedY>
Status ridge_fit(const Eigen::MatrixBase<DerivedF>& features, const Eigen::MatrixBase<DerivedY>& targets, double alpha,
                 RidgeFit& out) {
  detail::CentredData data;
  const Status st = detail::centre(features, targets, alpha, data);
  if (st != Status::ok) return st;
  const Index nf = data.Xc.cols(), nk = data.Yc.cols();
  Eigen::MatrixXd A = data.Xc.transpose() * data.Xc;
  A.diagonal().array() += alpha;
  Eigen::MatrixXd B = data.Xc.transpose() * data.Yc;  // F x K
  // A = L L^T, L in A's lower triangle.
  for (Index j = 0; j < nf; ++j) {
    double d = A(j, j);
    for (Index k = 0; k < j; ++k) d -= A(j, k) * A(j, k);
    if (!(d > kRidgePivotFloor * A(j, j))) return Status::not_positive_definite;
    const double l = std::sqrt(d);
    for (Index i = j + 1; i < nf; ++i) {
      double s = A(i, j);
      for (Index k = 0; k < j; ++k) s -= A(i, k) * A(j, k);
      A(i, j) = s / l;
    }
    A(j, j) = l;
  }
  // L z = B, L^T W^T = z.
  for (Index col = 0; col < nk; ++col) {
    for (Index i = 0; i < nf; ++i) {
      double s = B(i, col);
      for (Index k = 0; k < i; ++k) s -= A(i, k) * B(k, col);
      B(i, col) = s / A(i, i);
    }
    for (Index i = nf - 1; i >= 0; --i) {
      double s = B(i, col);
      for (Index k = i + 1; k < nf; ++k) s -= A(k, i) * B(k, col);
      B(i, col) = s / A(i, i);
    }
  }
  return data.finish(B.transpose(), out);
}

/// The fit as a device readout (rounded to float). size_mismatch if its sizes are not F, K.

template <int F, int K>
Status to_weights(const RidgeFit& fit, ReadoutWeights<F, K>& out) {
  if (fit.w.rows() != K || fit.w.cols() != F || fit.c.size() != K) return Status::size_mismatch;
  for (int k = 0; k < K; ++k) {
    for (int j = 0; j < F; ++j) out(k, j) = static_cast<Scalar>(fit.w(k, j));
    out.c[k] = static_cast<Scalar>(fit.c[k]);
  }
  return Status::ok;
}

}  // namespace edgechaos
