// The deep random network on the device side (models/deep_net.hpp): one layer against a
// hand computation in double, regeneration of any layer from (seed, layer) alone, the
// input pair's length and correlation, identical inputs staying identical, RAM independent
// of depth, and bad input (a status, nothing changed).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "edgechaos/edgechaos.hpp"

namespace ec = edgechaos;

namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

template <class V>
bool same_bits(const V& a, const V& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), sizeof(float) * static_cast<size_t>(a.size())) == 0;
}

// Layer 1 at N = 3 against h = sigma_w / sqrt(3) Z x + sigma_b b computed in double, with Z
// and b read from the documented stream (NormalStream(deep_layer_seed(seed, 1)), row i:
// b_i then Z_i0..Z_i2) and x = tanh(h^0). Float rounding of 3-term sums: tolerance 1e-5.
TEST(DeepNet, OneLayerMatchesHandComputation) {
  constexpr int kN = 3;
  const ec::DeepNetParams p{1.7f, 0.4f, 42u};
  ec::DeepNet<kN> net;
  ASSERT_EQ(net.set_params(p), ec::Status::ok);
  const ec::Vector<kN> ha(0.3f, -1.2f, 2.0f), hb(-0.5f, 0.8f, 0.1f);
  ASSERT_EQ(net.set_inputs(ha, hb), ec::Status::ok);
  ASSERT_EQ(net.step(), ec::Status::ok);

  ec::NormalStream normal(ec::deep_layer_seed(p.seed, 1u));
  double h1a[kN], h1b[kN];
  for (int i = 0; i < kN; ++i) {
    const double b = static_cast<double>(normal.next());
    double sa = 0.0, sb = 0.0;
    for (int j = 0; j < kN; ++j) {
      const double z = static_cast<double>(normal.next());
      sa += z * std::tanh(static_cast<double>(ha[j]));
      sb += z * std::tanh(static_cast<double>(hb[j]));
    }
    h1a[i] = 1.7 / std::sqrt(3.0) * sa + 0.4 * b;
    h1b[i] = 1.7 / std::sqrt(3.0) * sb + 0.4 * b;
  }
  double qa = 0, qb = 0, qab = 0;
  for (int i = 0; i < kN; ++i) {
    qa += h1a[i] * h1a[i] / kN;
    qb += h1b[i] * h1b[i] / kN;
    qab += h1a[i] * h1b[i] / kN;
    EXPECT_NEAR(net.x_a()[i], std::tanh(h1a[i]), 1e-5);
    EXPECT_NEAR(net.x_b()[i], std::tanh(h1b[i]), 1e-5);
  }
  EXPECT_EQ(net.layer(), 1u);
  EXPECT_NEAR(net.stats().q_a, qa, 1e-5 * (1 + qa));
  EXPECT_NEAR(net.stats().q_b, qb, 1e-5 * (1 + qb));
  EXPECT_NEAR(net.stats().q_ab, qab, 1e-5 * (1 + std::fabs(qab)));
  EXPECT_NEAR(net.stats().c, qab / std::sqrt(qa * qb), 1e-5);
}

// Depth costs no memory: layer l is a function of (seed, l) and the previous activity only.
// Running 5 layers, then recomputing layer 5 with deep_layer from layer 4's activity, gives
// the same bits; and the object's size is its four vectors and a few words at any depth.
TEST(DeepNet, AnyLayerRegeneratesFromSeedAndLayer) {
  constexpr int kN = 16;
  ec::DeepNet<kN> net;
  ASSERT_EQ(net.set_params({2.0f, 0.3f, 9u}), ec::Status::ok);
  ASSERT_EQ(net.set_input_pair(1.0f, 0.6f, 5u), ec::Status::ok);
  ASSERT_EQ(net.propagate(4), ec::Status::ok);
  const ec::Vector<kN> xa4 = net.x_a(), xb4 = net.x_b();
  ASSERT_EQ(net.step(), ec::Status::ok);
  ec::Vector<kN> ya, yb;
  ec::DeepLayerStats s;
  ASSERT_TRUE(ec::deep_layer<ec::Tanh>(net.params(), 5u, xa4.data(), xb4.data(), ya.data(), yb.data(), kN, s));
  EXPECT_TRUE(same_bits(ya, net.x_a()));
  EXPECT_TRUE(same_bits(yb, net.x_b()));
  EXPECT_EQ(std::memcmp(&s, &net.stats(), sizeof s), 0);
  // Two layers never share a stream: layer 6 from the same activity differs from layer 5.
  ASSERT_TRUE(ec::deep_layer<ec::Tanh>(net.params(), 6u, xa4.data(), xb4.data(), ya.data(), yb.data(), kN, s));
  EXPECT_FALSE(same_bits(ya, net.x_a()));
  static_assert(sizeof(ec::DeepNet<64>) <= 4 * 64 * sizeof(float) + 64, "RAM: four vectors and the statistics");
}

