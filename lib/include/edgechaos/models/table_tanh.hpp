/// \file
/// TableTanh<M>: a tanh for the device with no division and no square root, a quadratic
/// piece per 1/2^M of an octave of |x|, for FPv4/FPv5 cores where VDIV and VSQRT cost
/// 14 cycles each (SinhTanh<5> has two divisions and a root; FastTanh two divisions).
///
/// <pre>
///   i = clamp((bits(|x|) - base) >> (23 - M), 0, K - 1)      branch-free (M4: sub, usat)
///   {X, A, B1, B2} = row i;  u = X - |x|;  y = A - u (B1 + B2 u);  sign of x by negation
/// </pre>
/// Piece 0 is [0, 2^-12) (a line through 0), then 2^M pieces per octave up to the rows that
/// are exactly {X, 1, 0, 0}. The rows are fitted by tools/gen_table_tanh.cpp (minimax per
/// piece) into models/table_tanh_data.hpp.
///
/// Why monotone: within a piece u = X - |x| >= 0 falls as |x| rises, B1, B2 >= 0, so
/// B1 + B2 u and u (B1 + B2 u) rise with u and A - g falls with g: every operation is
/// monotone, for any rounding and with or without FMA contraction. Across a boundary the
/// generator lowers A of the piece on the left to the next piece's float value at its left
/// end (with and without FMA). Odd bit for bit: the sign is restored by a negation.
/// Exactly +-1: the saturated rows are A = 1, B = 0. Every property is checked over every
/// finite float by tests/host/test_tanh_exhaustive.cpp:
/// <pre>
///   M | rows (bytes)  | max |TableTanh - tanh| | exactly +-1 from |x| = | M4F/M7/M33 instr. | est. M4 cycles
///   3 |  128 (2 KiB)  |        1.7e-5          |           7.0           |   19 per neuron    |  27 per neuron
///   4 |  256 (4 KiB)  |        2.4e-6          |           7.75          |   19               |  27
///   5 |  512 (8 KiB)  |        3.4e-7          |           8.25          |   19               |  27
///   6 | 1024 (16 KiB) |        1.8e-7          |           9.0           |   19               |  27
/// </pre>
/// (FastTanh: 2.1e-7, 40 instructions, about 84 cycles with its two VDIVs; SinhTanh<5>: 1.8e-7,
/// 24, about 77 with two VDIVs and a VSQRT; loop included; docs/benchmarks.md.)
/// Trade-offs, stated: the error is absolute only (below 2^-12 the value is x rounded to
/// the grid of 2^-12's ulp, about 2^-36: no relative accuracy for tiny x); +-Inf and NaN
/// give NaN (0 times Inf in the saturated row; the steppers never evaluate a non-finite
/// state); the rows sit in flash/rodata (a lookup per neuron: on a part with flash wait
/// states and no cache, place them in RAM or use SinhTanh); on a desktop the lookup does not
/// vectorise (host cost in docs/benchmarks.md).
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>

#include "edgechaos/core/config.hpp"
#include "edgechaos/models/table_tanh_data.hpp"

// The assembly form on Thumb-2 cores with a single-precision FPU (FPv4-SP, FPv5).
#if !defined(EDGECHAOS_TABLE_TANH_ASM)
#if defined(__thumb2__) && defined(__ARM_FP) && (__ARM_FP & 4) && defined(__GNUC__)
#define EDGECHAOS_TABLE_TANH_ASM 1  ///< 1: TableTanh::value() is the assembly form (define 0 to force the portable one)
#else
#define EDGECHAOS_TABLE_TANH_ASM 0  ///< 1: TableTanh::value() is the assembly form (define 0 to force the portable one)
#endif
#endif

namespace edgechaos {

/// The division-free device tanh with 2^M pieces per octave (M = 3..6): bounds, table
/// sizes and costs at the top of this file.
template <int M = 5>
struct TableTanh {
  static_assert(M >= 3 && M <= 6, "TableTanh: M = 3, 4, 5 and 6 are fitted (tools/gen_table_tanh.cpp)");
  using Pieces = detail::TableTanhPieces<M>;  ///< The fitted rows {X, A, B1, B2} (table_tanh_data.hpp).

