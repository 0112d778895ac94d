// Cortex-M with a single-precision FPU (M4F, M7, M33): the matvec kernel of matvec.hpp
// written out in assembly so that the summation order is the portable one and the
// instruction count is low. Included at the end of matvec.hpp on those cores only.
//
// Same order as dot_row: per row kLanes = 8 partial sums, lane k takes columns k, k + 8,
// ..., combined as ((l0 + l4) + (l1 + l5)) + ((l2 + l6) + (l3 + l7)). Two rows are done
// at once so that each 8-column slice of r is loaded once for both; every load is a
// `vldmia` of 8 floats (one instruction). Registers: s0-s7 and s8-s15 the lanes of the
// two rows, s16-s23 the slice of r, s24-s31 the slice of J.
//
// Two forms, chosen like the compiler's contraction:
//   default:               acc = fma(J, r, acc)        (vfma; what GCC makes of the
//                          portable loop with its default -ffp-contract=fast)
//   EDGECHAOS_REPRODUCIBLE: acc = acc + round(J * r)    (vmul + vadd; what the portable
//                          loop gives with -ffp-contract=off on every IEEE platform)
// so the kernel gives the same bits as the portable one in both modes (checked by the
// target tests: portable vs ARM in fast mode, and the golden-model hashes against the
// host in reproducible mode). EDGECHAOS_ARM_MATVEC_SPLIT=1 makes the default mode split
// too (fewer M4 cycles: 3.7 instead of 4.7 estimated per MAC at N = 64, docs/embedded.md
// "Cycles"), at the price of the portable loop's bits; every golden hash is checked in
// reproducible mode, which it leaves as it was. matvec_arm<Cols, ArmMac::split> picks the
// form for one call (the firmware cycles bench).
#pragma once

#include <cstdint>

#include "edgechaos/core/config.hpp"

