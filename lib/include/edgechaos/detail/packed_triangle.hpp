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

// blocks x 8 columns of one row of P f: sum += P_ij f_j (in order), pf_j += P_ij fi.
// s16-s23 P's entries, s24-s31 f's, s8-s15 pf's; sum and fi stay in s0-s7.
__attribute__((always_inline)) inline Scalar packed_row_blocks_arm(const Scalar* p, const Scalar* f, Scalar* pf,
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
__attribute__((always_inline)) inline void packed_downdate_blocks_arm(Scalar* row, const Scalar* pf,
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

// Each row: its first (length mod 8) columns in C, the rest in 8-column blocks.
template <int F>
inline void packed_symmetric_times(const Scalar* __restrict p, const Scalar* __restrict f, Scalar* __restrict pf) {
  for (int i = 0; i < F; ++i) pf[i] = Scalar(0);
  for (int i = 0; i < F; ++i) {
    const Scalar* row = p + packed_row<F>(i);
    const int head = i + 1 + (F - 1 - i) % 8;
    Scalar sum = packed_row_part(row, i, f, pf, i + 1, head, row[0] * f[i]);
    const std::uint32_t blocks = static_cast<std::uint32_t>((F - head) / 8);
    if (blocks != 0) sum = packed_row_blocks_arm(row + (head - i), f + head, pf + head, blocks, sum, f[i]);
    pf[i] += sum;
  }
}

template <int F>
inline void packed_rank1_downdate(Scalar* __restrict p, const Scalar* __restrict k, const Scalar* __restrict pf,
                                  Scalar inv_lambda) {
  const bool scale = inv_lambda != Scalar(1);
  for (int i = 0; i < F; ++i) {
    Scalar* row = p + packed_row<F>(i);
    const int head = i + (F - i) % 8;
    packed_downdate_part(row, i, k[i], pf, inv_lambda, scale, i, head);
    const std::uint32_t blocks = static_cast<std::uint32_t>((F - head) / 8);
    if (blocks == 0) continue;
    if (scale) {
      packed_downdate_blocks_arm<true>(row + (head - i), pf + head, blocks, k[i], inv_lambda);
    } else {
      packed_downdate_blocks_arm<false>(row + (head - i), pf + head, blocks, k[i], inv_lambda);
    }
  }
}

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