// The observer sees every layer once, in order, with the statistics the net keeps.
TEST(DeepNet, ObserverSeesEachLayer) {
  ec::DeepNet<8> net;
  ASSERT_EQ(net.set_params({1.5f, 0.1f, 3u}), ec::Status::ok);
  ASSERT_EQ(net.set_input_pair(0.5f, 0.2f, 1u), ec::Status::ok);
  std::uint32_t expected = 1u;
  ASSERT_EQ(net.propagate(20, [&](const ec::DeepLayerStats& s) { EXPECT_EQ(s.layer, expected++); }), ec::Status::ok);
  EXPECT_EQ(expected, 21u);
  EXPECT_EQ(net.layer(), 20u);
}

// The input pair: q^0 = q0 and c^0 = c0 by construction (Gram-Schmidt), up to float
// rounding of N = 64 entries (1e-5 relative).
TEST(DeepNet, InputPairHasTheAskedLengthAndCorrelation) {
  ec::DeepNet<64> net;
  for (const float c0 : {-1.0f, -0.3f, 0.0f, 0.5f, 0.99f, 1.0f}) {
    ASSERT_EQ(net.set_input_pair(2.5f, c0, 11u), ec::Status::ok);
    EXPECT_EQ(net.layer(), 0u);
    EXPECT_NEAR(net.stats().q_a, 2.5, 2.5e-5);
    EXPECT_NEAR(net.stats().q_b, 2.5, 2.5e-5);
    EXPECT_NEAR(net.stats().c, c0, 1e-5);
  }
}

// Identical inputs see identical weights, so they stay bit-identical: c = 1 at every depth.
TEST(DeepNet, IdenticalInputsStayIdentical) {
  ec::DeepNet<32> net;
  ASSERT_EQ(net.set_params({3.0f, 0.5f, 8u}), ec::Status::ok);
  ASSERT_EQ(net.set_input_pair(1.0f, 1.0f, 2u), ec::Status::ok);
  ASSERT_EQ(net.propagate(10), ec::Status::ok);
  EXPECT_TRUE(same_bits(net.x_a(), net.x_b()));
  EXPECT_FLOAT_EQ(net.stats().c, 1.0f);
}

// The dynamic width (desktop) gives the same bits as the fixed one.
TEST(DeepNet, DynamicWidthMatchesFixed) {
  ec::DeepNet<24> fixed;
  ec::DeepNet<ec::Dynamic> dyn(24);
  ASSERT_EQ(fixed.set_params({1.2f, 0.2f, 4u}), ec::Status::ok);
  ASSERT_EQ(dyn.set_params({1.2f, 0.2f, 4u}), ec::Status::ok);
  ASSERT_EQ(fixed.set_input_pair(1.0f, 0.3f, 6u), ec::Status::ok);
  ASSERT_EQ(dyn.set_input_pair(1.0f, 0.3f, 6u), ec::Status::ok);
  ASSERT_EQ(fixed.propagate(7), ec::Status::ok);
  ASSERT_EQ(dyn.propagate(7), ec::Status::ok);
  EXPECT_TRUE(same_bits(ec::Vector<ec::Dynamic>(fixed.x_a()), dyn.x_a()));
  EXPECT_TRUE(same_bits(ec::Vector<ec::Dynamic>(fixed.x_b()), dyn.x_b()));
}

