// Givens rotation of two rows over n entries (readouts/streaming_ridge.hpp):
//   r_j <- c r_j + s a_j,   a_j <- c a_j - s r_j.
// The portable loop is the plain expression; GCC contracts it on the Cortex-M FPUs (its
// default -ffp-contract=fast) into r_j = fma(c, r_j, s * a_j), a_j = fma(c, a_j, -(r_j s)),
// and the assembly below does exactly that (on the host without FMA, and in the
// reproducible mode, nothing is contracted and the portable loop is used).
//
// On Cortex-M cores with single-precision FMA, outside the reproducible mode, 4 entries
// at a time go through the assembly below: 2 `vldm`, 16 arithmetic instructions and
// 2 `vstmia` for 16 multiply-adds (1.375 instructions per MAC with the loop), where the
// compiled loop took 10 instructions per entry (2.5 per MAC). The bench image checks that
// both give the same bits.
#pragma once

#include <cstdint>

#include "edgechaos/core/config.hpp"

namespace edgechaos::detail {

inline void givens_pairs_portable(Scalar* __restrict r, Scalar* __restrict a, int n, Scalar c, Scalar s) {
  for (int j = 0; j < n; ++j) {
    const Scalar u = r[j], v = a[j];
    r[j] = c * u + s * v;
    a[j] = c * v - s * u;
  }
}

#if defined(__ARM_ARCH_PROFILE) && __ARM_ARCH_PROFILE == 'M' && defined(__ARM_FEATURE_FMA) && \
    !(defined(EDGECHAOS_REPRODUCIBLE) && EDGECHAOS_REPRODUCIBLE)

// blocks x 4 entries: s16-s19 r, s20-s23 a, s24-s27 the new r, s28-s31 the new a.
__attribute__((always_inline)) inline void givens_blocks_arm(Scalar*& r, Scalar*& a, std::uint32_t blocks, Scalar c,
                                                             Scalar s) {
  __asm volatile(
      "1:\n\t"
      "vldm %[r], {s16-s19}\n\t"
      "vldm %[a], {s20-s23}\n\t"
      "vmul.f32 s24, %[s], s20\n\t"
      "vmul.f32 s25, %[s], s21\n\t"
      "vmul.f32 s26, %[s], s22\n\t"
      "vmul.f32 s27, %[s], s23\n\t"
      "vnmul.f32 s28, s16, %[s]\n\t"
      "vnmul.f32 s29, s17, %[s]\n\t"
      "vnmul.f32 s30, s18, %[s]\n\t"
      "vnmul.f32 s31, s19, %[s]\n\t"
      "vfma.f32 s24, %[c], s16\n\t"
      "vfma.f32 s25, %[c], s17\n\t"
      "vfma.f32 s26, %[c], s18\n\t"
      "vfma.f32 s27, %[c], s19\n\t"
      "vfma.f32 s28, %[c], s20\n\t"
      "vfma.f32 s29, %[c], s21\n\t"
      "vfma.f32 s30, %[c], s22\n\t"
      "vfma.f32 s31, %[c], s23\n\t"
      "vstmia %[r]!, {s24-s27}\n\t"
      "vstmia %[a]!, {s28-s31}\n\t"
      "subs %[n], %[n], #1\n\t"
      "bne 1b\n\t"
      : [r] "+r"(r), [a] "+r"(a), [n] "+r"(blocks)
      : [c] "t"(c), [s] "t"(s)
      : "cc", "memory", "s16", "s17", "s18", "s19", "s20", "s21", "s22", "s23", "s24", "s25", "s26", "s27", "s28",
        "s29", "s30", "s31");
}

// The first n mod 4 entries (1..3).
template <int H>
__attribute__((always_inline)) inline void givens_head_arm(Scalar*& r, Scalar*& a, Scalar c, Scalar s) {
  static_assert(H >= 1 && H <= 3, "heads of 1..3 entries");
  if constexpr (H == 1) {
    __asm volatile(
      "vldm %[r], {s16}\n\t"
      "vldm %[a], {s20}\n\t"
      "vmul.f32 s24, %[s], s20\n\t"
      "vnmul.f32 s28, s16, %[s]\n\t"
      "vfma.f32 s24, %[c], s16\n\t"
      "vfma.f32 s28, %[c], s20\n\t"
      "vstmia %[r]!, {s24}\n\t"
      "vstmia %[a]!, {s28}\n\t"
      : [r] "+r"(r), [a] "+r"(a)
      : [c] "t"(c), [s] "t"(s)
      : "memory", "s16", "s17", "s18", "s19", "s20", "s21", "s22", "s23", "s24", "s25", "s26", "s27", "s28",
        "s29", "s30", "s31");
  } else if constexpr (H == 2) {
    __asm volatile(
      "vldm %[r], {s16-s17}\n\t"
      "vldm %[a], {s20-s21}\n\t"
      "vmul.f32 s24, %[s], s20\n\t"
      "vmul.f32 s25, %[s], s21\n\t"
      "vnmul.f32 s28, s16, %[s]\n\t"
      "vnmul.f32 s29, s17, %[s]\n\t"
      "vfma.f32 s24, %[c], s16\n\t"
      "vfma.f32 s25, %[c], s17\n\t"
      "vfma.f32 s28, %[c], s20\n\t"
      "vfma.f32 s29, %[c], s21\n\t"
      "vstmia %[r]!, {s24-s25}\n\t"
      "vstmia %[a]!, {s28-s29}\n\t"
      : [r] "+r"(r), [a] "+r"(a)
      : [c] "t"(c), [s] "t"(s)
      : "memory", "s16", "s17", "s18", "s19", "s20", "s21", "s22", "s23", "s24", "s25", "s26", "s27", "s28",
        "s29", "s30", "s31");
  } else if constexpr (H == 3) {
    __asm volatile(
      "vldm %[r], {s16-s18}\n\t"
      "vldm %[a], {s20-s22}\n\t"
      "vmul.f32 s24, %[s], s20\n\t"
      "vmul.f32 s25, %[s], s21\n\t"
      "vmul.f32 s26, %[s], s22\n\t"
      "vnmul.f32 s28, s16, %[s]\n\t"
      "vnmul.f32 s29, s17, %[s]\n\t"
      "vnmul.f32 s30, s18, %[s]\n\t"
      "vfma.f32 s24, %[c], s16\n\t"
      "vfma.f32 s25, %[c], s17\n\t"
      "vfma.f32 s26, %[c], s18\n\t"
      "vfma.f32 s28, %[c], s20\n\t"
      "vfma.f32 s29, %[c], s21\n\t"
      "vfma.f32 s30, %[c], s22\n\t"
      "vstmia %[r]!, {s24-s26}\n\t"
      "vstmia %[a]!, {s28-s30}\n\t"
      : [r] "+r"(r), [a] "+r"(a)
      : [c] "t"(c), [s] "t"(s)
      : "memory", "s16", "s17", "s18", "s19", "s20", "s21", "s22", "s23", "s24", "s25", "s26", "s27", "s28",
        "s29", "s30", "s31");
  }
}

inline void givens_pairs(Scalar* __restrict r, Scalar* __restrict a, int n, Scalar c, Scalar s) {
  switch (n % 4) {
    case 1:
      givens_head_arm<1>(r, a, c, s);
      break;
    case 2:
      givens_head_arm<2>(r, a, c, s);
      break;
    case 3:
      givens_head_arm<3>(r, a, c, s);
      break;
    default:
      break;
  }
  const std::uint32_t blocks = static_cast<std::uint32_t>(n / 4);
  if (blocks != 0) givens_blocks_arm(r, a, blocks, c, s);
}

#else

inline void givens_pairs(Scalar* __restrict r, Scalar* __restrict a, int n, Scalar c, Scalar s) {
  givens_pairs_portable(r, a, n, c, s);
}

#endif

}  // namespace edgechaos::detail
