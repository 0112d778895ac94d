// y = J^T r for row-major J without a transposed copy: J is streamed row by row, in
// storage order, so it may sit in flash. The gradient of the quasi-potential and the
// sigma_max estimate need it; batch_matvec_transposed does R vectors in one pass over J
// (the Langevin replicas), each with the bits of matvec_transposed.
#pragma once

#include "edgechaos/core/config.hpp"
#include "edgechaos/detail/matvec.hpp"
#if EDGECHAOS_MATVEC_DISPATCH
#include "edgechaos/detail/elementwise_x86.hpp"
#endif

namespace edgechaos::detail {

// x86-64 with a wide matvec variant in use: the column loops run 8 wide, compiled for AVX2
// without FMA, so with the same bits (elementwise_x86.hpp). Asked once per product.
inline bool wide_transposed() {
#if EDGECHAOS_MATVEC_DISPATCH
  return wide_elementwise();
#else
  return false;
#endif
}

// y += J(i..i+3, :)^T r(i..i+3): four rows per pass over y, so one load and one store of
// y[j] per four multiply-adds instead of per one. The additions into y[j] stay in row
// order, so the result is the same as one row at a time.
EDGECHAOS_INLINE void transposed_rows4(const Scalar* __restrict a, Index nn, const Scalar* __restrict r,
                                       Scalar* __restrict y, bool wide) {
#if EDGECHAOS_MATVEC_DISPATCH
  if (wide) return transposed_rows4_avx2(a, nn, r, y);
#else
  (void)wide;
#endif
  const Scalar r0 = r[0], r1 = r[1], r2 = r[2], r3 = r[3];
  const Scalar* __restrict b = a + nn;
  const Scalar* __restrict c = b + nn;
  const Scalar* __restrict d = c + nn;
  for (Index j = 0; j < nn; ++j) y[j] = (((y[j] + a[j] * r0) + b[j] * r1) + c[j] * r2) + d[j] * r3;
}

// y += J(i, :)^T r_i, one row (the n % 4 rows after the blocks of four).
EDGECHAOS_INLINE void transposed_row(const Scalar* __restrict row, Index nn, Scalar ri, Scalar* __restrict y,
                                     bool wide) {
#if EDGECHAOS_MATVEC_DISPATCH
  if (wide) return transposed_row_avx2(row, nn, ri, y);
#else
  (void)wide;
#endif
  for (Index j = 0; j < nn; ++j) y[j] += row[j] * ri;
}

// y = J^T r for row-major n x n J, streaming J row by row (in storage order).
template <int N>
inline void matvec_transposed(const Scalar* __restrict J, const Scalar* __restrict r, Scalar* __restrict y,
                              Index n) {
  const Index nn = (N == Dynamic) ? n : N;
  const bool wide = wide_transposed();
  for (Index j = 0; j < nn; ++j) y[j] = 0.0f;
  const Index blocked = nn - nn % 4;
  for (Index i = 0; i < blocked; i += 4) transposed_rows4(J + i * nn, nn, r + i, y, wide);
  for (Index i = blocked; i < nn; ++i) transposed_row(J + i * nn, nn, r[i], y, wide);
}

// Y = J^T [r_0 ... r_{R-1}]: vector v at Rv + v n, its result at Y + v n (no overlap).
// Each block of four rows of J is read from memory once and applied to all R vectors
// from L1; every y_v gets matvec_transposed's operations in its order, so its bits.
template <int R, int N>
inline void batch_matvec_transposed(const Scalar* __restrict J, const Scalar* __restrict Rv, Scalar* __restrict Y,
                                    Index n) {
  static_assert(R >= 1, "batch_matvec_transposed: at least one vector");
  const Index nn = (N == Dynamic) ? n : N;
  const bool wide = wide_transposed();
  for (Index j = 0; j < R * nn; ++j) Y[j] = 0.0f;
  const Index blocked = nn - nn % 4;
  for (Index i = 0; i < blocked; i += 4) {
    for (int v = 0; v < R; ++v) transposed_rows4(J + i * nn, nn, Rv + v * nn + i, Y + v * nn, wide);
  }
  for (Index i = blocked; i < nn; ++i) {
    for (int v = 0; v < R; ++v) transposed_row(J + i * nn, nn, Rv[v * nn + i], Y + v * nn, wide);
  }
}

}  // namespace edgechaos::detail
