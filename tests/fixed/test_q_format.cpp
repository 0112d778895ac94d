// Q arithmetic (core/q_format.hpp) against hand computations: rounding at ties (away from
// zero, both signs), saturation at both ends (symmetric), the most negative values, the
// accumulator bounds of the overflow proof, quantisation and its refusals.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>

#include "edgechaos/edgechaos.hpp"

namespace ec = edgechaos;

namespace {
using Q16_12 = ec::QFormat<16, 12>;
using Q8_6 = ec::QFormat<8, 6>;
using Q32_24 = ec::QFormat<32, 24>;
using Q16_15 = ec::QFormat<16, 15>;
}  // namespace

// Hand-computed: v / 2^s to nearest, ties away from zero.
TEST(QFormat, RoundShiftRightTiesAwayFromZero) {
  EXPECT_EQ(ec::round_shift_right(5, 1), 3);     // 2.5 -> 3
  EXPECT_EQ(ec::round_shift_right(-5, 1), -3);   // -2.5 -> -3
  EXPECT_EQ(ec::round_shift_right(3, 1), 2);     // 1.5 -> 2
  EXPECT_EQ(ec::round_shift_right(-3, 1), -2);   // -1.5 -> -2
  EXPECT_EQ(ec::round_shift_right(6, 2), 2);     // 1.5 -> 2
  EXPECT_EQ(ec::round_shift_right(-6, 2), -2);
  EXPECT_EQ(ec::round_shift_right(5, 2), 1);     // 1.25 -> 1
  EXPECT_EQ(ec::round_shift_right(-5, 2), -1);
  EXPECT_EQ(ec::round_shift_right(7, 2), 2);     // 1.75 -> 2
  EXPECT_EQ(ec::round_shift_right(-7, 2), -2);
  EXPECT_EQ(ec::round_shift_right(-1, 1), -1);   // -0.5 -> -1
  EXPECT_EQ(ec::round_shift_right(1, 2), 0);     // 0.25 -> 0
  EXPECT_EQ(ec::round_shift_right(-1, 2), 0);    // -0.25 -> 0 (not -1: no floor)
  EXPECT_EQ(ec::round_shift_right(12345, 0), 12345);
  // The extremes: INT64_MIN / 2 = -2^62 exactly; INT64_MAX / 2^62 = 1.99.. -> 2.
  EXPECT_EQ(ec::round_shift_right(std::numeric_limits<std::int64_t>::min(), 1), -(std::int64_t{1} << 62));
  EXPECT_EQ(ec::round_shift_right(std::numeric_limits<std::int64_t>::max(), 62), 2);
  EXPECT_EQ(ec::round_shift_right(std::numeric_limits<std::int64_t>::min(), 62), -2);
}

// Odd for every v: round(-v) = -round(v) (the network's x -> -x symmetry needs it).
TEST(QFormat, RoundingIsOdd) {
  for (std::int64_t v = -300; v <= 300; ++v) {
    for (int s = 0; s < 6; ++s) EXPECT_EQ(ec::round_shift_right(-v, s), -ec::round_shift_right(v, s)) << v << " " << s;
  }
}

// Symmetric saturation: [-kMax, kMax]; the most negative raw value is never produced.
TEST(QFormat, SaturationAtBothEnds) {
  EXPECT_EQ(ec::saturate<Q16_12>(40000), 32767);
  EXPECT_EQ(ec::saturate<Q16_12>(-40000), -32767);
  EXPECT_EQ(ec::saturate<Q16_12>(-32768), -32767);
  EXPECT_EQ(ec::saturate<Q16_12>(-32767), -32767);
  EXPECT_EQ(ec::saturate<Q16_12>(32767), 32767);
  EXPECT_EQ(ec::saturate<Q8_6>(128), 127);
  EXPECT_EQ(ec::saturate<Q8_6>(-128), -127);
  EXPECT_EQ(ec::saturate<Q32_24>(std::numeric_limits<std::int64_t>::min()), -2147483647);
  EXPECT_EQ(ec::saturate<Q32_24>(std::numeric_limits<std::int64_t>::max()), 2147483647);
}

