// Y = J X for R vectors at once, J streamed once: replicas, ensembles of initial states
// and tangent frames share one J, and from N of about 128 on J no longer sits in L1.
//
// Layout: X holds the R vectors one after the other (x_v at X + v * cols), Y likewise.
// The kernel is matvec's dot_rows with the vectors in place of the rows: for row i of J,
// each 8-column slice of the row is loaded once and multiplied into G vectors' lanes
// (G = matvec's row block: 4 with SSE2/NEON, 8 with AVX, 2 on the scalar cores), so J is
// read once per G vectors from cache and once per call from memory.
//
// Bits: vector v of Y is bit-identical to matvec(J, x_v) in the same build. Each vector
// gets exactly the operations of detail/matvec.hpp's documented order (lane k takes
// j = k, k + 8, ... from +0; tail columns to lanes 0, 1, ...; the lanes combined as
// ((l0 + l4) + (l1 + l5)) + ((l2 + l6) + (l3 + l7)), with matvec's own combine). The lane
// update is written as in matvec (acc += J * x), so the compiler's contraction treats
// both alike, except on the Cortex-M cores whose square products run matvec_arm.hpp's
// assembly: there the update takes the kernel's form of the build (kArmMacDefault: an
// explicit fused multiply-add for its vfma, or a product the compiler cannot fuse then an
// add for its vmul + vadd, as with EDGECHAOS_REPRODUCIBLE or EDGECHAOS_ARM_MATVEC_SPLIT),
// and the shapes the kernel leaves to the portable code keep the portable update.
// On x86-64 the run-time variant of matvec_x86.hpp serves both (see batch_matvec below).
// tests/host/test_batch_matvec.cpp checks the bits against matvec for both lane paths and
// with FMA contraction on; tests/target runs it on the Cortex-M cores.
#pragma once

#include <cmath>
#include <cstring>
#include <type_traits>

#include "edgechaos/core/config.hpp"
#include "edgechaos/detail/matvec.hpp"

