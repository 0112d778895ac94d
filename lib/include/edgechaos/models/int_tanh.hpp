// An integer tanh for the fixed-point models: a 257-entry table in flash with linear
// interpolation, odd by construction, monotone (non-decreasing), exactly 0 at 0.
//
// The table. kIntTanhTable[k] = min(round(tanh(k / 32) 2^16), 65535), k = 0 .. 256: tanh
// on [0, 8] in steps of 1/32, in unsigned Q0.16 (514 bytes of flash, uint16). Beyond 8 the
// result is exactly 1.0 (1 - tanh(8) = 2.3e-7, below every format's step).
//
// For a state format QS = QFormat<Sb, F> (F the fraction bits), value(x):
//   1. m = |x| (unsigned, so the most negative raw value is fine); if m >= 8 2^F: y = 2^16;
//   2. p = m 2^(21-F) (F <= 21) or m / 2^(F-21) rounded (F > 21): |x| in units of 2^-21, so
//      p >> 16 is the table index k (steps of 2^-5) and the low 16 bits the fraction t;
//   3. y = T[k] + round((T[k+1] - T[k]) t / 2^16)   (all unsigned; y in Q0.16);
//   4. the result in QS: round(y 2^(F-16)), clamped to QS::kMax, with x's sign.
// Each step is a non-decreasing function of m (the interpolation reaches at most T[k+1] at
// t = 2^16 - 1, and the table is non-decreasing), so value() is monotone; the sign is applied
// last, so it is odd: value(-x) = -value(x).
//
// Saturation: |x| >= 8 gives 1.0 exactly, raw 2^F, when QS can hold it (F <= Sb - 2);
// when F = Sb - 1 (range [-1, 1)) 1.0 is not representable and the clamp gives kMax (but
// tanh of such inputs never exceeds 0.77 anyway).
//
// Error against tanh, per input (derived; the exhaustive test measures it):
//   interpolation   h^2/8 max|tanh''| = 2^-10 / 8 * 4/(3 sqrt 3)  = 9.40e-5
//   table rounding  0.5 2^-16 = 7.6e-6; interpolation rounding 0.5 2^-16 = 7.6e-6
//   position rounding (F > 21)  2^-22 max|tanh'| = 2.4e-7
//   output rounding 0.5 2^-F (F < 16)
//   so |value(x) - tanh(x)| <= kIntTanhBound + 0.5 2^-F, kIntTanhBound = 1.1e-4.
#pragma once

#include <cstdint>

#include "edgechaos/core/q_format.hpp"

