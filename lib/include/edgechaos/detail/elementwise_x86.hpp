// x86-64: the O(N) loops of a step (the activation, the leak and bias, the proposal with
// its finiteness test) compiled for AVX2 and run when a wide matvec variant is in use
// (matvec_x86.hpp), so the whole step gets 8-wide vectors in the portable build.
//
// Same bits as the portable loops, in both modes: the functions are compiled for AVX2
// without FMA (nothing can fuse), and each element is computed by the same scalar
// expression (the activation's value(), the same adds), only 8 at a time. The loops are
// written as 8-element chunks of a fixed count because GCC's -O2 vectoriser (very cheap
// cost model) vectorises only loops it can cover without a scalar remainder; the chunks
// are counted (c < n / 8), not `i + 8 <= n`, and the rest (fewer than 8) is indexed from
// the end of the chunks: with the latter form GCC 12 at -O3 reasoned about an index
// overflowing and warned of "iteration 2^62 invokes undefined behavior".
#pragma once

#include <cmath>

#include "edgechaos/core/checks.hpp"
#include "edgechaos/core/config.hpp"
#include "edgechaos/detail/matvec.hpp"

namespace edgechaos::detail {

#define EDGECHAOS_AVX2_NO_FMA __attribute__((target("avx2")))

// True when the wide loops run: the CPU has AVX2 and the portable kernel is not forced.
inline bool wide_elementwise() { return active_matvec_kernel() != MatvecKernel::portable; }

// phi_i = Act::value(x_i).
template <class Act>
EDGECHAOS_AVX2_NO_FMA void apply_avx2(const Scalar* __restrict x, Scalar* __restrict phi, Index n) {
  const Index chunks = n / 8, done = 8 * chunks;
  for (Index c = 0; c < chunks; ++c) {
    for (int k = 0; k < 8; ++k) phi[8 * c + k] = Act::value(x[8 * c + k]);
  }
  for (int k = 0; k < static_cast<int>(n - done); ++k) phi[done + k] = Act::value(x[done + k]);
}

// v_i <- (v_i - x_i) + b_i.
EDGECHAOS_AVX2_NO_FMA inline void leak_and_bias_avx2(const Scalar* __restrict x, const Scalar* __restrict b,
                                                     Scalar* __restrict v, Index n) {
  const Index chunks = n / 8, done = 8 * chunks;
  for (Index c = 0; c < chunks; ++c) {
    for (int k = 0; k < 8; ++k) v[8 * c + k] = (v[8 * c + k] - x[8 * c + k]) + b[8 * c + k];
  }
  for (int k = 0; k < static_cast<int>(n - done); ++k) v[done + k] = (v[done + k] - x[done + k]) + b[done + k];
}

// out_i = x_i + h slope_i (+ noise_i), stored as 0 when its magnitude is below `floor`;
// false if any sum is NaN or Inf (the stepper's advance_finite, 8 at a time).
template <bool kNoise>
EDGECHAOS_AVX2_NO_FMA bool advance_finite_avx2(const Scalar* __restrict x, const Scalar* __restrict slope, Scalar h,
                                               const Scalar* __restrict noise, Scalar* __restrict out, Index n,
                                               Scalar floor) {
  const auto flush = [floor](Scalar v) { return std::fabs(v) < floor ? Scalar(0) : v; };
  unsigned bad[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  const Index chunks = n / 8, done = 8 * chunks;
  for (Index c = 0; c < chunks; ++c) {
    for (int k = 0; k < 8; ++k) {
      const Index i = 8 * c + k;
      Scalar xn = x[i] + h * slope[i];
      if constexpr (kNoise) xn += noise[i];
      out[i] = flush(xn);
      bad[k] |= is_finite(xn) ? 0u : 1u;
    }
  }
  for (int k = 0; k < static_cast<int>(n - done); ++k) {
    const Index i = done + k;
    Scalar xn = x[i] + h * slope[i];
    if constexpr (kNoise) xn += noise[i];
    out[i] = flush(xn);
    bad[0] |= is_finite(xn) ? 0u : 1u;
  }
  return ((bad[0] | bad[1]) | (bad[2] | bad[3]) | (bad[4] | bad[5]) | (bad[6] | bad[7])) == 0u;
}

#undef EDGECHAOS_AVX2_NO_FMA

}  // namespace edgechaos::detail
