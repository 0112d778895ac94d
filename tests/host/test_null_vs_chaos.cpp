// The transition line g(1 + gamma) = 1 (PHYSICS.md section 3): below it x = 0 attracts and
// the activity (1/N)|x|^2 decays to zero; above it the network stays active.
//
// Setup: N = 512, J from seeds 1007, 2007, 3007, 4007 (state seeds 1..4), x(0) ~ N(0, I),
// Euler with dt = 0.1, a transient of 100 time units, then (1/N)|x|^2 averaged over the
// next 200 (PHYSICS.md section 9: several hundred neurons, several seeds, T ~ 100s).
//
// Why the bounds:
//  * Null side, g(1+gamma) = 0.9. Linearised, |x| decays like exp(-(1 - Re lambda_max) t)
//    with Re lambda_max ~ 0.9; the finite-N edge wanders by a few 0.01 (seeds 1-3, computed
//    in double: 0.87 .. 0.935). Even an edge at 0.965 leaves exp(-2 * 0.035 * 100) < 1e-3
//    of the initial activity 1 after the transient: the bound is 1e-3 on the seed average.
//  * Active side, g(1+gamma) = 1.1. At gamma = 0, DMFT (section 4) gives Delta0 = <x^2> =
//    0.111 at g = 1.1 (root of Delta0^2/2 = g^2 Var[ln cosh(sqrt(Delta0) z)], computed by
//    quadrature; small-eps expansion Delta0 ~ (g^2 - 1)/(2 g^2)). At N = 512 the rightmost
//    eigenvalue sits slightly inside 1.1 (1.06 .. 1.10 for seeds 1-3 at gamma = 0), i.e.
//    an effective g down to 1.06, where DMFT gives Delta0 ~ 0.065. The bound 0.03 on the
//    seed average is half that worst effective value. For gamma != 0 there is no closed
//    theory here (memory term): the same bound is a separation argument. x = 0 is linearly
//    unstable, the attractor's activity grows continuously with the distance to the line,
//    and 0.03 is still 30x above the null-side bound. Each single network must be active
//    too (> 0.01): an unstable null state cannot attract.
#include <gtest/gtest.h>

#include <cstdio>
#include <vector>

#include "edgechaos/edgechaos.hpp"

namespace ec = edgechaos;

namespace {

constexpr int kN = 512;

#ifdef EDGECHAOS_TEST_SAMPLED
constexpr int kSeeds = 1;  // Debug/sanitizer build: one seed (same N, same times)
#else
constexpr int kSeeds = 4;
#endif

double mean_activity(float g, float gamma, unsigned seed) {
  using Net = ec::RateNetwork<ec::Dynamic>;
  std::vector<float> J(static_cast<size_t>(kN) * kN);
  EXPECT_EQ(ec::generate_couplings(ec::CouplingParams{g, gamma, seed * 1000u + 7u}, J.data(), kN), ec::Status::ok);
  Net net;
  EXPECT_EQ(net.bind(J.data(), kN), ec::Status::ok);
  ec::Euler<Net> euler;
  Eigen::VectorXf x(kN);
  ec::NormalStream normal(seed);
  for (int i = 0; i < kN; ++i) x[i] = normal.next();
  const float dt = 0.1f;
  for (int k = 0; k < 1000; ++k) EXPECT_EQ(euler.step(net, x, dt), ec::Status::ok);  // transient: t = 100
  ec::EnergyMonitor<double> monitor;  // its activity channel is (1/N)|x|^2 at each step start
  for (int k = 0; k < 2000; ++k) EXPECT_EQ(euler.step(net, x, dt, monitor), ec::Status::ok);
  EXPECT_FALSE(monitor.diverged());
  return monitor.activity_mean();
}

class Phases : public ::testing::TestWithParam<float> {};

TEST_P(Phases, NullBelowTheLineActiveAbove) {
  const float gamma = GetParam();
  double null_mean = 0, active_mean = 0, active_min = 1e30, null_max = 0;
  for (unsigned s = 1; s <= kSeeds; ++s) {
    const double a0 = mean_activity(0.9f / (1.0f + gamma), gamma, s);
    const double a1 = mean_activity(1.1f / (1.0f + gamma), gamma, s);
    std::printf("  gamma %+.1f seed %u: activity %.3g at g(1+gamma) = 0.9, %.4f at 1.1\n", static_cast<double>(gamma), s,
                a0, a1);
    null_mean += a0 / kSeeds;
    active_mean += a1 / kSeeds;
    null_max = std::max(null_max, a0);
    active_min = std::min(active_min, a1);
    EXPECT_GT(a1, 0.01) << "seed " << s;
  }
  std::printf("  measured gamma %+.1f: seed-mean activity %.3g (bound < 1e-3) and %.4f (bound > 0.03)\n",
              static_cast<double>(gamma), null_mean, active_mean);
  RecordProperty("null_mean", std::to_string(null_mean));
  RecordProperty("active_mean", std::to_string(active_mean));
  EXPECT_LT(null_mean, 1e-3);
  EXPECT_GT(active_mean, 0.03);
}

INSTANTIATE_TEST_SUITE_P(Gammas, Phases, ::testing::Values(-0.5f, 0.0f, 0.5f));

}  // namespace