// The accumulator widths and term bounds of the proof, by hand:
// 8 x 16 in int32: (2^31 - 1) / 2^22 = 511; 16 x 32 in int64: (2^63 - 1) / 2^46 = 131071.
TEST(QFormat, AccumulatorBounds) {
  using P8x16 = ec::QProduct<Q8_6, Q16_12>;
  using P16x32 = ec::QProduct<ec::QFormat<16, 14>, Q32_24>;
  using P16x16 = ec::QProduct<ec::QFormat<16, 14>, Q16_12>;
  static_assert(std::is_same_v<P8x16::acc_type, std::int32_t>);
  static_assert(std::is_same_v<P16x32::acc_type, std::int64_t>);
  static_assert(std::is_same_v<P16x16::acc_type, std::int64_t>);
  EXPECT_EQ(P8x16::kMaxTerms, 511);
  EXPECT_EQ(P16x32::kMaxTerms, 131071);
  EXPECT_EQ(P16x16::kMaxTerms, (std::int64_t{1} << 33) - 1);
  // The worst case sum of 511 products (-128) (-32768) = 2^22 each: 511 2^22 = 2143289344,
  // below 2^31 - 1 = 2147483647; one more term would exceed it.
  std::int32_t acc = 0;
  for (int k = 0; k < P8x16::kMaxTerms; ++k) acc += std::int32_t{-128} * std::int32_t{-32768};
  EXPECT_EQ(acc, 2143289344);
  EXPECT_GT(std::int64_t{acc} + (std::int64_t{1} << 22), std::int64_t{std::numeric_limits<std::int32_t>::max()});
}

// to_fixed: v 2^F to nearest, ties away from zero; refusals change nothing.
TEST(QFormat, ToFixedRoundsAndRefuses) {
  std::int16_t r = 7;
  EXPECT_EQ(ec::to_fixed<Q16_12>(0.5, r), ec::Status::ok);
  EXPECT_EQ(r, 2048);
  EXPECT_EQ(ec::to_fixed<Q16_12>(1.0 / 8192.0, r), ec::Status::ok);  // half a step: tie -> 1
  EXPECT_EQ(r, 1);
  EXPECT_EQ(ec::to_fixed<Q16_12>(-1.0 / 8192.0, r), ec::Status::ok);  // -> -1
  EXPECT_EQ(r, -1);
  EXPECT_EQ(ec::to_fixed<Q16_12>(-3.0 / 16384.0, r), ec::Status::ok);  // -0.75 steps -> -1
  EXPECT_EQ(r, -1);
  EXPECT_EQ(ec::to_fixed<Q16_12>(32767.49 / 4096.0, r), ec::Status::ok);  // rounds to kMax
  EXPECT_EQ(r, 32767);
  r = 5;
  EXPECT_EQ(ec::to_fixed<Q16_12>(8.0, r), ec::Status::invalid_argument);  // 32768 is out of range
  EXPECT_EQ(ec::to_fixed<Q16_12>(-8.0, r), ec::Status::invalid_argument);  // symmetric range
  EXPECT_EQ(ec::to_fixed<Q16_12>(std::nan(""), r), ec::Status::non_finite_input);
  EXPECT_EQ(ec::to_fixed<Q16_12>(INFINITY, r), ec::Status::non_finite_input);
  EXPECT_EQ(r, 5);
  // Q1.15: 1.0 is not representable.
  EXPECT_EQ(ec::to_fixed<Q16_15>(1.0, r), ec::Status::invalid_argument);
  // Vectors: all or nothing.
  const float v[3] = {0.25f, -0.25f, 100.0f};
  std::int16_t out[3] = {1, 2, 3};
  EXPECT_EQ(ec::to_fixed<Q16_12>(v, 3, out), ec::Status::invalid_argument);
  EXPECT_EQ(out[0], 1);
  EXPECT_EQ(ec::to_fixed<Q16_12>(v, 2, out), ec::Status::ok);
  EXPECT_EQ(out[0], 1024);
  EXPECT_EQ(out[1], -1024);
}

