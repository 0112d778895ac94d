// Seed streams, the initial state drawn from one, and the per-step quantities the monitor
// and the CLI's trace share.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>

#include "edgechaos/edgechaos.hpp"

namespace ec = edgechaos;

// The sub-seeds are in every published number (CLI JSON, figures, golden tests): pinned.
TEST(Seeds, SubSeedConstantsArePinned) {
  constexpr std::uint64_t s = 12345u;
  static_assert(ec::sub_seed(s, ec::SeedStream::couplings) == s);
  EXPECT_EQ(ec::sub_seed(s, ec::SeedStream::initial_state), s ^ 0x6A09E667F3BCC909ull);
  EXPECT_EQ(ec::sub_seed(s, ec::SeedStream::noise), s ^ 0xBB67AE8584CAA73Bull);
  EXPECT_EQ(ec::sub_seed(s, ec::SeedStream::langevin), s ^ 0x9E3779B97F4A7C15ull);
  EXPECT_EQ(ec::sub_seed(s, ec::SeedStream::fixed_points), s ^ 0xB7E151628AED2A6Bull);
  EXPECT_EQ(ec::sub_seed(s, ec::SeedStream::input_weights), s ^ 0xA54FF53A5F1D36F1ull);
  EXPECT_EQ(ec::sub_seed(s, ec::SeedStream::task), s ^ 0x510E527FADE682D1ull);
}

// Fixed and dynamic vectors get the stream's variates in order, times the scale.
TEST(Seeds, InitialStateIsTheScaledNormalStream) {
  ec::Vector<16> fixed;
  ec::Vector<ec::Dynamic> dynamic(16);
  ASSERT_EQ(ec::initial_state(fixed, 1.0f, 7u), ec::Status::ok);
  ASSERT_EQ(ec::initial_state(dynamic, 0.5f, 7u), ec::Status::ok);
  ec::NormalStream z(7u);
  for (int i = 0; i < 16; ++i) {
    const float expected = z.next();
    EXPECT_EQ(fixed[i], expected) << i;  // bit for bit
    EXPECT_EQ(dynamic[i], 0.5f * expected) << i;
  }
  ASSERT_EQ(ec::initial_state(fixed, 0.0f, 7u), ec::Status::ok);
  EXPECT_TRUE(fixed.isZero(0.0f));
}

TEST(Seeds, InitialStateRejectsBadScaleAndEmptyVector) {
  ec::Vector<4> x = ec::Vector<4>::Constant(3.0f);
  for (float bad : {-1.0f, std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity()}) {
    EXPECT_EQ(ec::initial_state(x, bad, 1u), ec::Status::invalid_argument) << bad;
    EXPECT_TRUE(x.isApprox(ec::Vector<4>::Constant(3.0f))) << "x changed for scale " << bad;
  }
  ec::Vector<ec::Dynamic> empty;
  EXPECT_EQ(ec::initial_state(empty, 1.0f, 1u), ec::Status::invalid_argument);
}

// E/N = |v|^2 / (2N), speed |v|, activity |x|^2 / N, phi2 |phi|^2 / N; the monitor's
// last sample is exactly these.
TEST(StepQuantities, FormulasAndTheMonitorAgree) {
  const ec::StepSums s{8.0f, 2.0f, 9.0f, 4};
  const auto q = ec::step_quantities<double>(s);
  EXPECT_EQ(q.energy_per_neuron, 9.0 / 8.0);
  EXPECT_EQ(q.speed, 3.0);
  EXPECT_EQ(q.activity, 2.0);
  EXPECT_EQ(q.phi2, 0.5);
  ec::EnergyMonitor<float> monitor;
  monitor(s);
  const auto f = ec::step_quantities<float>(s);
  EXPECT_EQ(monitor.last()[decltype(monitor)::kEnergy], f.energy_per_neuron);
  EXPECT_EQ(monitor.last()[decltype(monitor)::kSpeed], f.speed);
  EXPECT_EQ(monitor.last()[decltype(monitor)::kActivity], f.activity);
  EXPECT_EQ(monitor.last()[decltype(monitor)::kPhi2], f.phi2);
}
