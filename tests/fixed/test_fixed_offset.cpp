// The offset-binary 8 x 16 product (detail/fixed_dot_offset.hpp, weights/fixed_offset_couplings.hpp:
// the Cortex-M0's 4-instruction MAC) against a second method, sums in 128-bit integers of
// the signed values: random raw values over the full range (seed 18, 10 rounds), lengths
// 1..130 and 511 (the largest n the int32 bound allows), the hand extremes
// 511 (-128)(-32768) = 2143289344 and 511 (127)(-32768) = -2126544896; and whole models
// (FixedRateNetwork, FixedEchoState; N = 31 odd and 64, M = 2, 8-bit weights Q1.6 with
// per-row scales, 16-bit states Q3.12, 200 steps, seed 19) stepping bit for bit with the
// signed dense view of the same J. All values are exact integers: no tolerance.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "edgechaos/core/random.hpp"
#include "edgechaos/edgechaos.hpp"
#include "edgechaos/weights/fixed_offset_couplings.hpp"

namespace {

namespace ec = edgechaos;
namespace d = ec::detail;
using ec::Index;
using ec::Status;
__extension__ typedef __int128 Wide;

Wide wide_dot(const std::int8_t* w, const std::int16_t* s, Index n) {
  Wide acc = 0;
  for (Index j = 0; j < n; ++j) acc += static_cast<Wide>(w[j]) * static_cast<Wide>(s[j]);
  return acc;
}

// One row through the offset path: J' and C from the signed row, s' and its sum from s.
Wide offset_sum(const std::int8_t* w, const std::int16_t* s, Index n) {
  std::vector<std::uint8_t> wb(static_cast<std::size_t>(n));
  std::vector<std::uint16_t> sb(static_cast<std::size_t>(n));
  std::uint32_t ssum = 0;
  for (Index j = 0; j < n; ++j) {
    wb[static_cast<std::size_t>(j)] = d::offset_weight(w[j]);
    sb[static_cast<std::size_t>(j)] = d::offset_state(s[j]);
    ssum += sb[static_cast<std::size_t>(j)];
  }
  const std::uint32_t a = d::offset_dot(wb.data(), sb.data(), n);
  return d::offset_dot_value(a, d::offset_row_constant(w, n), ssum << 7);
}

}  // namespace

TEST(FixedOffsetDot, ToInt32IsTheResidue) {
  EXPECT_EQ(d::to_int32(0u), 0);
  EXPECT_EQ(d::to_int32(0x7fffffffu), 2147483647);
  EXPECT_EQ(d::to_int32(0x80000000u), -2147483647 - 1);
  EXPECT_EQ(d::to_int32(0xffffffffu), -1);
  EXPECT_EQ(d::offset_weight(-128), 0u);
  EXPECT_EQ(d::offset_weight(127), 255u);
  EXPECT_EQ(d::offset_state(-32768), 0u);
  EXPECT_EQ(d::offset_state(0), 32768u);
}

TEST(FixedOffsetDot, RandomEqualsWideSum) {
  ec::Xoshiro128pp g(18u);
  std::vector<std::int8_t> w(2 * 511);
  std::vector<std::int16_t> s(511);
  for (int round = 0; round < 10; ++round) {
    for (auto& v : w) v = static_cast<std::int8_t>(static_cast<std::uint8_t>(g.next_u32() & 0xffu));
    for (auto& v : s) v = static_cast<std::int16_t>(static_cast<std::uint16_t>(g.next_u32() & 0xffffu));
    for (Index n = 1; n <= 130; ++n) ASSERT_EQ(offset_sum(w.data(), s.data(), n), wide_dot(w.data(), s.data(), n)) << n;
    ASSERT_EQ(offset_sum(w.data(), s.data(), 511), wide_dot(w.data(), s.data(), 511));
  }
}

TEST(FixedOffsetDot, ExtremesAtTheLargestAllowedN) {
  const std::vector<std::int16_t> s(511, INT16_MIN);
  const std::vector<std::int8_t> wn(511, INT8_MIN), wp(511, INT8_MAX);
  EXPECT_EQ(offset_sum(wn.data(), s.data(), 511), Wide{2143289344});
  EXPECT_EQ(offset_sum(wp.data(), s.data(), 511), Wide{-2126544896});
  const std::vector<std::int16_t> sp(511, INT16_MAX);
  EXPECT_EQ(offset_sum(wn.data(), sp.data(), 511), Wide{-511} * 128 * 32767);
}

