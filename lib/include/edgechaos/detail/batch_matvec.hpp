// Y = J X for R vectors at once, J streamed once: replicas, ensembles of initial states
// and tangent frames share one J, and from N of about 128 on J no longer sits in L1.
//
// Layout: X is cols x R and Y rows x R, both row-major, so row j of X holds component j
// of the R vectors (X[j * R + v] = x_v(j)). The vectors are the SIMD direction: J(i, j)
// is loaded once, broadcast, and multiplied into all R vectors.
//
// Bits: column v of Y is bit-identical to matvec(J, x_v) in the same build. Each vector
// gets exactly the scalar operations of detail/matvec.hpp's documented order (lane k takes
// j = k, k + 8, ... from +0; tail columns to lanes 0, 1, ...; the lanes combined as
// ((l0 + l4) + (l1 + l5)) + ((l2 + l6) + (l3 + l7))); across the R vectors the work is
// elementwise, which no order question touches. The lane update is written as in
// matvec (acc += J * x), so the compiler's contraction treats both alike, except on the
// Cortex-M cores whose square products run matvec_arm.hpp's assembly: there the update is
// an explicit fused multiply-add in the default mode (the kernel's vfma) and a rounded
// product then an add with EDGECHAOS_REPRODUCIBLE (its vmul + vadd), and the shapes the
// kernel leaves to the portable code keep the portable update.
// tests/host/test_batch_matvec.cpp checks the bits against matvec for both lane paths.
#pragma once

#include <cmath>
#include <cstring>

#include "edgechaos/core/config.hpp"
#include "edgechaos/detail/matvec.hpp"