namespace edgechaos::detail {

// The lane update of the Cortex-M kernel in its form of this build (matvec_arm.hpp's
// kArmMacDefault): an explicit fused multiply-add for its vfma, or a product the compiler
// cannot fuse then an add for its vmul + vadd (as with EDGECHAOS_REPRODUCIBLE or
// EDGECHAOS_ARM_MATVEC_SPLIT, also when the rest of the build contracts).
struct ArmKernelMac {
  static EDGECHAOS_INLINE void apply(LaneVec& acc, const LaneVec& a, const LaneVec& b) {
#if defined(__ARM_ARCH_PROFILE) && __ARM_ARCH_PROFILE == 'M' && defined(__ARM_FEATURE_FMA)
    if constexpr (kArmMacDefault == ArmMac::fused) {
      acc = std::fma(a, b, acc);  // vfma.f32 (Cortex-M: LaneVec is a Scalar)
    } else {
      Scalar p = a * b;
      __asm__("" : "+t"(p));  // hides the product from the contraction
      acc = acc + p;
    }
#else
    PlainMac::apply(acc, a, b);
#endif
  }
};

// Vectors per pass over a row: as many as matvec takes rows (kRowBlock sums of 8 lanes
// fit the registers), and two on the scalar cores (16 sums, as the M4F kernel's two rows).
constexpr int kBatchGroup = kRowBlock > 1 ? kRowBlock : 2;

// Rows [0, nr) of Y for vectors [V0, R), G vectors per pass (the last pass fewer).
template <int R, int Cols, bool kKernel, int V0 = 0>
inline void batch_rows(const Scalar* __restrict J, const Scalar* __restrict X, Scalar* __restrict Y, Index i0,
                       Index i1, Index nr, Index nc) {
  constexpr int G = (R - V0) < kBatchGroup ? (R - V0) : kBatchGroup;
  Scalar y[G];
  using Mac = std::conditional_t<kKernel, ArmKernelMac, PlainMac>;
  for (Index i = i0; i < i1; ++i) {
    // matvec's dot_rows with the vectors as the rows and row i of J as the vector: J's
    // slice is loaded once for all G; a * b and fma(a, b, c) are symmetric, so each vector
    // gets matvec's bits. (The kernel's rows have no tail columns: cols % 8 == 0.)
    dot_rows<G, Cols, Mac>(X + V0 * nc, nc, J + i * nc, y, nc);
    EDGECHAOS_UNROLL
    for (int b = 0; b < G; ++b) Y[(V0 + b) * nr + i] = y[b];
  }
  if constexpr (V0 + G < R) batch_rows<R, Cols, kKernel, V0 + G>(J, X, Y, i0, i1, nr, nc);
}

// True where matvec<Rows, Cols> runs matvec_arm.hpp's kernel (the listed square
// sizes, and Dynamic, decided per call below). Keep in step with EDGECHAOS_ARM_SQUARE
// there: test_batch_target checks 8, 16, 24, 32 and Dynamic on the FPU cores.
template <int Rows, int Cols>
constexpr bool arm_kernel_shape() {
#if defined(__ARM_ARCH_PROFILE) && __ARM_ARCH_PROFILE == 'M' && defined(__ARM_FEATURE_FMA)
  if constexpr (Rows == Dynamic && Cols == Dynamic) return true;
  if constexpr (Rows != Cols || Rows == Dynamic || Cols == Dynamic) return false;
  return (Rows % 8 == 0 && Rows <= 64) || Rows == 80 || Rows == 96 || Rows == 112 || Rows == 128 || Rows == 160 ||
         Rows == 192 || Rows == 224 || Rows == 256;
#else
  return false;
#endif
}

/// Y = J X for R vectors (see the top of this file): J row-major rows x cols; X holds
/// the R vectors one after the other (vector v at X + v * cols), Y likewise (at Y + v *
/// rows); vector v of Y has the bits of matvec<Rows, Cols>(J, x_v). X and Y must not overlap.
template <int R, int Rows, int Cols>
inline void batch_matvec(const Scalar* __restrict J, const Scalar* __restrict X, Scalar* __restrict Y, Index rows,
                         Index cols) {
  static_assert(R >= 1, "batch_matvec: at least one vector");
  const Index nr = (Rows == Dynamic) ? rows : Rows;
  const Index nc = (Cols == Dynamic) ? cols : Cols;
  if constexpr (R == 1) {
    matvec<Rows, Cols>(J, X, Y, nr, nc);  // one vector: the product itself (row blocks)
    return;
  }
#if EDGECHAOS_MATVEC_DISPATCH
  // x86-64 with a variant chosen at run time (matvec_x86.hpp; avx2_fma, when forced, fuses
  // in the default mode): the same variant with the vectors as the rows and row i of J as
  // the vector. Lane for lane these are matvec(J, x_v)'s operations with the factors
  // swapped, and a * b, fma(a, b, c) are symmetric in a and b: the same bits; J's row is
  // read once for the vectors. Only in groups of 8 (the kernel's row block): fewer rows go
  // one at a time through a single accumulator, a latency-bound chain (R = 4 cost 1.6-1.9x
  // a single product per vector), so the R % 8 others take one product each.
  if (matvec_kernel() != MatvecKernel::portable) {
    constexpr int kWide = R - R % 8;
    if constexpr (kWide > 0) {
      Scalar y[kWide];
      for (Index i = 0; i < nr; ++i) {
        (void)dispatched_matvec<kWide, Cols>(X, J + i * nc, y, kWide, nc);
        for (int v = 0; v < kWide; ++v) Y[v * nr + i] = y[v];
      }
    }
    for (int v = kWide; v < R; ++v) (void)dispatched_matvec<Rows, Cols>(J, X + v * nc, Y + v * nr, nr, nc);
    return;
  }
#endif
  if constexpr (arm_kernel_shape<Rows, Cols>()) {
    // The kernel takes rows in pairs when cols is a multiple of 8 (>= 8); matvec computes
    // any other shape, and a last odd row, with the portable update.
    const bool kernel = nc >= kLanes && nc % kLanes == 0;
    const Index paired = kernel ? nr - nr % 2 : 0;
    batch_rows<R, Cols, true>(J, X, Y, 0, paired, nr, nc);
    batch_rows<R, Cols, false>(J, X, Y, paired, nr, nr, nc);
  } else {
    batch_rows<R, Cols, false>(J, X, Y, 0, nr, nr, nc);
  }
}

}  // namespace edgechaos::detail