namespace edgechaos {

/// tanh(k / 32) 2^16 for k = 0 .. 256, rounded, capped at 65535 (unsigned Q0.16; 514 bytes).
inline constexpr std::uint16_t kIntTanhTable[257] = {
    0u, 2047u, 4091u, 6126u, 8150u, 10157u, 12146u, 14112u, 16051u, 17961u, 19838u, 21681u,
    23485u, 25250u, 26973u, 28652u, 30285u, 31873u, 33412u, 34904u, 36346u, 37740u, 39084u, 40379u,
    41625u, 42823u, 43972u, 45075u, 46131u, 47142u, 48108u, 49031u, 49912u, 50752u, 51552u, 52314u,
    53038u, 53727u, 54382u, 55003u, 55593u, 56152u, 56683u, 57185u, 57660u, 58110u, 58536u, 58939u,
    59320u, 59680u, 60019u, 60340u, 60643u, 60929u, 61199u, 61454u, 61694u, 61920u, 62134u, 62335u,
    62524u, 62703u, 62871u, 63029u, 63179u, 63319u, 63451u, 63576u, 63693u, 63803u, 63907u, 64004u,
    64096u, 64182u, 64263u, 64340u, 64412u, 64479u, 64543u, 64603u, 64659u, 64712u, 64761u, 64808u,
    64852u, 64893u, 64932u, 64968u, 65003u, 65035u, 65065u, 65093u, 65120u, 65145u, 65169u, 65191u,
    65212u, 65231u, 65250u, 65267u, 65283u, 65299u, 65313u, 65327u, 65339u, 65351u, 65362u, 65373u,
    65383u, 65392u, 65401u, 65409u, 65417u, 65424u, 65431u, 65437u, 65443u, 65449u, 65454u, 65459u,
    65464u, 65468u, 65472u, 65476u, 65480u, 65483u, 65486u, 65489u, 65492u, 65495u, 65497u, 65500u,
    65502u, 65504u, 65506u, 65508u, 65509u, 65511u, 65512u, 65514u, 65515u, 65516u, 65518u, 65519u,
    65520u, 65521u, 65522u, 65523u, 65523u, 65524u, 65525u, 65526u, 65526u, 65527u, 65527u, 65528u,
    65528u, 65529u, 65529u, 65530u, 65530u, 65530u, 65531u, 65531u, 65531u, 65532u, 65532u, 65532u,
    65532u, 65533u, 65533u, 65533u, 65533u, 65533u, 65534u, 65534u, 65534u, 65534u, 65534u, 65534u,
    65534u, 65534u, 65534u, 65535u, 65535u, 65535u, 65535u, 65535u, 65535u, 65535u, 65535u, 65535u,
    65535u, 65535u, 65535u, 65535u, 65535u, 65535u, 65535u, 65535u, 65535u, 65535u, 65535u, 65535u,
    65535u, 65535u, 65535u, 65535u, 65535u, 65535u, 65535u, 65535u, 65535u, 65535u, 65535u, 65535u,
    65535u, 65535u, 65535u, 65535u, 65535u, 65535u, 65535u, 65535u, 65535u, 65535u, 65535u, 65535u,
    65535u, 65535u, 65535u, 65535u, 65535u, 65535u, 65535u, 65535u, 65535u, 65535u, 65535u, 65535u,
    65535u, 65535u, 65535u, 65535u, 65535u, 65535u, 65535u, 65535u, 65535u, 65535u, 65535u, 65535u,
    65535u, 65535u, 65535u, 65535u, 65535u,
};

/// The bound on |IntTanh - tanh| before the final rounding to the state format (derivation
/// at the top of models/int_tanh.hpp); the whole bound is kIntTanhBound + 0.5 2^-F.
constexpr double kIntTanhBound = 1.1e-4;

/// The integer tanh of a state format QS (16 or 32 bits), as an activation policy of the
/// fixed-point models: value(x) maps a raw state to a raw activation in the same format.
template <class QS>
struct IntTanh {
  static_assert(QS::kBits == 16 || QS::kBits == 32, "IntTanh: states are 16 or 32 bits");
  using raw_type = typename QS::raw_type;  ///< the state format's integer type

  /// tanh(x 2^-F) 2^F, by table and interpolation; odd, monotone, 0 at 0.
  static raw_type value(raw_type x) {
    constexpr int kF = QS::kFrac;
    const bool negative = x < 0;
    const std::uint32_t m = negative ? 0u - static_cast<std::uint32_t>(x) : static_cast<std::uint32_t>(x);
    std::uint32_t y = 65536u;  // 1.0 in Q0.16
    if (static_cast<std::uint64_t>(m) < (std::uint64_t{8} << kF)) {
      std::uint32_t p;  // |x| in units of 2^-21, < 2^24 (+1 after rounding)
      if constexpr (kF <= 21) {
        p = m << (21 - kF);  // m < 2^(F+3): no bit is lost
      } else {
        p = static_cast<std::uint32_t>((static_cast<std::uint64_t>(m) + (std::uint64_t{1} << (kF - 22))) >> (kF - 21));
      }
      const std::uint32_t k = p >> 16;
      if (k >= 256u) {
        y = kIntTanhTable[256];
      } else {
        const std::uint32_t t = p & 0xFFFFu;
        const std::uint32_t lo = kIntTanhTable[k];
        const std::uint32_t d = static_cast<std::uint32_t>(kIntTanhTable[k + 1]) - lo;  // >= 0, < 2^11
        y = lo + ((d * t + 0x8000u) >> 16);
      }
    }
    std::uint64_t r;  // |result| in QS, before the clamp
    if constexpr (kF >= 16) {
      r = static_cast<std::uint64_t>(y) << (kF - 16);
    } else {
      r = (static_cast<std::uint64_t>(y) + (std::uint64_t{1} << (15 - kF))) >> (16 - kF);
    }
    constexpr auto kMax = static_cast<std::uint64_t>(QS::kMax);
    if (r > kMax) r = kMax;
    const auto mag = static_cast<std::int64_t>(r);
    return static_cast<raw_type>(negative ? -mag : mag);
  }
};

}  // namespace edgechaos
