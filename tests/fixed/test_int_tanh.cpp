// The integer tanh (models/int_tanh.hpp): the table against std::tanh, and for the 16-bit
// state formats an exhaustive sweep of every representable input (65536 each) checking
// the error bound (kIntTanhBound + 0.5 2^-F, derived in the header), oddness, monotonicity,
// 0 at 0 and saturation. The 32-bit format Q7.24: a decimated sweep (stride 4099, about 1e6
// inputs) plus every input within 4 steps of each table breakpoint k/32 and of 8.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>

#include "edgechaos/edgechaos.hpp"

namespace ec = edgechaos;

namespace {

template <class QS>
struct Sweep {
  double max_err = 0.0;
  bool odd = true, monotone = true;
  typename QS::raw_type prev = 0;
  bool first = true;
  // Inputs must be visited in increasing order.
  void visit(typename QS::raw_type x) {
    const auto y = ec::IntTanh<QS>::value(x);
    const double err = std::fabs(QS::to_double(y) - std::tanh(QS::to_double(x)));
    if (err > max_err) max_err = err;
    if (x != std::numeric_limits<typename QS::raw_type>::min() && ec::IntTanh<QS>::value(static_cast<typename QS::raw_type>(-x)) != -y) odd = false;
    if (!first && y < prev) monotone = false;
    prev = y;
    first = false;
  }
};

template <class QS>
double bound() {
  return ec::kIntTanhBound + 0.5 / QS::kScale;
}

template <class QS>
Sweep<QS> exhaustive16() {
  Sweep<QS> s;
  for (std::int32_t x = -32768; x <= 32767; ++x) s.visit(static_cast<std::int16_t>(x));
  return s;
}

}  // namespace

// Each entry is tanh(k/32) 2^16 rounded (capped at 65535): within half a unit (1 at the cap).
TEST(IntTanh, TableIsTanhRounded) {
  for (int k = 0; k <= 256; ++k) {
    const double want = std::tanh(k / 32.0) * 65536.0;
    EXPECT_LE(std::fabs(ec::kIntTanhTable[k] - want), want > 65535.0 ? 1.0 : 0.5) << k;
    if (k > 0) {
      EXPECT_GE(ec::kIntTanhTable[k], ec::kIntTanhTable[k - 1]);
    }
  }
  EXPECT_EQ(sizeof(ec::kIntTanhTable), 514u);  // the flash cost of the table
}

// Q3.12 (range +-8): every input. Hand values: 0 -> 0; |x| >= 8 unreachable, x = kMax
// (7.99976) -> 1.0 = 4096 (tanh = 1 - 2.3e-7 rounds to 1 at 2^-12).
TEST(IntTanh, ExhaustiveQ3_12) {
  using QS = ec::QFormat<16, 12>;
  const Sweep<QS> s = exhaustive16<QS>();
  EXPECT_TRUE(s.odd);
  EXPECT_TRUE(s.monotone);
  EXPECT_LE(s.max_err, bound<QS>());
  EXPECT_EQ(ec::IntTanh<QS>::value(0), 0);
  EXPECT_EQ(ec::IntTanh<QS>::value(32767), 4096);
  EXPECT_EQ(ec::IntTanh<QS>::value(-32767), -4096);
  EXPECT_EQ(ec::IntTanh<QS>::value(-32768), -4096);  // the most negative input
  std::printf("[ measured ] IntTanh Q3.12 max |err| over all 65536 inputs = %.3e (bound %.3e)\n", s.max_err, bound<QS>());
}

// Q4.11 (range +-16): inputs beyond 8 saturate to exactly 1.0 = 2048.
TEST(IntTanh, ExhaustiveQ4_11SaturatesToOne) {
  using QS = ec::QFormat<16, 11>;
  const Sweep<QS> s = exhaustive16<QS>();
  EXPECT_TRUE(s.odd);
  EXPECT_TRUE(s.monotone);
  EXPECT_LE(s.max_err, bound<QS>());
  EXPECT_EQ(ec::IntTanh<QS>::value(8 * 2048), 2048);
  EXPECT_EQ(ec::IntTanh<QS>::value(32767), 2048);
  EXPECT_EQ(ec::IntTanh<QS>::value(-32768), -2048);
  std::printf("[ measured ] IntTanh Q4.11 max |err| = %.3e (bound %.3e)\n", s.max_err, bound<QS>());
}

// Q0.15 (range [-1, 1)): F = 15 > 12, the finer output rounding; tanh(1) = 0.7616 is the top.
TEST(IntTanh, ExhaustiveQ0_15) {
  using QS = ec::QFormat<16, 15>;
  const Sweep<QS> s = exhaustive16<QS>();
  EXPECT_TRUE(s.odd);
  EXPECT_TRUE(s.monotone);
  EXPECT_LE(s.max_err, bound<QS>());
  std::printf("[ measured ] IntTanh Q0.15 max |err| = %.3e (bound %.3e)\n", s.max_err, bound<QS>());
}

// Q7.24 (32 bits): decimated sweep in increasing order, then the breakpoints +-4 steps.
TEST(IntTanh, Q7_24DecimatedAndBreakpoints) {
  using QS = ec::QFormat<32, 24>;
  Sweep<QS> s;
  for (std::int64_t x = std::numeric_limits<std::int32_t>::min(); x <= std::numeric_limits<std::int32_t>::max(); x += 4099) {
    s.visit(static_cast<std::int32_t>(x));
  }
  EXPECT_TRUE(s.odd);
  EXPECT_TRUE(s.monotone);
  for (int k = 0; k <= 256; ++k) {
    Sweep<QS> b;  // monotone within each window
    const std::int64_t centre = std::int64_t{k} << (24 - 5);
    for (std::int64_t d = -4; d <= 4; ++d) b.visit(static_cast<std::int32_t>(centre + d));
    EXPECT_TRUE(b.monotone) << k;
    EXPECT_TRUE(b.odd) << k;
    if (b.max_err > s.max_err) s.max_err = b.max_err;
  }
  EXPECT_LE(s.max_err, bound<QS>());
  EXPECT_EQ(ec::IntTanh<QS>::value(0), 0);
  EXPECT_EQ(ec::IntTanh<QS>::value(8 << 24), 1 << 24);
  EXPECT_EQ(ec::IntTanh<QS>::value(std::numeric_limits<std::int32_t>::min()), -(1 << 24));
  std::printf("[ measured ] IntTanh Q7.24 max |err| (decimated + breakpoints) = %.3e (bound %.3e)\n", s.max_err,
              bound<QS>());
}

// Q0.31: 1.0 is not representable; F > 21 exercises the rounded position. Decimated.
TEST(IntTanh, Q0_31Decimated) {
  using QS = ec::QFormat<32, 31>;
  Sweep<QS> s;
  for (std::int64_t x = std::numeric_limits<std::int32_t>::min(); x <= std::numeric_limits<std::int32_t>::max(); x += 65537) {
    s.visit(static_cast<std::int32_t>(x));
  }
  EXPECT_TRUE(s.odd);
  EXPECT_TRUE(s.monotone);
  EXPECT_LE(s.max_err, bound<QS>());
}
