// x86-64: the O(N) loops of a step (the activation, the leak and bias, the proposal with
// its finiteness test, alone or with the observer's sums, and the column loops of J^T r,
// matvec_transposed.hpp) compiled for AVX2 and run when a wide matvec variant is in use
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

// The sums and the finiteness mask of the proposal passes below, carried across chunks.
struct AdvanceAvx2 {
  __m256 sx, sp, sv, finite;
};

// One chunk of 8 at i: out = x + h slope (+ noise), |out| < floor stored as +0, the
// finiteness mask, and with kSums the squares of x, phi and slope added to the sums. Lanes
// outside m (kFull: all lanes) read and add +0, are not stored and count as finite.
template <bool kNoise, bool kSums, bool kFull>
EDGECHAOS_AVX2_NO_FMA __attribute__((always_inline)) inline void advance_chunk(
    const Scalar* __restrict x, const Scalar* __restrict slope, const Scalar* __restrict phi, __m256 h,
    const Scalar* __restrict noise, Scalar* __restrict out, Index i, __m256i m, __m256 floor, AdvanceAvx2& a) {
  const __m256 xi = kFull ? _mm256_loadu_ps(x + i) : _mm256_maskload_ps(x + i, m);
  const __m256 vi = kFull ? _mm256_loadu_ps(slope + i) : _mm256_maskload_ps(slope + i, m);
  __m256 xn = _mm256_add_ps(xi, _mm256_mul_ps(h, vi));
  if constexpr (kNoise) xn = _mm256_add_ps(xn, kFull ? _mm256_loadu_ps(noise + i) : _mm256_maskload_ps(noise + i, m));
  const __m256 mag = _mm256_andnot_ps(_mm256_set1_ps(-0.0f), xn);
  const __m256 kept = _mm256_andnot_ps(_mm256_cmp_ps(mag, floor, _CMP_LT_OQ), xn);  // |xn| < floor: +0
  __m256 ok = _mm256_cmp_ps(mag, _mm256_set1_ps(__builtin_huge_valf()), _CMP_LT_OQ);  // false for Inf, NaN
  if constexpr (kFull) {
    _mm256_storeu_ps(out + i, kept);
  } else {
    _mm256_maskstore_ps(out + i, m, kept);
    ok = _mm256_or_ps(ok, _mm256_castsi256_ps(_mm256_xor_si256(m, _mm256_set1_epi32(-1))));
  }
  a.finite = _mm256_and_ps(a.finite, ok);
  if constexpr (kSums) {
    const __m256 pi = kFull ? _mm256_loadu_ps(phi + i) : _mm256_maskload_ps(phi + i, m);
    a.sx = _mm256_add_ps(a.sx, _mm256_mul_ps(xi, xi));
    a.sp = _mm256_add_ps(a.sp, _mm256_mul_ps(pi, pi));
    a.sv = _mm256_add_ps(a.sv, _mm256_mul_ps(vi, vi));
  }
}

// out_i = x_i + h slope_i (+ noise_i), stored as 0 when its magnitude is below `floor`;
// false if any out_i is NaN or Inf (the stepper's advance_finite, 8 at a time). With
// kSums, for a one-stage step (slope = v(x)), also the observer's sums in the same pass:
// sums = {x . x, phi . phi, slope . slope}, each in dot_row's order (lane i % 8 in
// increasing i, the tail's masked lanes adding +0, x86_avx2::combine1), so the same bits
// as stepper.hpp's step_sums. Intrinsics, not scalar chunks: an 8-lane sum is one register
// only if the compiler vectorises it.
template <bool kNoise, bool kSums = false>
EDGECHAOS_AVX2_NO_FMA bool advance_finite_avx2(const Scalar* __restrict x, const Scalar* __restrict slope, Scalar h,
                                               const Scalar* __restrict noise, Scalar* __restrict out, Index n,
                                               Scalar floor, const Scalar* __restrict phi = nullptr,
                                               Scalar* __restrict sums = nullptr) {
  const __m256 hv = _mm256_set1_ps(h), fv = _mm256_set1_ps(floor);
  AdvanceAvx2 a{_mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps(),
                _mm256_castsi256_ps(_mm256_set1_epi32(-1))};
  const Index full = n - n % 8;
  for (Index i = 0; i < full; i += 8) {
    advance_chunk<kNoise, kSums, true>(x, slope, phi, hv, noise, out, i, __m256i{}, fv, a);
  }
  if (full < n) {
    advance_chunk<kNoise, kSums, false>(x, slope, phi, hv, noise, out, full, x86_avx2::tail_mask(n - full), fv, a);
  }
  if constexpr (kSums) {
    sums[0] = x86_avx2::combine1(a.sx);
    sums[1] = x86_avx2::combine1(a.sp);
    sums[2] = x86_avx2::combine1(a.sv);
  }
  return _mm256_movemask_ps(a.finite) == 0xFF;
}

// y_j <- (((y_j + a_j r0) + b_j r1) + c_j r2) + d_j r3 over the columns j of four rows of
// J (a, b, c, d, row stride nn): matvec_transposed's block, each y_j as there.
EDGECHAOS_AVX2_NO_FMA inline void transposed_rows4_avx2(const Scalar* __restrict a, Index nn,
                                                        const Scalar* __restrict r, Scalar* __restrict y) {
  const Scalar r0 = r[0], r1 = r[1], r2 = r[2], r3 = r[3];
  const Scalar* __restrict b = a + nn;
  const Scalar* __restrict c = b + nn;
  const Scalar* __restrict d = c + nn;
  const auto update = [&](Index j) { y[j] = (((y[j] + a[j] * r0) + b[j] * r1) + c[j] * r2) + d[j] * r3; };
  const Index chunks = nn / 8, done = 8 * chunks;
  for (Index q = 0; q < chunks; ++q) {
    for (int k = 0; k < 8; ++k) update(8 * q + k);
  }
  for (int k = 0; k < static_cast<int>(nn - done); ++k) update(done + k);
}

// y_j <- y_j + row_j r: one of matvec_transposed's remaining rows.
EDGECHAOS_AVX2_NO_FMA inline void transposed_row_avx2(const Scalar* __restrict row, Index nn, Scalar r,
                                                      Scalar* __restrict y) {
  const Index chunks = nn / 8, done = 8 * chunks;
  for (Index q = 0; q < chunks; ++q) {
    for (int k = 0; k < 8; ++k) y[8 * q + k] += row[8 * q + k] * r;
  }
  for (int k = 0; k < static_cast<int>(nn - done); ++k) y[done + k] += row[done + k] * r;
}

#undef EDGECHAOS_AVX2_NO_FMA

}  // namespace edgechaos::detail
