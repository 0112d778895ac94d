// The one hot loop: y = J r for row-major J.
//
// Summation order is fixed by the code, not by the compiler: each row is summed in
// kLanes interleaved partial sums (lane k takes columns j = k, k + kLanes, ...), then
// the lanes are combined pairwise. Independent lanes let compilers vectorise without
// -ffast-math and hide FMA latency; a fixed order means that with FMA contraction off
// (reproducible mode) every IEEE-754 platform produces the same bits.
#pragma once

#include "edgechaos/config.hpp"

namespace edgechaos::detail {

constexpr int kLanes = 8;

// One row: the fixed-order dot product. Kept separate so every caller sums the same way.
template <int N>
inline Scalar dot_row(const Scalar* __restrict row, const Scalar* __restrict r, Index n) {
  const Index cols = (N == Dynamic) ? n : N;
  Scalar acc[kLanes] = {0, 0, 0, 0, 0, 0, 0, 0};
  const Index full = cols - cols % kLanes;
  for (Index j = 0; j < full; j += kLanes) {
    for (int k = 0; k < kLanes; ++k) acc[k] += row[j + k] * r[j + k];
  }
  for (Index j = full; j < cols; ++j) acc[j - full] += row[j] * r[j];
  return ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]));
}

// y = J r, J row-major rows x cols.
template <int Rows, int Cols>
inline void matvec(const Scalar* __restrict J, const Scalar* __restrict r, Scalar* __restrict y,
                   Index rows, Index cols) {
  const Index nr = (Rows == Dynamic) ? rows : Rows;
  const Index nc = (Cols == Dynamic) ? cols : Cols;
  for (Index i = 0; i < nr; ++i) y[i] = dot_row<Cols>(J + i * nc, r, nc);
}

}  // namespace edgechaos::detail

#if defined(__ARM_ARCH_PROFILE) && __ARM_ARCH_PROFILE == 'M' && defined(__ARM_FEATURE_FMA)
#include "edgechaos/detail/matvec_arm.hpp"  // Cortex-M4F/M7/M33: same order, fewer instructions
#endif
