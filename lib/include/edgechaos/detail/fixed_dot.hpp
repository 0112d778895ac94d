// The integer dot product of one row of fixed-point weights with a raw state vector: the
// inner loop of every fixed-point model (weights/fixed_couplings.hpp's dense dot_row).
//
// Two paths that give the same bits:
//   fixed_dot_portable  plain C++, unrolled by 8 (every core; the reference);
//   fixed_dot           on a core with the DSP extension (ACLE __ARM_FEATURE_DSP: Cortex-M4,
//                       M7, M33) a small inline-assembly kernel for three formats, else the
//                       portable loop:
//     int16 w x int16 s -> int64:  LDM of 4 words of w and 4 of s (8 halfwords each), then
//                                  4 SMLALD (two 16 x 16 products added into the 64-bit
//                                  accumulator): 6 instructions per 8 MACs;
//     int8 w x int16 s -> int32:   LDM of 2 words of w (8 bytes) and 4 of s; per word of w,
//                                  SXTB16 twice (bytes 0,2 and 1,3 as halfword pairs), PKHBT
//                                  and PKHTB to pair them as (w0, w1) and (w2, w3) like the
//                                  state words, then 2 SMLAD: 14 instructions per 8 MACs;
//     int16 w x int32 s -> int64:  LDM of 4 states, 4 LDRSH (post-increment) and 4 SMLAL:
//                                  9 instructions per 4 MACs (a 32-bit state has no dual MAC).
//   fixed_dot2          two rows sharing each state load (the models' row pairs on the M3:
//                       5 instructions per 2 MACs; two fixed_dot calls where that is not
//                       cheaper, kFixedDotPairs).
//   Each asm statement does 32 (16 x 16, 8 x 16) or 16 (16 x 32) MACs, then one slice (8
//   or 4 MACs) at a time, repeated by C++ loops; the columns left over (n mod 8, n mod 4)
//   are done by the portable loop. LDM needs word-aligned addresses, so a row or a
//   state vector that is not 4-byte aligned takes the portable loop (any layout works).
//
// Why the bits are the same. Each product is exact (|w s| <= 2^30 for 16 x 16, 2^22 for
// 8 x 16, 2^46 for 16 x 32) and the sum is integer addition, exact as long as no partial
// sum overflows the accumulator; then the order of the additions does not matter. The
// partial sums of the kernels are partial sums of the same K products as the portable
// loop's, so they obey the same bound |partial| <= K 2^(Wb+Sb-2) (core/q_format.hpp):
//   SMLALD: RdHi:RdLo + p1 + p2 with a 64-bit accumulator, each partial sum at most
//           K 2^30 <= 2^63 - 1 for K <= 8 589 934 591 (QProduct's kMaxTerms for 16 x 16).
//           (SMLAD, with its 32-bit accumulator, would be wrong here: two products of
//           -32768 * -32768 already make 2^31; hence the 64-bit form.)
//   SMLAD:  Ra + p1 + p2 in 32 bits with |p| <= 2^22: every partial sum of K <= 511
//           products (kMaxTerms for 8 x 16, which FixedNetworkWeights static_asserts) is at
//           most 511 2^22 = 2143289344 < 2^31, so the 32-bit additions never wrap (and the
//           Q flag is never set; nothing reads it).
//   SMLAL:  a 32 x 32 -> 64-bit product added into 64 bits; |partial| <= K 2^46 <= 2^63 - 1
//           for K <= 131071 (kMaxTerms for 16 x 32).
// Signed integer arithmetic in C++ has no wrap-around to rely on; the kernel never needs it.
#pragma once

#include <cstdint>
#include <type_traits>

#include "edgechaos/core/config.hpp"

#if defined(__GNUC__) && defined(__ARM_ARCH_PROFILE) && __ARM_ARCH_PROFILE == 'M' && defined(__ARM_FEATURE_DSP) && \
    __ARM_FEATURE_DSP
#define EDGECHAOS_FIXED_DSP 1  ///< the DSP kernels of detail/fixed_dot.hpp are in use
#else
#define EDGECHAOS_FIXED_DSP 0
#endif

