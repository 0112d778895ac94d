// core/narrow_q_format.hpp: a W-bit format held in wider storage computes what the native
// W-bit format computes. The independent reference is the native QFormat of that width
// (8 or 16 bits), run on the same quantised weights and inputs: the trajectories must agree
// bit for bit. Plus hand values of the narrow range (12 and 5 bits) where no native format
// exists. N = 32, M = 1, J g = 1.8 seed 11 (chaotic side, so rounding differences would
// grow), 300 steps; a few ms, also under ASan+UBSan.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "edgechaos/core/narrow_q_format.hpp"
#include "edgechaos/edgechaos.hpp"

namespace ec = edgechaos;

namespace {

constexpr int N = 32, M = 1;
using ec::Status;

TEST(NarrowQFormat, RangeAndSaturationOfANarrowRegister) {
  using Q12 = ec::NarrowQFormat<32, 12, 8>;  // 12-bit register, step 1/256, range +-2047/256
  static_assert(Q12::kMax == 2047 && Q12::kMin == -2047);
  static_assert(sizeof(Q12::raw_type) == 4);
  EXPECT_EQ(ec::saturate<Q12>(5000), 2047);
  EXPECT_EQ(ec::saturate<Q12>(-5000), -2047);
  EXPECT_EQ(ec::saturate<Q12>(-2047), -2047);
  Q12::raw_type r = 0;
  EXPECT_EQ(ec::to_fixed<Q12>(7.99, r), Status::ok);  // 7.99 * 256 = 2045.44 -> 2045
  EXPECT_EQ(r, 2045);
  EXPECT_EQ(ec::to_fixed<Q12>(8.0, r), Status::invalid_argument);  // 2048 > 2047
  EXPECT_EQ(r, 2045);
  using Q5 = ec::NarrowQFormat<16, 5, 2>;  // 5 bits: +-15 quarters
  static_assert(Q5::kMax == 15);
  EXPECT_EQ(ec::relax_toward<Q5>(15, 15, 65536u), 15);
  // The integer tanh saturates at 1.0 = 2^F = 4 raw (|x| >= 8 is outside Q5's range, so
  // take x = 3.75: tanh = 0.9989 -> 4 raw).
  EXPECT_EQ(ec::IntTanh<Q5>::value(15), 4);
  EXPECT_EQ(ec::IntTanh<Q5>::value(-15), -4);
}

// One trajectory of the fixed rate network in formats QW x QS from the same float model.
template <class QW, class QS>
std::vector<std::int64_t> trajectory(int steps) {
  ec::CouplingMatrix<N> J;
  EXPECT_EQ(ec::generate_couplings(ec::CouplingParams{1.8f, 0.0f, 11u}, J), Status::ok);
  static typename QW::raw_type Jq[N * N];
  static typename QW::raw_type Wq[N * M];
  EXPECT_EQ(ec::quantize_couplings<QW>(J.data(), N, N, Jq), Status::ok);
  float w[N * M];
  for (int i = 0; i < N; ++i) w[i] = (i % 2 ? 0.5f : -0.25f);
  EXPECT_EQ(ec::quantize_couplings<QW>(w, N, M, Wq), Status::ok);
  ec::FixedDenseCouplingsView<QW> view;
  EXPECT_EQ(view.set(Jq, N), Status::ok);
  ec::FixedRateNetwork<N, M, QW, QS> net;
  EXPECT_EQ(net.bind(view), Status::ok);
  EXPECT_EQ(net.set_input_weights(Wq), Status::ok);
  EXPECT_EQ(net.set_dt(0.1f), Status::ok);
  typename ec::FixedRateNetwork<N, M, QW, QS>::State x;
  ec::NormalStream z(12u);
  // x0 = N(0, 1) rounded and clamped into the range (a narrow range may not hold 2 sigma).
  for (int i = 0; i < N; ++i) x[i] = ec::saturate<QS>(std::llround(static_cast<double>(z.next()) * QS::kScale));
  ec::MapStepper<ec::FixedRateNetwork<N, M, QW, QS>> stepper;
  std::vector<std::int64_t> out;
  for (int t = 0; t < steps; ++t) {
    typename ec::FixedRateNetwork<N, M, QW, QS>::Input u;
    EXPECT_EQ(ec::to_fixed<QS>(0.4 * ((t / 7) % 2 ? 1.0 : -1.0), u[0]), Status::ok);
    EXPECT_EQ(stepper.step(net, x, u), Status::ok);
    for (int i = 0; i < N; ++i) out.push_back(x[i]);
  }
  return out;
}

TEST(NarrowQFormat, SixteenBitStateInInt32EqualsNativeQ3_12) {
  using QW = ec::QFormat<16, 14>;
  const auto native = trajectory<QW, ec::QFormat<16, 12>>(300);
  const auto narrow = trajectory<QW, ec::NarrowQFormat<32, 16, 12>>(300);
  ASSERT_EQ(native.size(), narrow.size());
  EXPECT_EQ(native, narrow);
  // The states saturated somewhere would also be caught; make sure the run is not trivial.
  std::int64_t peak = 0;
  for (auto v : native) peak = std::max<std::int64_t>(peak, v < 0 ? -v : v);
  EXPECT_GT(peak, 4096);  // |x| > 1 was reached: the chaotic side
}

TEST(NarrowQFormat, EightBitWeightsInInt16EqualNativeQ1_6) {
  using QS = ec::QFormat<16, 12>;
  const auto native = trajectory<ec::QFormat<8, 6>, QS>(300);
  const auto narrow = trajectory<ec::NarrowQFormat<16, 8, 6>, QS>(300);
  EXPECT_EQ(native, narrow);
}

TEST(NarrowQFormat, AStateThatSaturatesStaysInTheNarrowRange) {
  // 9-bit states with 7 fraction bits: range +-255/128 = +-1.99; g = 1.8 drives |x| well past
  // 2 (its stationary std is about 1.2), so saturation happens and every state must stay
  // inside +-255.
  using QS = ec::NarrowQFormat<32, 9, 7>;
  const auto traj = trajectory<ec::QFormat<16, 14>, QS>(300);
  std::int64_t peak = 0;
  for (auto v : traj) peak = std::max<std::int64_t>(peak, v < 0 ? -v : v);
  EXPECT_LE(peak, 255);
  // The field h saturates at 255 and Euler relaxes x toward it: x + round(0.1 (255 - x))
  // stops moving at x = 251 (0.1 * 4 = 0.4 rounds to 0; at x = 250 the tie 0.5 rounds up
  // to 251). So a run whose h sat at the clamp long enough peaks at exactly 251.
  EXPECT_EQ(peak, 251);
}

}  // namespace
