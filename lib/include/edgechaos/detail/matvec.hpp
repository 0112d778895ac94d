// The one hot loop: y = J r for row-major J.
//
// Summation order (fixed by this code, the same on every platform):
//   each row i is summed in kLanes = 8 interleaved partial sums; lane k takes the
//   products J(i, j) * r(j) for j = k, k + 8, k + 16, ... in increasing j, starting
//   from +0; the last cols % 8 columns go to lanes 0, 1, ... in order. The lanes are
//   then combined pairwise: y(i) = ((l0 + l4) + (l1 + l5)) + ((l2 + l6) + (l3 + l7)).
// No operation is reassociated, so with FMA contraction off (the reproducible mode)
// every IEEE-754 binary32 platform produces the same bits. With contraction on, the
// compiler may fuse a lane update acc += J * r into one FMA: faster, last bits differ.
//
// How the lanes are computed changes no result, only the speed:
// - Where the compiler has SIMD registers (GCC/Clang with SSE2, AVX or NEON), the 8
//   lanes of a row are held in GCC vector-extension registers (one 32-byte AVX vector,
//   or two 16-byte SSE2/NEON vectors) and updated with lane-wise + and *: the same
//   operations on the same lanes as the scalar code. (Written as plain arrays over
//   several rows, GCC 12 at -O2 kept the sums in memory or vectorised across j with
//   shuffles, at a third of the speed.)
// - Elsewhere (Cortex-M, other compilers) the 8 lanes are a plain array.
// - kRowBlock rows are computed together, each with its own lanes, so r is loaded once
//   per block and 8 independent vector sums hide the add latency (4 rows with SSE2/NEON,
//   8 with AVX). Without SIMD one row at a time (a Cortex-M4F's 32 single-precision
//   registers would not hold 4 x 8 sums).
// Overrides: -DEDGECHAOS_MATVEC_SCALAR=1 forces the plain arrays,
// -DEDGECHAOS_MATVEC_ROWS=<1..8> the block. tests/host/test_matvec_order.cpp checks
// both paths, bit for bit, against a one-line-per-operation statement of the order.
#pragma once

#include <cstring>

#include "edgechaos/core/config.hpp"

#if !defined(EDGECHAOS_MATVEC_SCALAR)
#if defined(__GNUC__) && (defined(__AVX__) || defined(__SSE2__) || defined(__ARM_NEON))
#define EDGECHAOS_MATVEC_SCALAR 0
#else
#define EDGECHAOS_MATVEC_SCALAR 1
#endif
#endif

// Run-time choice of an AVX2/FMA/AVX-512 kernel on x86-64 (matvec_x86.hpp), unless the
// plain arrays are forced or -DEDGECHAOS_MATVEC_DISPATCH=0.
#if !defined(EDGECHAOS_MATVEC_DISPATCH)
#if defined(__GNUC__) && defined(__x86_64__) && !EDGECHAOS_MATVEC_SCALAR
#define EDGECHAOS_MATVEC_DISPATCH 1
#else
#define EDGECHAOS_MATVEC_DISPATCH 0
#endif
#endif

#if !defined(EDGECHAOS_MATVEC_ROWS)
#if EDGECHAOS_MATVEC_SCALAR
#define EDGECHAOS_MATVEC_ROWS 1
#elif defined(__AVX__)
#define EDGECHAOS_MATVEC_ROWS 8  // 8 rows x one 8-wide vector: 8 sums hide the FMA latency
#else
#define EDGECHAOS_MATVEC_ROWS 4  // 4 rows x two 4-wide vectors: 8 of the 16 SSE/NEON registers
#endif
#endif

// Fully unroll the short block and part loops so that the sums stay in registers.
#if defined(__GNUC__)
#define EDGECHAOS_UNROLL _Pragma("GCC unroll 8")
#else
#define EDGECHAOS_UNROLL
#endif

