// Metrics (tasks/metrics.hpp) and the memory task's delay line (tasks/memory_task.hpp),
// by hand on small arrays; Welford against cancellation; bad input changes nothing.
#include <gtest/gtest.h>

#include <cmath>

#include "edgechaos/core/random.hpp"
#include "edgechaos/tasks/memory_task.hpp"
#include "edgechaos/tasks/metrics.hpp"

namespace ec = edgechaos;

// y = 1 2 3 4, yhat = 1.5 2 2.5 5: errors .5 0 -.5 1, SSE 1.5, sum |e| 2, population
// var(y) 1.25; centred y -1.5 -.5 .5 1.5, yhat -1.25 -.75 -.25 2.25: co-moment 5.5,
// sum dy^2 5, sum dp^2 7.25, so r^2 = 5.5^2 / (5 * 7.25) = 121 / 145.
TEST(Metrics, ByHand) {
  const double y[4] = {1.0, 2.0, 3.0, 4.0};
  const double p[4] = {1.5, 2.0, 2.5, 5.0};
  double v = 0.0;
  ASSERT_EQ(ec::nrmse(y, p, 4, v), ec::Status::ok);
  EXPECT_NEAR(v, std::sqrt(0.375 / 1.25), 1e-15);
  ASSERT_EQ(ec::mae(y, p, 4, v), ec::Status::ok);
  EXPECT_NEAR(v, 0.5, 1e-15);
  ASSERT_EQ(ec::pearson(y, p, 4, v), ec::Status::ok);
  EXPECT_NEAR(v, 5.5 / std::sqrt(5.0 * 7.25), 1e-15);
  ASSERT_EQ(ec::r_squared(y, p, 4, v), ec::Status::ok);
  EXPECT_NEAR(v, 121.0 / 145.0, 1e-15);

  ec::ErrorStats<double> s;
  for (int i = 0; i < 4; ++i) ASSERT_EQ(s.add(y[i], p[i]), ec::Status::ok);
  ASSERT_EQ(s.mse(v), ec::Status::ok);
  EXPECT_NEAR(v, 0.375, 1e-15);
  ASSERT_EQ(s.rmse(v), ec::Status::ok);
  EXPECT_NEAR(v, std::sqrt(0.375), 1e-15);
  EXPECT_NEAR(s.mean_target(), 2.5, 1e-15);
  EXPECT_NEAR(s.variance_target(), 1.25, 1e-15);
  // An anti-correlated prediction: r = -1 exactly, r^2 = 1.
  const double q[4] = {4.0, 3.0, 2.0, 1.0};
  ASSERT_EQ(ec::pearson(y, q, 4, v), ec::Status::ok);
  EXPECT_NEAR(v, -1.0, 1e-15);
}

// Undefined cases are statuses, not NaN: fewer than 2 pairs, no spread in y (nrmse,
// pearson) or in yhat (pearson); null pointers; NaN input changes nothing.
TEST(Metrics, UndefinedAndBadInput) {
  const double y[3] = {2.0, 2.0, 2.0};
  const double p[3] = {1.0, 2.0, 3.0};
  double v = -9.0;
  EXPECT_EQ(ec::nrmse(y, p, 3, v), ec::Status::insufficient_data);
  EXPECT_EQ(ec::pearson(p, y, 3, v), ec::Status::insufficient_data);
  EXPECT_EQ(ec::nrmse(p, p, 1, v), ec::Status::insufficient_data);
  EXPECT_EQ(ec::nrmse<double>(nullptr, p, 3, v), ec::Status::invalid_argument);
  EXPECT_EQ(v, -9.0);
  ec::ErrorStats<double> s;
  ASSERT_EQ(s.add(1.0, 1.5), ec::Status::ok);
  ASSERT_EQ(s.add(3.0, 2.0), ec::Status::ok);
  EXPECT_EQ(s.add(std::nan(""), 1.0), ec::Status::non_finite_input);
  EXPECT_EQ(s.add(1.0, INFINITY), ec::Status::non_finite_input);
  EXPECT_EQ(s.count(), 2);
  ASSERT_EQ(s.nrmse(v), ec::Status::ok);  // errors .5, -1 over var 1: sqrt(0.625 / 1)
  EXPECT_NEAR(v, std::sqrt(0.625), 1e-15);
}

