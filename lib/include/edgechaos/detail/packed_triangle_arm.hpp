// Cortex-M with a single-precision FPU (M4F, M7, M33), outside the reproducible mode: the
// two RLS kernels of packed_triangle.hpp in assembly blocks, with the same operations in
// the same order as the portable loops there (vfma for `s += a * b`, vfms for `x - k * p`,
// then vmul), so the same bits (the bench image checks it on every build). Included at the
// end of packed_triangle.hpp on those cores only.
//
// Rows go in pairs (i, i+1) so that each 8-float block of f and P f is moved once for two
// rows; the ragged start of each row (its length mod 8 columns, fixed at compile time by
// i mod 8) has its own block. A row walks the packed triangle with a pointer: no offsets.
// Registers: s8-s15 P f (or P's entries), s16-s23 P's entries, s24-s31 f (or P f); the
// sums and the scalars of a row stay in s0-s7.
#pragma once

#include <cstdint>

#include "edgechaos/core/config.hpp"

namespace edgechaos::detail {

// x - k p rounded once (`vfms`), at any optimisation level: the diagonal check of rls.hpp
// and the diagonal writes done in C below use it, the assembly blocks use vfms too, so the
// value checked is the value written even where the compiler would not contract.
__attribute__((always_inline)) inline Scalar packed_new_diagonal(Scalar q, Scalar k, Scalar pf) {
  __asm("vfms.f32 %[q], %[k], %[pf]" : [q] "+t"(q) : [k] "t"(k), [pf] "t"(pf));
  return q;
}

// acc + a b rounded once (`vfma`) and a + b (`vadd`), opaque to the compiler: the few
// scalar steps of the row drivers below use them, so that no contraction choice of the
// compiler (which product of `x * y + z * w` to fuse, or fusing `p + x * y` at the end of
// a row) can make them differ from the portable loops' order.
__attribute__((always_inline)) inline Scalar fma_arm(Scalar acc, Scalar a, Scalar b) {
  __asm("vfma.f32 %[acc], %[a], %[b]" : [acc] "+t"(acc) : [a] "t"(a), [b] "t"(b));
  return acc;
}
__attribute__((always_inline)) inline Scalar add_arm(Scalar a, Scalar b) {
  __asm("vadd.f32 %[a], %[a], %[b]" : [a] "+t"(a) : [b] "t"(b));
  return a;
}

#define EDGECHAOS_PACKED_CLOBBERS                                                                              \
  "s8", "s9", "s10", "s11", "s12", "s13", "s14", "s15", "s16", "s17", "s18", "s19", "s20", "s21", "s22", "s23", \
      "s24", "s25", "s26", "s27", "s28", "s29", "s30", "s31"


// blocks x 8 columns of one row of P f: sum += P_ij f_j (in order), pf_j += P_ij fi.
// s16-s23 P's entries, s24-s31 f's, s8-s15 pf's; sum and fi stay in s0-s7.
__attribute__((always_inline)) inline Scalar packed_row_blocks_arm(const Scalar*& p, const Scalar*& f, Scalar*& pf,
                                                                   std::uint32_t blocks, Scalar sum, Scalar fi) {
  __asm volatile(
      "1:\n\t"
      "vldmia %[p]!, {s16-s23}\n\t"
      "vldmia %[f]!, {s24-s31}\n\t"
      "vldm %[pf], {s8-s15}\n\t"
      "vfma.f32 %[sum], s16, s24\n\t"
      "vfma.f32 %[sum], s17, s25\n\t"
      "vfma.f32 %[sum], s18, s26\n\t"
      "vfma.f32 %[sum], s19, s27\n\t"
      "vfma.f32 %[sum], s20, s28\n\t"
      "vfma.f32 %[sum], s21, s29\n\t"
      "vfma.f32 %[sum], s22, s30\n\t"
      "vfma.f32 %[sum], s23, s31\n\t"
      "vfma.f32 s8, s16, %[fi]\n\t"
      "vfma.f32 s9, s17, %[fi]\n\t"
      "vfma.f32 s10, s18, %[fi]\n\t"
      "vfma.f32 s11, s19, %[fi]\n\t"
      "vfma.f32 s12, s20, %[fi]\n\t"
      "vfma.f32 s13, s21, %[fi]\n\t"
      "vfma.f32 s14, s22, %[fi]\n\t"
      "vfma.f32 s15, s23, %[fi]\n\t"
      "vstmia %[pf]!, {s8-s15}\n\t"
      "subs %[n], %[n], #1\n\t"
      "bne 1b\n\t"
      : [p] "+r"(p), [f] "+r"(f), [pf] "+r"(pf), [n] "+r"(blocks), [sum] "+t"(sum)
      : [fi] "t"(fi)
      : "cc", "memory", "s8", "s9", "s10", "s11", "s12", "s13", "s14", "s15", "s16", "s17", "s18", "s19", "s20",
        "s21", "s22", "s23", "s24", "s25", "s26", "s27", "s28", "s29", "s30", "s31");
  return sum;
}

// blocks x 8 entries of one row of the downdate: x = x - ki pf_j (vfms), then x *= il
// when Scale. s16-s23 P's entries, s24-s31 pf's.
#define EDGECHAOS_PACKED_FMS                  \
  "vldm %[row], {s16-s23}\n\t"                \
  "vldmia %[pf]!, {s24-s31}\n\t"              \
  "vfms.f32 s16, s24, %[ki]\n\t"              \
  "vfms.f32 s17, s25, %[ki]\n\t"              \
  "vfms.f32 s18, s26, %[ki]\n\t"              \
  "vfms.f32 s19, s27, %[ki]\n\t"              \
  "vfms.f32 s20, s28, %[ki]\n\t"              \
  "vfms.f32 s21, s29, %[ki]\n\t"              \
  "vfms.f32 s22, s30, %[ki]\n\t"              \
  "vfms.f32 s23, s31, %[ki]\n\t"
#define EDGECHAOS_PACKED_SCALE                \
  "vmul.f32 s16, s16, %[il]\n\t"              \
  "vmul.f32 s17, s17, %[il]\n\t"              \
  "vmul.f32 s18, s18, %[il]\n\t"              \
  "vmul.f32 s19, s19, %[il]\n\t"              \
  "vmul.f32 s20, s20, %[il]\n\t"              \
  "vmul.f32 s21, s21, %[il]\n\t"              \
  "vmul.f32 s22, s22, %[il]\n\t"              \
  "vmul.f32 s23, s23, %[il]\n\t"
#define EDGECHAOS_PACKED_DOWNDATE(BODY)                                                                   \
  __asm volatile("1:\n\t" BODY "vstmia %[row]!, {s16-s23}\n\t"                                           \
                 "subs %[n], %[n], #1\n\t"                                                               \
                 "bne 1b\n\t"                                                                            \
                 : [row] "+r"(row), [pf] "+r"(pf), [n] "+r"(blocks)                                      \
                 : [ki] "t"(ki), [il] "t"(inv_lambda)                                                    \
                 : "cc", "memory", "s16", "s17", "s18", "s19", "s20", "s21", "s22", "s23", "s24", "s25", \
                   "s26", "s27", "s28", "s29", "s30", "s31")

template <bool Scale>
__attribute__((always_inline)) inline void packed_downdate_blocks_arm(Scalar*& row, const Scalar*& pf,
                                                                      std::uint32_t blocks, Scalar ki,
                                                                      Scalar inv_lambda) {
  if constexpr (Scale) {
    EDGECHAOS_PACKED_DOWNDATE(EDGECHAOS_PACKED_FMS EDGECHAOS_PACKED_SCALE);
  } else {
    EDGECHAOS_PACKED_DOWNDATE(EDGECHAOS_PACKED_FMS);
  }
}
#undef EDGECHAOS_PACKED_DOWNDATE
#undef EDGECHAOS_PACKED_SCALE
#undef EDGECHAOS_PACKED_FMS

// Heads: the first h = 1..7 columns of a row (its length mod 8), one asm block per h so
// that each head is 3 or 4 loads/stores and 2 h (or h, 2 h) arithmetic instructions.
template <int H>
__attribute__((always_inline)) inline Scalar packed_row_head_arm(const Scalar*& p, const Scalar*& f, Scalar*& pf,
                                                                 Scalar sum, Scalar fi) {
  static_assert(H >= 1 && H <= 7, "heads of 1..7 columns");
  if constexpr (H == 1) {
    __asm volatile("vldmia %[p]!, {s16}\n\t" "vldmia %[f]!, {s24}\n\t" "vldm %[pf], {s8}\n\t" "vfma.f32 %[sum], s16, s24\n\t" "vfma.f32 s8, s16, %[fi]\n\t" "vstmia %[pf]!, {s8}\n\t"
                   : [p] "+r"(p), [f] "+r"(f), [pf] "+r"(pf), [sum] "+t"(sum)
                   : [fi] "t"(fi)
                   : "memory", EDGECHAOS_PACKED_CLOBBERS);
  } else if constexpr (H == 2) {
    __asm volatile("vldmia %[p]!, {s16-s17}\n\t" "vldmia %[f]!, {s24-s25}\n\t" "vldm %[pf], {s8-s9}\n\t" "vfma.f32 %[sum], s16, s24\n\t" "vfma.f32 %[sum], s17, s25\n\t" "vfma.f32 s8, s16, %[fi]\n\t" "vfma.f32 s9, s17, %[fi]\n\t" "vstmia %[pf]!, {s8-s9}\n\t"
                   : [p] "+r"(p), [f] "+r"(f), [pf] "+r"(pf), [sum] "+t"(sum)
                   : [fi] "t"(fi)
                   : "memory", EDGECHAOS_PACKED_CLOBBERS);
  } else if constexpr (H == 3) {
    __asm volatile("vldmia %[p]!, {s16-s18}\n\t" "vldmia %[f]!, {s24-s26}\n\t" "vldm %[pf], {s8-s10}\n\t" "vfma.f32 %[sum], s16, s24\n\t" "vfma.f32 %[sum], s17, s25\n\t" "vfma.f32 %[sum], s18, s26\n\t" "vfma.f32 s8, s16, %[fi]\n\t" "vfma.f32 s9, s17, %[fi]\n\t" "vfma.f32 s10, s18, %[fi]\n\t" "vstmia %[pf]!, {s8-s10}\n\t"
                   : [p] "+r"(p), [f] "+r"(f), [pf] "+r"(pf), [sum] "+t"(sum)
                   : [fi] "t"(fi)
                   : "memory", EDGECHAOS_PACKED_CLOBBERS);
  } else if constexpr (H == 4) {
    __asm volatile("vldmia %[p]!, {s16-s19}\n\t" "vldmia %[f]!, {s24-s27}\n\t" "vldm %[pf], {s8-s11}\n\t" "vfma.f32 %[sum], s16, s24\n\t" "vfma.f32 %[sum], s17, s25\n\t" "vfma.f32 %[sum], s18, s26\n\t" "vfma.f32 %[sum], s19, s27\n\t" "vfma.f32 s8, s16, %[fi]\n\t" "vfma.f32 s9, s17, %[fi]\n\t" "vfma.f32 s10, s18, %[fi]\n\t" "vfma.f32 s11, s19, %[fi]\n\t" "vstmia %[pf]!, {s8-s11}\n\t"
                   : [p] "+r"(p), [f] "+r"(f), [pf] "+r"(pf), [sum] "+t"(sum)
                   : [fi] "t"(fi)
                   : "memory", EDGECHAOS_PACKED_CLOBBERS);
  } else if constexpr (H == 5) {
    __asm volatile("vldmia %[p]!, {s16-s20}\n\t" "vldmia %[f]!, {s24-s28}\n\t" "vldm %[pf], {s8-s12}\n\t" "vfma.f32 %[sum], s16, s24\n\t" "vfma.f32 %[sum], s17, s25\n\t" "vfma.f32 %[sum], s18, s26\n\t" "vfma.f32 %[sum], s19, s27\n\t" "vfma.f32 %[sum], s20, s28\n\t" "vfma.f32 s8, s16, %[fi]\n\t" "vfma.f32 s9, s17, %[fi]\n\t" "vfma.f32 s10, s18, %[fi]\n\t" "vfma.f32 s11, s19, %[fi]\n\t" "vfma.f32 s12, s20, %[fi]\n\t" "vstmia %[pf]!, {s8-s12}\n\t"
                   : [p] "+r"(p), [f] "+r"(f), [pf] "+r"(pf), [sum] "+t"(sum)
                   : [fi] "t"(fi)
                   : "memory", EDGECHAOS_PACKED_CLOBBERS);
  } else if constexpr (H == 6) {
    __asm volatile("vldmia %[p]!, {s16-s21}\n\t" "vldmia %[f]!, {s24-s29}\n\t" "vldm %[pf], {s8-s13}\n\t" "vfma.f32 %[sum], s16, s24\n\t" "vfma.f32 %[sum], s17, s25\n\t" "vfma.f32 %[sum], s18, s26\n\t" "vfma.f32 %[sum], s19, s27\n\t" "vfma.f32 %[sum], s20, s28\n\t" "vfma.f32 %[sum], s21, s29\n\t" "vfma.f32 s8, s16, %[fi]\n\t" "vfma.f32 s9, s17, %[fi]\n\t" "vfma.f32 s10, s18, %[fi]\n\t" "vfma.f32 s11, s19, %[fi]\n\t" "vfma.f32 s12, s20, %[fi]\n\t" "vfma.f32 s13, s21, %[fi]\n\t" "vstmia %[pf]!, {s8-s13}\n\t"
                   : [p] "+r"(p), [f] "+r"(f), [pf] "+r"(pf), [sum] "+t"(sum)
                   : [fi] "t"(fi)
                   : "memory", EDGECHAOS_PACKED_CLOBBERS);
  } else if constexpr (H == 7) {
    __asm volatile("vldmia %[p]!, {s16-s22}\n\t" "vldmia %[f]!, {s24-s30}\n\t" "vldm %[pf], {s8-s14}\n\t" "vfma.f32 %[sum], s16, s24\n\t" "vfma.f32 %[sum], s17, s25\n\t" "vfma.f32 %[sum], s18, s26\n\t" "vfma.f32 %[sum], s19, s27\n\t" "vfma.f32 %[sum], s20, s28\n\t" "vfma.f32 %[sum], s21, s29\n\t" "vfma.f32 %[sum], s22, s30\n\t" "vfma.f32 s8, s16, %[fi]\n\t" "vfma.f32 s9, s17, %[fi]\n\t" "vfma.f32 s10, s18, %[fi]\n\t" "vfma.f32 s11, s19, %[fi]\n\t" "vfma.f32 s12, s20, %[fi]\n\t" "vfma.f32 s13, s21, %[fi]\n\t" "vfma.f32 s14, s22, %[fi]\n\t" "vstmia %[pf]!, {s8-s14}\n\t"
                   : [p] "+r"(p), [f] "+r"(f), [pf] "+r"(pf), [sum] "+t"(sum)
                   : [fi] "t"(fi)
                   : "memory", EDGECHAOS_PACKED_CLOBBERS);
  }
  return sum;
}

template <int H, bool Scale>
__attribute__((always_inline)) inline void packed_downdate_head_arm(Scalar*& row, const Scalar*& pf, Scalar ki,
                                                                    Scalar inv_lambda) {
  static_assert(H >= 1 && H <= 7, "heads of 1..7 columns");
  if constexpr (H == 1) {
    if constexpr (Scale) {
      __asm volatile("vldm %[row], {s16}\n\t" "vldmia %[pf]!, {s24}\n\t" "vfms.f32 s16, s24, %[ki]\n\t" "vmul.f32 s16, s16, %[il]\n\t" "vstmia %[row]!, {s16}\n\t"
                     : [row] "+r"(row), [pf] "+r"(pf)
                     : [ki] "t"(ki), [il] "t"(inv_lambda)
                     : "memory", EDGECHAOS_PACKED_CLOBBERS);
    } else {
      __asm volatile("vldm %[row], {s16}\n\t" "vldmia %[pf]!, {s24}\n\t" "vfms.f32 s16, s24, %[ki]\n\t" "vstmia %[row]!, {s16}\n\t"
                     : [row] "+r"(row), [pf] "+r"(pf)
                     : [ki] "t"(ki), [il] "t"(inv_lambda)
                     : "memory", EDGECHAOS_PACKED_CLOBBERS);
    }
  } else if constexpr (H == 2) {
    if constexpr (Scale) {
      __asm volatile("vldm %[row], {s16-s17}\n\t" "vldmia %[pf]!, {s24-s25}\n\t" "vfms.f32 s16, s24, %[ki]\n\t" "vfms.f32 s17, s25, %[ki]\n\t" "vmul.f32 s16, s16, %[il]\n\t" "vmul.f32 s17, s17, %[il]\n\t" "vstmia %[row]!, {s16-s17}\n\t"
                     : [row] "+r"(row), [pf] "+r"(pf)
                     : [ki] "t"(ki), [il] "t"(inv_lambda)
                     : "memory", EDGECHAOS_PACKED_CLOBBERS);
    } else {
      __asm volatile("vldm %[row], {s16-s17}\n\t" "vldmia %[pf]!, {s24-s25}\n\t" "vfms.f32 s16, s24, %[ki]\n\t" "vfms.f32 s17, s25, %[ki]\n\t" "vstmia %[row]!, {s16-s17}\n\t"
                     : [row] "+r"(row), [pf] "+r"(pf)
                     : [ki] "t"(ki), [il] "t"(inv_lambda)
                     : "memory", EDGECHAOS_PACKED_CLOBBERS);
    }
  } else if constexpr (H == 3) {
    if constexpr (Scale) {
      __asm volatile("vldm %[row], {s16-s18}\n\t" "vldmia %[pf]!, {s24-s26}\n\t" "vfms.f32 s16, s24, %[ki]\n\t" "vfms.f32 s17, s25, %[ki]\n\t" "vfms.f32 s18, s26, %[ki]\n\t" "vmul.f32 s16, s16, %[il]\n\t" "vmul.f32 s17, s17, %[il]\n\t" "vmul.f32 s18, s18, %[il]\n\t" "vstmia %[row]!, {s16-s18}\n\t"
                     : [row] "+r"(row), [pf] "+r"(pf)
                     : [ki] "t"(ki), [il] "t"(inv_lambda)
                     : "memory", EDGECHAOS_PACKED_CLOBBERS);
    } else {
      __asm volatile("vldm %[row], {s16-s18}\n\t" "vldmia %[pf]!, {s24-s26}\n\t" "vfms.f32 s16, s24, %[ki]\n\t" "vfms.f32 s17, s25, %[ki]\n\t" "vfms.f32 s18, s26, %[ki]\n\t" "vstmia %[row]!, {s16-s18}\n\t"
                     : [row] "+r"(row), [pf] "+r"(pf)
                     : [ki] "t"(ki), [il] "t"(inv_lambda)
                     : "memory", EDGECHAOS_PACKED_CLOBBERS);
    }
  } else if constexpr (H == 4) {
    if constexpr (Scale) {
      __asm volatile("vldm %[row], {s16-s19}\n\t" "vldmia %[pf]!, {s24-s27}\n\t" "vfms.f32 s16, s24, %[ki]\n\t" "vfms.f32 s17, s25, %[ki]\n\t" "vfms.f32 s18, s26, %[ki]\n\t" "vfms.f32 s19, s27, %[ki]\n\t" "vmul.f32 s16, s16, %[il]\n\t" "vmul.f32 s17, s17, %[il]\n\t" "vmul.f32 s18, s18, %[il]\n\t" "vmul.f32 s19, s19, %[il]\n\t" "vstmia %[row]!, {s16-s19}\n\t"
                     : [row] "+r"(row), [pf] "+r"(pf)
                     : [ki] "t"(ki), [il] "t"(inv_lambda)
                     : "memory", EDGECHAOS_PACKED_CLOBBERS);
    } else {
      __asm volatile("vldm %[row], {s16-s19}\n\t" "vldmia %[pf]!, {s24-s27}\n\t" "vfms.f32 s16, s24, %[ki]\n\t" "vfms.f32 s17, s25, %[ki]\n\t" "vfms.f32 s18, s26, %[ki]\n\t" "vfms.f32 s19, s27, %[ki]\n\t" "vstmia %[row]!, {s16-s19}\n\t"
                     : [row] "+r"(row), [pf] "+r"(pf)
                     : [ki] "t"(ki), [il] "t"(inv_lambda)
                     : "memory", EDGECHAOS_PACKED_CLOBBERS);
    }
  } else if constexpr (H == 5) {
    if constexpr (Scale) {
      __asm volatile("vldm %[row], {s16-s20}\n\t" "vldmia %[pf]!, {s24-s28}\n\t" "vfms.f32 s16, s24, %[ki]\n\t" "vfms.f32 s17, s25, %[ki]\n\t" "vfms.f32 s18, s26, %[ki]\n\t" "vfms.f32 s19, s27, %[ki]\n\t" "vfms.f32 s20, s28, %[ki]\n\t" "vmul.f32 s16, s16, %[il]\n\t" "vmul.f32 s17, s17, %[il]\n\t" "vmul.f32 s18, s18, %[il]\n\t" "vmul.f32 s19, s19, %[il]\n\t" "vmul.f32 s20, s20, %[il]\n\t" "vstmia %[row]!, {s16-s20}\n\t"
                     : [row] "+r"(row), [pf] "+r"(pf)
                     : [ki] "t"(ki), [il] "t"(inv_lambda)
                     : "memory", EDGECHAOS_PACKED_CLOBBERS);
    } else {
      __asm volatile("vldm %[row], {s16-s20}\n\t" "vldmia %[pf]!, {s24-s28}\n\t" "vfms.f32 s16, s24, %[ki]\n\t" "vfms.f32 s17, s25, %[ki]\n\t" "vfms.f32 s18, s26, %[ki]\n\t" "vfms.f32 s19, s27, %[ki]\n\t" "vfms.f32 s20, s28, %[ki]\n\t" "vstmia %[row]!, {s16-s20}\n\t"
                     : [row] "+r"(row), [pf] "+r"(pf)
                     : [ki] "t"(ki), [il] "t"(inv_lambda)
                     : "memory", EDGECHAOS_PACKED_CLOBBERS);
    }
  } else if constexpr (H == 6) {
    if constexpr (Scale) {
      __asm volatile("vldm %[row], {s16-s21}\n\t" "vldmia %[pf]!, {s24-s29}\n\t" "vfms.f32 s16, s24, %[ki]\n\t" "vfms.f32 s17, s25, %[ki]\n\t" "vfms.f32 s18, s26, %[ki]\n\t" "vfms.f32 s19, s27, %[ki]\n\t" "vfms.f32 s20, s28, %[ki]\n\t" "vfms.f32 s21, s29, %[ki]\n\t" "vmul.f32 s16, s16, %[il]\n\t" "vmul.f32 s17, s17, %[il]\n\t" "vmul.f32 s18, s18, %[il]\n\t" "vmul.f32 s19, s19, %[il]\n\t" "vmul.f32 s20, s20, %[il]\n\t" "vmul.f32 s21, s21, %[il]\n\t" "vstmia %[row]!, {s16-s21}\n\t"
                     : [row] "+r"(row), [pf] "+r"(pf)
                     : [ki] "t"(ki), [il] "t"(inv_lambda)
                     : "memory", EDGECHAOS_PACKED_CLOBBERS);
    } else {
      __asm volatile("vldm %[row], {s16-s21}\n\t" "vldmia %[pf]!, {s24-s29}\n\t" "vfms.f32 s16, s24, %[ki]\n\t" "vfms.f32 s17, s25, %[ki]\n\t" "vfms.f32 s18, s26, %[ki]\n\t" "vfms.f32 s19, s27, %[ki]\n\t" "vfms.f32 s20, s28, %[ki]\n\t" "vfms.f32 s21, s29, %[ki]\n\t" "vstmia %[row]!, {s16-s21}\n\t"
                     : [row] "+r"(row), [pf] "+r"(pf)
                     : [ki] "t"(ki), [il] "t"(inv_lambda)
                     : "memory", EDGECHAOS_PACKED_CLOBBERS);
    }
  } else if constexpr (H == 7) {
    if constexpr (Scale) {
      __asm volatile("vldm %[row], {s16-s22}\n\t" "vldmia %[pf]!, {s24-s30}\n\t" "vfms.f32 s16, s24, %[ki]\n\t" "vfms.f32 s17, s25, %[ki]\n\t" "vfms.f32 s18, s26, %[ki]\n\t" "vfms.f32 s19, s27, %[ki]\n\t" "vfms.f32 s20, s28, %[ki]\n\t" "vfms.f32 s21, s29, %[ki]\n\t" "vfms.f32 s22, s30, %[ki]\n\t" "vmul.f32 s16, s16, %[il]\n\t" "vmul.f32 s17, s17, %[il]\n\t" "vmul.f32 s18, s18, %[il]\n\t" "vmul.f32 s19, s19, %[il]\n\t" "vmul.f32 s20, s20, %[il]\n\t" "vmul.f32 s21, s21, %[il]\n\t" "vmul.f32 s22, s22, %[il]\n\t" "vstmia %[row]!, {s16-s22}\n\t"
                     : [row] "+r"(row), [pf] "+r"(pf)
                     : [ki] "t"(ki), [il] "t"(inv_lambda)
                     : "memory", EDGECHAOS_PACKED_CLOBBERS);
    } else {
      __asm volatile("vldm %[row], {s16-s22}\n\t" "vldmia %[pf]!, {s24-s30}\n\t" "vfms.f32 s16, s24, %[ki]\n\t" "vfms.f32 s17, s25, %[ki]\n\t" "vfms.f32 s18, s26, %[ki]\n\t" "vfms.f32 s19, s27, %[ki]\n\t" "vfms.f32 s20, s28, %[ki]\n\t" "vfms.f32 s21, s29, %[ki]\n\t" "vfms.f32 s22, s30, %[ki]\n\t" "vstmia %[row]!, {s16-s22}\n\t"
                     : [row] "+r"(row), [pf] "+r"(pf)
                     : [ki] "t"(ki), [il] "t"(inv_lambda)
                     : "memory", EDGECHAOS_PACKED_CLOBBERS);
    }
  }
}

// One row of each kernel; R = i mod 8 fixes the head (the row's length mod 8) at compile
// time. q walks the packed triangle row after row (rows are contiguous), so no offsets
// are computed.
template <int F, int R>
__attribute__((always_inline)) inline void packed_row_arm(const Scalar*& q, const Scalar* f, Scalar* pf, int i) {
  constexpr int kHead = ((F - 1 - R) % 8 + 8) % 8;  // off-diagonal columns mod 8
  const Scalar fi = f[i];
  Scalar sum = fma_arm(Scalar(0), *q++, fi);  // 0 + P_ii f_i, as the portable loop
  const Scalar* fj = f + i + 1;
  Scalar* pfj = pf + i + 1;
  if constexpr (kHead != 0) sum = packed_row_head_arm<kHead>(q, fj, pfj, sum, fi);
  const std::uint32_t blocks = static_cast<std::uint32_t>((F - 1 - i - kHead) / 8);
  if (blocks != 0) sum = packed_row_blocks_arm(q, fj, pfj, blocks, sum, fi);
  pf[i] = add_arm(pf[i], sum);
}

template <int F, int R, bool Scale>
__attribute__((always_inline)) inline void packed_downdate_row_arm(Scalar*& q, const Scalar* k, const Scalar* pf,
                                                                   Scalar inv_lambda, int i) {
  constexpr int kHead = ((F - R) % 8 + 8) % 8;  // columns i..F-1, mod 8
  const Scalar ki = k[i];
  const Scalar* pfj = pf + i;
  if constexpr (kHead != 0) packed_downdate_head_arm<kHead, Scale>(q, pfj, ki, inv_lambda);
  const std::uint32_t blocks = static_cast<std::uint32_t>((F - i - kHead) / 8);
  if (blocks != 0) packed_downdate_blocks_arm<Scale>(q, pfj, blocks, ki, inv_lambda);
}

// Two rows at once (i even, i + 1): each 8-column block of f and of P f is loaded once for
// both rows (and stored once), so P f costs 39 instructions per 8 columns of the pair
// (32 MACs: 1.22 per MAC) and the downdate 23 per 8 (16 entries). Same order per entry as
// row after row: pf_j gets row i's term, then row i+1's.
__attribute__((always_inline)) inline void packed_pair_blocks_arm(const Scalar*& pa, const Scalar*& pb,
                                                                  const Scalar*& fj, Scalar*& pf,
                                                                  std::uint32_t blocks, Scalar& sa, Scalar& sb,
                                                                  Scalar fa, Scalar fb) {
  __asm volatile(
        "1:\n\t"
        "vldmia %[pa]!, {s16-s23}\n\t"
        "vldmia %[fj]!, {s24-s31}\n\t"
        "vldm %[pf], {s8-s15}\n\t"
        "vfma.f32 %[sa], s16, s24\n\t"
        "vfma.f32 %[sa], s17, s25\n\t"
        "vfma.f32 %[sa], s18, s26\n\t"
        "vfma.f32 %[sa], s19, s27\n\t"
        "vfma.f32 %[sa], s20, s28\n\t"
        "vfma.f32 %[sa], s21, s29\n\t"
        "vfma.f32 %[sa], s22, s30\n\t"
        "vfma.f32 %[sa], s23, s31\n\t"
        "vfma.f32 s8, s16, %[fa]\n\t"
        "vfma.f32 s9, s17, %[fa]\n\t"
        "vfma.f32 s10, s18, %[fa]\n\t"
        "vfma.f32 s11, s19, %[fa]\n\t"
        "vfma.f32 s12, s20, %[fa]\n\t"
        "vfma.f32 s13, s21, %[fa]\n\t"
        "vfma.f32 s14, s22, %[fa]\n\t"
        "vfma.f32 s15, s23, %[fa]\n\t"
        "vldmia %[pb]!, {s16-s23}\n\t"
        "vfma.f32 %[sb], s16, s24\n\t"
        "vfma.f32 %[sb], s17, s25\n\t"
        "vfma.f32 %[sb], s18, s26\n\t"
        "vfma.f32 %[sb], s19, s27\n\t"
        "vfma.f32 %[sb], s20, s28\n\t"
        "vfma.f32 %[sb], s21, s29\n\t"
        "vfma.f32 %[sb], s22, s30\n\t"
        "vfma.f32 %[sb], s23, s31\n\t"
        "vfma.f32 s8, s16, %[fb]\n\t"
        "vfma.f32 s9, s17, %[fb]\n\t"
        "vfma.f32 s10, s18, %[fb]\n\t"
        "vfma.f32 s11, s19, %[fb]\n\t"
        "vfma.f32 s12, s20, %[fb]\n\t"
        "vfma.f32 s13, s21, %[fb]\n\t"
        "vfma.f32 s14, s22, %[fb]\n\t"
        "vfma.f32 s15, s23, %[fb]\n\t"
        "vstmia %[pf]!, {s8-s15}\n\t"
        "subs %[n], %[n], #1\n\t"
        "bne 1b\n\t"
        : [pa] "+r"(pa), [pb] "+r"(pb), [fj] "+r"(fj), [pf] "+r"(pf), [n] "+r"(blocks), [sa] "+t"(sa), [sb] "+t"(sb)
        : [fa] "t"(fa), [fb] "t"(fb)
        : "cc", "memory", EDGECHAOS_PACKED_CLOBBERS);
}

template <int H>
__attribute__((always_inline)) inline void packed_pair_head_arm(const Scalar*& pa, const Scalar*& pb,
                                                                const Scalar*& fj, Scalar*& pf, Scalar& sa,
                                                                Scalar& sb, Scalar fa, Scalar fb) {
  static_assert(H >= 1 && H <= 7, "heads of 1..7 columns");
  if constexpr (H == 1) {
    __asm volatile(
        "vldmia %[pa]!, {s16}\n\t"
        "vldmia %[fj]!, {s24}\n\t"
        "vldm %[pf], {s8}\n\t"
        "vfma.f32 %[sa], s16, s24\n\t"
        "vfma.f32 s8, s16, %[fa]\n\t"
        "vldmia %[pb]!, {s16}\n\t"
        "vfma.f32 %[sb], s16, s24\n\t"
        "vfma.f32 s8, s16, %[fb]\n\t"
        "vstmia %[pf]!, {s8}\n\t"
        : [pa] "+r"(pa), [pb] "+r"(pb), [fj] "+r"(fj), [pf] "+r"(pf), [sa] "+t"(sa), [sb] "+t"(sb)
        : [fa] "t"(fa), [fb] "t"(fb)
        : "memory", EDGECHAOS_PACKED_CLOBBERS);
  } else if constexpr (H == 2) {
    __asm volatile(
        "vldmia %[pa]!, {s16-s17}\n\t"
        "vldmia %[fj]!, {s24-s25}\n\t"
        "vldm %[pf], {s8-s9}\n\t"
        "vfma.f32 %[sa], s16, s24\n\t"
        "vfma.f32 %[sa], s17, s25\n\t"
        "vfma.f32 s8, s16, %[fa]\n\t"
        "vfma.f32 s9, s17, %[fa]\n\t"
        "vldmia %[pb]!, {s16-s17}\n\t"
        "vfma.f32 %[sb], s16, s24\n\t"
        "vfma.f32 %[sb], s17, s25\n\t"
        "vfma.f32 s8, s16, %[fb]\n\t"
        "vfma.f32 s9, s17, %[fb]\n\t"
        "vstmia %[pf]!, {s8-s9}\n\t"
        : [pa] "+r"(pa), [pb] "+r"(pb), [fj] "+r"(fj), [pf] "+r"(pf), [sa] "+t"(sa), [sb] "+t"(sb)
        : [fa] "t"(fa), [fb] "t"(fb)
        : "memory", EDGECHAOS_PACKED_CLOBBERS);
  } else if constexpr (H == 3) {
    __asm volatile(
        "vldmia %[pa]!, {s16-s18}\n\t"
        "vldmia %[fj]!, {s24-s26}\n\t"
        "vldm %[pf], {s8-s10}\n\t"
        "vfma.f32 %[sa], s16, s24\n\t"
        "vfma.f32 %[sa], s17, s25\n\t"
        "vfma.f32 %[sa], s18, s26\n\t"
        "vfma.f32 s8, s16, %[fa]\n\t"
        "vfma.f32 s9, s17, %[fa]\n\t"
        "vfma.f32 s10, s18, %[fa]\n\t"
        "vldmia %[pb]!, {s16-s18}\n\t"
        "vfma.f32 %[sb], s16, s24\n\t"
        "vfma.f32 %[sb], s17, s25\n\t"
        "vfma.f32 %[sb], s18, s26\n\t"
        "vfma.f32 s8, s16, %[fb]\n\t"
        "vfma.f32 s9, s17, %[fb]\n\t"
        "vfma.f32 s10, s18, %[fb]\n\t"
        "vstmia %[pf]!, {s8-s10}\n\t"
        : [pa] "+r"(pa), [pb] "+r"(pb), [fj] "+r"(fj), [pf] "+r"(pf), [sa] "+t"(sa), [sb] "+t"(sb)
        : [fa] "t"(fa), [fb] "t"(fb)
        : "memory", EDGECHAOS_PACKED_CLOBBERS);
  } else if constexpr (H == 4) {
    __asm volatile(
        "vldmia %[pa]!, {s16-s19}\n\t"
        "vldmia %[fj]!, {s24-s27}\n\t"
        "vldm %[pf], {s8-s11}\n\t"
        "vfma.f32 %[sa], s16, s24\n\t"
        "vfma.f32 %[sa], s17, s25\n\t"
        "vfma.f32 %[sa], s18, s26\n\t"
        "vfma.f32 %[sa], s19, s27\n\t"
        "vfma.f32 s8, s16, %[fa]\n\t"
        "vfma.f32 s9, s17, %[fa]\n\t"
        "vfma.f32 s10, s18, %[fa]\n\t"
        "vfma.f32 s11, s19, %[fa]\n\t"
        "vldmia %[pb]!, {s16-s19}\n\t"
        "vfma.f32 %[sb], s16, s24\n\t"
        "vfma.f32 %[sb], s17, s25\n\t"
        "vfma.f32 %[sb], s18, s26\n\t"
        "vfma.f32 %[sb], s19, s27\n\t"
        "vfma.f32 s8, s16, %[fb]\n\t"
        "vfma.f32 s9, s17, %[fb]\n\t"
        "vfma.f32 s10, s18, %[fb]\n\t"
        "vfma.f32 s11, s19, %[fb]\n\t"
        "vstmia %[pf]!, {s8-s11}\n\t"
        : [pa] "+r"(pa), [pb] "+r"(pb), [fj] "+r"(fj), [pf] "+r"(pf), [sa] "+t"(sa), [sb] "+t"(sb)
        : [fa] "t"(fa), [fb] "t"(fb)
        : "memory", EDGECHAOS_PACKED_CLOBBERS);
  } else if constexpr (H == 5) {
    __asm volatile(
        "vldmia %[pa]!, {s16-s20}\n\t"
        "vldmia %[fj]!, {s24-s28}\n\t"
        "vldm %[pf], {s8-s12}\n\t"
        "vfma.f32 %[sa], s16, s24\n\t"
        "vfma.f32 %[sa], s17, s25\n\t"
        "vfma.f32 %[sa], s18, s26\n\t"
        "vfma.f32 %[sa], s19, s27\n\t"
        "vfma.f32 %[sa], s20, s28\n\t"
        "vfma.f32 s8, s16, %[fa]\n\t"
        "vfma.f32 s9, s17, %[fa]\n\t"
        "vfma.f32 s10, s18, %[fa]\n\t"
        "vfma.f32 s11, s19, %[fa]\n\t"
        "vfma.f32 s12, s20, %[fa]\n\t"
        "vldmia %[pb]!, {s16-s20}\n\t"
        "vfma.f32 %[sb], s16, s24\n\t"
        "vfma.f32 %[sb], s17, s25\n\t"
        "vfma.f32 %[sb], s18, s26\n\t"
        "vfma.f32 %[sb], s19, s27\n\t"
        "vfma.f32 %[sb], s20, s28\n\t"
        "vfma.f32 s8, s16, %[fb]\n\t"
        "vfma.f32 s9, s17, %[fb]\n\t"
        "vfma.f32 s10, s18, %[fb]\n\t"
        "vfma.f32 s11, s19, %[fb]\n\t"
        "vfma.f32 s12, s20, %[fb]\n\t"
        "vstmia %[pf]!, {s8-s12}\n\t"
        : [pa] "+r"(pa), [pb] "+r"(pb), [fj] "+r"(fj), [pf] "+r"(pf), [sa] "+t"(sa), [sb] "+t"(sb)
        : [fa] "t"(fa), [fb] "t"(fb)
        : "memory", EDGECHAOS_PACKED_CLOBBERS);
  } else if constexpr (H == 6) {
    __asm volatile(
        "vldmia %[pa]!, {s16-s21}\n\t"
        "vldmia %[fj]!, {s24-s29}\n\t"
        "vldm %[pf], {s8-s13}\n\t"
        "vfma.f32 %[sa], s16, s24\n\t"
        "vfma.f32 %[sa], s17, s25\n\t"
        "vfma.f32 %[sa], s18, s26\n\t"
        "vfma.f32 %[sa], s19, s27\n\t"
        "vfma.f32 %[sa], s20, s28\n\t"
        "vfma.f32 %[sa], s21, s29\n\t"
        "vfma.f32 s8, s16, %[fa]\n\t"
        "vfma.f32 s9, s17, %[fa]\n\t"
        "vfma.f32 s10, s18, %[fa]\n\t"
        "vfma.f32 s11, s19, %[fa]\n\t"
        "vfma.f32 s12, s20, %[fa]\n\t"
        "vfma.f32 s13, s21, %[fa]\n\t"
        "vldmia %[pb]!, {s16-s21}\n\t"
        "vfma.f32 %[sb], s16, s24\n\t"
        "vfma.f32 %[sb], s17, s25\n\t"
        "vfma.f32 %[sb], s18, s26\n\t"
        "vfma.f32 %[sb], s19, s27\n\t"
        "vfma.f32 %[sb], s20, s28\n\t"
        "vfma.f32 %[sb], s21, s29\n\t"
        "vfma.f32 s8, s16, %[fb]\n\t"
        "vfma.f32 s9, s17, %[fb]\n\t"
        "vfma.f32 s10, s18, %[fb]\n\t"
        "vfma.f32 s11, s19, %[fb]\n\t"
        "vfma.f32 s12, s20, %[fb]\n\t"
        "vfma.f32 s13, s21, %[fb]\n\t"
        "vstmia %[pf]!, {s8-s13}\n\t"
        : [pa] "+r"(pa), [pb] "+r"(pb), [fj] "+r"(fj), [pf] "+r"(pf), [sa] "+t"(sa), [sb] "+t"(sb)
        : [fa] "t"(fa), [fb] "t"(fb)
        : "memory", EDGECHAOS_PACKED_CLOBBERS);
  } else if constexpr (H == 7) {
    __asm volatile(
        "vldmia %[pa]!, {s16-s22}\n\t"
        "vldmia %[fj]!, {s24-s30}\n\t"
        "vldm %[pf], {s8-s14}\n\t"
        "vfma.f32 %[sa], s16, s24\n\t"
        "vfma.f32 %[sa], s17, s25\n\t"
        "vfma.f32 %[sa], s18, s26\n\t"
        "vfma.f32 %[sa], s19, s27\n\t"
        "vfma.f32 %[sa], s20, s28\n\t"
        "vfma.f32 %[sa], s21, s29\n\t"
        "vfma.f32 %[sa], s22, s30\n\t"
        "vfma.f32 s8, s16, %[fa]\n\t"
        "vfma.f32 s9, s17, %[fa]\n\t"
        "vfma.f32 s10, s18, %[fa]\n\t"
        "vfma.f32 s11, s19, %[fa]\n\t"
        "vfma.f32 s12, s20, %[fa]\n\t"
        "vfma.f32 s13, s21, %[fa]\n\t"
        "vfma.f32 s14, s22, %[fa]\n\t"
        "vldmia %[pb]!, {s16-s22}\n\t"
        "vfma.f32 %[sb], s16, s24\n\t"
        "vfma.f32 %[sb], s17, s25\n\t"
        "vfma.f32 %[sb], s18, s26\n\t"
        "vfma.f32 %[sb], s19, s27\n\t"
        "vfma.f32 %[sb], s20, s28\n\t"
        "vfma.f32 %[sb], s21, s29\n\t"
        "vfma.f32 %[sb], s22, s30\n\t"
        "vfma.f32 s8, s16, %[fb]\n\t"
        "vfma.f32 s9, s17, %[fb]\n\t"
        "vfma.f32 s10, s18, %[fb]\n\t"
        "vfma.f32 s11, s19, %[fb]\n\t"
        "vfma.f32 s12, s20, %[fb]\n\t"
        "vfma.f32 s13, s21, %[fb]\n\t"
        "vfma.f32 s14, s22, %[fb]\n\t"
        "vstmia %[pf]!, {s8-s14}\n\t"
        : [pa] "+r"(pa), [pb] "+r"(pb), [fj] "+r"(fj), [pf] "+r"(pf), [sa] "+t"(sa), [sb] "+t"(sb)
        : [fa] "t"(fa), [fb] "t"(fb)
        : "memory", EDGECHAOS_PACKED_CLOBBERS);
  }
}

template <bool Scale>
__attribute__((always_inline)) inline void packed_pair_downdate_blocks_arm(Scalar*& pa, Scalar*& pb, const Scalar*& pf,
                                                                           std::uint32_t blocks, Scalar ka, Scalar kb,
                                                                           Scalar il) {
  if constexpr (Scale) {
    __asm volatile(
        "1:\n\t"
        "vldmia %[pf]!, {s24-s31}\n\t"
        "vldm %[pa], {s8-s15}\n\t"
        "vfms.f32 s8, s24, %[ka]\n\t"
        "vfms.f32 s9, s25, %[ka]\n\t"
        "vfms.f32 s10, s26, %[ka]\n\t"
        "vfms.f32 s11, s27, %[ka]\n\t"
        "vfms.f32 s12, s28, %[ka]\n\t"
        "vfms.f32 s13, s29, %[ka]\n\t"
        "vfms.f32 s14, s30, %[ka]\n\t"
        "vfms.f32 s15, s31, %[ka]\n\t"
        "vmul.f32 s8, s8, %[il]\n\t"
        "vmul.f32 s9, s9, %[il]\n\t"
        "vmul.f32 s10, s10, %[il]\n\t"
        "vmul.f32 s11, s11, %[il]\n\t"
        "vmul.f32 s12, s12, %[il]\n\t"
        "vmul.f32 s13, s13, %[il]\n\t"
        "vmul.f32 s14, s14, %[il]\n\t"
        "vmul.f32 s15, s15, %[il]\n\t"
        "vstmia %[pa]!, {s8-s15}\n\t"
        "vldm %[pb], {s16-s23}\n\t"
        "vfms.f32 s16, s24, %[kb]\n\t"
        "vfms.f32 s17, s25, %[kb]\n\t"
        "vfms.f32 s18, s26, %[kb]\n\t"
        "vfms.f32 s19, s27, %[kb]\n\t"
        "vfms.f32 s20, s28, %[kb]\n\t"
        "vfms.f32 s21, s29, %[kb]\n\t"
        "vfms.f32 s22, s30, %[kb]\n\t"
        "vfms.f32 s23, s31, %[kb]\n\t"
        "vmul.f32 s16, s16, %[il]\n\t"
        "vmul.f32 s17, s17, %[il]\n\t"
        "vmul.f32 s18, s18, %[il]\n\t"
        "vmul.f32 s19, s19, %[il]\n\t"
        "vmul.f32 s20, s20, %[il]\n\t"
        "vmul.f32 s21, s21, %[il]\n\t"
        "vmul.f32 s22, s22, %[il]\n\t"
        "vmul.f32 s23, s23, %[il]\n\t"
        "vstmia %[pb]!, {s16-s23}\n\t"
        "subs %[n], %[n], #1\n\t"
        "bne 1b\n\t"
        : [pa] "+r"(pa), [pb] "+r"(pb), [pf] "+r"(pf), [n] "+r"(blocks)
        : [ka] "t"(ka), [kb] "t"(kb), [il] "t"(il)
        : "cc", "memory", EDGECHAOS_PACKED_CLOBBERS);
  } else {
    __asm volatile(
        "1:\n\t"
        "vldmia %[pf]!, {s24-s31}\n\t"
        "vldm %[pa], {s8-s15}\n\t"
        "vfms.f32 s8, s24, %[ka]\n\t"
        "vfms.f32 s9, s25, %[ka]\n\t"
        "vfms.f32 s10, s26, %[ka]\n\t"
        "vfms.f32 s11, s27, %[ka]\n\t"
        "vfms.f32 s12, s28, %[ka]\n\t"
        "vfms.f32 s13, s29, %[ka]\n\t"
        "vfms.f32 s14, s30, %[ka]\n\t"
        "vfms.f32 s15, s31, %[ka]\n\t"
        "vstmia %[pa]!, {s8-s15}\n\t"
        "vldm %[pb], {s16-s23}\n\t"
        "vfms.f32 s16, s24, %[kb]\n\t"
        "vfms.f32 s17, s25, %[kb]\n\t"
        "vfms.f32 s18, s26, %[kb]\n\t"
        "vfms.f32 s19, s27, %[kb]\n\t"
        "vfms.f32 s20, s28, %[kb]\n\t"
        "vfms.f32 s21, s29, %[kb]\n\t"
        "vfms.f32 s22, s30, %[kb]\n\t"
        "vfms.f32 s23, s31, %[kb]\n\t"
        "vstmia %[pb]!, {s16-s23}\n\t"
        "subs %[n], %[n], #1\n\t"
        "bne 1b\n\t"
        : [pa] "+r"(pa), [pb] "+r"(pb), [pf] "+r"(pf), [n] "+r"(blocks)
        : [ka] "t"(ka), [kb] "t"(kb), [il] "t"(il)
        : "cc", "memory", EDGECHAOS_PACKED_CLOBBERS);
  }
}

template <int H, bool Scale>
__attribute__((always_inline)) inline void packed_pair_downdate_head_arm(Scalar*& pa, Scalar*& pb, const Scalar*& pf,
                                                                         Scalar ka, Scalar kb, Scalar il) {
  static_assert(H >= 1 && H <= 7, "heads of 1..7 columns");
  if constexpr (H == 1) {
    if constexpr (Scale) {
      __asm volatile(
        "vldmia %[pf]!, {s24}\n\t"
        "vldm %[pa], {s8}\n\t"
        "vfms.f32 s8, s24, %[ka]\n\t"
        "vmul.f32 s8, s8, %[il]\n\t"
        "vstmia %[pa]!, {s8}\n\t"
        "vldm %[pb], {s16}\n\t"
        "vfms.f32 s16, s24, %[kb]\n\t"
        "vmul.f32 s16, s16, %[il]\n\t"
        "vstmia %[pb]!, {s16}\n\t"
        : [pa] "+r"(pa), [pb] "+r"(pb), [pf] "+r"(pf)
        : [ka] "t"(ka), [kb] "t"(kb), [il] "t"(il)
        : "memory", EDGECHAOS_PACKED_CLOBBERS);
    } else {
      __asm volatile(
        "vldmia %[pf]!, {s24}\n\t"
        "vldm %[pa], {s8}\n\t"
        "vfms.f32 s8, s24, %[ka]\n\t"
        "vstmia %[pa]!, {s8}\n\t"
        "vldm %[pb], {s16}\n\t"
        "vfms.f32 s16, s24, %[kb]\n\t"
        "vstmia %[pb]!, {s16}\n\t"
        : [pa] "+r"(pa), [pb] "+r"(pb), [pf] "+r"(pf)
        : [ka] "t"(ka), [kb] "t"(kb), [il] "t"(il)
        : "memory", EDGECHAOS_PACKED_CLOBBERS);
    }
  } else if constexpr (H == 2) {
    if constexpr (Scale) {
      __asm volatile(
        "vldmia %[pf]!, {s24-s25}\n\t"
        "vldm %[pa], {s8-s9}\n\t"
        "vfms.f32 s8, s24, %[ka]\n\t"
        "vfms.f32 s9, s25, %[ka]\n\t"
        "vmul.f32 s8, s8, %[il]\n\t"
        "vmul.f32 s9, s9, %[il]\n\t"
        "vstmia %[pa]!, {s8-s9}\n\t"
        "vldm %[pb], {s16-s17}\n\t"
        "vfms.f32 s16, s24, %[kb]\n\t"
        "vfms.f32 s17, s25, %[kb]\n\t"
        "vmul.f32 s16, s16, %[il]\n\t"
        "vmul.f32 s17, s17, %[il]\n\t"
        "vstmia %[pb]!, {s16-s17}\n\t"
        : [pa] "+r"(pa), [pb] "+r"(pb), [pf] "+r"(pf)
        : [ka] "t"(ka), [kb] "t"(kb), [il] "t"(il)
        : "memory", EDGECHAOS_PACKED_CLOBBERS);
    } else {
      __asm volatile(
        "vldmia %[pf]!, {s24-s25}\n\t"
        "vldm %[pa], {s8-s9}\n\t"
        "vfms.f32 s8, s24, %[ka]\n\t"
        "vfms.f32 s9, s25, %[ka]\n\t"
        "vstmia %[pa]!, {s8-s9}\n\t"
        "vldm %[pb], {s16-s17}\n\t"
        "vfms.f32 s16, s24, %[kb]\n\t"
        "vfms.f32 s17, s25, %[kb]\n\t"
        "vstmia %[pb]!, {s16-s17}\n\t"
        : [pa] "+r"(pa), [pb] "+r"(pb), [pf] "+r"(pf)
        : [ka] "t"(ka), [kb] "t"(kb), [il] "t"(il)
        : "memory", EDGECHAOS_PACKED_CLOBBERS);
    }
  } else if constexpr (H == 3) {
    if constexpr (Scale) {
      __asm volatile(
        "vldmia %[pf]!, {s24-s26}\n\t"
        "vldm %[pa], {s8-s10}\n\t"
        "vfms.f32 s8, s24, %[ka]\n\t"
        "vfms.f32 s9, s25, %[ka]\n\t"
        "vfms.f32 s10, s26, %[ka]\n\t"
        "vmul.f32 s8, s8, %[il]\n\t"
        "vmul.f32 s9, s9, %[il]\n\t"
        "vmul.f32 s10, s10, %[il]\n\t"
        "vstmia %[pa]!, {s8-s10}\n\t"
        "vldm %[pb], {s16-s18}\n\t"
        "vfms.f32 s16, s24, %[kb]\n\t"
        "vfms.f32 s17, s25, %[kb]\n\t"
        "vfms.f32 s18, s26, %[kb]\n\t"
        "vmul.f32 s16, s16, %[il]\n\t"
        "vmul.f32 s17, s17, %[il]\n\t"
        "vmul.f32 s18, s18, %[il]\n\t"
        "vstmia %[pb]!, {s16-s18}\n\t"
        : [pa] "+r"(pa), [pb] "+r"(pb), [pf] "+r"(pf)
        : [ka] "t"(ka), [kb] "t"(kb), [il] "t"(il)
        : "memory", EDGECHAOS_PACKED_CLOBBERS);
    } else {
      __asm volatile(
        "vldmia %[pf]!, {s24-s26}\n\t"
        "vldm %[pa], {s8-s10}\n\t"
        "vfms.f32 s8, s24, %[ka]\n\t"
        "vfms.f32 s9, s25, %[ka]\n\t"
        "vfms.f32 s10, s26, %[ka]\n\t"
        "vstmia %[pa]!, {s8-s10}\n\t"
        "vldm %[pb], {s16-s18}\n\t"
        "vfms.f32 s16, s24, %[kb]\n\t"
        "vfms.f32 s17, s25, %[kb]\n\t"
        "vfms.f32 s18, s26, %[kb]\n\t"
        "vstmia %[pb]!, {s16-s18}\n\t"
        : [pa] "+r"(pa), [pb] "+r"(pb), [pf] "+r"(pf)
        : [ka] "t"(ka), [kb] "t"(kb), [il] "t"(il)
        : "memory", EDGECHAOS_PACKED_CLOBBERS);
    }
  } else if constexpr (H == 4) {
    if constexpr (Scale) {
      __asm volatile(
        "vldmia %[pf]!, {s24-s27}\n\t"
        "vldm %[pa], {s8-s11}\n\t"
        "vfms.f32 s8, s24, %[ka]\n\t"
        "vfms.f32 s9, s25, %[ka]\n\t"
        "vfms.f32 s10, s26, %[ka]\n\t"
        "vfms.f32 s11, s27, %[ka]\n\t"
        "vmul.f32 s8, s8, %[il]\n\t"
        "vmul.f32 s9, s9, %[il]\n\t"
        "vmul.f32 s10, s10, %[il]\n\t"
        "vmul.f32 s11, s11, %[il]\n\t"
        "vstmia %[pa]!, {s8-s11}\n\t"
        "vldm %[pb], {s16-s19}\n\t"
        "vfms.f32 s16, s24, %[kb]\n\t"
        "vfms.f32 s17, s25, %[kb]\n\t"
        "vfms.f32 s18, s26, %[kb]\n\t"
        "vfms.f32 s19, s27, %[kb]\n\t"
        "vmul.f32 s16, s16, %[il]\n\t"
        "vmul.f32 s17, s17, %[il]\n\t"
        "vmul.f32 s18, s18, %[il]\n\t"
        "vmul.f32 s19, s19, %[il]\n\t"
        "vstmia %[pb]!, {s16-s19}\n\t"
        : [pa] "+r"(pa), [pb] "+r"(pb), [pf] "+r"(pf)
        : [ka] "t"(ka), [kb] "t"(kb), [il] "t"(il)
        : "memory", EDGECHAOS_PACKED_CLOBBERS);
    } else {
      __asm volatile(
        "vldmia %[pf]!, {s24-s27}\n\t"
        "vldm %[pa], {s8-s11}\n\t"
        "vfms.f32 s8, s24, %[ka]\n\t"
        "vfms.f32 s9, s25, %[ka]\n\t"
        "vfms.f32 s10, s26, %[ka]\n\t"
        "vfms.f32 s11, s27, %[ka]\n\t"
        "vstmia %[pa]!, {s8-s11}\n\t"
        "vldm %[pb], {s16-s19}\n\t"
        "vfms.f32 s16, s24, %[kb]\n\t"
        "vfms.f32 s17, s25, %[kb]\n\t"
        "vfms.f32 s18, s26, %[kb]\n\t"
        "vfms.f32 s19, s27, %[kb]\n\t"
        "vstmia %[pb]!, {s16-s19}\n\t"
        : [pa] "+r"(pa), [pb] "+r"(pb), [pf] "+r"(pf)
        : [ka] "t"(ka), [kb] "t"(kb), [il] "t"(il)
        : "memory", EDGECHAOS_PACKED_CLOBBERS);
    }
  } else if constexpr (H == 5) {
    if constexpr (Scale) {
      __asm volatile(
        "vldmia %[pf]!, {s24-s28}\n\t"
        "vldm %[pa], {s8-s12}\n\t"
        "vfms.f32 s8, s24, %[ka]\n\t"
        "vfms.f32 s9, s25, %[ka]\n\t"
        "vfms.f32 s10, s26, %[ka]\n\t"
        "vfms.f32 s11, s27, %[ka]\n\t"
        "vfms.f32 s12, s28, %[ka]\n\t"
        "vmul.f32 s8, s8, %[il]\n\t"
        "vmul.f32 s9, s9, %[il]\n\t"
        "vmul.f32 s10, s10, %[il]\n\t"
        "vmul.f32 s11, s11, %[il]\n\t"
        "vmul.f32 s12, s12, %[il]\n\t"
        "vstmia %[pa]!, {s8-s12}\n\t"
        "vldm %[pb], {s16-s20}\n\t"
        "vfms.f32 s16, s24, %[kb]\n\t"
        "vfms.f32 s17, s25, %[kb]\n\t"
        "vfms.f32 s18, s26, %[kb]\n\t"
        "vfms.f32 s19, s27, %[kb]\n\t"
        "vfms.f32 s20, s28, %[kb]\n\t"
        "vmul.f32 s16, s16, %[il]\n\t"
        "vmul.f32 s17, s17, %[il]\n\t"
        "vmul.f32 s18, s18, %[il]\n\t"
        "vmul.f32 s19, s19, %[il]\n\t"
        "vmul.f32 s20, s20, %[il]\n\t"
        "vstmia %[pb]!, {s16-s20}\n\t"
        : [pa] "+r"(pa), [pb] "+r"(pb), [pf] "+r"(pf)
        : [ka] "t"(ka), [kb] "t"(kb), [il] "t"(il)
        : "memory", EDGECHAOS_PACKED_CLOBBERS);
    } else {
      __asm volatile(
        "vldmia %[pf]!, {s24-s28}\n\t"
        "vldm %[pa], {s8-s12}\n\t"
        "vfms.f32 s8, s24, %[ka]\n\t"
        "vfms.f32 s9, s25, %[ka]\n\t"
        "vfms.f32 s10, s26, %[ka]\n\t"
        "vfms.f32 s11, s27, %[ka]\n\t"
        "vfms.f32 s12, s28, %[ka]\n\t"
        "vstmia %[pa]!, {s8-s12}\n\t"
        "vldm %[pb], {s16-s20}\n\t"
        "vfms.f32 s16, s24, %[kb]\n\t"
        "vfms.f32 s17, s25, %[kb]\n\t"
        "vfms.f32 s18, s26, %[kb]\n\t"
        "vfms.f32 s19, s27, %[kb]\n\t"
        "vfms.f32 s20, s28, %[kb]\n\t"
        "vstmia %[pb]!, {s16-s20}\n\t"
        : [pa] "+r"(pa), [pb] "+r"(pb), [pf] "+r"(pf)
        : [ka] "t"(ka), [kb] "t"(kb), [il] "t"(il)
        : "memory", EDGECHAOS_PACKED_CLOBBERS);
    }
  } else if constexpr (H == 6) {
    if constexpr (Scale) {
      __asm volatile(
        "vldmia %[pf]!, {s24-s29}\n\t"
        "vldm %[pa], {s8-s13}\n\t"
        "vfms.f32 s8, s24, %[ka]\n\t"
        "vfms.f32 s9, s25, %[ka]\n\t"
        "vfms.f32 s10, s26, %[ka]\n\t"
        "vfms.f32 s11, s27, %[ka]\n\t"
        "vfms.f32 s12, s28, %[ka]\n\t"
        "vfms.f32 s13, s29, %[ka]\n\t"
        "vmul.f32 s8, s8, %[il]\n\t"
        "vmul.f32 s9, s9, %[il]\n\t"
        "vmul.f32 s10, s10, %[il]\n\t"
        "vmul.f32 s11, s11, %[il]\n\t"
        "vmul.f32 s12, s12, %[il]\n\t"
        "vmul.f32 s13, s13, %[il]\n\t"
        "vstmia %[pa]!, {s8-s13}\n\t"
        "vldm %[pb], {s16-s21}\n\t"
        "vfms.f32 s16, s24, %[kb]\n\t"
        "vfms.f32 s17, s25, %[kb]\n\t"
        "vfms.f32 s18, s26, %[kb]\n\t"
        "vfms.f32 s19, s27, %[kb]\n\t"
        "vfms.f32 s20, s28, %[kb]\n\t"
        "vfms.f32 s21, s29, %[kb]\n\t"
        "vmul.f32 s16, s16, %[il]\n\t"
        "vmul.f32 s17, s17, %[il]\n\t"
        "vmul.f32 s18, s18, %[il]\n\t"
        "vmul.f32 s19, s19, %[il]\n\t"
        "vmul.f32 s20, s20, %[il]\n\t"
        "vmul.f32 s21, s21, %[il]\n\t"
        "vstmia %[pb]!, {s16-s21}\n\t"
        : [pa] "+r"(pa), [pb] "+r"(pb), [pf] "+r"(pf)
        : [ka] "t"(ka), [kb] "t"(kb), [il] "t"(il)
        : "memory", EDGECHAOS_PACKED_CLOBBERS);
    } else {
      __asm volatile(
        "vldmia %[pf]!, {s24-s29}\n\t"
        "vldm %[pa], {s8-s13}\n\t"
        "vfms.f32 s8, s24, %[ka]\n\t"
        "vfms.f32 s9, s25, %[ka]\n\t"
        "vfms.f32 s10, s26, %[ka]\n\t"
        "vfms.f32 s11, s27, %[ka]\n\t"
        "vfms.f32 s12, s28, %[ka]\n\t"
        "vfms.f32 s13, s29, %[ka]\n\t"
        "vstmia %[pa]!, {s8-s13}\n\t"
        "vldm %[pb], {s16-s21}\n\t"
        "vfms.f32 s16, s24, %[kb]\n\t"
        "vfms.f32 s17, s25, %[kb]\n\t"
        "vfms.f32 s18, s26, %[kb]\n\t"
        "vfms.f32 s19, s27, %[kb]\n\t"
        "vfms.f32 s20, s28, %[kb]\n\t"
        "vfms.f32 s21, s29, %[kb]\n\t"
        "vstmia %[pb]!, {s16-s21}\n\t"
        : [pa] "+r"(pa), [pb] "+r"(pb), [pf] "+r"(pf)
        : [ka] "t"(ka), [kb] "t"(kb), [il] "t"(il)
        : "memory", EDGECHAOS_PACKED_CLOBBERS);
    }
  } else if constexpr (H == 7) {
    if constexpr (Scale) {
      __asm volatile(
        "vldmia %[pf]!, {s24-s30}\n\t"
        "vldm %[pa], {s8-s14}\n\t"
        "vfms.f32 s8, s24, %[ka]\n\t"
        "vfms.f32 s9, s25, %[ka]\n\t"
        "vfms.f32 s10, s26, %[ka]\n\t"
        "vfms.f32 s11, s27, %[ka]\n\t"
        "vfms.f32 s12, s28, %[ka]\n\t"
        "vfms.f32 s13, s29, %[ka]\n\t"
        "vfms.f32 s14, s30, %[ka]\n\t"
        "vmul.f32 s8, s8, %[il]\n\t"
        "vmul.f32 s9, s9, %[il]\n\t"
        "vmul.f32 s10, s10, %[il]\n\t"
        "vmul.f32 s11, s11, %[il]\n\t"
        "vmul.f32 s12, s12, %[il]\n\t"
        "vmul.f32 s13, s13, %[il]\n\t"
        "vmul.f32 s14, s14, %[il]\n\t"
        "vstmia %[pa]!, {s8-s14}\n\t"
        "vldm %[pb], {s16-s22}\n\t"
        "vfms.f32 s16, s24, %[kb]\n\t"
        "vfms.f32 s17, s25, %[kb]\n\t"
        "vfms.f32 s18, s26, %[kb]\n\t"
        "vfms.f32 s19, s27, %[kb]\n\t"
        "vfms.f32 s20, s28, %[kb]\n\t"
        "vfms.f32 s21, s29, %[kb]\n\t"
        "vfms.f32 s22, s30, %[kb]\n\t"
        "vmul.f32 s16, s16, %[il]\n\t"
        "vmul.f32 s17, s17, %[il]\n\t"
        "vmul.f32 s18, s18, %[il]\n\t"
        "vmul.f32 s19, s19, %[il]\n\t"
        "vmul.f32 s20, s20, %[il]\n\t"
        "vmul.f32 s21, s21, %[il]\n\t"
        "vmul.f32 s22, s22, %[il]\n\t"
        "vstmia %[pb]!, {s16-s22}\n\t"
        : [pa] "+r"(pa), [pb] "+r"(pb), [pf] "+r"(pf)
        : [ka] "t"(ka), [kb] "t"(kb), [il] "t"(il)
        : "memory", EDGECHAOS_PACKED_CLOBBERS);
    } else {
      __asm volatile(
        "vldmia %[pf]!, {s24-s30}\n\t"
        "vldm %[pa], {s8-s14}\n\t"
        "vfms.f32 s8, s24, %[ka]\n\t"
        "vfms.f32 s9, s25, %[ka]\n\t"
        "vfms.f32 s10, s26, %[ka]\n\t"
        "vfms.f32 s11, s27, %[ka]\n\t"
        "vfms.f32 s12, s28, %[ka]\n\t"
        "vfms.f32 s13, s29, %[ka]\n\t"
        "vfms.f32 s14, s30, %[ka]\n\t"
        "vstmia %[pa]!, {s8-s14}\n\t"
        "vldm %[pb], {s16-s22}\n\t"
        "vfms.f32 s16, s24, %[kb]\n\t"
        "vfms.f32 s17, s25, %[kb]\n\t"
        "vfms.f32 s18, s26, %[kb]\n\t"
        "vfms.f32 s19, s27, %[kb]\n\t"
        "vfms.f32 s20, s28, %[kb]\n\t"
        "vfms.f32 s21, s29, %[kb]\n\t"
        "vfms.f32 s22, s30, %[kb]\n\t"
        "vstmia %[pb]!, {s16-s22}\n\t"
        : [pa] "+r"(pa), [pb] "+r"(pb), [pf] "+r"(pf)
        : [ka] "t"(ka), [kb] "t"(kb), [il] "t"(il)
        : "memory", EDGECHAOS_PACKED_CLOBBERS);
    }
  }
}

// Rows i, i+1 (i even; R = i mod 8 fixes the head at compile time). Row i's column i+1
// (row i+1's diagonal) is done first in C; both rows then share columns i+2..F-1.
template <int F, int R>
__attribute__((always_inline)) inline void packed_pair_arm(const Scalar*& q, const Scalar* f, Scalar* pf, int i) {
  constexpr int kHead = ((F - 2 - R) % 8 + 8) % 8;
  const Scalar fa = f[i], fb = f[i + 1];
  const Scalar* pa = q;
  const Scalar* pb = q + (F - i);
  Scalar sa = fma_arm(Scalar(0), pa[0], fa);  // 0 + P_ii f_i, as the portable loop
  const Scalar p01 = pa[1];
  sa = fma_arm(sa, p01, fb);
  pf[i + 1] = fma_arm(pf[i + 1], p01, fa);
  Scalar sb = fma_arm(Scalar(0), pb[0], fb);
  pa += 2;
  pb += 1;
  const Scalar* fj = f + i + 2;
  Scalar* pfj = pf + i + 2;
  if constexpr (kHead != 0) packed_pair_head_arm<kHead>(pa, pb, fj, pfj, sa, sb, fa, fb);
  const std::uint32_t blocks = static_cast<std::uint32_t>((F - 2 - i - kHead) / 8);
  if (blocks != 0) packed_pair_blocks_arm(pa, pb, fj, pfj, blocks, sa, sb, fa, fb);
  pf[i] = add_arm(pf[i], sa);
  pf[i + 1] = add_arm(pf[i + 1], sb);
  q = pb;  // the start of row i + 2
}

template <int F, int R, bool Scale>
__attribute__((always_inline)) inline void packed_pair_downdate_arm(Scalar*& q, const Scalar* k, const Scalar* pf,
                                                                    Scalar il, int i) {
  constexpr int kHead = ((F - 1 - R) % 8 + 8) % 8;
  Scalar* pa = q;
  Scalar* pb = q + (F - i);
  const Scalar ka = k[i], kb = k[i + 1];
  if constexpr (Scale) {
    pa[0] = packed_new_diagonal(pa[0], ka, pf[i]) * il;
  } else {
    pa[0] = packed_new_diagonal(pa[0], ka, pf[i]);
  }
  pa += 1;
  const Scalar* pfj = pf + i + 1;
  if constexpr (kHead != 0) packed_pair_downdate_head_arm<kHead, Scale>(pa, pb, pfj, ka, kb, il);
  const std::uint32_t blocks = static_cast<std::uint32_t>((F - 1 - i - kHead) / 8);
  if (blocks != 0) packed_pair_downdate_blocks_arm<Scale>(pa, pb, pfj, blocks, ka, kb, il);
  q = pb;
}

// Eight rows from i0 (a multiple of 8) as four pairs; a last row without a partner (F odd)
// goes alone.
template <int F, int R>
__attribute__((always_inline)) inline void packed_times_pair_or_row(const Scalar*& q, const Scalar* f, Scalar* pf,
                                                                    int i0) {
  if (F % 8 == 0 || i0 + R + 1 < F) {
    packed_pair_arm<F, R>(q, f, pf, i0 + R);
  } else if (i0 + R < F) {
    packed_row_arm<F, R>(q, f, pf, i0 + R);
  }
}

template <int F, int R, bool Scale>
__attribute__((always_inline)) inline void packed_downdate_pair_or_row(Scalar*& q, const Scalar* k, const Scalar* pf,
                                                                       Scalar il, int i0) {
  if (F % 8 == 0 || i0 + R + 1 < F) {
    packed_pair_downdate_arm<F, R, Scale>(q, k, pf, il, i0 + R);
  } else if (i0 + R < F) {
    packed_downdate_row_arm<F, R, Scale>(q, k, pf, il, i0 + R);
  }
}

template <int F>
inline void packed_symmetric_times(const Scalar* __restrict p, const Scalar* __restrict f, Scalar* __restrict pf) {
  for (int i = 0; i < F; ++i) pf[i] = Scalar(0);
  const Scalar* q = p;
  for (int i0 = 0; i0 < F; i0 += 8) {
    packed_times_pair_or_row<F, 0>(q, f, pf, i0);
    packed_times_pair_or_row<F, 2>(q, f, pf, i0);
    packed_times_pair_or_row<F, 4>(q, f, pf, i0);
    packed_times_pair_or_row<F, 6>(q, f, pf, i0);
  }
}

template <int F, bool Scale>
inline void packed_rank1_downdate_arm(Scalar* p, const Scalar* k, const Scalar* pf, Scalar inv_lambda) {
  Scalar* q = p;
  for (int i0 = 0; i0 < F; i0 += 8) {
    packed_downdate_pair_or_row<F, 0, Scale>(q, k, pf, inv_lambda, i0);
    packed_downdate_pair_or_row<F, 2, Scale>(q, k, pf, inv_lambda, i0);
    packed_downdate_pair_or_row<F, 4, Scale>(q, k, pf, inv_lambda, i0);
    packed_downdate_pair_or_row<F, 6, Scale>(q, k, pf, inv_lambda, i0);
  }
}

template <int F>
inline void packed_rank1_downdate(Scalar* __restrict p, const Scalar* __restrict k, const Scalar* __restrict pf,
                                  Scalar inv_lambda) {
  if (inv_lambda != Scalar(1)) {
    packed_rank1_downdate_arm<F, true>(p, k, pf, inv_lambda);
  } else {
    packed_rank1_downdate_arm<F, false>(p, k, pf, inv_lambda);
  }
}

#undef EDGECHAOS_PACKED_CLOBBERS

}  // namespace edgechaos::detail
