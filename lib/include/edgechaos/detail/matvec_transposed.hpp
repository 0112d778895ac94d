// y = J^T r for row-major J without a transposed copy: J is streamed row by row, in
// storage order, so it may sit in flash. The gradient of the quasi-potential and the
// sigma_max estimate need it.
#pragma once

#include "edgechaos/core/config.hpp"

namespace edgechaos::detail {

// y = J^T r for row-major n x n J, streaming J row by row (in storage order).
template <int N>
inline void matvec_transposed(const Scalar* __restrict J, const Scalar* __restrict r, Scalar* __restrict y,
                              Index n) {
  const Index nn = (N == Dynamic) ? n : N;
  for (Index j = 0; j < nn; ++j) y[j] = 0.0f;
  // Four rows per pass over y: one load and one store of y[j] per four multiply-adds
  // instead of per one. The additions into y[j] stay in row order, so the result is the
  // same as one row at a time.
  const Index blocked = nn - nn % 4;
  for (Index i = 0; i < blocked; i += 4) {
    const Scalar r0 = r[i], r1 = r[i + 1], r2 = r[i + 2], r3 = r[i + 3];
    const Scalar* __restrict a = J + i * nn;
    const Scalar* __restrict b = a + nn;
    const Scalar* __restrict c = b + nn;
    const Scalar* __restrict d = c + nn;
    for (Index j = 0; j < nn; ++j) y[j] = (((y[j] + a[j] * r0) + b[j] * r1) + c[j] * r2) + d[j] * r3;
  }
  for (Index t = 0; t < nn % 4; ++t) {
    const Scalar ri = r[blocked + t];
    const Scalar* row = J + (blocked + t) * nn;
    for (Index j = 0; j < nn; ++j) y[j] += row[j] * ri;
  }
}

}  // namespace edgechaos::detail