// Just below half a step must round down: mag + 0.5 truncated would give 1 there, since
// (0.5 - 2^-54) + 0.5 rounds to 1.0 in double (clang-tidy's bugprone-incorrect-roundings).
TEST(QFormat, JustBelowATieRoundsDown) {
  const double below_half = 0.5 - std::ldexp(1.0, -54);
  ASSERT_LT(below_half, 0.5);
  EXPECT_EQ(below_half + 0.5, 1.0);  // the double sum the old rounding truncated
  EXPECT_EQ(ec::round_magnitude(below_half), 0);
  EXPECT_EQ(ec::round_magnitude(0.5), 1);
  EXPECT_EQ(ec::round_magnitude(2.5), 3);
  EXPECT_EQ(ec::round_magnitude(std::nextafter(3.5, 0.0)), 3);
  std::int16_t r = 9;
  EXPECT_EQ(ec::to_fixed<Q16_12>(below_half / 4096.0, r), ec::Status::ok);  // just below half a step
  EXPECT_EQ(r, 0);
  EXPECT_EQ(ec::to_fixed<Q16_12>(-below_half / 4096.0, r), ec::Status::ok);
  EXPECT_EQ(r, 0);
}

// Rates (dt, leak) in Q0.16, and the relaxation x + rate (target - x).
TEST(QFormat, RatesAndRelaxation) {
  std::uint32_t q = 9;
  EXPECT_EQ(ec::rate_to_fixed(0.1f, q), ec::Status::ok);
  EXPECT_EQ(q, 6554u);  // 0.1 * 65536 = 6553.6
  EXPECT_EQ(ec::rate_to_fixed(1.0f, q), ec::Status::ok);
  EXPECT_EQ(q, 65536u);
  q = 9;
  EXPECT_EQ(ec::rate_to_fixed(0.0f, q), ec::Status::invalid_argument);
  EXPECT_EQ(ec::rate_to_fixed(1.5f, q), ec::Status::invalid_argument);
  EXPECT_EQ(ec::rate_to_fixed(NAN, q), ec::Status::invalid_argument);
  EXPECT_EQ(ec::rate_to_fixed(1e-6f, q), ec::Status::invalid_argument);  // rounds to 0
  EXPECT_EQ(q, 9u);
  // x = 100, target 200, rate 1/2: 150; rate 1: the target exactly; rate 3/4 of -3: -2.25 -> -2.
  EXPECT_EQ(ec::relax_toward<Q16_12>(100, 200, 32768u), 150);
  EXPECT_EQ(ec::relax_toward<Q16_12>(-1234, 4321, 65536u), 4321);
  EXPECT_EQ(ec::relax_toward<Q16_12>(0, -3, 49152u), -2);
  EXPECT_EQ(ec::relax_toward<Q16_12>(0, 3, 43691u), 2);  // 3 * 0.66667 = 2.00002 -> 2
}

TEST(QFormat, RelaxationTieRoundsTheIncrement) {
  // increment = (0 - 1) * 32768 / 65536 = -0.5 -> -1 (away from zero): 1 - 1 = 0.
  EXPECT_EQ(ec::relax_toward<Q16_12>(1, 0, 32768u), 0);
  // Extremes: from -kMax to +kMax at rate 1, and from the most negative input: stays in range.
  EXPECT_EQ(ec::relax_toward<Q16_12>(-32767, 32767, 65536u), 32767);
  EXPECT_EQ(ec::relax_toward<Q16_12>(-32768, -32767, 1u), -32767);
  EXPECT_EQ(ec::relax_toward<Q32_24>(2147483647, -2147483647, 65536u), -2147483647);
}
