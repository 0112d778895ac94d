// The memory capacity of a linear cycle reservoir (shared/RESERVOIR.md section 4), the
// check of an MC implementation: float32 states from the library's own step, the float32
// streaming ridge of a device (StreamingRidge<64, 128>), and the double offline ridge.
//
// Theory. x(t) = W x(t-1) + v u(t), W = r P (P the cyclic shift), u iid. With
// V = [v, r P v, ..., r^(N-1) P^(N-1) v] (invertible iff v has no zero DFT coefficient),
// the state is x(t) = V z(t), z_j(t) = sum_q r^(qN) u(t - j - qN), so the best linear
// readout of u(t - k), k = qN + j, has r^2 = (1 - rho) rho^q, rho = r^(2N). Summed over
// k = 1..2N: MC = (N - 1)(1 - rho) + N (1 - rho) rho + (1 - rho) rho^2 = N - 1 + O(rho).
// Here N = 64, r = 0.9: rho = 0.9^128 = 1.4e-6, so MC = 63.000 to 1e-5.
// Why r = 0.9: rho must be tiny for the k <= N - 1 terms to be 1 and the rest 0 (at
// r = 0.95, rho = 1.4e-3 and a finite test block sees 62.91); and the oldest in-cycle
// input enters the state with weight r^63 = 1.3e-3, 1e4 float epsilons above rounding
// (at r = 0.8, r^63 = 8e-7: the float32 solver loses it, measured MC 53.7 against the
// double ridge's 63.01 on the same float states — solver precision, not state precision).
// A finite test block adds a positive bias: a readout uncorrelated with its target still
// shows r^2 ~ 1/n_test, about (N + 1) / 2000 = 0.03 over the ~65 empty delays.
//
// Protocol (RESERVOIR.md): N = 64, input scaling 0.1 (v = +-0.1, signs from seed 1 below),
// u ~ U[-0.5, 0.5) (MemoryTask seed 1), 6000 samples, washout 200, training 3800, test the
// last 2000, k_max = 2N = 128, alpha 1e-8 (measured: MC identical to 1e-5 for alpha
// 1e-14..1e-8; 1e-6 biases it by 2e-4). Measured: float32 63.0161, double 63.0169.
// Bounds: 62.9 <= MC <= 63.05 (the float32 target; theory plus the bias above).
#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <cstdio>
#include <memory>
#include <vector>

#include <Eigen/Dense>

#include "edgechaos/edgechaos.hpp"
#include "edgechaos/host/ridge.hpp"
#include "edgechaos/tasks/memory_task.hpp"
#include "edgechaos/tasks/metrics.hpp"

namespace ec = edgechaos;

