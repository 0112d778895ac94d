// The device tanh approximations over every float: FastTanh (activation.hpp), SinhTanh<3,4,5>
// (sinh_tanh.hpp) and TableTanh<3,4,5,6> (table_tanh.hpp); each header states the properties
// checked here, with its own bounds.
//
// The non-negative finite floats are split into kChunks bit ranges, one test each, so that
// ctest -j2 runs them in parallel. Negative floats are covered through oddness, checked bit
// for bit for every x. The reference is tanh in double: glibc's tanh for x >= 2^-10, and
// below that the Taylor series x - x^3/3 + 2x^5/15, whose truncation error (17/315 x^7 <
// 2e-23) is far below anything measured here and which is much cheaper than a libm call.
//
// Sampled builds (EDGECHAOS_TEST_SAMPLED: Debug or sanitizer builds, where one evaluation
// costs ~50x more) check every 97th float only, and say so in the output.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>
#include <tuple>

#include "edgechaos/models/activation.hpp"
#include "edgechaos/models/sinh_tanh.hpp"
#include "edgechaos/models/table_tanh.hpp"

namespace ec = edgechaos;

namespace {

#ifdef EDGECHAOS_TEST_SAMPLED
constexpr std::uint32_t kStride = 97;
#else
constexpr std::uint32_t kStride = 1;
#endif
constexpr int kChunks = 16;  // many small tests: ctest -j2 balances them (tiny x is slow: subnormal intermediates)
constexpr std::uint32_t kPosInfBits = 0x7F800000u;

// The stated properties of one approximation.
struct Claims {
  const char* name;
  float (*value)(float);
  double abs_bound;   // max |phi(x) - tanh(x)| over every float
  double rel_bound;   // max relative error where x > rel_from
  double rel_from;
  float saturation;   // phi(x) == 1 for x >= saturation
  bool inf_saturates = true;  // phi(+-Inf) == +-1 (TableTanh: NaN, stated in its header)
};
// activation.hpp: FastTanh relative error <= 6e-7 where tanh(x) > 1e-30. sinh_tanh.hpp:
// SinhTanh is 0 at and below 2^-64 (its (1/z)^2 overflows), relative bound above that.
const Claims kClaims[] = {
    {"FastTanh", &ec::FastTanh::value, 2.1e-7, 6e-7, 1e-30, 8.6644f},
    {"SinhTanh3", &ec::SinhTanh<3>::value, 1.25e-5, 2.2e-5, 0x1p-64, 9.4136f},
    {"SinhTanh4", &ec::SinhTanh<4>::value, 9.3e-7, 1.7e-6, 0x1p-64, 8.7428f},
    {"SinhTanh5", &ec::SinhTanh<5>::value, 1.8e-7, 3.0e-7, 0x1p-64, 8.5312f},
    // table_tanh.hpp: absolute bounds only (no relative claim: rel_from above every tanh).
    {"TableTanh3", &ec::TableTanh<3>::value, 1.7e-5, 1.0, 2.0, 7.0f, false},
    {"TableTanh4", &ec::TableTanh<4>::value, 2.4e-6, 1.0, 2.0, 7.75f, false},
    {"TableTanh5", &ec::TableTanh<5>::value, 3.4e-7, 1.0, 2.0, 8.25f, false},
    {"TableTanh6", &ec::TableTanh<6>::value, 1.8e-7, 1.0, 2.0, 9.0f, false},
};
constexpr int kApproximations = sizeof kClaims / sizeof kClaims[0];

float from_bits(std::uint32_t b) {
  float f;
  std::memcpy(&f, &b, sizeof f);
  return f;
}
std::uint32_t to_bits(float f) {
  std::uint32_t b;
  std::memcpy(&b, &f, sizeof b);
  return b;
}

double reference_tanh(float xf) {
  const double x = xf;
  if (x < 0.0009765625) {  // 2^-10
    const double x2 = x * x;
    return x * (1.0 - x2 * (1.0 / 3.0 - x2 * (2.0 / 15.0)));
  }
  return std::tanh(x);
}

class TanhChunk : public ::testing::TestWithParam<int> {};

// What one approximation showed over one chunk.
struct ChunkStats {
  double max_abs = 0.0, max_rel = 0.0;
  float argmax_abs = 0.0f, argmax_rel = 0.0f;
  float first_one = std::numeric_limits<float>::infinity();
  std::uint64_t bad_abs = 0, bad_rel = 0, bad_odd = 0, bad_mono = 0, bad_range = 0, bad_sat = 0;
  float first_bad = 0.0f;
  float prev = 0.0f;
  void note_bad(std::uint64_t& counter, float x) {
    if (bad_abs + bad_rel + bad_odd + bad_mono + bad_range + bad_sat == 0) first_bad = x;
    ++counter;
  }
};

// Every approximation in one pass over the chunk: the double reference (most of the cost)
// is computed once per float.
TEST_P(TanhChunk, AccurateOddMonotoneSaturating) {
  const int c = GetParam();
  // Chunk boundaries in bit space; the last one ends at +Inf (excluded).
  const std::uint32_t lo = static_cast<std::uint32_t>(std::uint64_t{kPosInfBits} * static_cast<std::uint64_t>(c) / kChunks);
  const std::uint32_t hi = static_cast<std::uint32_t>(std::uint64_t{kPosInfBits} * static_cast<std::uint64_t>(c + 1) / kChunks);
  if (kStride != 1) std::printf("  SAMPLED build: checking every %u-th float only\n", kStride);

  ChunkStats st[kApproximations];
  for (int k = 0; k < kApproximations; ++k) st[k].prev = lo == 0 ? 0.0f : kClaims[k].value(from_bits(lo - 1));
  std::uint64_t checked = 0;
  for (std::uint64_t b = lo; b < hi; b += kStride) {
    const float x = from_bits(static_cast<std::uint32_t>(b));
    const double ref = reference_tanh(x);
    ++checked;
    for (int k = 0; k < kApproximations; ++k) {
      const Claims& claims = kClaims[k];
      ChunkStats& s = st[k];
      const float y = claims.value(x);
      const float ny = claims.value(-x);
      const double err = std::abs(static_cast<double>(y) - ref);
      if (err > s.max_abs) s.max_abs = err, s.argmax_abs = x;
      if (ref > claims.rel_from) {
        const double rel = err / ref;
        if (rel > s.max_rel) s.max_rel = rel, s.argmax_rel = x;
        if (rel > claims.rel_bound) s.note_bad(s.bad_rel, x);
      }
      if (!(err <= claims.abs_bound)) s.note_bad(s.bad_abs, x);
      if (to_bits(ny) != (to_bits(y) ^ 0x80000000u)) s.note_bad(s.bad_odd, x);
      if (!(y >= s.prev)) s.note_bad(s.bad_mono, x);
      if (!(y >= 0.0f && y <= 1.0f)) s.note_bad(s.bad_range, x);
      if (x >= claims.saturation && y != 1.0f) s.note_bad(s.bad_sat, x);
      if (y == 1.0f && x < s.first_one) s.first_one = x;
      s.prev = y;
    }
  }
  std::printf("  chunk %d: %llu floats in [%.9g, %.9g)\n", c, static_cast<unsigned long long>(checked),
              static_cast<double>(from_bits(lo)), static_cast<double>(from_bits(hi - 1)));
  for (int k = 0; k < kApproximations; ++k) {
    const Claims& claims = kClaims[k];
    const ChunkStats& s = st[k];
    std::printf("  %s: measured max |phi - tanh| = %.4g at x = %.9g (bound %.2g); max relative %.4g at x = %.9g (bound %.2g)\n",
                claims.name, s.max_abs, static_cast<double>(s.argmax_abs), claims.abs_bound, s.max_rel,
                static_cast<double>(s.argmax_rel), claims.rel_bound);
    if (s.first_one != std::numeric_limits<float>::infinity()) {
      std::printf("  %s(x) == 1 from x = %.9g (bits 0x%08x) on\n", claims.name, static_cast<double>(s.first_one),
                  to_bits(s.first_one));
    }
    RecordProperty(std::string(claims.name) + "_max_abs_error", std::to_string(s.max_abs));
    EXPECT_LE(s.max_abs, claims.abs_bound) << claims.name;
    EXPECT_EQ(s.bad_abs, 0u) << claims.name << ": first failure at x = " << s.first_bad;
    EXPECT_EQ(s.bad_rel, 0u) << claims.name << ": first failure at x = " << s.first_bad;
    EXPECT_EQ(s.bad_odd, 0u) << claims.name << ": first failure at x = " << s.first_bad;
    EXPECT_EQ(s.bad_mono, 0u) << claims.name << ": first failure at x = " << s.first_bad;
    EXPECT_EQ(s.bad_range, 0u) << claims.name << ": first failure at x = " << s.first_bad;
    EXPECT_EQ(s.bad_sat, 0u) << claims.name << ": first failure at x = " << s.first_bad;
    // The largest finite float is in the last chunk: exactly 1 there (and by oddness -1).
    if (c == kChunks - 1) {
      EXPECT_EQ(claims.value(std::numeric_limits<float>::max()), 1.0f) << claims.name;
      EXPECT_EQ(claims.value(-std::numeric_limits<float>::max()), -1.0f) << claims.name;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(NonNegativeFloats, TanhChunk, ::testing::Range(0, kChunks),
                         [](const ::testing::TestParamInfo<int>& p) { return "chunk" + std::to_string(p.param); });

class TanhClaims : public ::testing::TestWithParam<int> {};

// Saturation is exact at the stated point and beyond; a little below it the value is below
// 1 (so the stated point is not vacuous), and +-Inf give +-1.
TEST_P(TanhClaims, SaturationInfinitiesAndNaN) {
  const Claims& claims = kClaims[GetParam()];
  auto phi = claims.value;
  EXPECT_EQ(phi(claims.saturation), 1.0f);
  EXPECT_EQ(phi(-claims.saturation), -1.0f);
  if (claims.inf_saturates) {
    EXPECT_EQ(phi(std::numeric_limits<float>::infinity()), 1.0f);
    EXPECT_EQ(phi(-std::numeric_limits<float>::infinity()), -1.0f);
  } else {  // the stated trade-off: NaN, never a wrong finite value
    EXPECT_TRUE(std::isnan(phi(std::numeric_limits<float>::infinity())));
    EXPECT_TRUE(std::isnan(phi(-std::numeric_limits<float>::infinity())));
  }
  EXPECT_LT(phi(claims.saturation - 0.01f), 1.0f);
  // Every NaN payload, both signs: NaN out (2^24 - 2 patterns, cheap).
  std::uint64_t not_nan = 0;
  for (std::uint64_t b = 0x7F800001u; b < 0x80000000u; b += kStride) {
    const auto bits = static_cast<std::uint32_t>(b);
    if (!std::isnan(phi(from_bits(bits)))) ++not_nan;
    if (!std::isnan(phi(from_bits(bits | 0x80000000u)))) ++not_nan;
  }
  EXPECT_EQ(not_nan, 0u);
  // Signed zero survives: phi(-0) = -0.
  EXPECT_EQ(to_bits(phi(-0.0f)), 0x80000000u);
  EXPECT_EQ(to_bits(phi(0.0f)), 0u);
}

// The derivative helpers agree with 1 - tanh^2 in double within 2 * the value's bound
// (plus the float rounding of 1 - y^2).
template <class Act>
void expect_derivative(double abs_bound) {
  for (float x = -10.0f; x <= 10.0f; x += 0.001953125f) {
    const double t = std::tanh(static_cast<double>(x));
    EXPECT_NEAR(Act::derivative(x), 1.0 - t * t, 2 * abs_bound + 1.2e-7) << x;
  }
}
TEST(TanhDerivative, FromValue) {
  expect_derivative<ec::FastTanh>(kClaims[0].abs_bound);
  expect_derivative<ec::SinhTanh<3>>(kClaims[1].abs_bound);
  expect_derivative<ec::SinhTanh<4>>(kClaims[2].abs_bound);
  expect_derivative<ec::SinhTanh<5>>(kClaims[3].abs_bound);
  expect_derivative<ec::TableTanh<3>>(kClaims[4].abs_bound);
  expect_derivative<ec::TableTanh<4>>(kClaims[5].abs_bound);
  expect_derivative<ec::TableTanh<5>>(kClaims[6].abs_bound);
  expect_derivative<ec::TableTanh<6>>(kClaims[7].abs_bound);
}

INSTANTIATE_TEST_SUITE_P(Approximations, TanhClaims, ::testing::Range(0, kApproximations),
                         [](const ::testing::TestParamInfo<int>& p) { return std::string(kClaims[p.param].name); });

}  // namespace
