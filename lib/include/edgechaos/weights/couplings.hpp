/// \file
/// Random couplings J with gain g and symmetry degree gamma (PHYSICS.md section 2).
///
/// <pre>
///   J_ij = g/sqrt(N) (a X_ij + b Y_ij),  J_ji = g/sqrt(N) (a X_ij - b Y_ij)   for i < j,
///   a = sqrt((1 + gamma)/2), b = sqrt((1 - gamma)/2),  X, Y iid N(0, 1),  J_ii = 0,
/// </pre>
/// so E J_ij^2 = g^2/N and E J_ij J_ji = gamma g^2/N. (This is the construction of
/// PHYSICS.md section 2 written pair by pair.)
///
/// Every form (fixed or dynamic size, owned or a caller's array) goes through the one
/// raw-pointer generator below, and the arithmetic is platform-independent (see
/// random.hpp), so the same seed gives the same bits of J everywhere.
#pragma once

#include <cmath>
#include <cstdint>

#include "edgechaos/core/config.hpp"
#include "edgechaos/core/random.hpp"
#include "edgechaos/core/status.hpp"

namespace edgechaos {

/// The parameters of a dense random J (generate_couplings).
struct CouplingParams {
  float g = 1.0f;            ///< gain: Var J_ij = g^2 / N; finite, >= 0
  float gamma = 0.0f;        ///< symmetry degree: corr(J_ij, J_ji), in [-1, 1]
  std::uint64_t seed = 1u;   ///< stream seed (the run seed: SeedStream::couplings)
};

/// Row-major N x N couplings. Note: Eigen refuses fixed-size objects over
/// EIGEN_STACK_ALLOCATION_LIMIT (128 KiB, i.e. N >= 182); keep larger J in a plain
/// array and view it with CouplingView (as a firmware does with J in flash).
template <int N>
using CouplingMatrix = Eigen::Matrix<Scalar, N, N, Eigen::RowMajor>;

/// A read-only view of a caller's row-major N x N array as a CouplingMatrix (J in flash).
template <int N>
using CouplingView = Eigen::Map<const CouplingMatrix<N>>;

/// Status::invalid_argument unless g is in [0, 1e30] and gamma in [-1, 1] (NaN fails).
constexpr Status validate(const CouplingParams& p) {
  if (!(p.g >= 0.0f) || !(p.g <= 1e30f)) return Status::invalid_argument;  // also rejects NaN/Inf
  if (!(p.gamma >= -1.0f) || !(p.gamma <= 1.0f)) return Status::invalid_argument;
  return Status::ok;
}

namespace detail {
// A value the compiler must materialise: it keeps a*x + b*y from becoming an FMA on
// targets that have one, so the coupling bits do not depend on the FPU.
inline double rounded(double v) {
  volatile double held = v;
  return held;
}
}  // namespace detail

/// Draws J into a caller's row-major n x n array (the diagonal is 0). Nothing is written
/// unless the parameters are valid: Status::invalid_argument for a null \p J, \p n < 1 or
/// parameters that fail validate().
inline Status generate_couplings(const CouplingParams& p, Scalar* J, Index n) {
  if (J == nullptr || n < 1) return Status::invalid_argument;
  const Status s = validate(p);
  if (s != Status::ok) return s;

  const double scale = static_cast<double>(p.g) / std::sqrt(static_cast<double>(n));
  const double gamma = static_cast<double>(p.gamma);
  const double sa = scale * std::sqrt((1.0 + gamma) * 0.5);
  const double sb = scale * std::sqrt((1.0 - gamma) * 0.5);

  NormalStream normal(p.seed);
  for (Index i = 0; i < n; ++i) {
    J[i * n + i] = 0.0f;
    for (Index j = i + 1; j < n; ++j) {
      const double x = static_cast<double>(normal.next());
      const double y = static_cast<double>(normal.next());
      const double ax = detail::rounded(sa * x);
      const double by = detail::rounded(sb * y);
      J[i * n + j] = static_cast<Scalar>(ax + by);
      J[j * n + i] = static_cast<Scalar>(ax - by);
    }
  }
  return Status::ok;
}

/// Draws J into owned Eigen storage; a dynamic matrix is resized to n x n (desktop only).
/// Status::size_mismatch when a fixed \p N differs from \p n.
template <int N>
Status generate_couplings(const CouplingParams& p, CouplingMatrix<N>& J, Index n = N) {
  if constexpr (N == Dynamic) {
    if (n < 1) return Status::invalid_argument;
    J.resize(n, n);
  } else if (n != N) {
    return Status::size_mismatch;
  }
  return generate_couplings(p, J.data(), J.rows());
}

/// Gaussian input weights W_in (n x m, row-major), entries N(0, scale^2) from
/// NormalStream(\p seed). Status::invalid_argument for a null \p W, \p n < 1, \p m < 0 or a
/// scale outside [0, 1e30]. (The reservoir's W_in is the InputWeightParams overload.)
inline Status generate_input_weights(Scalar scale, std::uint64_t seed, Scalar* W, Index n, Index m) {
  if (W == nullptr || n < 1 || m < 0 || !(scale >= 0.0f) || !(scale <= 1e30f)) return Status::invalid_argument;
  NormalStream normal(seed);
  for (Index k = 0; k < n * m; ++k) W[k] = scale * normal.next();
  return Status::ok;
}

}  // namespace edgechaos
