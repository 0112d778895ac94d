// The 8 x 16 product in offset binary, for cores whose signed loads are slow: ARMv6-M
// (Cortex-M0/M0+) has LDRSB/LDRSH with register offsets only, while LDRB/LDRH take an
// immediate offset, and MULS is 32 x 32 -> 32. With
//   w' = w + 2^7  (a byte, w ^ 0x80)   and   s' = s + 2^15  (a halfword, s ^ 0x8000)
// both factors are small unsigned numbers, and
//   sum_j w_j s_j = sum_j w'_j s'_j - 2^15 sum_j w'_j - 2^7 sum_j s'_j + n 2^22
// (expand (w + 2^7)(s + 2^15)). sum w' is a constant of the row (weights/fixed_offset_couplings.hpp
// stores C_i = n 2^22 - 2^15 sum_j w'_ij per row), sum s' is one sum per step shared by
// all rows (OffsetState), so a row costs ldrb, ldrh, muls, adds per MAC: 4 instructions
// with a constant N written out (plus two pointer adds per 32). Two rows sharing each s'
// load are 3.5 (ldrh, two ldrb, two muls, two adds), but need all eight low registers:
// GCC 12's code for it hoisted the loads and spilled (784 instructions for 128 MACs: 6.1 a
// MAC), so on Thumb-1 offset_dot2 is a small assembly function (offset_dot2_thumb1).
//
// Why the bits are the same. Everything is computed in uint32, i.e. modulo 2^32, where the
// identity above holds exactly (ring arithmetic; no term needs to fit). The true sum fits
// int32 whenever n <= 511 (|w s| <= 2^22 and 511 2^22 < 2^31: QProduct's kMaxTerms for
// 8 x 16), and an integer in [-2^31, 2^31) is determined by its residue modulo 2^32, so
// to_int32 of the uint32 result is the exact sum, the value fixed_dot_portable returns.
// Unsigned arithmetic only: no signed overflow anywhere (UBSan-clean).
#pragma once

#include <cstdint>

#include "edgechaos/core/config.hpp"

namespace edgechaos::detail {

/// w + 2^7 as a byte.
constexpr std::uint8_t offset_weight(std::int8_t w) {
  return static_cast<std::uint8_t>(static_cast<std::uint8_t>(w) ^ 0x80u);
}
/// s + 2^15 as a halfword.
constexpr std::uint16_t offset_state(std::int16_t s) {
  return static_cast<std::uint16_t>(static_cast<std::uint16_t>(s) ^ 0x8000u);
}
/// The int32 whose residue modulo 2^32 is u (two's complement, without an
/// implementation-defined conversion).
constexpr std::int32_t to_int32(std::uint32_t u) {
  return u < 0x80000000u ? static_cast<std::int32_t>(u) : -static_cast<std::int32_t>(~u) - 1;
}

/// The largest n for which the offset product is exact (the true sum fits int32).
constexpr Index kOffsetDotMaxTerms = 511;

/// A state vector in offset binary, made once per step for all rows: s'_j and sum_j s'_j
/// times 2^7 (mod 2^32).
template <int N>
struct OffsetState {
  static_assert(N >= 1 && N <= kOffsetDotMaxTerms, "OffsetState: N must be in [1, 511] (int32 exactness)");
  std::uint16_t s[N];     ///< s_j + 2^15
  std::uint32_t sum7 = 0; ///< 2^7 sum_j s'_j, modulo 2^32

