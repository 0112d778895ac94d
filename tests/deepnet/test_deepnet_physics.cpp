// Simulated deep random tanh networks of width N = 1000 against the mean-field fixed
// points q*, c* (theory/poole.hpp), one point in each phase.
//   ordered: sigma_w = 1.0, sigma_b = 0.5 (chi1 = 0.58, q* = 0.535, c* = 1, xi_c = 1.8);
//   chaotic: sigma_w = 4.0, sigma_b = 2.0 (chi1 = 2.0, q* = 17.0, c* = 0.605, chi_c = 0.70).
// Inputs q0 = 1, c0 = 0.3 (input seed 3), weights seed 7; 16 layers; averages over layers
// 7..16 (after the transient: (1 - c0) chi^6 < 0.01 in both phases).
// Sampling error, from the width: q^l is a mean of N squares of Gaussians of variance q*,
// so sd(q^l) = q* sqrt(2 / N) = 0.045 q*; the mean over 10 layers (weakly correlated: the
// length map's slope at q* is below 0.5 here) has sd <= 0.02 q*, tolerance 0.08 q* (4 sd).
// c^l: the sample correlation of N pairs has sd (1 - c*^2) / sqrt(N) = 0.02 per layer,
// carried from layer to layer with factor chi_c = 0.70 (sd 0.028); the mean over 10 layers
// has sd below 0.02: tolerance 0.08. Ordered: c = 1 is attracting (slope chi1 = 0.58 per
// layer), and identical inputs stay identical, so the finite-N fluctuation of 1 - c^l is
// proportional to 1 - c^l itself (relative sd about sqrt(2/N) = 0.045 per layer, about 0.2
// compounded over 16 layers): 1 - c^16 is within a factor 2 of the iterated maps' value
// (q and c iterated from q0 = 1, c0 = 0.3 with the covariance map).
#include <gtest/gtest.h>

#include <cmath>

#include "edgechaos/edgechaos.hpp"
#include "edgechaos/theory/poole.hpp"

namespace ec = edgechaos;
namespace th = edgechaos::theory;

namespace {

struct Measured {
  double q = 0, c = 0, last_c = 0;
};

Measured simulate(float sw, float sb) {
  ec::DeepNet<ec::Dynamic> net(1000);
  EXPECT_EQ(net.set_params({sw, sb, 7u}), ec::Status::ok);
  EXPECT_EQ(net.set_input_pair(1.0f, 0.3f, 3u), ec::Status::ok);
  Measured m;
  EXPECT_EQ(net.propagate(16, [&](const ec::DeepLayerStats& s) {
    if (s.layer < 7) return;
    m.q += 0.05 * (static_cast<double>(s.q_a) + static_cast<double>(s.q_b));  // 10 layers, 2 inputs
    m.c += 0.1 * static_cast<double>(s.c);
    m.last_c = static_cast<double>(s.c);
  }), ec::Status::ok);
  return m;
}

TEST(DeepNetPhysics, OrderedPhaseWidth1000) {
  const th::PooleFixedPoint f = th::Poole(1.0, 0.5).fixed_point();
  ASSERT_LT(f.chi1, 1.0);
  const Measured m = simulate(1.0f, 0.5f);
  EXPECT_NEAR(m.q, f.q_star, 0.08 * f.q_star);
  const th::Poole p(1.0, 0.5);
  double q = 1.0, c = 0.3;
  for (int l = 1; l <= 16; ++l) {
    const double next_q = p.length_map(q);
    c = p.covariance_map(q, q, c) / next_q;
    q = next_q;
  }
  const double gap = 1.0 - c, measured_gap = 1.0 - m.last_c;
  EXPECT_GT(measured_gap, 0.5 * gap);
  EXPECT_LT(measured_gap, 2.0 * gap);
}

TEST(DeepNetPhysics, ChaoticPhaseWidth1000) {
  const th::PooleFixedPoint f = th::Poole(4.0, 2.0).fixed_point();
  ASSERT_GT(f.chi1, 1.0);
  const Measured m = simulate(4.0f, 2.0f);
  EXPECT_NEAR(m.q, f.q_star, 0.08 * f.q_star);
  EXPECT_NEAR(m.c, f.c_star, 0.08);
}

}  // namespace
