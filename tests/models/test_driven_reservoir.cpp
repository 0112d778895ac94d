// The driven reservoir: k_hold steps per sample equal the same steps taken by hand, a map
// is one step, a failure leaves the state as it was, and a dynamic-size form compiles.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "edgechaos/edgechaos.hpp"

namespace ec = edgechaos;

namespace {

constexpr int N = 16, M = 1;
using Net = ec::RateNetwork<N, M>;

bool same_bits(const ec::Vector<N>& a, const ec::Vector<N>& b) {
  return std::memcmp(a.data(), b.data(), sizeof(float) * N) == 0;
}

}  // namespace

// 20 samples, k_hold = 5, RK4 dt = 0.1, g = 1.5, W_in Gaussian (seed 3): the reservoir's
// state equals 100 RK4 steps taken by hand with each sample held five times, bit for bit;
// the observer saw 100 steps.
TEST(DrivenReservoir, HoldsTheSampleForKHoldSteps) {
  ec::CouplingMatrix<N> J;
  ASSERT_EQ(ec::generate_couplings(ec::CouplingParams{1.5f, 0.0f, 2u}, J), ec::Status::ok);
  float W_in[N * M];
  ASSERT_EQ(ec::generate_input_weights(1.0f, 3u, W_in, N, M), ec::Status::ok);
  Net net(J);
  ASSERT_EQ(net.set_input_weights(W_in), ec::Status::ok);

  ec::DrivenReservoir<Net, ec::RK4<Net>> res(net, ec::DriveConfig{0.1f, 5u});
  ec::RK4<Net> rk4;
  ec::Vector<N> x = ec::Vector<N>::Zero();
  int seen = 0;
  auto count = [&](const ec::StepView<Net::State>&) { ++seen; };
  for (int t = 0; t < 20; ++t) {
    const ec::Vector<M> u(std::sin(0.5f * static_cast<float>(t)));
    ASSERT_EQ(res.advance(u, count), ec::Status::ok);
    for (int k = 0; k < 5; ++k) ASSERT_EQ(rk4.step(net, x, u, 0.1f), ec::Status::ok);
    ASSERT_TRUE(same_bits(res.state(), x)) << "sample " << t;
  }
  EXPECT_EQ(seen, 100);
  EXPECT_EQ(res.samples(), 20u);
  EXPECT_GT(x.norm(), 0.1f);

  // Features are read from the state after the last held step.
  ec::Features<N, M>::FeatureVector f;
  ec::Features<N, M>::compute(res.state(), ec::Vector<M>(0.5f), f);
  EXPECT_EQ(f[0], 0.5f);
  EXPECT_EQ(f[1 + 3], res.state()[3]);
}

// A linear flow that overflows on the second sub-step: dx/dt = -x + 1e30 x, dt = 1, from
// x = 1: 1e30 after one step, Inf after two. k_hold = 3 fails at step 2 and the state is
// the one before the call; k_hold = 1 succeeds once, then fails with the state kept.
TEST(DrivenReservoir, FailureKeepsTheState) {
  using Lin = ec::RateNetwork<2, 0, ec::Linear>;
  const float J[4] = {1e30f, 0.0f, 0.0f, 1e30f};
  Lin net(J);
  ec::DrivenReservoir<Lin, ec::Euler<Lin>> res(net, ec::DriveConfig{1.0f, 3u});
  ASSERT_EQ(res.reset(ec::Vector<2>(1.0f, -1.0f)), ec::Status::ok);
  EXPECT_EQ(res.advance(ec::Vector<0>()), ec::Status::non_finite_result);
  EXPECT_EQ(res.state(), ec::Vector<2>(1.0f, -1.0f));
  EXPECT_EQ(res.samples(), 0u);
  ASSERT_EQ(res.configure(ec::DriveConfig{1.0f, 1u}), ec::Status::ok);
  EXPECT_EQ(res.advance(ec::Vector<0>()), ec::Status::ok);
  const ec::Vector<2> once = res.state();
  EXPECT_GT(once[0], 1e29f);
  EXPECT_EQ(res.advance(ec::Vector<0>()), ec::Status::non_finite_result);
  EXPECT_EQ(res.state(), once);

  // Refusals.
  EXPECT_EQ(res.configure(ec::DriveConfig{0.0f, 1u}), ec::Status::invalid_argument);
  EXPECT_EQ(res.configure(ec::DriveConfig{NAN, 1u}), ec::Status::invalid_argument);
  EXPECT_EQ(res.configure(ec::DriveConfig{0.1f, 0u}), ec::Status::invalid_argument);
  EXPECT_EQ(res.config().dt, 1.0f);
  EXPECT_EQ(res.reset(ec::Vector<2>(NAN, 0.0f)), ec::Status::non_finite_input);
  EXPECT_EQ(res.state(), once);
  ec::DrivenReservoir<Lin, ec::Euler<Lin>> unattached;
  EXPECT_EQ(unattached.advance(ec::Vector<0>()), ec::Status::invalid_argument);
  Lin unbound;
  EXPECT_EQ(unattached.attach(unbound), ec::Status::invalid_argument);
}