TEST(FixedOffsetDot, ViewRowsAndPairsEqualWideSums) {
  constexpr int N = 64;
  ec::Xoshiro128pp g(20u);
  std::vector<std::int8_t> J(N * N);
  std::int16_t r[N];
  for (auto& v : J) v = static_cast<std::int8_t>(static_cast<std::uint8_t>(g.next_u32() & 0xffu));
  for (auto& v : r) v = static_cast<std::int16_t>(static_cast<std::uint16_t>(g.next_u32() & 0xffffu));
  std::vector<std::uint8_t> Jb(N * N);
  std::vector<std::uint32_t> C(N);
  ASSERT_EQ(ec::make_offset_couplings(J.data(), N, Jb.data(), C.data()), Status::ok);
  ec::FixedOffsetCouplingsView<ec::QFormat<8, 6>> view;
  ASSERT_EQ(view.set(Jb.data(), C.data(), N), Status::ok);
  d::OffsetState<N> p;
  p.set(r);
  for (Index i = 0; i < N; i += 2) {
    EXPECT_EQ((view.dot_row<std::int32_t, N>(i, p)), wide_dot(J.data() + i * N, r, N));
    std::int32_t a = 0, b = 0;
    view.dot_rows2<std::int32_t, N>(i, p, a, b);
    EXPECT_EQ(a, wide_dot(J.data() + i * N, r, N));
    EXPECT_EQ(b, wide_dot(J.data() + (i + 1) * N, r, N));
  }
  // Refusals change nothing.
  EXPECT_EQ(ec::make_offset_couplings(J.data(), 512, Jb.data(), C.data()), Status::invalid_argument);
  EXPECT_EQ(view.set(nullptr, C.data(), N), Status::invalid_argument);
  EXPECT_EQ(view.set(Jb.data(), C.data(), 512), Status::invalid_argument);
  EXPECT_EQ(view.J, Jb.data());
}

namespace {

template <int N, template <int, int, class, class, class, class> class Model>
void models_agree() {
  constexpr int M = 2;
  using QW = ec::QFormat<8, 6>;
  using QS = ec::QFormat<16, 12>;
  ec::Xoshiro128pp g(19u);
  std::vector<float> Jf(N * N);
  for (auto& v : Jf) v = (g.next_uniform() - 0.5f) * 3.0f / 8.0f;  // g about 1.5 / sqrt(N)-ish scale
  std::vector<std::int8_t> J(N * N), W_in(N * M);
  std::int8_t frac[N];
  ASSERT_EQ(ec::quantize_couplings<QW>(Jf.data(), N, N, J.data(), frac), Status::ok);
  for (auto& v : W_in) v = static_cast<std::int8_t>(static_cast<int>(g.next_u32() % 129u) - 64);
  std::int16_t b[N];
  for (auto& v : b) v = static_cast<std::int16_t>(static_cast<int>(g.next_u32() % 1025u) - 512);
  std::vector<std::uint8_t> Jb(N * N);
  std::vector<std::uint32_t> C(N);
  ASSERT_EQ(ec::make_offset_couplings(J.data(), N, Jb.data(), C.data()), Status::ok);
  ec::FixedDenseCouplingsView<QW> dview;
  ec::FixedOffsetCouplingsView<QW> oview;
  ASSERT_EQ(dview.set(J.data(), N, frac), Status::ok);
  ASSERT_EQ(oview.set(Jb.data(), C.data(), N, frac), Status::ok);
  using Act = ec::IntTanh<QS>;
  Model<N, M, QW, QS, ec::FixedDenseCouplingsView<QW>, Act> dense;
  Model<N, M, QW, QS, ec::FixedOffsetCouplingsView<QW>, Act> offset;
  ASSERT_EQ(dense.bind(dview), Status::ok);
  ASSERT_EQ(offset.bind(oview), Status::ok);
  ASSERT_EQ(dense.set_input_weights(W_in.data()), Status::ok);
  ASSERT_EQ(offset.set_input_weights(W_in.data()), Status::ok);
  dense.set_bias(b);
  offset.set_bias(b);
  ec::MapStepper<decltype(dense)> s1;
  ec::MapStepper<decltype(offset)> s2;
  typename decltype(dense)::State x1, x2;
  for (int j = 0; j < N; ++j) x1[j] = static_cast<std::int16_t>(static_cast<int>(g.next_u32() % 8193u) - 4096);
  x2 = x1;
  for (int t = 0; t < 200; ++t) {
    typename decltype(dense)::Input u;
    u[0] = static_cast<std::int16_t>((t * 97) % 4096 - 2048);
    u[1] = static_cast<std::int16_t>((t * 31) % 2048 - 1024);
    ASSERT_EQ(s1.step(dense, x1, u), Status::ok);
    ASSERT_EQ(s2.step(offset, x2, u), Status::ok);
    ASSERT_TRUE(x1 == x2) << t;
  }
  EXPECT_FALSE(x1 == decltype(x1)::Zero());  // the trajectory did not die out (a real test)
}

}  // namespace

TEST(FixedOffsetDot, RateNetworkBitForBitWithTheSignedView) {
  models_agree<31, ec::FixedRateNetwork>();
  models_agree<64, ec::FixedRateNetwork>();
}
TEST(FixedOffsetDot, EchoStateBitForBitWithTheSignedView) {
  models_agree<31, ec::FixedEchoState>();
  models_agree<64, ec::FixedEchoState>();
}
