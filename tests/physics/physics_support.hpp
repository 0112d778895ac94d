// Shared helpers of the physics validation tests: one simulated network (dynamic size,
// RK4, tanh) with its monitor and Lyapunov estimate, and dense double-precision algebra.
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

#include <Eigen/Dense>
#include <Eigen/Eigenvalues>

#include "edgechaos/edgechaos.hpp"
#include "edgechaos/chaos/lyapunov.hpp"
#include "edgechaos/chaos/regime.hpp"

namespace physics {

namespace ec = edgechaos;
using Net = ec::RateNetwork<ec::Dynamic>;

struct SimRun {
  double activity = 0;  // <(1/N)|x|^2> after the transient
  double lambda = 0, lambda_stderr = 0;
  double max_re_eig = 0;  // -1 + max Re eig(J), filled when asked
  ec::Regime regime = ec::Regime::undetermined;
  ec::CouplingMatrix<ec::Dynamic> J;
  ec::Vector<ec::Dynamic> x;  // final state
};

inline double leading_exponent_of_null(const ec::CouplingMatrix<ec::Dynamic>& J) {
  const Eigen::MatrixXd A = J.cast<double>();
  return Eigen::EigenSolver<Eigen::MatrixXd>(A, false).eigenvalues().real().maxCoeff() - 1.0;
}

// x0 ~ N(0, 1) from its own stream; RK4 with dt; `transient` and `time` in time units.
inline SimRun simulate(int n, double g, double gamma, std::uint64_t seed, double transient, double time,
                    bool lyapunov = true, double dt = 0.1) {
  SimRun r;
  EXPECT_EQ(ec::generate_couplings(ec::CouplingParams{static_cast<float>(g), static_cast<float>(gamma), seed}, r.J, n),
            ec::Status::ok);
  Net net(r.J);
  r.x.resize(n);
  ec::NormalStream init(seed * 7919u + 13u);
  for (int i = 0; i < n; ++i) r.x[i] = init.next();
  const float h = static_cast<float>(dt);
  const long transient_steps = std::lround(transient / dt), steps = std::lround(time / dt);
  ec::EnergyMonitor<double> monitor;
  if (lyapunov) {
    ec::Lyapunov<Net> lyap;
    for (long k = 0; k < transient_steps; ++k) EXPECT_EQ(lyap.step(net, r.x, h), ec::Status::ok);
    lyap.reset_statistics();
    for (long k = 0; k < steps; ++k) EXPECT_EQ(lyap.step(net, r.x, h, monitor), ec::Status::ok);
    r.lambda = lyap.exponent();
    r.lambda_stderr = lyap.standard_error();
    r.regime = ec::classify(monitor, r.lambda, r.lambda_stderr).regime;
  } else {
    ec::RK4<Net> rk4;
    for (long k = 0; k < transient_steps; ++k) EXPECT_EQ(rk4.step(net, r.x, h), ec::Status::ok);
    for (long k = 0; k < steps; ++k) EXPECT_EQ(rk4.step(net, r.x, h, monitor), ec::Status::ok);
    r.regime = ec::classify(monitor).regime;
  }
  r.activity = monitor.activity_mean();
  return r;
}

struct MeanSe {
  double mean = 0, se = 0, sd = 0;
};

inline MeanSe mean_se(const std::vector<double>& v) {
  MeanSe m;
  for (double x : v) m.mean += x / static_cast<double>(v.size());
  double var = 0;
  for (double x : v) var += (x - m.mean) * (x - m.mean) / static_cast<double>(v.size() - 1);
  m.sd = std::sqrt(var);
  m.se = m.sd / std::sqrt(static_cast<double>(v.size()));
  return m;
}

}  // namespace physics