// An echo-state map: one map step per sample (k_hold is not used).
TEST(DrivenReservoir, MapIsOneStepPerSample) {
  using Esn = ec::EchoState<N, M>;
  ec::CouplingMatrix<N> W;
  ASSERT_EQ(ec::generate_couplings(ec::CouplingParams{0.9f, 0.0f, 5u}, W), ec::Status::ok);
  float W_in[N * M];
  ASSERT_EQ(ec::generate_input_weights(ec::InputWeightParams{0.5f, 1.0f, ec::InputWeightKind::bernoulli, 6u}, W_in, N, M),
            ec::Status::ok);
  Esn esn;
  ASSERT_EQ(esn.bind(W.data(), N), ec::Status::ok);
  ASSERT_EQ(esn.set_input_weights(W_in), ec::Status::ok);
  ASSERT_EQ(esn.set_leak(0.3f), ec::Status::ok);
  ec::DrivenReservoir<Esn, ec::MapStepper<Esn>> res(esn, ec::DriveConfig{0.5f, 7u});
  ec::MapStepper<Esn> map;
  ec::Vector<N> x = ec::Vector<N>::Zero();
  for (int t = 0; t < 30; ++t) {
    const ec::Vector<M> u(std::cos(0.2f * static_cast<float>(t)));
    ASSERT_EQ(res.advance(u), ec::Status::ok);
    ASSERT_EQ(map.step(esn, x, u), ec::Status::ok);
    ASSERT_TRUE(same_bits(res.state(), x));
  }
  EXPECT_EQ(res.advance(ec::Vector<M>(NAN)), ec::Status::non_finite_input);
  EXPECT_TRUE(same_bits(res.state(), x));
}

// The desktop CLI's form: dynamic sizes (the fixed-size one above, same J: same bits).
TEST(DrivenReservoir, DynamicSize) {
  using DNet = ec::RateNetwork<ec::Dynamic, ec::Dynamic>;
  ec::CouplingMatrix<ec::Dynamic> J;
  ASSERT_EQ(ec::generate_couplings(ec::CouplingParams{1.5f, 0.0f, 2u}, J, N), ec::Status::ok);
  ec::CouplingMatrix<N> Jf = J;
  float W_in[N * M];
  ASSERT_EQ(ec::generate_input_weights(1.0f, 3u, W_in, N, M), ec::Status::ok);
  DNet dnet;
  ASSERT_EQ(dnet.bind(J.data(), N), ec::Status::ok);
  ASSERT_EQ(dnet.set_input_weights(W_in, M), ec::Status::ok);
  Net net(Jf);
  ASSERT_EQ(net.set_input_weights(W_in), ec::Status::ok);
  ec::DrivenReservoir<DNet, ec::Euler<DNet>> dres(dnet, ec::DriveConfig{0.1f, 4u});
  ec::DrivenReservoir<Net, ec::Euler<Net>> res(net, ec::DriveConfig{0.1f, 4u});
  ASSERT_EQ(dres.state().size(), N);
  for (int t = 0; t < 10; ++t) {
    ec::Vector<ec::Dynamic> du(M);
    du[0] = 0.1f * static_cast<float>(t);
    ASSERT_EQ(dres.advance(du), ec::Status::ok);
    ASSERT_EQ(res.advance(ec::Vector<M>(du[0])), ec::Status::ok);
  }
  EXPECT_EQ(std::memcmp(dres.state().data(), res.state().data(), sizeof(float) * N), 0);
  EXPECT_EQ(dres.advance(ec::Vector<ec::Dynamic>(2)), ec::Status::size_mismatch);

  using DEsn = ec::EchoState<ec::Dynamic, ec::Dynamic>;
  DEsn desn;
  ASSERT_EQ(desn.bind(J.data(), N), ec::Status::ok);
  ec::DrivenReservoir<DEsn, ec::MapStepper<DEsn>> dmap(desn);
  EXPECT_EQ(dmap.advance(ec::Vector<ec::Dynamic>(0)), ec::Status::ok);
}