namespace edgechaos::detail {

static_assert(kLanes == 8, "matvec_arm.hpp is written for 8 lanes (s0-s7 per row)");

/// How a lane takes its product: fused, acc = fma(J, r, acc) (one vfma, 3 cycles on an M4);
/// split, acc = acc + round(J * r) (a vmul into the J register and a vadd, 1 + 1 cycles on
/// an M4: fewer cycles, different bits in the default mode).
enum class ArmMac { fused, split };

// The default form: split in EDGECHAOS_REPRODUCIBLE mode (the portable loop without
// contraction); fused otherwise (the portable loop as GCC contracts it), unless
// EDGECHAOS_ARM_MATVEC_SPLIT=1 asks for the M4's cycles over the portable loop's bits
// (then the product has the bits of the reproducible build, docs/embedded.md "Cycles").
#if (defined(EDGECHAOS_REPRODUCIBLE) && EDGECHAOS_REPRODUCIBLE) || \
    (defined(EDGECHAOS_ARM_MATVEC_SPLIT) && EDGECHAOS_ARM_MATVEC_SPLIT)
inline constexpr ArmMac kArmMacDefault = ArmMac::split;  ///< the form matvec<N, N> uses
#else
inline constexpr ArmMac kArmMacDefault = ArmMac::fused;  ///< the form matvec<N, N> uses
#endif

#define EDGECHAOS_ARM_FMA(a, j, r) "vfma.f32 s" #a ", s" #j ", s" #r "\n\t"
#define EDGECHAOS_ARM_MUL(a, j, r) "vmul.f32 s" #j ", s" #j ", s" #r "\n\t"
#define EDGECHAOS_ARM_ADD(a, j, r) "vadd.f32 s" #a ", s" #a ", s" #j "\n\t"
#define EDGECHAOS_ARM_ROW_A(OP) \
  OP(0, 24, 16) OP(1, 25, 17) OP(2, 26, 18) OP(3, 27, 19) OP(4, 28, 20) OP(5, 29, 21) OP(6, 30, 22) OP(7, 31, 23)
#define EDGECHAOS_ARM_ROW_B(OP)                                                                            \
  OP(8, 24, 16) OP(9, 25, 17) OP(10, 26, 18) OP(11, 27, 19) OP(12, 28, 20) OP(13, 29, 21) OP(14, 30, 22) \
  OP(15, 31, 23)

// One 8-column slice for row a (lanes s0-s7, J pointer %[ja]) and row b (s8-s15, %[jb]).
// The split slice does the 8 products, then the 8 adds: no add waits on the product just
// before it (the M7's FP pipe has a latency of 3); the lanes are independent, so this
// order changes no bits.
#define EDGECHAOS_ARM_SLICE_FUSED                                                      \
  "vldmia %[r]!, {s16-s23}\n\t"                                                       \
  "vldmia %[ja]!, {s24-s31}\n\t" EDGECHAOS_ARM_ROW_A(EDGECHAOS_ARM_FMA)                \
  "vldmia %[jb]!, {s24-s31}\n\t" EDGECHAOS_ARM_ROW_B(EDGECHAOS_ARM_FMA)
#define EDGECHAOS_ARM_SLICE_SPLIT                                                                         \
  "vldmia %[r]!, {s16-s23}\n\t"                                                                          \
  "vldmia %[ja]!, {s24-s31}\n\t" EDGECHAOS_ARM_ROW_A(EDGECHAOS_ARM_MUL) EDGECHAOS_ARM_ROW_A(EDGECHAOS_ARM_ADD) \
  "vldmia %[jb]!, {s24-s31}\n\t" EDGECHAOS_ARM_ROW_B(EDGECHAOS_ARM_MUL) EDGECHAOS_ARM_ROW_B(EDGECHAOS_ARM_ADD)

// y[0] = row ja . r and y[1] = row jb . r over (slices in SLICES) * iters slices of 8
// columns (iters >= 1; LOOP_HEAD/LOOP_TAIL empty when SLICES covers the whole row). The
// slices are written out by the preprocessor, not with .rept, so that GCC sees the true
// length of the asm (it places literal pools by it). ja and jb end one row further on,
// y two floats further on.
#define EDGECHAOS_ARM_ROWS2(SLICES, LOOP_HEAD, LOOP_TAIL)                                \
  __asm volatile(                                                                        \
      "vmov s0, s1, %[z], %[z]\n\t" /* all 16 lanes to +0.0f, two per instruction */    \
      "vmov s2, s3, %[z], %[z]\n\t"                                                     \
      "vmov s4, s5, %[z], %[z]\n\t"                                                     \
      "vmov s6, s7, %[z], %[z]\n\t"                                                     \
      "vmov s8, s9, %[z], %[z]\n\t"                                                     \
      "vmov s10, s11, %[z], %[z]\n\t"                                                   \
      "vmov s12, s13, %[z], %[z]\n\t"                                                   \
      "vmov s14, s15, %[z], %[z]\n\t"                                                   \
      LOOP_HEAD SLICES LOOP_TAIL                                                         \
      /* ((l0 + l4) + (l1 + l5)) + ((l2 + l6) + (l3 + l7)), for both rows */              \
      "vadd.f32 s0, s0, s4\n\t"                                                          \
      "vadd.f32 s1, s1, s5\n\t"                                                          \
      "vadd.f32 s2, s2, s6\n\t"                                                          \
      "vadd.f32 s3, s3, s7\n\t"                                                          \
      "vadd.f32 s8, s8, s12\n\t"                                                         \
      "vadd.f32 s9, s9, s13\n\t"                                                         \
      "vadd.f32 s10, s10, s14\n\t"                                                       \
      "vadd.f32 s11, s11, s15\n\t"                                                       \
      "vadd.f32 s0, s0, s1\n\t"                                                          \
      "vadd.f32 s2, s2, s3\n\t"                                                          \
      "vadd.f32 s8, s8, s9\n\t"                                                          \
      "vadd.f32 s10, s10, s11\n\t"                                                       \
      "vadd.f32 s0, s0, s2\n\t"                                                          \
      "vadd.f32 s8, s8, s10\n\t"                                                         \
      "vmov.f32 s1, s8\n\t"                                                              \
      "vstmia %[y]!, {s0-s1}\n\t"                                                        \
      : [ja] "+r"(ja), [jb] "+r"(jb), [r] "+r"(r), [iters] "+r"(iters), [y] "+r"(y)      \
      : [z] "r"(zero)                                                                    \
      : "cc", "memory", "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", \
        "s11", "s12", "s13", "s14", "s15", "s16", "s17", "s18", "s19", "s20", "s21", "s22", \
        "s23", "s24", "s25", "s26", "s27", "s28", "s29", "s30", "s31")

#define EDGECHAOS_ARM_S2(SLICE) SLICE SLICE
#define EDGECHAOS_ARM_S4(SLICE) EDGECHAOS_ARM_S2(SLICE) EDGECHAOS_ARM_S2(SLICE)
#define EDGECHAOS_ARM_HEAD "1:\n\t"
#define EDGECHAOS_ARM_TAIL "subs %[iters], %[iters], #1\n\tbne 1b\n\t"

// Unroll in {1, 2, 4, 8}: slices per loop iteration; Straight: one iteration covers the
// row (N = 64), so no loop instructions at all.
template <int Unroll, bool Straight, ArmMac Form>
__attribute__((always_inline)) inline void dot_rows2_arm(const Scalar*& ja, const Scalar*& jb, const Scalar* r, Scalar*& y, std::uint32_t iters) {
  static_assert(Unroll == 1 || Unroll == 2 || Unroll == 4 || Unroll == 8, "unroll 1, 2, 4 or 8");
  const std::uint32_t zero = 0u;
#define EDGECHAOS_ARM_BODY(SLICE)                                                                          \
  if constexpr (Straight) {                                                                                 \
    static_assert(Unroll == 8, "straight-line code is written for 8 slices");                               \
    EDGECHAOS_ARM_ROWS2(EDGECHAOS_ARM_S4(SLICE) EDGECHAOS_ARM_S4(SLICE), "", "");                           \
  } else if constexpr (Unroll == 8) {                                                                       \
    EDGECHAOS_ARM_ROWS2(EDGECHAOS_ARM_S4(SLICE) EDGECHAOS_ARM_S4(SLICE), EDGECHAOS_ARM_HEAD, EDGECHAOS_ARM_TAIL); \
  } else if constexpr (Unroll == 4) {                                                                       \
    EDGECHAOS_ARM_ROWS2(EDGECHAOS_ARM_S4(SLICE), EDGECHAOS_ARM_HEAD, EDGECHAOS_ARM_TAIL);                   \
  } else if constexpr (Unroll == 2) {                                                                       \
    EDGECHAOS_ARM_ROWS2(EDGECHAOS_ARM_S2(SLICE), EDGECHAOS_ARM_HEAD, EDGECHAOS_ARM_TAIL);                   \
  } else {                                                                                                  \
    EDGECHAOS_ARM_ROWS2(SLICE, EDGECHAOS_ARM_HEAD, EDGECHAOS_ARM_TAIL);                                     \
  }
  if constexpr (Form == ArmMac::fused) {
    EDGECHAOS_ARM_BODY(EDGECHAOS_ARM_SLICE_FUSED)
  } else {
    EDGECHAOS_ARM_BODY(EDGECHAOS_ARM_SLICE_SPLIT)
  }
#undef EDGECHAOS_ARM_BODY
}

#undef EDGECHAOS_ARM_TAIL
#undef EDGECHAOS_ARM_HEAD
#undef EDGECHAOS_ARM_S4
#undef EDGECHAOS_ARM_S2
#undef EDGECHAOS_ARM_ROWS2
#undef EDGECHAOS_ARM_SLICE_SPLIT
#undef EDGECHAOS_ARM_SLICE_FUSED
#undef EDGECHAOS_ARM_ROW_B
#undef EDGECHAOS_ARM_ROW_A
#undef EDGECHAOS_ARM_ADD
#undef EDGECHAOS_ARM_MUL
#undef EDGECHAOS_ARM_FMA

// y = J r for row-major J with a multiple of kLanes columns (else the portable path).
// Fixed sizes unroll 8 slices at N = 64 (straight-line), else the largest of 4, 2, 1
// that divides the slice count. Form: the lane's multiply-add (ArmMac above).
template <int Cols, ArmMac Form = kArmMacDefault>
inline void matvec_arm(const Scalar* __restrict J, const Scalar* __restrict r, Scalar* __restrict y, Index rows,
                       Index cols) {
  if (cols < kLanes || cols % kLanes != 0) {
    for (Index i = 0; i < rows; ++i) y[i] = dot_row<Cols>(J + i * cols, r, cols);
    return;
  }
  constexpr int kSlices = Cols == Dynamic ? 0 : Cols / kLanes;
  constexpr int kUnroll = kSlices == 0 ? 1 : (kSlices == 8 ? 8 : (kSlices % 4 == 0 ? 4 : (kSlices % 2 == 0 ? 2 : 1)));
  constexpr bool kStraight = kSlices == 8;
  const std::uint32_t iters = static_cast<std::uint32_t>(cols / kLanes / kUnroll);
  // The kernel leaves ja at the start of row b and jb at the start of the next pair.
  const Scalar* ja = J;
  const Scalar* jb = J + cols;
  Scalar* out = y;
  for (Index pairs = rows / 2; pairs > 0; --pairs) {
    dot_rows2_arm<kUnroll, kStraight, Form>(ja, jb, r, out, iters);
    ja = jb;
    jb += cols;
  }
  if (rows % 2 != 0) *out = dot_row<Cols>(ja, r, cols);
}

// The square products the networks use (RateNetwork: matvec<N, N>) for N a multiple of
// 8 up to 256 go through the kernel above; every other shape stays portable.
#define EDGECHAOS_ARM_SQUARE(n)                                                                  \
  template <>                                                                                    \
  inline void matvec<n, n>(const Scalar* __restrict J, const Scalar* __restrict r, Scalar* __restrict y, \
                           Index, Index) {                                                       \
    matvec_arm<n>(J, r, y, n, n);                                                                \
  }
EDGECHAOS_ARM_SQUARE(8)
EDGECHAOS_ARM_SQUARE(16)
EDGECHAOS_ARM_SQUARE(24)
EDGECHAOS_ARM_SQUARE(32)
EDGECHAOS_ARM_SQUARE(40)
EDGECHAOS_ARM_SQUARE(48)
EDGECHAOS_ARM_SQUARE(56)
EDGECHAOS_ARM_SQUARE(64)
EDGECHAOS_ARM_SQUARE(80)
EDGECHAOS_ARM_SQUARE(96)
EDGECHAOS_ARM_SQUARE(112)
EDGECHAOS_ARM_SQUARE(128)
EDGECHAOS_ARM_SQUARE(160)
EDGECHAOS_ARM_SQUARE(192)
EDGECHAOS_ARM_SQUARE(224)
EDGECHAOS_ARM_SQUARE(256)
#undef EDGECHAOS_ARM_SQUARE

template <>
inline void matvec<Dynamic, Dynamic>(const Scalar* __restrict J, const Scalar* __restrict r, Scalar* __restrict y,
                                     Index rows, Index cols) {
  matvec_arm<Dynamic>(J, r, y, rows, cols);
}

}  // namespace edgechaos::detail