namespace edgechaos::detail {

// The SIMD width across vectors: whole vector registers when R fills them, else scalars
// (any R; GCC may still vectorise the elementwise loops).
template <int R>
constexpr int batch_width() {
#if EDGECHAOS_MATVEC_SCALAR
  return 1;
#else
  return R % kVecLanes == 0 ? kVecLanes : (R % 4 == 0 && kVecLanes > 4 ? 4 : 1);
#endif
}

template <int W>
struct BatchVec {
  typedef Scalar type __attribute__((vector_size(W * sizeof(Scalar))));
};
template <>
struct BatchVec<1> {
  using type = Scalar;
};

template <class V>
EDGECHAOS_INLINE V batch_load(const Scalar* p) {
  V v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
template <class V>
EDGECHAOS_INLINE void batch_store(Scalar* p, const V& v) {
  std::memcpy(p, &v, sizeof v);
}
// Every lane a. Written out lane by lane: `V{} + a` is an add of +0 (GCC emits it), which
// costs an instruction and would turn a -0 coupling into +0.
template <class V>
EDGECHAOS_INLINE V batch_broadcast(Scalar a) {
  constexpr int kW = static_cast<int>(sizeof(V) / sizeof(Scalar));
  if constexpr (kW == 1) {
    return a;
  } else if constexpr (kW == 4) {
    return V{a, a, a, a};
  } else {
    static_assert(kW == 8, "batch lanes are 1, 4 or 8 wide");
    return V{a, a, a, a, a, a, a, a};
  }
}

// How a lane is updated: as the portable matvec (kFused false) or as the Cortex-M
// kernel (kFused true).
template <bool kFused, class V>
EDGECHAOS_INLINE void batch_mac(V& acc, const V& a, const V& x) {
  // With EDGECHAOS_REPRODUCIBLE contraction is off and the kernel is vmul + vadd: the
  // plain update below gives both.
#if !(defined(EDGECHAOS_REPRODUCIBLE) && EDGECHAOS_REPRODUCIBLE)
  if constexpr (kFused) {
    acc = std::fma(a, x, acc);  // vfma.f32, as the kernel
  } else
#endif
  {
    acc += a * x;
  }
}

// Lanes per pass over a row: LG lanes x (R / W) vectors of sums in registers, about 8.
template <int R, int W>
constexpr int batch_lane_group() {
  constexpr int nvec = R / W;
  return nvec >= 8 ? 1 : (nvec >= 4 ? 2 : (nvec >= 2 ? 4 : 8));
}

// Row i of Y (R values) from row i of J, in matvec's order per vector.
template <int R, int Cols, bool kFused>
inline void batch_dot_row(const Scalar* __restrict Ji, const Scalar* __restrict X, Scalar* __restrict Yi, Index cols) {
  constexpr int W = batch_width<R>();
  constexpr int kVecs = R / W;
  constexpr int LG = batch_lane_group<R, W>();
  using V = typename BatchVec<W>::type;
  const Index nc = (Cols == Dynamic) ? cols : Cols;
  const Index full = nc - nc % kLanes;
  const int tail = static_cast<int>(nc - full);
  V lanes[kLanes][kVecs];
  for (int k0 = 0; k0 < kLanes; k0 += LG) {
    V acc[LG][kVecs];
    EDGECHAOS_UNROLL
    for (int g = 0; g < LG; ++g) {
      EDGECHAOS_UNROLL
      for (int q = 0; q < kVecs; ++q) acc[g][q] = V{};
    }
    for (Index j = 0; j < full; j += kLanes) {
      EDGECHAOS_UNROLL
      for (int g = 0; g < LG; ++g) {
        const Index c = j + k0 + g;
        const V a = batch_broadcast<V>(Ji[c]);
        const Scalar* xr = X + c * R;
        EDGECHAOS_UNROLL
        for (int q = 0; q < kVecs; ++q) batch_mac<kFused>(acc[g][q], a, batch_load<V>(xr + q * W));
      }
    }
    // the tail columns: column full + k goes to lane k, after the lane's full columns
    for (int g = 0; g < LG; ++g) {
      const int k = k0 + g;
      if (k < tail) {
        const Index c = full + k;
        const V a = batch_broadcast<V>(Ji[c]);
        for (int q = 0; q < kVecs; ++q) batch_mac<kFused>(acc[g][q], a, batch_load<V>(X + c * R + q * W));
      }
      for (int q = 0; q < kVecs; ++q) lanes[k][q] = acc[g][q];
    }
  }
  for (int q = 0; q < kVecs; ++q) {
    const V y = ((lanes[0][q] + lanes[4][q]) + (lanes[1][q] + lanes[5][q])) +
                ((lanes[2][q] + lanes[6][q]) + (lanes[3][q] + lanes[7][q]));
    batch_store(Yi + q * W, y);
  }
}

// True where matvec<Rows, Cols> runs matvec_arm.hpp's fused kernel for this row (the
// listed square sizes, and Dynamic with a multiple of 8 columns but not a last odd row).
template <int Rows, int Cols>
constexpr bool arm_kernel_shape() {
#if defined(__ARM_ARCH_PROFILE) && __ARM_ARCH_PROFILE == 'M' && defined(__ARM_FEATURE_FMA)
  if constexpr (Rows == Dynamic && Cols == Dynamic) return true;  // decided per call below
  if constexpr (Rows != Cols || Rows == Dynamic || Cols == Dynamic) return false;
  return (Rows % 8 == 0 && Rows <= 64) || Rows == 80 || Rows == 96 || Rows == 112 || Rows == 128 || Rows == 160 ||
         Rows == 192 || Rows == 224 || Rows == 256;
#else
  return false;
#endif
}

/// Y = J X for R vectors (see the top of this file): J row-major rows x cols, X cols x R
/// and Y rows x R row-major; column v of Y has the bits of matvec<Rows, Cols>(J, x_v).
/// X and Y must not overlap.
template <int R, int Rows, int Cols>
inline void batch_matvec(const Scalar* __restrict J, const Scalar* __restrict X, Scalar* __restrict Y, Index rows,
                         Index cols) {
  static_assert(R >= 1, "batch_matvec: at least one vector");
  const Index nr = (Rows == Dynamic) ? rows : Rows;
  const Index nc = (Cols == Dynamic) ? cols : Cols;
  if constexpr (arm_kernel_shape<Rows, Cols>()) {
    // The fused kernel covers rows in pairs when cols is a multiple of 8 (>= 8); matvec
    // computes any other shape, and a last odd row, with the portable update.
    const bool kernel = nc >= kLanes && nc % kLanes == 0;
    const Index paired = kernel ? nr - nr % 2 : 0;
    Index i = 0;
    for (; i < paired; ++i) batch_dot_row<R, Cols, true>(J + i * nc, X, Y + i * R, nc);
    for (; i < nr; ++i) batch_dot_row<R, Cols, false>(J + i * nc, X, Y + i * R, nc);
  } else {
    for (Index i = 0; i < nr; ++i) batch_dot_row<R, Cols, false>(J + i * nc, X, Y + i * R, nc);
  }
}

}  // namespace edgechaos::detail
