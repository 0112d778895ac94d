// Dense LU solve for fixed-size matrices on devices without a heap.
#pragma once

#include <cmath>

#include "edgechaos/core/config.hpp"

namespace edgechaos::detail {

// Solves A y = b in place (A is overwritten by its LU factors, b by y) by Gaussian
// elimination with partial pivoting: the plain unblocked algorithm, so a fixed-size A
// needs no workspace at all (Eigen's PartialPivLU switches to a blocked algorithm whose
// code path can reach malloc, which a firmware must not link). False if A is singular.
template <class Matrix, class Vec>
bool lu_solve_in_place(Matrix& A, Vec& b) {
  const Index n = A.rows();
  for (Index k = 0; k < n; ++k) {
    Index p = k;
    Scalar best = std::fabs(A(k, k));
    for (Index i = k + 1; i < n; ++i) {
      if (std::fabs(A(i, k)) > best) {
        best = std::fabs(A(i, k));
        p = i;
      }
    }
    if (!(best > 0.0f)) return false;
    if (p != k) {
      A.row(p).swap(A.row(k));
      const Scalar t = b[p];
      b[p] = b[k];
      b[k] = t;
    }
    const Scalar inv = 1.0f / A(k, k);
    for (Index i = k + 1; i < n; ++i) {
      const Scalar l = A(i, k) * inv;
      if (l == 0.0f) continue;
      for (Index j = k + 1; j < n; ++j) A(i, j) -= l * A(k, j);
      b[i] -= l * b[k];
    }
  }
  for (Index i = n - 1; i >= 0; --i) {
    Scalar sum = b[i];
    for (Index j = i + 1; j < n; ++j) sum -= A(i, j) * b[j];
    b[i] = sum / A(i, i);
  }
  return true;
}

}  // namespace edgechaos::detail