namespace edgechaos::detail {

constexpr int kLanes = 8;
constexpr int kRowBlock = EDGECHAOS_MATVEC_ROWS;
static_assert(kRowBlock >= 1 && kRowBlock <= 8, "EDGECHAOS_MATVEC_ROWS must be in 1..8");

#if EDGECHAOS_MATVEC_SCALAR
constexpr int kVecLanes = 1;  // one lane per variable
using LaneVec = Scalar;
inline void add_to_lane(LaneVec& v, int, Scalar t) { v += t; }
inline LaneVec load_lanes(const Scalar* p) { return *p; }
#else
#if defined(__AVX__)
constexpr int kVecLanes = 8;
#else
constexpr int kVecLanes = 4;
#endif
typedef Scalar LaneVec __attribute__((vector_size(kVecLanes * sizeof(Scalar))));
inline void add_to_lane(LaneVec& v, int k, Scalar t) { v[k] += t; }  // Clang: no references to lanes
inline LaneVec load_lanes(const Scalar* p) {  // unaligned load
  LaneVec v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
#endif
constexpr int kParts = kLanes / kVecLanes;  // lanes k*kVecLanes .. live in part k

// y[b] = ((l0 + l4) + (l1 + l5)) + ((l2 + l6) + (l3 + l7)) over the lanes l of row b.
// The shuffles below need __builtin_shufflevector (GCC >= 12, Clang); without it the
// lanes are combined one row at a time, with the same adds.
#if defined(__has_builtin)
#if __has_builtin(__builtin_shufflevector)
#define EDGECHAOS_HAS_SHUFFLEVECTOR 1
#endif
#endif

#if !EDGECHAOS_MATVEC_SCALAR && defined(EDGECHAOS_HAS_SHUFFLEVECTOR)
typedef Scalar Vec4 __attribute__((vector_size(4 * sizeof(Scalar))));

// s = (l0 + l4, l1 + l5, l2 + l6, l3 + l7): the first level of the combine.
inline Vec4 fold_halves(const LaneVec (&a)[kParts]) {
#if defined(__AVX__)
  return __builtin_shufflevector(a[0], a[0], 0, 1, 2, 3) + __builtin_shufflevector(a[0], a[0], 4, 5, 6, 7);
#else
  return a[0] + a[1];
#endif
}

template <int B>
inline void combine(const LaneVec (&acc)[B][kParts], Scalar* __restrict y) {
  // Four rows at a time, the s vectors are transposed (data movement only) so that the
  // last two levels of adds serve four rows at once.
  int b = 0;
  for (; b + 4 <= B; b += 4) {
    const Vec4 s0 = fold_halves(acc[b]), s1 = fold_halves(acc[b + 1]);
    const Vec4 s2 = fold_halves(acc[b + 2]), s3 = fold_halves(acc[b + 3]);
    const Vec4 u0 = __builtin_shufflevector(s0, s1, 0, 4, 1, 5), u1 = __builtin_shufflevector(s2, s3, 0, 4, 1, 5);
    const Vec4 u2 = __builtin_shufflevector(s0, s1, 2, 6, 3, 7), u3 = __builtin_shufflevector(s2, s3, 2, 6, 3, 7);
    const Vec4 t0 = __builtin_shufflevector(u0, u1, 0, 1, 4, 5), t1 = __builtin_shufflevector(u0, u1, 2, 3, 6, 7);
    const Vec4 t2 = __builtin_shufflevector(u2, u3, 0, 1, 4, 5), t3 = __builtin_shufflevector(u2, u3, 2, 3, 6, 7);
    const Vec4 out = (t0 + t1) + (t2 + t3);  // t_k = (s0[k], s1[k], s2[k], s3[k])
    std::memcpy(y + b, &out, sizeof out);
  }
  for (; b < B; ++b) {
    const Vec4 s = fold_halves(acc[b]);
    y[b] = (s[0] + s[1]) + (s[2] + s[3]);
  }
}
#else
template <int B>
inline void combine(const LaneVec (&acc)[B][kParts], Scalar* __restrict y) {
  for (int b = 0; b < B; ++b) {
    Scalar l[kLanes];
    std::memcpy(l, acc[b], sizeof l);
    y[b] = ((l[0] + l[4]) + (l[1] + l[5])) + ((l[2] + l[6]) + (l[3] + l[7]));
  }
}
#endif

// The lane update acc += a * b as written in the portable order (the compiler's contraction
// may fuse it). detail/batch_matvec.hpp passes another where it must follow matvec_arm.hpp.
struct PlainMac {
  static EDGECHAOS_INLINE void apply(LaneVec& acc, const LaneVec& a, const LaneVec& b) { acc += a * b; }
};

// B consecutive rows (row b starts at J + b * stride): y[b] = row_b . r in the order
// above. Cols is the compile-time column count, or Dynamic (then cols). Mac: the update
// of a full slice's lanes (the tail columns always take the plain one).
template <int B, int Cols, class Mac = PlainMac>
inline void dot_rows(const Scalar* __restrict J, Index stride, const Scalar* __restrict r,
                     Scalar* __restrict y, Index cols) {
  const Index nc = (Cols == Dynamic) ? cols : Cols;
  const Index full = nc - nc % kLanes;
  LaneVec acc[B][kParts];
  EDGECHAOS_UNROLL
  for (int b = 0; b < B; ++b) {
    EDGECHAOS_UNROLL
    for (int p = 0; p < kParts; ++p) acc[b][p] = LaneVec{};
  }
  for (Index j = 0; j < full; j += kLanes) {
    EDGECHAOS_UNROLL
    for (int p = 0; p < kParts; ++p) {
      const Index c = j + p * kVecLanes;  // first column of part p
      const LaneVec rv = load_lanes(r + c);
      EDGECHAOS_UNROLL
      for (int b = 0; b < B; ++b) Mac::apply(acc[b][p], load_lanes(J + b * stride + c), rv);
    }
  }
  for (Index j = full; j < nc; ++j) {
    const int k = static_cast<int>(j - full);
    for (int b = 0; b < B; ++b) add_to_lane(acc[b][k / kVecLanes], k % kVecLanes, J[b * stride + j] * r[j]);
  }
  combine<B>(acc, y);
}

// One row: the fixed-order dot product (n = length when N is Dynamic).
template <int N>
inline Scalar dot_row(const Scalar* __restrict row, const Scalar* __restrict r, Index n) {
  Scalar y;
  dot_rows<1, N>(row, 0, r, &y, n);
  return y;
}

#if EDGECHAOS_MATVEC_DISPATCH
template <int Rows, int Cols>
inline bool dispatched_matvec(const Scalar* J, const Scalar* r, Scalar* y, Index rows, Index cols);
#endif

// y = J r, J row-major rows x cols, Block rows at a time (every Block gives the same bits).
// With the default Block on x86-64, the variant chosen at run time (matvec_x86.hpp).
template <int Rows, int Cols, int Block = kRowBlock>
inline void matvec(const Scalar* __restrict J, const Scalar* __restrict r, Scalar* __restrict y,
                   Index rows, Index cols) {
#if EDGECHAOS_MATVEC_DISPATCH
  if constexpr (Block == kRowBlock) {
    if (dispatched_matvec<Rows, Cols>(J, r, y, rows, cols)) return;
  }
#endif
  const Index nr = (Rows == Dynamic) ? rows : Rows;
  const Index nc = (Cols == Dynamic) ? cols : Cols;
  const Index blocked = nr - nr % Block;
  Index i = 0;
  for (; i < blocked; i += Block) dot_rows<Block, Cols>(J + i * nc, nc, r, y + i, nc);
  for (; i < nr; ++i) dot_rows<1, Cols>(J + i * nc, nc, r, y + i, nc);
}

}  // namespace edgechaos::detail

#if EDGECHAOS_MATVEC_DISPATCH
#include "edgechaos/detail/matvec_x86.hpp"  // x86-64: AVX2/FMA/AVX-512 chosen at run time
#endif
#if defined(__ARM_ARCH_PROFILE) && __ARM_ARCH_PROFILE == 'M' && defined(__ARM_FEATURE_FMA)
#include "edgechaos/detail/matvec_arm.hpp"  // Cortex-M4F/M7/M33: same order, fewer instructions
#endif