namespace edgechaos::detail {

/// The type one product is computed in: int32 when both factors have at most 16 bits
/// (|w s| <= 2^15 2^15 = 2^30 fits), else the accumulator. Summing int32 products into an
/// int64 accumulator avoids a 64 x 64-bit multiply (a library call on the M0).
template <class W, class S, class Acc>
using fixed_product_t = std::conditional_t<(sizeof(W) <= 2 && sizeof(S) <= 2), std::int32_t, Acc>;

/// sum_{j < n} w[j] s[j] in Acc, plain C++ (the reference every kernel must equal). kN: the
/// compile-time n when the caller has one (then n is ignored and the loop is unrolled).
template <class Acc, int kN = Dynamic, class W, class S>
inline Acc fixed_dot_portable(const W* __restrict w, const S* __restrict s, Index n) {
  const Index cols = kN == Dynamic ? n : Index{kN};
  using P = fixed_product_t<W, S, Acc>;
  Acc acc = 0;
#if defined(__ARM_ARCH_7M__)
  // Cortex-M3 (ARMv7-M without DSP): a constant row of up to 64 written out in full, so
  // each MAC is exactly ldrsh/ldrsb, ldrsh/ldr, mla/smlal with immediate offsets (3
  // instructions, about 0.8 KiB of flash per format at N = 64) instead of 3.5 with the
  // loop's pointer updates. (The loop is written twice, here and below, because GCC's
  // `#pragma GCC unroll` takes no template-dependent count; fixed_dot2_portable likewise.
  // Its two loops sharing one lambda body were tried: GCC 12 compiled them worse, and the
  // M3's fixed_matvec at N = 64 took 18 504 instructions against 10 466.)
  if constexpr (kN != Dynamic && kN <= 64) {
#pragma GCC unroll 64
    for (Index j = 0; j < cols; ++j) acc += static_cast<Acc>(static_cast<P>(w[j]) * static_cast<P>(s[j]));
    return acc;
  }
#endif
#pragma GCC unroll 8
  for (Index j = 0; j < cols; ++j) acc += static_cast<Acc>(static_cast<P>(w[j]) * static_cast<P>(s[j]));
  return acc;
}

/// Two rows at once: a = sum_j wa[j] s[j], b = sum_j wb[j] s[j], each the same exact integer
/// sum as fixed_dot_portable (one product per term, exact; the partial sums of each row obey
/// the same bound), so the same bits. Each state s[j] is loaded once for both rows: on the
/// Cortex-M3 a constant row pair of up to 64 is written out in full, 5 instructions per 2
/// MACs (ldrsh/ldr s, ldrsh/ldrsb wa, ldrsh/ldrsb wb, two smlal/mla, immediate offsets)
/// against 3 per MAC for one row. kN as in fixed_dot_portable.
template <class Acc, int kN = Dynamic, class W, class S>
inline void fixed_dot2_portable(const W* __restrict wa, const W* __restrict wb, const S* __restrict s, Index n,
                                Acc& out_a, Acc& out_b) {
  const Index cols = kN == Dynamic ? n : Index{kN};
  using P = fixed_product_t<W, S, Acc>;
  Acc a = 0, b = 0;
#if defined(__ARM_ARCH_7M__)
  if constexpr (kN != Dynamic && kN <= 64) {
#pragma GCC unroll 64
    for (Index j = 0; j < cols; ++j) {
      const P sj = static_cast<P>(s[j]);
      a += static_cast<Acc>(static_cast<P>(wa[j]) * sj);
      b += static_cast<Acc>(static_cast<P>(wb[j]) * sj);
    }
    out_a = a;
    out_b = b;
    return;
  }
#endif
#pragma GCC unroll 4
  for (Index j = 0; j < cols; ++j) {
    const P sj = static_cast<P>(s[j]);
    a += static_cast<Acc>(static_cast<P>(wa[j]) * sj);
    b += static_cast<Acc>(static_cast<P>(wb[j]) * sj);
  }
  out_a = a;
  out_b = b;
}

/// True when the DSP kernel handles this weight/state/accumulator combination.
template <class Acc, class W, class S>
constexpr bool kFixedDotHasKernel =
    EDGECHAOS_FIXED_DSP &&
    ((std::is_same_v<W, std::int16_t> && std::is_same_v<S, std::int16_t> && std::is_same_v<Acc, std::int64_t>) ||
     (std::is_same_v<W, std::int8_t> && std::is_same_v<S, std::int16_t> && std::is_same_v<Acc, std::int32_t>) ||
     (std::is_same_v<W, std::int16_t> && std::is_same_v<S, std::int32_t> && std::is_same_v<Acc, std::int64_t>));

#if EDGECHAOS_FIXED_DSP

// Registers: the kernels load into fixed registers (an LDM fills its list in ascending
// register order, so the compiler cannot choose them) and leave r7 (the Thumb frame
// pointer) and r9 (a platform register in some ABIs) alone. The slices are written out by
// the preprocessor, not with .rept, so that GCC sees the true length of the asm.

// 8 MACs of 16 x 16: w in r4 r5 r6 r8, s in r10 r11 r12 lr.
#define EDGECHAOS_Q15_SLICE                                   \
  "ldm %[w]!, {r4, r5, r6, r8}\n\t"                           \
  "ldm %[s]!, {r10, r11, r12, lr}\n\t"                        \
  "smlald %Q[acc], %R[acc], r4, r10\n\t"                      \
  "smlald %Q[acc], %R[acc], r5, r11\n\t"                      \
  "smlald %Q[acc], %R[acc], r6, r12\n\t"                      \
  "smlald %Q[acc], %R[acc], r8, lr\n\t"

// 4 MACs of 8 x 16 from the weight word WR (bytes w0..w3) and state words S01, S23;
// r12 and lr are scratch, WR is overwritten.
#define EDGECHAOS_Q7_QUAD(WR, S01, S23)                              \
  "sxtb16 r12, " WR "\n\t"                 /* (w0, w2) */           \
  "sxtb16 lr, " WR ", ror #8\n\t"          /* (w1, w3) */           \
  "pkhbt " WR ", r12, lr, lsl #16\n\t"     /* (w0, w1) */           \
  "pkhtb r12, lr, r12, asr #16\n\t"        /* (w2, w3) */           \
  "smlad %[acc], " WR ", " S01 ", %[acc]\n\t"                       \
  "smlad %[acc], r12, " S23 ", %[acc]\n\t"

// 8 MACs of 8 x 16: w in r4 r5, s in r6 r8 r10 r11.
#define EDGECHAOS_Q7_SLICE                                    \
  "ldm %[w]!, {r4, r5}\n\t"                                   \
  "ldm %[s]!, {r6, r8, r10, r11}\n\t"                         \
  EDGECHAOS_Q7_QUAD("r4", "r6", "r8") EDGECHAOS_Q7_QUAD("r5", "r10", "r11")

// 4 MACs of 16 x 32: s in r4 r5 r6 r8, w through r12 and lr.
#define EDGECHAOS_Q31_SLICE                                   \
  "ldm %[s]!, {r4, r5, r6, r8}\n\t"                           \
  "ldrsh r12, [%[w]], #2\n\t"                                 \
  "ldrsh lr, [%[w]], #2\n\t"                                  \
  "smlal %Q[acc], %R[acc], r12, r4\n\t"                       \
  "smlal %Q[acc], %R[acc], lr, r5\n\t"                        \
  "ldrsh r12, [%[w]], #2\n\t"                                 \
  "ldrsh lr, [%[w]], #2\n\t"                                  \
  "smlal %Q[acc], %R[acc], r12, r6\n\t"                       \
  "smlal %Q[acc], %R[acc], lr, r8\n\t"

// BODY once over acc, w, s (w and s advance). No loop inside: the C++ loops below repeat
// it (fully unrolled when the size is a small constant), so no counter register is needed.
#define EDGECHAOS_FIXED_ASM(BODY, ...) /* ...: the clobbered registers */                           \
  __asm volatile(BODY : [acc] "+r"(acc), [w] "+r"(w), [s] "+r"(s) : : __VA_ARGS__, "memory")

#define EDGECHAOS_FIXED_CLOBBER8 "r4", "r5", "r6", "r8", "r10", "r11", "r12", "lr"
#define EDGECHAOS_FIXED_CLOBBER6 "r4", "r5", "r6", "r8", "r12", "lr"

// The blocks of one kernel: SLICE (COLS columns) four times per iteration while 4 COLS
// columns remain, then once per remaining slice; returns the columns done.
#define EDGECHAOS_FIXED_BLOCKS(SLICE, COLS, ...)                                                    \
  _Pragma("GCC unroll 4") for (Index b = n / (4 * (COLS)); b > 0; --b) {                              \
    EDGECHAOS_FIXED_ASM(SLICE SLICE SLICE SLICE, __VA_ARGS__);                                      \
  }                                                                                                 \
  _Pragma("GCC unroll 3") for (Index b = n % (4 * (COLS)) / (COLS); b > 0; --b) {                     \
    EDGECHAOS_FIXED_ASM(SLICE, __VA_ARGS__);                                                        \
  }                                                                                                 \
  return n / (COLS) * (COLS)

/// The DSP kernel over the first (n / kBlock) kBlock columns (kBlock = 8 for 16-bit states,
/// 4 for 32-bit ones); returns the number done. w and s advance past them. Requires 4-byte
/// aligned w and s.
template <class Acc, class W, class S>
__attribute__((always_inline)) inline Index fixed_dot_dsp_blocks(Acc& acc, const W*& w, const S*& s, Index n) {
  if constexpr (std::is_same_v<W, std::int16_t> && std::is_same_v<S, std::int16_t>) {
    EDGECHAOS_FIXED_BLOCKS(EDGECHAOS_Q15_SLICE, 8, EDGECHAOS_FIXED_CLOBBER8);
  } else if constexpr (std::is_same_v<W, std::int8_t>) {
    EDGECHAOS_FIXED_BLOCKS(EDGECHAOS_Q7_SLICE, 8, EDGECHAOS_FIXED_CLOBBER8);
  } else {
    EDGECHAOS_FIXED_BLOCKS(EDGECHAOS_Q31_SLICE, 4, EDGECHAOS_FIXED_CLOBBER6);
  }
}

/// The portable loop out of line, for a row or state vector that is not word-aligned: the
/// rare path stays out of the kernel's register allocation.
template <class Acc, class W, class S>
[[gnu::noinline]] Acc fixed_dot_unaligned(const W* w, const S* s, Index n) {
  return fixed_dot_portable<Acc>(w, s, n);
}

#undef EDGECHAOS_FIXED_BLOCKS
#undef EDGECHAOS_FIXED_CLOBBER6
#undef EDGECHAOS_FIXED_CLOBBER8
#undef EDGECHAOS_FIXED_ASM
#undef EDGECHAOS_Q31_SLICE
#undef EDGECHAOS_Q7_SLICE
#undef EDGECHAOS_Q7_QUAD
#undef EDGECHAOS_Q15_SLICE

#endif  // EDGECHAOS_FIXED_DSP

/// sum_{j < n} w[j] s[j] in Acc, the same value as fixed_dot_portable (exact integer sums; see
/// the top of this file), through the DSP kernel where there is one and the pointers are
/// word-aligned.
template <class Acc, int kN = Dynamic, class W, class S>
inline Acc fixed_dot(const W* w, const S* s, Index n) {
#if EDGECHAOS_FIXED_DSP
  if constexpr (kFixedDotHasKernel<Acc, W, S>) {
    const Index cols = kN == Dynamic ? n : Index{kN};
    if (__builtin_expect(((reinterpret_cast<std::uintptr_t>(w) | reinterpret_cast<std::uintptr_t>(s)) & 3u) != 0u, 0)) {
      return fixed_dot_unaligned<Acc>(w, s, cols);
    }
    Acc acc = 0;
    const W* pw = w;
    const S* ps = s;
    const Index done = fixed_dot_dsp_blocks(acc, pw, ps, cols);
    if (done < cols) acc += fixed_dot_portable<Acc>(pw, ps, cols - done);
    return acc;
  }
#endif
  return fixed_dot_portable<Acc, kN>(w, s, n);
}

/// True where fixed_dot2 is the two-row loop (cores without the DSP kernels and with
/// 32-bit Thumb-2 instructions: the M3, the host); on the DSP cores the one-row kernel is
/// already below the pair's count, and on ARMv6-M/ARMv8-M baseline (Thumb-1: 8 low
/// registers) two accumulators would spill, so there fixed_dot2 is two fixed_dot calls.
#if !EDGECHAOS_FIXED_DSP && !(defined(__ARM_ARCH_ISA_THUMB) && __ARM_ARCH_ISA_THUMB == 1)
constexpr bool kFixedDotPairs = true;
#else
constexpr bool kFixedDotPairs = false;
#endif

/// Rows wa and wb times s: out_a = fixed_dot(wa, s, n), out_b = fixed_dot(wb, s, n), the
/// same bits, through the two-row loop where kFixedDotPairs.
template <class Acc, int kN = Dynamic, class W, class S>
inline void fixed_dot2(const W* wa, const W* wb, const S* s, Index n, Acc& out_a, Acc& out_b) {
  if constexpr (kFixedDotPairs) {
    fixed_dot2_portable<Acc, kN>(wa, wb, s, n, out_a, out_b);
  } else {
    out_a = fixed_dot<Acc, kN>(wa, s, n);
    out_b = fixed_dot<Acc, kN>(wb, s, n);
  }
}

}  // namespace edgechaos::detail