  /// The approximation of tanh(x).
  static Scalar value(Scalar x) {
#if EDGECHAOS_TABLE_TANH_ASM
    return value_arm(x);
#else
    return value_portable(x);
#endif
  }

  /// The portable form (the host, soft-float cores; the reference of the assembly below).
  static Scalar value_portable(Scalar x) {
    std::uint32_t bits;
    std::memcpy(&bits, &x, sizeof bits);
    // The magnitude's bits, less the base, in units of a piece: non-decreasing in |x|.
    const std::int32_t d = static_cast<std::int32_t>(bits & 0x7FFFFFFFu) - Pieces::kBase;
    // >> of a negative value is arithmetic on every compiler the library supports (and
    // defined so from C++20); the clamp to [0, K - 1], K a power of two, is one USAT.
    const std::int32_t q = d >> kShift;
    const std::int32_t i = q < 0 ? 0 : (q > Pieces::kPieces - 1 ? Pieces::kPieces - 1 : q);
    const float* row = Pieces::kRow[i];
    const Scalar u = row[0] - std::fabs(x);
    const Scalar m = row[3] * u;  // written out: no contraction into an FMA changes the bits
    const Scalar g = (row[2] + m) * u;
    const Scalar y = row[1] - g;
    return std::signbit(x) ? -y : y;
  }

#if EDGECHAOS_TABLE_TANH_ASM
  /// FPv4/FPv5 (M4F, M7, M33): the same operations in the same order, bit for bit, in 15
  /// instructions, 19 per neuron with the load, the store and the loop (GCC 12 -O2's own
  /// code for the portable form is 27 per neuron: four VLDRs instead of one VLDMIA, two adds
  /// for the base, a compare-and-move and a BIC for the clamp instead of USAT).
  static Scalar value_arm(Scalar x) {
    Scalar y;
    std::uint32_t bits, row;
    Scalar a;
    __asm__(
        "vmov    %[bits], %[x]\n\t"
        "bic     %[row], %[bits], #0x80000000\n\t"
        "sub     %[row], %[row], %[base]\n\t"
        "usat    %[row], %[satbits], %[row], asr %[shift]\n\t"
        "add     %[row], %[table], %[row], lsl #4\n\t"
        "vldmia  %[row], {s12-s15}\n\t"          // X, A, B1, B2
        "vabs.f32 %[a], %[x]\n\t"
        "vsub.f32 s12, s12, %[a]\n\t"             // u = X - |x|
        "vmul.f32 s15, s15, s12\n\t"              // B2 u
        "vadd.f32 s15, s14, s15\n\t"              // B1 + B2 u
        "vmul.f32 s15, s15, s12\n\t"              // g = (B1 + B2 u) u
        "vsub.f32 %[y], s13, s15\n\t"             // A - g
        "cmp     %[bits], #0\n\t"
        "it      lt\n\t"
        "vneglt.f32 %[y], %[y]"
        : [y] "=&t"(y), [bits] "=&r"(bits), [row] "=&r"(row), [a] "=&t"(a)
        : [x] "t"(x), [base] "r"(Pieces::kBase), [table] "r"(&Pieces::kRow[0][0]),
          [satbits] "I"(kSatBits), [shift] "I"(kShift)
        : "s12", "s13", "s14", "s15", "cc", "memory");
    return y;
  }
#endif

 private:
  static constexpr int kShift = 23 - M;
  static constexpr int kSatBits = M == 3 ? 7 : M == 4 ? 8 : M == 5 ? 9 : 10;  // K = 2^kSatBits
  static_assert((1 << kSatBits) == Pieces::kPieces, "TableTanh: the row count is 2^(M + 4)");

 public:
  /// tanh'(x) at the approximated value, 1 - value(x)^2.
  static Scalar derivative(Scalar x) { return derivative_from_value(value(x)); }
  /// The derivative of tanh at the approximated value: |error| <= 2 * the bound above.
  static Scalar derivative_from_value(Scalar y) { return 1.0f - y * y; }
};

}  // namespace edgechaos
