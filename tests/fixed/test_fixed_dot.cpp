// detail/fixed_dot.hpp on the host: fixed_dot (here the portable loop; the DSP kernels are
// checked against it on the Cortex-M4/M7/M33 images by tests/target/fixed) against a
// second method, a sum in 128-bit integers, for random raw values over the full range, and
// against hand values at the extremes for the largest N the overflow proof allows:
// 8 x 16 into int32, N = 511 (kMaxTerms); 16 x 32 into int64, N = 131071 (kMaxTerms: the sum
// 131071 2^46 = 2^63 - 2^46); 16 x 16 into int64 at N = 2^20 (kMaxTerms is 2^33 - 1, too
// many to allocate; the sum 2^50 is far from the bound). Random cases: lengths 1..130, 20
// rounds, seed 14; sizes and values are exact integers, so the expected values are exact.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "edgechaos/core/q_format.hpp"
#include "edgechaos/core/random.hpp"
#include "edgechaos/detail/fixed_dot.hpp"
#include "edgechaos/weights/fixed_couplings.hpp"

namespace {

namespace ec = edgechaos;
namespace d = ec::detail;
using ec::Index;
__extension__ typedef __int128 Wide;  // the second method: no overflow possible at these sizes

template <class W, class S>
Wide wide_dot(const W* w, const S* s, Index n) {
  Wide acc = 0;
  for (Index j = 0; j < n; ++j) acc += static_cast<Wide>(w[j]) * static_cast<Wide>(s[j]);
  return acc;
}

template <class T>
T random_raw(ec::Xoshiro128pp& g) {
  if constexpr (sizeof(T) == 1) return static_cast<T>(static_cast<std::uint8_t>(g.next_u32() & 0xffu));
  if constexpr (sizeof(T) == 2) return static_cast<T>(static_cast<std::uint16_t>(g.next_u32() & 0xffffu));
  if constexpr (sizeof(T) == 4) return static_cast<T>(g.next_u32());
}

template <class Acc, class W, class S>
void random_agree() {
  ec::Xoshiro128pp g(14u);
  std::vector<W> w(131);
  std::vector<S> s(131);
  for (int round = 0; round < 20; ++round) {
    for (auto& v : w) v = random_raw<W>(g);
    for (auto& v : s) v = random_raw<S>(g);
    for (Index n = 1; n <= 130; ++n) {
      for (Index off = 0; off < 2; ++off) {  // an odd offset: the misaligned path on a DSP core
        const Wide want = wide_dot(w.data() + off, s.data() + off, n);
        ASSERT_EQ(static_cast<Wide>(d::fixed_dot<Acc>(w.data() + off, s.data() + off, n)), want) << n;
        ASSERT_EQ(static_cast<Wide>(d::fixed_dot_portable<Acc>(w.data() + off, s.data() + off, n)), want) << n;
      }
    }
    ASSERT_EQ(static_cast<Wide>(d::fixed_dot<Acc, 64>(w.data(), s.data(), 64)), wide_dot(w.data(), s.data(), 64));
  }
}

// Two rows at once (fixed_dot2, the M3's pairs; two fixed_dot calls on the DSP cores)
// against the same 128-bit sums, row by row: lengths 1..130, both loops (the portable pair
// and the dispatch), seed 16, 10 rounds; the rows overlap in memory (wb = wa + n), as in a
// row-major matrix.
template <class Acc, class W, class S>
void pairs_agree() {
  ec::Xoshiro128pp g(16u);
  std::vector<W> w(2 * 131);
  std::vector<S> s(131);
  for (int round = 0; round < 10; ++round) {
    for (auto& v : w) v = random_raw<W>(g);
    for (auto& v : s) v = random_raw<S>(g);
    for (Index n = 1; n <= 130; ++n) {
      const W* wa = w.data();
      const W* wb = w.data() + n;
      const Wide want_a = wide_dot(wa, s.data(), n), want_b = wide_dot(wb, s.data(), n);
      Acc a = 1, b = 1;
      d::fixed_dot2_portable<Acc>(wa, wb, s.data(), n, a, b);
      ASSERT_EQ(static_cast<Wide>(a), want_a) << n;
      ASSERT_EQ(static_cast<Wide>(b), want_b) << n;
      a = b = 1;
      d::fixed_dot2<Acc>(wa, wb, s.data(), n, a, b);
      ASSERT_EQ(static_cast<Wide>(a), want_a) << n;
      ASSERT_EQ(static_cast<Wide>(b), want_b) << n;
    }
    Acc a = 1, b = 1;
    d::fixed_dot2<Acc, 64>(w.data(), w.data() + 64, s.data(), 64, a, b);
    ASSERT_EQ(static_cast<Wide>(a), wide_dot(w.data(), s.data(), 64));
    ASSERT_EQ(static_cast<Wide>(b), wide_dot(w.data() + 64, s.data(), 64));
  }
}

}  // namespace

TEST(FixedDot, RandomEqualsWideSum16x16) { random_agree<std::int64_t, std::int16_t, std::int16_t>(); }
TEST(FixedDot, RandomEqualsWideSum8x16) {
  // 8 x 16 sums of up to 130 products stay below 130 2^22 < 2^31: int32 is exact.
  random_agree<std::int32_t, std::int8_t, std::int16_t>();
}
TEST(FixedDot, RandomEqualsWideSum16x32) { random_agree<std::int64_t, std::int16_t, std::int32_t>(); }

