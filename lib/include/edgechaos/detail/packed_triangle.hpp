// The two O(F^2) loops of RLS (readouts/rls.hpp) on a symmetric F x F matrix stored as its
// upper triangle packed by rows (row i holds columns i..F-1, starting at i F - i (i - 1) / 2):
//   packed_symmetric_times:  pf = P f
//   packed_rank1_downdate:   P_ij = (P_ij - k_i pf_j) * inv_lambda   (j >= i)
//
// The order of operations is fixed and the same on every core, so results do not depend
// on the kernel. For row i of P f: sum = P_ii f_i, then sum += P_ij f_j for j = i+1..F-1
// in order; pf_j += P_ij f_i for each j > i (rows in order); finally pf_i += sum. One read
// of each stored entry serves both halves of the symmetric product.
//
// On Cortex-M cores with single-precision FMA (M4F, M7, M33) and outside the reproducible
// mode, each row's full 8-entry blocks go through the assembly below: one `vldmia`/`vstmia`
// moves 8 floats, so P f costs 22 instructions per 8 stored entries (16 MACs) and the
// downdate 13 per 8 (21 with the 1/lambda multiply). The arithmetic is the same as the
// portable loop's under GCC's default contraction (-ffp-contract=fast): vfma for
// `s += a * b`, vfms for `x - k * p`, then vmul; the bench image checks both give the
// same bits. In the reproducible mode (no contraction) the portable loops are used.
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
    const Scalar sum = packed_row_part(row, i, f, pf, i + 1, F, row[0] * f[i]);
    pf[i] += sum;
  }
}

template <int F>
inline void packed_rank1_downdate_portable(Scalar* __restrict p, const Scalar* __restrict k,
                                           const Scalar* __restrict pf, Scalar inv_lambda) {
  const bool scale = inv_lambda != Scalar(1);
  for (int i = 0; i < F; ++i) packed_downdate_part(p + packed_row<F>(i), i, k[i], pf, inv_lambda, scale, i, F);
}

#if defined(__ARM_ARCH_PROFILE) && __ARM_ARCH_PROFILE == 'M' && defined(__ARM_FEATURE_FMA) && \
    !(defined(EDGECHAOS_REPRODUCIBLE) && EDGECHAOS_REPRODUCIBLE)
#define EDGECHAOS_PACKED_ARM 1
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
  Scalar sum = *q++ * fi;
  const Scalar* fj = f + i + 1;
  Scalar* pfj = pf + i + 1;
  if constexpr (kHead != 0) sum = packed_row_head_arm<kHead>(q, fj, pfj, sum, fi);
  const std::uint32_t blocks = static_cast<std::uint32_t>((F - 1 - i - kHead) / 8);
  if (blocks != 0) sum = packed_row_blocks_arm(q, fj, pfj, blocks, sum, fi);
  pf[i] += sum;
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

template <int F, int... R>
__attribute__((always_inline)) inline void packed_times_rows8(const Scalar*& q, const Scalar* f, Scalar* pf, int i0,
                                                              std::integer_sequence<int, R...>) {
  ((F % 8 == 0 || i0 + R < F ? packed_row_arm<F, R>(q, f, pf, i0 + R) : void()), ...);
}

template <int F, bool Scale, int... R>
__attribute__((always_inline)) inline void packed_downdate_rows8(Scalar*& q, const Scalar* k, const Scalar* pf,
                                                                 Scalar inv_lambda, int i0,
                                                                 std::integer_sequence<int, R...>) {
  ((F % 8 == 0 || i0 + R < F ? packed_downdate_row_arm<F, R, Scale>(q, k, pf, inv_lambda, i0 + R) : void()), ...);
}

template <int F>
inline void packed_symmetric_times(const Scalar* __restrict p, const Scalar* __restrict f, Scalar* __restrict pf) {
  for (int i = 0; i < F; ++i) pf[i] = Scalar(0);
  const Scalar* q = p;
  for (int i0 = 0; i0 < F; i0 += 8) packed_times_rows8<F>(q, f, pf, i0, std::make_integer_sequence<int, 8>());
}

template <int F, bool Scale>
inline void packed_rank1_downdate_arm(Scalar* p, const Scalar* k, const Scalar* pf, Scalar inv_lambda) {
  Scalar* q = p;
  for (int i0 = 0; i0 < F; i0 += 8) {
    packed_downdate_rows8<F, Scale>(q, k, pf, inv_lambda, i0, std::make_integer_sequence<int, 8>());
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

#else

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
