// DMFT for any gamma by sampling (theory/dmft_symmetric.hpp) against independent references:
// the deterministic SCS solver at gamma = 0, the closed-form null-phase response chi0
// (PHYSICS.md section 3), and network simulations at gamma = +-0.5.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <vector>

#include "edgechaos/theory/dmft.hpp"
#include "edgechaos/theory/dmft_symmetric.hpp"
#include "edgechaos/theory/edge.hpp"
#include "edgechaos/theory/gauss_hermite.hpp"
#include "physics_support.hpp"

namespace th = edgechaos::theory;

// gamma = 0: the memory term vanishes and the theory is exactly SCS. The sampler (dt = 0.05,
// 128 paths x 200 time units per iteration, 6 + 16 iterations, seed 1) must reproduce the
// deterministic SCS values within its error bar: |sampler - SCS| <= 4 standard errors +
// 0.5 % (the 0.5 % covers the O(dt^2) discretisation and the small bias of a sampled kernel,
// which was ~4 % with 32 paths and is < 0.5 % at 128 in runs at dt = 0.05 and 0.02).
// R_int at gamma = 0 is <phi'(x)> = E sech^2(sqrt(Delta0) z) (the response of a unit
// without memory is phi'(x) e^{-tau}); c_half_time from the SCS table of C(tau).
TEST(DmftSymmetric, GammaZeroMatchesScsWithinErrorBars) {
  const double g = 2.0;
  const th::DmftSolution scs = th::solve_dmft(g);
  const th::GaussHermite q(96);
  const double sd = std::sqrt(scs.delta0);
  const double r_int = q.integrate([&](double z) { const double t = std::tanh(sd * z); return 1.0 - t * t; });
  double c_half = 0.0;
  for (std::size_t k = 1; k < scs.tau.size(); ++k) {
    if (scs.c_phi[k] <= 0.5 * scs.phi2) {
      const double f = (scs.c_phi[k - 1] - 0.5 * scs.phi2) / (scs.c_phi[k - 1] - scs.c_phi[k]);
      c_half = scs.tau[k - 1] + f * (scs.tau[k] - scs.tau[k - 1]);
      break;
    }
  }
  const th::SymmetricDmftSolution s = th::solve_dmft_symmetric(g, 0.0);
  std::printf("delta0 %.5f +- %.5f (SCS %.5f), phi2 %.5f +- %.5f (SCS %.5f), r_int %.5f +- %.5f (%.5f), "
              "c_half %.4f +- %.4f (%.4f)\n",
              s.delta0, s.delta0_err, scs.delta0, s.phi2, s.phi2_err, scs.phi2, s.r_int, s.r_int_err, r_int,
              s.c_half_time, s.c_half_time_err, c_half);
  EXPECT_TRUE(s.converged);
  EXPECT_GT(s.delta0_err, 0.0);
  EXPECT_NEAR(s.delta0, scs.delta0, 4.0 * s.delta0_err + 0.005 * scs.delta0);
  EXPECT_NEAR(s.phi2, scs.phi2, 4.0 * s.phi2_err + 0.005 * scs.phi2);
  EXPECT_NEAR(s.r_int, r_int, 4.0 * s.r_int_err + 0.005 * r_int);
  EXPECT_NEAR(s.c_half_time, c_half, 4.0 * s.c_half_time_err + 0.02 * c_half);
  EXPECT_LT(s.delta0_err, 0.03 * scs.delta0);  // the error bar itself is informative
}