TEST(MemoryCapacity, LinearCycleReservoirReachesNMinusOne) {
  constexpr int N = 64, K = 2 * N;
  constexpr int kTotal = 6000, kTest = 2000, kWashout = 200;
  constexpr float kRadius = 0.9f, kScaling = 0.1f;
  constexpr double kAlpha = 1e-8;

  // Input weights: +-0.1 from a seeded sign stream; every DFT coefficient well away from 0.
  std::vector<float> v(N);
  ec::Xoshiro128pp signs(7920);
  for (float& w : v) w = (signs.next_u32() & 1u) != 0u ? kScaling : -kScaling;
  double dft_min = 1e30;
  for (int k = 0; k < N; ++k) {
    std::complex<double> s = 0.0;
    for (int j = 0; j < N; ++j) s += static_cast<double>(v[j]) * std::polar(1.0, -2.0 * M_PI * j * k / N);
    dft_min = std::fmin(dft_min, std::abs(s));
  }
  ASSERT_GT(dft_min, 0.05) << "a DFT mode of v is (nearly) unexcited";  // measured 0.116; sqrt(N) * 0.1 = 0.8 typical

  // The reservoir as the library's model: dx/dt = -x + J x + W_in u with Euler dt = 1 is
  // the map x <- J x + W_in u; J = r P, (P x)_i = x_(i-1).
  std::vector<float> J(N * N, 0.0f);
  for (int i = 0; i < N; ++i) J[i * N + (i + N - 1) % N] = kRadius;
  using Net = ec::RateNetwork<N, 1, ec::Linear>;
  Net net(J.data());
  ASSERT_EQ(net.set_input_weights(v.data()), ec::Status::ok);
  ec::Euler<Net> euler;
  Net::State x = Net::State::Zero();
  Net::Input u;

  // The same map in double, for the state-precision comparison.
  Eigen::VectorXd xd = Eigen::VectorXd::Zero(N), xd_next(N);

  ec::MemoryTask<K, float> task(1);
  Eigen::MatrixXf states(kTotal, N);
  Eigen::MatrixXd states_d(kTotal, N), targets(kTotal, K);
  float y[K];
  for (int t = 0; t < kTotal; ++t) {
    u[0] = task.next();
    ASSERT_EQ(euler.step(net, x, u, 1.0f), ec::Status::ok);
    for (int i = 0; i < N; ++i) {
      xd_next[i] = static_cast<double>(kRadius) * xd[(i + N - 1) % N] + static_cast<double>(v[i]) * u[0];
    }
    xd = xd_next;
    states.row(t) = x.transpose();
    states_d.row(t) = xd.transpose();
    if (task.ready()) {
      ASSERT_EQ(task.targets(y), ec::Status::ok);
      for (int k = 0; k < K; ++k) targets(t, k) = y[k];
    } else {
      targets.row(t).setZero();
    }
  }
  const int train0 = kWashout, train_n = kTotal - kTest - kWashout, test0 = kTotal - kTest;

  // float32: the device's streaming QR ridge, 128 outputs at once (85 KB: a desktop budget).
  using Ridge = ec::StreamingRidge<N, K, 128 * 1024>;
  auto ridge = std::make_unique<Ridge>();
  for (int t = train0; t < train0 + train_n; ++t) {
    const ec::Vector<N> f = states.row(t).transpose();
    const ec::Vector<K> target = targets.row(t).transpose().cast<float>();
    ASSERT_EQ(ridge->add(f, target), ec::Status::ok);
  }
  auto weights = std::make_unique<ec::ReadoutWeights<N, K>>();
  ASSERT_EQ(ridge->solve(static_cast<float>(kAlpha), *weights), ec::Status::ok);
  ec::MemoryCapacity<K, double> mc_float;
  const ec::LinearReadout<N, K> readout(*weights);  // the device's y = W_out f + c
  for (int t = test0; t < kTotal; ++t) {
    const ec::Vector<N> f = states.row(t).transpose();
    ec::Vector<K> p;
    ASSERT_EQ(readout.predict(f, p), ec::Status::ok);
    double pd[K], yd[K];
    for (int k = 0; k < K; ++k) {
      pd[k] = static_cast<double>(p[k]);
      yd[k] = targets(t, k);
    }
    ASSERT_EQ(mc_float.add(yd, pd), ec::Status::ok);
  }
  double mc_f = 0.0;
  ASSERT_EQ(mc_float.capacity(mc_f), ec::Status::ok);

  // double: the offline ridge on double states.
  ec::RidgeFit fit;
  ASSERT_EQ(ec::ridge_fit(states_d.middleRows(train0, train_n), targets.middleRows(train0, train_n), kAlpha, fit),
            ec::Status::ok);
  ec::MemoryCapacity<K, double> mc_double;
  for (int t = test0; t < kTotal; ++t) {
    const Eigen::VectorXd p = fit.w * states_d.row(t).transpose() + fit.c;
    double yd[K];
    for (int k = 0; k < K; ++k) yd[k] = targets(t, k);
    ASSERT_EQ(mc_double.add(yd, p.data()), ec::Status::ok);
  }
  double mc_d = 0.0;
  ASSERT_EQ(mc_double.capacity(mc_d), ec::Status::ok);

  double r2_first = 0.0, r2_last_in_cycle = 0.0, r2_n = 0.0;
  ASSERT_EQ(mc_float.r2(0, r2_first), ec::Status::ok);
  ASSERT_EQ(mc_float.r2(N - 2, r2_last_in_cycle), ec::Status::ok);
  ASSERT_EQ(mc_float.r2(N - 1, r2_n), ec::Status::ok);
  std::printf("MC (N = 64, r = 0.9, k_max = 128): float32 states + float32 streaming ridge %.5f, "
              "double states + double ridge %.5f; float r^2 at k = 1, 63, 64: %.6f %.6f %.2g\n",
              mc_f, mc_d, r2_first, r2_last_in_cycle, r2_n);
  EXPECT_GE(mc_f, 62.9);
  EXPECT_LE(mc_f, 63.05);
  EXPECT_GE(mc_d, 62.9);
  EXPECT_LE(mc_d, 63.05);
  EXPECT_NEAR(mc_f, mc_d, 0.01);
  // Per delay: 1 - rho for k < N, rho (1 - rho) ~ 0 (plus the 1/n_test bias) from k = N on.
  EXPECT_GT(r2_first, 0.9999);
  EXPECT_GT(r2_last_in_cycle, 0.999);
  EXPECT_LT(r2_n, 0.005);
}