// Welford in float: targets 1e4 + d with d = +-1 (std 1), predictions 1e4 + d + 0.1:
// NRMSE 0.1 and r = 1. The textbook sum of squares in float (sum y^2 - n mean^2 at 1e8
// per term) would lose the spread entirely; Welford keeps it to a few float epsilons of
// the spread (bound 1e-3, measured well below).
TEST(Metrics, WelfordKeepsTheSpreadInFloat) {
  ec::ErrorStats<float> s;
  for (int i = 0; i < 10000; ++i) {
    const float d = (i % 2 == 0) ? 1.0f : -1.0f;
    ASSERT_EQ(s.add(1e4f + d, 1e4f + d + 0.1f), ec::Status::ok);
  }
  float v = 0.0f;
  ASSERT_EQ(s.nrmse(v), ec::Status::ok);
  EXPECT_NEAR(v, 0.1f, 1e-3f);
  ASSERT_EQ(s.pearson(v), ec::Status::ok);
  EXPECT_NEAR(v, 1.0f, 1e-4f);
}

// MC over two delays: delay 1 predicted exactly (r^2 = 1), delay 2 by the hand case
// above (r^2 = 121/145): MC = 1 + 121/145. A NaN row changes nothing.
TEST(Metrics, MemoryCapacitySum) {
  const double y[4] = {1.0, 2.0, 3.0, 4.0};
  const double p[4] = {1.5, 2.0, 2.5, 5.0};
  ec::MemoryCapacity<2, double> mc;
  for (int i = 0; i < 4; ++i) {
    const double targets[2] = {y[i], y[i]};
    const double preds[2] = {2.0 * y[i] - 1.0, p[i]};  // an affine map of y: r = 1
    ASSERT_EQ(mc.add(targets, preds), ec::Status::ok);
  }
  const double bad_t[2] = {1.0, 2.0};
  const double bad_p[2] = {1.0, std::nan("")};
  EXPECT_EQ(mc.add(bad_t, bad_p), ec::Status::non_finite_input);
  EXPECT_EQ(mc.count(), 4);
  double v = 0.0;
  ASSERT_EQ(mc.r2(0, v), ec::Status::ok);
  EXPECT_NEAR(v, 1.0, 1e-15);
  ASSERT_EQ(mc.capacity(v), ec::Status::ok);
  EXPECT_NEAR(v, 1.0 + 121.0 / 145.0, 1e-14);
  EXPECT_EQ(mc.r2(2, v), ec::Status::invalid_argument);
}

// The delay line: targets are the inputs drawn k steps ago (a stored copy of the stream
// is the second witness), u in [-0.5, 0.5), ready only once every delay is a real input.
TEST(MemoryTask, DelayedTargetsAreThePastInputs) {
  constexpr int K = 5;
  ec::MemoryTask<K, float> task(11);
  ec::Xoshiro128pp rng(11);
  float past[40];
  float targets[K];
  for (int t = 0; t < 40; ++t) {
    past[t] = task.next();
    EXPECT_EQ(past[t], rng.next_uniform() - 0.5f);
    EXPECT_GE(past[t], -0.5f);
    EXPECT_LT(past[t], 0.5f);
    EXPECT_EQ(task.ready(), t >= K);
    if (!task.ready()) {
      EXPECT_EQ(task.targets(targets), ec::Status::insufficient_data);
      continue;
    }
    ASSERT_EQ(task.targets(targets), ec::Status::ok);
    for (int k = 1; k <= K; ++k) EXPECT_EQ(targets[k - 1], past[t - k]) << "t " << t << " k " << k;
  }
  float v = 3.0f;
  ASSERT_EQ(task.delayed(0, v), ec::Status::ok);
  EXPECT_EQ(v, past[39]);
  EXPECT_EQ(task.delayed(K + 1, v), ec::Status::invalid_argument);
  EXPECT_EQ(task.delayed(-1, v), ec::Status::invalid_argument);
  ec::MemoryTask<K, float> fresh(1);
  static_cast<void>(fresh.next());
  EXPECT_EQ(fresh.delayed(1, v), ec::Status::insufficient_data);
  EXPECT_EQ(v, past[39]);
}
