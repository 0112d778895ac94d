// The two O(F^2) loops of RLS (readouts/rls.hpp) on a symmetric F x F matrix stored as its
// upper triangle packed by rows (row i holds columns i..F-1, starting at i F - i (i - 1) / 2):
//   packed_symmetric_times:  pf = P f
//   packed_rank1_downdate:   P_ij = (P_ij - k_i pf_j) * inv_lambda   (j >= i)
//
// The order of operations is fixed and the same on every core, so results do not depend
// on the kernel. For row i of P f: sum = 0 + P_ii f_i, then sum += P_ij f_j for j = i+1..F-1
// in order; pf_j += P_ij f_i for each j > i (rows in order); finally pf_i += sum. One read
// of each stored entry serves both halves of the symmetric product.
//
// On Cortex-M cores with single-precision FMA (M4F, M7, M33) and outside the reproducible
// mode, packed_triangle_arm.hpp does both in assembly blocks of 8 floats per vldmia/vstmia,
// two rows at a time: P f at 1.34 and the downdate at 1.55 instructions per multiply-add
// (M4F, F = 128; docs/readouts.md). The arithmetic is the portable loops' under GCC's
// default contraction (-ffp-contract=fast): vfma for `s += a * b`, vfms for `x - k * p`,
// then vmul; the bench image checks that both give the same bits. In the reproducible
// mode (no contraction) the portable loops below are used.
#pragma once

#include <cstdint>
#include <utility>

#include "edgechaos/core/config.hpp"

namespace edgechaos::detail {

// Start of row i of a packed upper triangle of an F x F matrix.
template <int F>
constexpr int packed_row(int i) {
  return i * F - i * (i - 1) / 2;
}

// Row i of P f over columns j in [from, to) (from > i): the two halves of the symmetric
// product for those columns. row points at P_ii. Returns the updated sum.
inline Scalar packed_row_part(const Scalar* __restrict row, int i, const Scalar* __restrict f, Scalar* __restrict pf,
                              int from, int to, Scalar sum) {
  const Scalar fi = f[i];
  for (int j = from; j < to; ++j) {
    const Scalar pij = row[j - i];
    sum += pij * f[j];
    pf[j] += pij * fi;
  }
  return sum;
}

// Row i of the downdate over columns j in [from, to) (from >= i).
inline void packed_downdate_part(Scalar* __restrict row, int i, Scalar ki, const Scalar* __restrict pf,
                                 Scalar inv_lambda, bool scale, int from, int to) {
  if (scale) {
    for (int j = from; j < to; ++j) row[j - i] = (row[j - i] - ki * pf[j]) * inv_lambda;
  } else {
    for (int j = from; j < to; ++j) row[j - i] = row[j - i] - ki * pf[j];  // x * 1 == x: same bits
  }
}

// The portable kernels (also the reference the bench image compares the assembly with).
template <int F>
inline void packed_symmetric_times_portable(const Scalar* __restrict p, const Scalar* __restrict f,
                                            Scalar* __restrict pf) {
  for (int i = 0; i < F; ++i) pf[i] = Scalar(0);
  for (int i = 0; i < F; ++i) {
    const Scalar* row = p + packed_row<F>(i);
    // The chain starts from 0 + P_ii f_i, not from the bare product: every add of the row
    // then has one product in it, so a compiler that contracts to FMA (GCC does by default
    // on FMA cores) has one way to do it, unrolled or not; P_ii f_i itself is rounded once
    // (0 + x is x except for the sign of a zero).
    const Scalar sum = packed_row_part(row, i, f, pf, i + 1, F, Scalar(0) + row[0] * f[i]);
    pf[i] += sum;
  }
}

template <int F>
inline void packed_rank1_downdate_portable(Scalar* __restrict p, const Scalar* __restrict k,
                                           const Scalar* __restrict pf, Scalar inv_lambda) {
  const bool scale = inv_lambda != Scalar(1);
  for (int i = 0; i < F; ++i) packed_downdate_part(p + packed_row<F>(i), i, k[i], pf, inv_lambda, scale, i, F);
}

#if !(defined(__ARM_ARCH_PROFILE) && __ARM_ARCH_PROFILE == 'M' && defined(__ARM_FEATURE_FMA)) || \
    (defined(EDGECHAOS_REPRODUCIBLE) && EDGECHAOS_REPRODUCIBLE)

// A new diagonal entry before any scaling, Q_ii - k_i (Q f)_i, exactly as the downdate
// writes it: the check of rls.hpp calls this so that the value it checks is the value
// written.
inline Scalar packed_new_diagonal(Scalar q, Scalar k, Scalar pf) { return q - k * pf; }

template <int F>
inline void packed_symmetric_times(const Scalar* __restrict p, const Scalar* __restrict f, Scalar* __restrict pf) {
  packed_symmetric_times_portable<F>(p, f, pf);
}

template <int F>
inline void packed_rank1_downdate(Scalar* __restrict p, const Scalar* __restrict k, const Scalar* __restrict pf,
                                  Scalar inv_lambda) {
  packed_rank1_downdate_portable<F>(p, k, pf, inv_lambda);
}

#endif

}  // namespace edgechaos::detail

#if defined(__ARM_ARCH_PROFILE) && __ARM_ARCH_PROFILE == 'M' && defined(__ARM_FEATURE_FMA) && \
    !(defined(EDGECHAOS_REPRODUCIBLE) && EDGECHAOS_REPRODUCIBLE)
#include "edgechaos/detail/packed_triangle_arm.hpp"  // same order, fewer instructions
#endif