// Null phase g(1 + gamma) < 1: the activity dies (C -> 0, no sampling noise left) and the
// linearised response obeys R^(s) = 1/(s + 1 - gamma g^2 R^(s)), so R_int = chi0 of
// PHYSICS.md section 3. Tolerance 5e-4: O(dt^2) of the integrator and the trapezoid at
// dt = 0.05 (measured 2.9e-4 at g = 0.5, gamma = 0.5; 1.4e-4 at g = 0.8, gamma = -0.5) and the R window (tau <= 40: the
// slowest decay rate 1 - g(1 + gamma) = 0.25 or 0.6 leaves < 1e-4).
TEST(DmftSymmetric, NullPhaseGivesZeroActivityAndChi0) {
  for (const auto& p : {std::pair<double, double>{0.5, 0.5}, {0.8, -0.5}}) {
    th::SymmetricDmftOptions o;
    o.paths = 2;
    o.response_starts = 1;
    o.r_window = 40.0;
    o.window = 80.0;  // >= 2 x the R window
    o.burn_in = 30;  // C decays geometrically from the chaotic start
    o.iterations = 8;
    const th::SymmetricDmftSolution s = th::solve_dmft_symmetric(p.first, p.second, o);
    const double chi0 = th::null_chi0(p.first, p.second);
    std::printf("g %.2f gamma %.2f: delta0 %.3g phi2 %.3g r_int %.6f (chi0 %.6f)\n", p.first, p.second, s.delta0,
                s.phi2, s.r_int, chi0);
    EXPECT_LT(s.delta0, 1e-6);  // decays geometrically with the iterations (4e-8 after 38)
    EXPECT_LT(s.phi2, 1e-6);
    EXPECT_NEAR(s.r_int, chi0, 5e-4);
    EXPECT_TRUE(s.converged);
  }
}

// gamma = +0.5 (g = 1, g(1+gamma) = 1.5) and -0.5 (g = 4, g(1+gamma) = 2), both active,
// against networks: N = 1000, 2 seeds, RK4 dt = 0.1, transient 100, average over 200 time
// units. Delta0 within 5 % of the seed mean (the criterion). Measured seed spreads:
// ~2 % (g = 1, gamma = 0.5) and ~4 % (g = 4, gamma = -0.5, 3 seeds); at g = 3, gamma = -0.5
// the spread of N = 1000 networks is ~10 % (4 seeds: 0.727, 0.587, 0.646, 0.705), too wide
// for a 2-seed test, so the test uses g = 4. DMFT: 64 paths per iteration; at gamma = 0.5,
// g = 1 the correlation time is long (c_half_time ~ 28), so the C window is 100 there.
// One test per point keeps each under a minute.
void compare_with_networks(double g, double gamma, double c_window) {
  th::SymmetricDmftOptions o;
  o.paths = 64;
  o.iterations = 8;
  o.c_window = c_window;
  o.r_window = 10.0;
  const th::SymmetricDmftSolution s = th::solve_dmft_symmetric(g, gamma, o);
  std::vector<double> act;
  for (std::uint64_t seed = 1; seed <= 2; ++seed) {
    act.push_back(physics::simulate(1000, g, gamma, seed, 100, 200, false).activity);
  }
  const physics::MeanSe m = physics::mean_se(act);
  std::printf("g %.1f gamma %+.1f: DMFT delta0 %.4f +- %.4f (burn-in %d), network %.4f (seeds %.4f %.4f)\n", g, gamma,
              s.delta0, s.delta0_err, s.burn_in, m.mean, act[0], act[1]);
  EXPECT_TRUE(s.converged);
  EXPECT_NEAR(s.delta0, m.mean, 0.05 * m.mean);
}

TEST(DmftSymmetric, GammaPlusHalfAgainstNetworks) { compare_with_networks(1.0, 0.5, 100.0); }
TEST(DmftSymmetric, GammaMinusHalfAgainstNetworks) { compare_with_networks(4.0, -0.5, 20.0); }

// Options that cannot work (a C window longer than half the measured window: the
// autocorrelation would average over too few or no points) compute nothing: converged false,
// NaN values, and invalid_options says why. Bad g or gamma likewise.
TEST(DmftSymmetric, InvalidOptionsComputeNothing) {
  th::SymmetricDmftOptions o;
  o.window = 30.0;  // < 2 x c_window = 80
  EXPECT_NE(th::invalid_options(o), nullptr);
  const th::SymmetricDmftSolution s = th::solve_dmft_symmetric(1.5, 0.5, o);
  EXPECT_FALSE(s.converged);
  EXPECT_TRUE(std::isnan(s.delta0));
  EXPECT_EQ(th::invalid_options(th::SymmetricDmftOptions{}), nullptr);
  EXPECT_FALSE(th::solve_dmft_symmetric(1.5, 1.5, th::SymmetricDmftOptions{}).converged);
  EXPECT_FALSE(th::solve_dmft_symmetric(0.0, 0.5, th::SymmetricDmftOptions{}).converged);
}