TEST(FixedDot, ExtremesAtTheLargestAllowedN) {
  using P8 = ec::QProduct<ec::QFormat<8, 6>, ec::QFormat<16, 12>>;
  using P32 = ec::QProduct<ec::QFormat<16, 14>, ec::QFormat<32, 24>>;
  ASSERT_EQ(P8::kMaxTerms, 511);
  ASSERT_EQ(P32::kMaxTerms, 131071);
  {  // 511 (-128)(-32768) = 511 2^22 = 2143289344 = INT32_MAX - 4194303
    const std::vector<std::int8_t> w(511, INT8_MIN);
    const std::vector<std::int16_t> s(511, INT16_MIN);
    EXPECT_EQ(d::fixed_dot<std::int32_t>(w.data(), s.data(), 511), 2143289344);
    const std::vector<std::int8_t> wp(511, INT8_MAX);
    EXPECT_EQ(d::fixed_dot<std::int32_t>(wp.data(), s.data(), 511), -511 * 127 * 32768);
  }
  {  // 131071 (-32768)(-2^31) = 131071 2^46 = 2^63 - 2^46
    const std::vector<std::int16_t> w(131071, INT16_MIN);
    const std::vector<std::int32_t> s(131071, INT32_MIN);
    EXPECT_EQ(d::fixed_dot<std::int64_t>(w.data(), s.data(), 131071), INT64_MAX - ((std::int64_t{1} << 46) - 1));
  }
  {  // 2^20 (-32768)(-32768) = 2^50; 2^20 32767 (-32768) = -(2^50 - 2^35)
    const Index n = Index{1} << 20;
    std::vector<std::int16_t> w(static_cast<std::size_t>(n), INT16_MIN);
    const std::vector<std::int16_t> s(static_cast<std::size_t>(n), INT16_MIN);
    EXPECT_EQ(d::fixed_dot<std::int64_t>(w.data(), s.data(), n), std::int64_t{1} << 50);
    for (auto& v : w) v = INT16_MAX;
    EXPECT_EQ(d::fixed_dot<std::int64_t>(w.data(), s.data(), n), -((std::int64_t{1} << 50) - (std::int64_t{1} << 35)));
  }
}

// The couplings view's dot_row is fixed_dot on the row: the same sums, rows of N = 64.
TEST(FixedDot, CouplingsViewRowsEqualWideSums) {
  constexpr int N = 64;
  ec::Xoshiro128pp g(15u);
  std::vector<std::int16_t> J(N * N), r(N);
  for (auto& v : J) v = random_raw<std::int16_t>(g);
  for (auto& v : r) v = random_raw<std::int16_t>(g);
  ec::FixedDenseCouplingsView<ec::QFormat<16, 14>> view;
  ASSERT_EQ(view.set(J.data(), N), ec::Status::ok);
  for (Index i = 0; i < N; ++i) {
    const Wide want = wide_dot(J.data() + i * N, r.data(), N);
    EXPECT_EQ(static_cast<Wide>(view.dot_row<std::int64_t, N>(i, r.data())), want);
    EXPECT_EQ(static_cast<Wide>(view.dot_row<std::int64_t>(i, r.data())), want);
  }
}

TEST(FixedDot, RowPairsEqualWideSums) {
  pairs_agree<std::int64_t, std::int16_t, std::int16_t>();
  pairs_agree<std::int32_t, std::int8_t, std::int16_t>();
  pairs_agree<std::int64_t, std::int16_t, std::int32_t>();
}

TEST(FixedDot, RowPairsAtTheExtremes) {
  // By hand: every w = -32768, s = -32768: each row 64 2^30 = 2^36; the second row
  // +32767 gives 64 (32767)(-32768) = -2^6 (2^30 - 2^15).
  constexpr int N = 64;
  std::vector<std::int16_t> J(2 * N, INT16_MIN), r(N, INT16_MIN);
  for (int j = N; j < 2 * N; ++j) J[static_cast<std::size_t>(j)] = INT16_MAX;
  ec::FixedDenseCouplingsView<ec::QFormat<16, 14>> view;
  ASSERT_EQ(view.set(J.data(), 2), ec::Status::ok);  // only the pointer matters to dot_rows2<.., N>
  std::int64_t a = 0, b = 0;
  view.dot_rows2<std::int64_t, N>(0, r.data(), a, b);
  EXPECT_EQ(a, std::int64_t{1} << 36);
  EXPECT_EQ(b, -(std::int64_t{1} << 6) * ((std::int64_t{1} << 30) - (std::int64_t{1} << 15)));
}

TEST(FixedDot, CouplingsViewRowPairsEqualRows) {
  constexpr int N = 63;  // odd: the last row has no partner (the models' tail)
  ec::Xoshiro128pp g(17u);
  std::vector<std::int8_t> J(N * N);
  std::vector<std::int16_t> r(N);
  for (auto& v : J) v = random_raw<std::int8_t>(g);
  for (auto& v : r) v = random_raw<std::int16_t>(g);
  ec::FixedDenseCouplingsView<ec::QFormat<8, 6>> view;
  ASSERT_EQ(view.set(J.data(), N), ec::Status::ok);
  for (Index i = 0; i + 1 < N; i += 2) {
    std::int32_t a = 0, b = 0;
    view.dot_rows2<std::int32_t, N>(i, r.data(), a, b);
    EXPECT_EQ(static_cast<Wide>(a), wide_dot(J.data() + i * N, r.data(), N));
    EXPECT_EQ(static_cast<Wide>(b), wide_dot(J.data() + (i + 1) * N, r.data(), N));
    view.dot_rows2<std::int32_t>(i, r.data(), a, b);
    EXPECT_EQ(static_cast<Wide>(a), wide_dot(J.data() + i * N, r.data(), N));
    EXPECT_EQ(static_cast<Wide>(b), wide_dot(J.data() + (i + 1) * N, r.data(), N));
  }
}