  /// Fills s' and the sum from N raw states.
  void set(const std::int16_t* r) {
    std::uint32_t sum = 0;
    // s' = s + 2^15 in 32 bits, in [0, 2^16): no extension before the sum (the form
    // s ^ 0x8000 cost GCC 12 a flip and a zero extension on Thumb-1: 8 instructions an
    // element; this form unrolled by 8: 5.6).
#pragma GCC unroll 8
    for (int j = 0; j < N; ++j) {
      const std::uint32_t v = static_cast<std::uint32_t>(static_cast<std::int32_t>(r[j]) + 32768);
      s[j] = static_cast<std::uint16_t>(v);
      sum += v;
    }
    sum7 = sum << 7;
  }
};

/// Tells GCC the pointers are new bases (an empty asm that "changes" them), so the next
/// block's loads use small immediate offsets from them instead of offsets folded back to
/// the first base, which Thumb-1 cannot encode past 31 bytes (62 for halfwords) and which
/// cost a movs and an adds per load. Nothing on other targets.
template <class A, class B>
__attribute__((always_inline)) inline void offset_dot_new_base(A& a, B& b) {
#if defined(__GNUC__) && defined(__ARM_ARCH_ISA_THUMB) && __ARM_ARCH_ISA_THUMB == 1
  __asm__("" : "+l"(a), "+l"(b));
#else
  (void)a;
  (void)b;
#endif
}

/// sum_j w'_j s'_j modulo 2^32. kN: a compile-time n (then n is ignored); up to 64 the row
/// is written out in blocks of 32 (Thumb-1's LDRB takes immediate offsets 0..31 and LDRH
/// 0..62: each block is ldrb, ldrh, muls, adds with immediate offsets, then the two
/// pointers advance).
//
// Out of line on Thumb-1: inlined into a model's row loop, GCC 12 routed every loaded byte
// through a high register (mov ip, r0; mov r4, ip: 6 instructions a MAC); as a function
// of its own the row is the 4-instruction sequence, and the call costs about 6 a row.
#if defined(__GNUC__) && defined(__ARM_ARCH_ISA_THUMB) && __ARM_ARCH_ISA_THUMB == 1
#define EDGECHAOS_OFFSET_DOT_INLINE [[gnu::noinline]]
#else
#define EDGECHAOS_OFFSET_DOT_INLINE inline
#endif
template <int kN = Dynamic>
EDGECHAOS_OFFSET_DOT_INLINE std::uint32_t offset_dot(const std::uint8_t* __restrict w, const std::uint16_t* __restrict s, Index n) {
  const Index cols = kN == Dynamic ? n : Index{kN};
  std::uint32_t acc = 0;
  if constexpr (kN != Dynamic && kN <= 64) {
    constexpr Index kBlock = 32;
#pragma GCC unroll 2
    for (Index b = 0; b < kN / kBlock; ++b) {
#pragma GCC unroll 32
      for (Index j = 0; j < kBlock; ++j) acc += static_cast<std::uint32_t>(w[j]) * static_cast<std::uint32_t>(s[j]);
      w += kBlock;
      s += kBlock;
      offset_dot_new_base(w, s);
    }
#pragma GCC unroll 32
    for (Index j = 0; j < kN % kBlock; ++j) acc += static_cast<std::uint32_t>(w[j]) * static_cast<std::uint32_t>(s[j]);
    return acc;
  }
#pragma GCC unroll 8
  for (Index j = 0; j < cols; ++j) acc += static_cast<std::uint32_t>(w[j]) * static_cast<std::uint32_t>(s[j]);
  return acc;
}

#undef EDGECHAOS_OFFSET_DOT_INLINE

#if defined(__GNUC__) && defined(__ARM_ARCH_ISA_THUMB) && __ARM_ARCH_ISA_THUMB == 1
/// True where offset_dot2 runs the Thumb-1 assembly pair kernel (ARMv6-M, ARMv8-M baseline).
constexpr bool kOffsetDot2Asm = true;

/// out[k] += sum_j wk_j s_j (mod 2^32), k = 0, 1, with w1 = w0 + n, for n a positive
/// multiple of 32 (unchecked: offset_dot2 only calls it so). Per column: ldrh s, ldrb w0,
/// ldrb w1, muls, muls, adds, adds (3.5 a MAC); after each 32 columns s is compared with
/// its last block (3 instructions) and, if more follow, the three pointers advance (4
/// more); 13 on entry and exit: 471 instructions for two rows of 64 (3.68 a MAC).
/// Naked: the body is the whole function (AAPCS: arguments in r0-r3, r4-r7 saved).
/// Registers: r0 w0, r4 w1, r1 s, r5 and r6 the sums, r2 r3 r7 the loaded values; on the
/// stack the start of s's last block and out.
[[gnu::naked, gnu::noinline]] inline void offset_dot2_thumb1(const std::uint8_t* /*w0*/, const std::uint16_t* /*s*/,
                                                              std::uint32_t* /*out*/, std::uint32_t /*n*/) {
  // GCC hands inline assembly to the assembler in divided syntax on Thumb-1 and switches
  // back to unified after it: the body says unified itself.
  __asm__ volatile(
      ".syntax unified\n\t"
      "push {r2, r4, r5, r6, r7, lr}\n\t"
      "adds r4, r0, r3\n\t"
      "lsls r3, r3, #1\n\t"
      "subs r3, #64\n\t"
      "adds r3, r1, r3\n\t"
      "ldr r5, [r2]\n\t"
      "ldr r6, [r2, #4]\n\t"
      "push {r3}\n\t"
      "1:\n\t"
      ".irp j, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n\t"
      "ldrh r3, [r1, #(2 * \\j)]\n\t"
      "ldrb r2, [r0, #\\j]\n\t"
      "ldrb r7, [r4, #\\j]\n\t"
      "muls r2, r3, r2\n\t"
      "muls r7, r3, r7\n\t"
      "adds r5, r5, r2\n\t"
      "adds r6, r6, r7\n\t"
      ".endr\n\t"
      "ldr r3, [sp]\n\t"
      "cmp r1, r3\n\t"
      "beq 2f\n\t"
      "adds r0, #32\n\t"
      "adds r4, #32\n\t"
      "adds r1, #64\n\t"
      "b 1b\n\t"
      "2:\n\t"
      "ldr r2, [sp, #4]\n\t"
      "str r5, [r2]\n\t"
      "str r6, [r2, #4]\n\t"
      "add sp, #8\n\t"
      "pop {r4, r5, r6, r7, pc}\n\t"
      ".syntax divided\n\t");
}
#else
/// True where offset_dot2 runs the Thumb-1 assembly pair kernel (ARMv6-M, ARMv8-M baseline).
constexpr bool kOffsetDot2Asm = false;
#endif

/// Rows w0 and w0 + n (a compile-time n when kN is given) times s', added to acc0 and acc1
/// (mod 2^32): what two offset_dot calls add (integer additions, any order). On Thumb-1
/// with n a multiple of 32 one pass that loads each s' once for both rows
/// (offset_dot2_thumb1); elsewhere the two calls.
template <int kN = Dynamic>
inline void offset_dot2(const std::uint8_t* w0, const std::uint16_t* s, Index n, std::uint32_t& acc0,
                        std::uint32_t& acc1) {
  const Index cols = kN == Dynamic ? n : Index{kN};
#if defined(__GNUC__) && defined(__ARM_ARCH_ISA_THUMB) && __ARM_ARCH_ISA_THUMB == 1
  if (cols >= 32 && cols % 32 == 0) {
    std::uint32_t acc[2] = {acc0, acc1};
    offset_dot2_thumb1(w0, s, acc, static_cast<std::uint32_t>(cols));
    acc0 = acc[0];
    acc1 = acc[1];
    return;
  }
#endif
  acc0 += offset_dot<kN>(w0, s, cols);
  acc1 += offset_dot<kN>(w0 + cols, s, cols);
}

/// C = n 2^22 - 2^15 sum_j w'_j (mod 2^32) of one row of n signed weights: the row's part
/// of the correction.
inline std::uint32_t offset_row_constant(const std::int8_t* w, Index n) {
  std::uint32_t sum = 0;
  for (Index j = 0; j < n; ++j) sum += static_cast<std::uint32_t>(offset_weight(w[j]));
  return (static_cast<std::uint32_t>(n) << 22) - (sum << 15);
}

/// sum_j w_j s_j from the offset sum A, the row's constant C and the state's 2^7 sum s':
/// exact for n <= kOffsetDotMaxTerms.
constexpr std::int32_t offset_dot_value(std::uint32_t A, std::uint32_t row_constant, std::uint32_t state_sum7) {
  return to_int32(A + row_constant - state_sum7);
}

}  // namespace edgechaos::detail
