// FORCE learning (readouts/force.hpp, tasks/four_sine.hpp, examples/force): the target's
// values by hand, the network generator's statistics against its definition, the
// trainer's bad inputs with nothing changed, a short run whose training error falls, and
// the float32 library against the independent double-precision reference.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <memory>
#include <vector>

#include "edgechaos/edgechaos.hpp"
#include "edgechaos/tasks/four_sine.hpp"
#include "force_network.hpp"
#include "force_reference.hpp"
#include "force_setup.hpp"

namespace ec = edgechaos;
namespace force = edgechaos::force;

namespace {

using force_test::ForceSetup;

// f(t) by hand at the quarter periods: w t = pi/2 gives (1.3 - 0.217) / 1.5, w t = pi gives
// 0 (every term sin(k pi)), and f is T-periodic and odd.
TEST(FourSine, ValuesByHand) {
  ec::FourSine f;
  EXPECT_EQ(f.period(), 120.0);
  EXPECT_NEAR(f.value(30.0), (1.3 - 0.217) / 1.5, 1e-12);
  EXPECT_NEAR(f.value(60.0), 0.0, 1e-12);
  EXPECT_NEAR(f.value(0.0), 0.0, 1e-15);
  // w t = pi/4: 1.3 sin(pi/4) + 0.65 sin(pi/2) + 0.217 sin(3pi/4) + 0.433 sin(pi).
  EXPECT_NEAR(f.value(15.0), ((1.3 + 0.217) * std::sqrt(0.5) + 0.65) / 1.5, 1e-12);
  ASSERT_EQ(f.set_period(30.0), ec::Status::ok);
  EXPECT_NEAR(f.value(7.5), (1.3 - 0.217) / 1.5, 1e-12);
  for (double t : {0.3, 4.1, 17.7}) {
    EXPECT_NEAR(f.value(t + 30.0), f.value(t), 1e-12);
    EXPECT_NEAR(f.value(-t), -f.value(t), 1e-12);
  }
  EXPECT_EQ(f(7.5), static_cast<float>(f.value(7.5)));
}

TEST(FourSine, BadPeriodChangesNothing) {
  ec::FourSine f;
  for (double bad : {0.0, -1.0, std::nan(""), HUGE_VAL}) {
    EXPECT_EQ(f.set_period(bad), ec::Status::invalid_argument);
    EXPECT_EQ(f.period(), 120.0);
  }
}

// The generator against its definition, N = 400 (160 000 entries), seed 5: the fraction of
// kept entries is p = 0.1 within 5 binomial standard deviations (sqrt(p(1-p)/n^2) = 7.5e-4),
// the kept entries have mean 0 and variance g^2/(p N) = 0.05625 (5 standard errors: the
// variance of a sample variance of 16 000 normals is 2 s^4 / n, 1.1 % relative), w_f lies in
// [-1, 1] with mean 0 (variance 1/3), and x(0) has standard deviation 0.5.
TEST(ForceNetwork, StatisticsOfTheDraws) {
  constexpr int kN = 400;
  std::vector<float> J(kN * kN), wf(kN), x0(kN);
  float z0 = 0;
  force::NetworkParams q;
  q.seed = 5;
  ASSERT_EQ(force::generate_network(q, kN, J.data(), wf.data(), x0.data(), z0), ec::Status::ok);
  double kept = 0, sum = 0, sum2 = 0;
  for (float v : J) {
    if (v != 0.0f) {
      ++kept;
      sum += v;
      sum2 += static_cast<double>(v) * v;
    }
  }
  const double n2 = double(kN) * kN;
  EXPECT_NEAR(kept / n2, 0.1, 5 * std::sqrt(0.09 / n2));
  const double var = sum2 / kept;
  const double expected = 1.5 * 1.5 / (0.1 * kN);
  EXPECT_NEAR(sum / kept, 0.0, 5 * std::sqrt(expected / kept));
  EXPECT_NEAR(var, expected, 5 * expected * std::sqrt(2.0 / kept));
  double wsum = 0, xsum2 = 0;
  for (int i = 0; i < kN; ++i) {
    EXPECT_GE(wf[i], -1.0f);
    EXPECT_LE(wf[i], 1.0f);
    wsum += wf[i];
    xsum2 += static_cast<double>(x0[i]) * x0[i];
  }
  EXPECT_NEAR(wsum / kN, 0.0, 5 * std::sqrt(1.0 / 3.0 / kN));
  EXPECT_NEAR(std::sqrt(xsum2 / kN), 0.5, 5 * 0.5 / std::sqrt(2.0 * kN));
  EXPECT_TRUE(std::isfinite(z0));
  // Same seed, same bits; bad parameters write nothing.
  std::vector<float> J2(kN * kN, 7.0f), wf2(kN), x02(kN);
  float z02 = 0;
  ASSERT_EQ(force::generate_network(q, kN, J2.data(), wf2.data(), x02.data(), z02), ec::Status::ok);
  EXPECT_EQ(std::memcmp(J.data(), J2.data(), J.size() * sizeof(float)), 0);
  EXPECT_EQ(z0, z02);
  q.p = 0.0f;
  std::vector<float> J3(4, 7.0f);
  EXPECT_EQ(force::generate_network(q, 2, J3.data(), wf2.data(), x02.data(), z02), ec::Status::invalid_argument);
  EXPECT_EQ(J3[0], 7.0f);
}

// N = 1 with J = 0 and w_f = 0, so the state only decays: the trainer's refusals.
struct Tiny {
  using Net = ec::RateNetwork<1, 1, ec::FastTanh>;
  float J[1] = {0.0f};
  float wf[1] = {0.0f};
  Net net;
  ec::Euler<Net> euler;
  ec::ForceTrainer<1, ec::FastTanh> trainer;
  ec::Vector<1> x;
  Tiny() : net(J) {
    EXPECT_EQ(net.set_input_weights(wf, 1), ec::Status::ok);
    x[0] = 1e-20f;
    EXPECT_EQ(trainer.start(x, 0.25f), ec::Status::ok);
  }
};

TEST(ForceTrainer, BadConfigurationChangesNothing) {
  Tiny s;
  const ec::RlsConfig before = s.trainer.config();
  EXPECT_EQ(before.every, 2);
  for (const ec::RlsConfig& bad : {ec::RlsConfig{0.0f, 1.0f, 2}, ec::RlsConfig{-1.0f, 1.0f, 2},
                                   ec::RlsConfig{1.0f, 0.0f, 2}, ec::RlsConfig{1.0f, 1.5f, 2},
                                   ec::RlsConfig{1.0f, 1.0f, 0}, ec::RlsConfig{std::nanf(""), 1.0f, 2}}) {
    EXPECT_EQ(s.trainer.configure(bad), ec::Status::invalid_argument);
    EXPECT_EQ(s.trainer.config().alpha, before.alpha);
    EXPECT_EQ(s.trainer.config().lambda, before.lambda);
    EXPECT_EQ(s.trainer.config().every, before.every);
  }
  ec::Vector<1> nan_x;
  nan_x[0] = std::nanf("");
  EXPECT_EQ(s.trainer.start(nan_x, 0.0f), ec::Status::non_finite_input);
  EXPECT_EQ(s.trainer.start(s.x, INFINITY), ec::Status::non_finite_input);
  EXPECT_EQ(s.trainer.output(), 0.25f);
}

TEST(ForceTrainer, BadStepChangesNothing) {
  Tiny s;
  const float x_before = s.x[0];
  // A non-finite target: refused before the step.
  EXPECT_EQ(s.trainer.train_step(s.euler, s.net, s.x, 0.0f, 0.1f, std::nanf("")), ec::Status::non_finite_input);
  // A bad dt: the stepper's refusal.
  EXPECT_EQ(s.trainer.train_step(s.euler, s.net, s.x, 0.0f, 0.0f, 0.5f), ec::Status::invalid_argument);
  EXPECT_EQ(s.trainer.run_step(s.euler, s.net, s.x, 0.0f, std::nanf("")), ec::Status::invalid_argument);
  // An unbound network.
  Tiny::Net unbound;
  EXPECT_EQ(s.trainer.train_step(s.euler, unbound, s.x, 0.0f, 0.1f, 0.5f), ec::Status::invalid_argument);
  EXPECT_EQ(s.x[0], x_before);
  EXPECT_EQ(s.trainer.output(), 0.25f);
  EXPECT_EQ(s.trainer.updates(), 0);
  EXPECT_EQ(s.trainer.input()[0], 0.25f);
}

// An RLS update that would overflow, after the step has run: x is restored. With
// alpha = 1e-30, P = 1e30 and r' ~ 9e-21, the gain k = P r' / (1 + r' P r') ~ 9e9, and a
// target of 3e38 makes the weight change e k overflow (rls.hpp refuses: non_finite_result).
TEST(ForceTrainer, FailedUpdateRestoresTheState) {
  Tiny s;
  ASSERT_EQ(s.trainer.configure(ec::RlsConfig{1e-30f, 1.0f, 1}), ec::Status::ok);
  const float x_before = s.x[0];
  const float r_before = s.trainer.rates()[0];
  EXPECT_EQ(s.trainer.train_step(s.euler, s.net, s.x, 0.0f, 0.1f, 3e38f), ec::Status::non_finite_result);
  EXPECT_EQ(s.x[0], x_before);
  EXPECT_EQ(s.trainer.rates()[0], r_before);
  EXPECT_EQ(s.trainer.output(), 0.25f);
  EXPECT_EQ(s.trainer.updates(), 0);
  EXPECT_EQ(s.trainer.weights()(0, 0), 0.0f);
  // A sane target then trains: w moves towards f / r'.
  EXPECT_EQ(s.trainer.train_step(s.euler, s.net, s.x, 0.0f, 0.1f, 1e-20f), ec::Status::ok);
  EXPECT_EQ(s.trainer.updates(), 1);
  EXPECT_NE(s.x[0], x_before);
}

// The step is the model's Euler step with u = z: x' = x + dt (-x + J r + w_f z), by hand at
// N = 1 (J = 0.5, w_f = -0.75), and z' = w r' with w = 0 before training.
TEST(ForceTrainer, StepIsEulerWithTheOutputFedBack) {
  using Net = ec::RateNetwork<1, 1, ec::Tanh>;
  const float J[1] = {0.5f};
  const float wf[1] = {-0.75f};
  Net net(J);
  ASSERT_EQ(net.set_input_weights(wf, 1), ec::Status::ok);
  ec::Euler<Net> euler;
  ec::ForceTrainer<1, ec::Tanh> trainer;
  ec::Vector<1> x;
  x[0] = 0.3f;
  ASSERT_EQ(trainer.start(x, 0.4f), ec::Status::ok);
  ASSERT_EQ(trainer.run_step(euler, net, x, 0.0f, 0.1f), ec::Status::ok);
  const double want = 0.3 + 0.1 * (-0.3 + 0.5 * std::tanh(0.3) - 0.75 * 0.4);
  EXPECT_NEAR(x[0], want, 1e-7);
  EXPECT_NEAR(trainer.rates()[0], std::tanh(want), 1e-7);
  EXPECT_EQ(trainer.output(), 0.0f);
}

// A short FORCE run, N = 128, period 30, seed 1: 300 time units of training (10 periods,
// 3000 steps, 1500 RLS updates), then 90 time units free. Before training w_o = 0, so z = 0
// and the error is mean |f| = 0.6164 (this f over a period, by a 30 000-point quadrature).
// FORCE keeps the a-priori error small from the first updates on (Sussillo & Abbott 2009,
// Fig. 2: RLS at alpha = 1 fits within a few steps), so the whole training phase's MAE is
// asserted at least 8 times below the untrained error (measured 0.053), and the free run
// after it at least 4 times below (measured 0.079; seeds 1-6 all gave 0.02-0.08 with this
// protocol, but the free run is bimodal across seeds, RESERVOIR.md section 6).
TEST(ForceRun, TrainingErrorFalls) {
  ForceSetup run(1);
  force::Protocol pr;
  pr.period = 30;
  pr.train_steps = 3000;
  pr.test_steps = 900;
  constexpr double kUntrained = 0.6164;
  double before = 0;
  const force::PhaseResult r = run.run(pr, [&](long, double, float f, float, force::Phase p) {
    if (p == force::Phase::train) before += std::fabs(static_cast<double>(f)) / 3000;
  });
  ASSERT_EQ(r.status, ec::Status::ok);
  EXPECT_EQ(r.updates, 1500);
  EXPECT_NEAR(before, kUntrained, 0.01);  // the quadrature's value, from the run's own targets
  EXPECT_LT(r.mae_train, kUntrained / 8);
  EXPECT_LT(r.mae_test, kUntrained / 4);
}

// The float32 library against the double reference (examples/force/force_reference.hpp:
// no library stepper, RLS or activation, full P in double, the C library's tanh) on the
// same network and start: N = 128, period 30, train 360 time units (3600 steps), seeds 1
// and 2. The demand is the float32 train MAE within 5 % of the double one (measured
// here: within 0.02 %). The two runs are not the same trajectory bit for bit (float
// rounding, FastTanh within 2.1e-7 of tanh), but under training the feedback keeps the
// network on the target's orbit, so the train MAE is a property of the network and seed.
// The full-length run of the firmware (1440 time units) is test_force_physics.
TEST(ForceRun, Float32TrainErrorWithin5PercentOfDouble) {
  for (std::uint64_t seed : {1u, 2u}) {
    ForceSetup run(seed);
    force::Protocol pr;
    pr.period = 30;
    pr.train_steps = 3600;
    pr.test_steps = 0;
    const force::PhaseResult r = run.run(pr, [](long, double, float, float, force::Phase) {});
    ASSERT_EQ(r.status, ec::Status::ok);
    const force::ReferenceResult ref =
        force::run_reference(run.J.data(), run.wf.data(), run.x0.data(), run.z0, ForceSetup::kN, pr);
    ASSERT_TRUE(ref.finite);
    EXPECT_NEAR(r.mae_train / ref.mae_train, 1.0, 0.05) << "seed " << seed << ": f32 " << r.mae_train << ", f64 "
                                                        << ref.mae_train;
  }
}

TEST(ForceTrainer, RamFigure) {
  using T = ec::ForceTrainer<128, ec::FastTanh>;
  EXPECT_EQ(sizeof(T), T::kRamBytes);
  EXPECT_LT(T::kRamBytes, 36u * 1024u);  // the 33 KB triangle and 1.5 KB of vectors
}

}  // namespace