// Bad parameters and inputs: a status, nothing changed.
TEST(DeepNet, BadInputChangesNothing) {
  ec::DeepNet<8> net;
  ASSERT_EQ(net.set_params({1.5f, 0.5f, 7u}), ec::Status::ok);
  ASSERT_EQ(net.set_input_pair(1.0f, 0.5f, 1u), ec::Status::ok);
  ASSERT_EQ(net.propagate(2), ec::Status::ok);
  const ec::Vector<8> xa = net.x_a(), xb = net.x_b();
  const ec::DeepLayerStats st = net.stats();
  auto unchanged = [&] {
    EXPECT_TRUE(same_bits(xa, net.x_a()));
    EXPECT_TRUE(same_bits(xb, net.x_b()));
    EXPECT_EQ(std::memcmp(&st, &net.stats(), sizeof st), 0);
    EXPECT_EQ(net.layer(), 2u);
    EXPECT_EQ(net.params().sigma_w, 1.5f);
    EXPECT_EQ(net.params().sigma_b, 0.5f);
  };
  EXPECT_EQ(net.set_params({-0.1f, 0.5f, 1u}), ec::Status::invalid_argument);
  EXPECT_EQ(net.set_params({1.0f, -1e-7f, 1u}), ec::Status::invalid_argument);
  EXPECT_EQ(net.set_params({kNaN, 0.5f, 1u}), ec::Status::invalid_argument);
  EXPECT_EQ(net.set_params({1.0f, std::numeric_limits<float>::infinity(), 1u}), ec::Status::invalid_argument);
  EXPECT_EQ(net.set_input_pair(-1.0f, 0.5f, 1u), ec::Status::invalid_argument);
  EXPECT_EQ(net.set_input_pair(1.0f, 1.01f, 1u), ec::Status::invalid_argument);
  EXPECT_EQ(net.set_input_pair(1.0f, kNaN, 1u), ec::Status::invalid_argument);
  ec::Vector<8> bad = ec::Vector<8>::Ones();
  bad[3] = kNaN;
  EXPECT_EQ(net.set_inputs(bad, ec::Vector<8>::Ones()), ec::Status::non_finite_input);
  EXPECT_EQ(net.set_inputs(ec::Vector<8>::Ones(), bad), ec::Status::non_finite_input);
  unchanged();

  ec::DeepNet<ec::Dynamic> dyn(8);
  EXPECT_EQ(dyn.set_inputs(ec::Vector<ec::Dynamic>::Ones(7), ec::Vector<ec::Dynamic>::Ones(8)), ec::Status::size_mismatch);
}

// An unbounded phi overflows: the layer that would leave a non-finite pre-activation is
// refused with non_finite_result and the net stays at the previous layer, bit for bit.
// (phi = x, sigma_w = 1e30: |h| grows by about 1e30 per layer, past FLT_MAX at layer 2.)
TEST(DeepNet, OverflowKeepsThePreviousLayer) {
  ec::DeepNet<8, ec::Linear> net;
  ASSERT_EQ(net.set_params({1e30f, 0.0f, 3u}), ec::Status::ok);
  ASSERT_EQ(net.set_input_pair(1.0f, 0.5f, 1u), ec::Status::ok);
  ec::Status s = ec::Status::ok;
  std::uint32_t layers = 0;
  for (; layers < 4 && s == ec::Status::ok; ++layers) s = net.step();
  ASSERT_EQ(s, ec::Status::non_finite_result);
  const ec::Vector<8> xa = net.x_a();
  const std::uint32_t layer = net.layer();
  EXPECT_EQ(layer, layers - 1u);
  EXPECT_TRUE(ec::all_finite(net.x_a()) && ec::all_finite(net.x_b()));
  EXPECT_EQ(net.step(), ec::Status::non_finite_result);
  EXPECT_TRUE(same_bits(xa, net.x_a()));
  EXPECT_EQ(net.layer(), layer);
}

}  // namespace
