// FixedPointFinder on small fixed-size networks: what it finds are fixed points of the
// original flow, the device stability estimate agrees with the eigenvalues, and the
// failure paths report a status and change nothing.
#include <gtest/gtest.h>

#include <cmath>

#include <Eigen/Eigenvalues>

#include "edgechaos/edgechaos.hpp"
#include "edgechaos/quasi/fixed_point_finder.hpp"

namespace ec = edgechaos;

namespace {
constexpr int kN = 64;
using Net = ec::RateNetwork<kN>;
using State = ec::Vector<kN>;
}  // namespace

// N = 64, g = 2, gamma = 0 (chaotic phase, many unstable fixed points), J seed 21.
// 12 tries from points of one trajectory, 40 Euler steps (4 time units) apart.
TEST(FixedPoints, FoundPointsHaveZeroEnergyAndStayPutUnderRK4) {
  static ec::CouplingMatrix<kN> J;
  ASSERT_EQ(ec::generate_couplings({2.0f, 0.0f, 21u}, J), ec::Status::ok);
  Net net(J);
  static ec::FixedPointFinder<Net, 16, true> finder;
  ec::FixedPointConfig c;
  c.flow_steps = 40;
  ASSERT_EQ(finder.configure(net, c), ec::Status::ok);
  const ec::Status s = finder.search(net, 12);
  ASSERT_TRUE(s == ec::Status::ok || s == ec::Status::capacity_exceeded) << ec::to_string(s);
  ASSERT_GE(finder.size(), 1);
  int nontrivial = 0;
  for (int k = 0; k < finder.size(); ++k) {
    const auto& p = finder[k];
    nontrivial += p.trivial ? 0 : 1;
    EXPECT_LT(p.energy / kN, 1e-11f);  // E/N = residual^2 / 2 with residual < 2e-6
    EXPECT_LT(p.residual, c.tolerance);
    // An RK4 trajectory started at x* stays: a float-accurate fixed point (residual
    // ~3e-7) of an unstable point with abscissa a drifts as 3e-7 e^{a t}; with a < 1.5
    // (|eig J| <~ g = 2 pushes Re <= 1) and t = 5 that is < 1e-3. A generic state moves by
    // |v| t ~ 1 over the same time (checked below), so 1e-3 separates the two cases.
    State x = p.x;
    ec::RK4<Net> rk4;
    for (int step = 0; step < 100; ++step) ASSERT_EQ(rk4.step(net, x, 0.05f), ec::Status::ok);
    EXPECT_LT((x - p.x).norm() / std::sqrt(float(kN)), 1e-3f) << "point " << k << " abscissa " << p.abscissa;
  }
  EXPECT_GE(nontrivial, 1);
  // the control: a point that is not a fixed point does move
  State y = finder[0].x + State::Constant(0.3f);
  const State y0 = y;
  ec::RK4<Net> rk4;
  for (int step = 0; step < 100; ++step) ASSERT_EQ(rk4.step(net, y, 0.05f), ec::Status::ok);
  EXPECT_GT((y - y0).norm() / std::sqrt(float(kN)), 1e-2f);
}

// The device estimate (power iteration on the RK4 propagator, 400 iterations of h = 0.2,
// i.e. 80 time units) against the spectral abscissa from Eigen's eigenvalues in double.
// Its error is the slower convergence when the two rightmost eigenvalues are close:
// ~ log(gap ratio)/(time) plus the oscillation of a complex pair; 0.05 allows for it.
TEST(FixedPoints, PowerIterationAbscissaAgreesWithEigenvalues) {
  static ec::CouplingMatrix<kN> J;
  ASSERT_EQ(ec::generate_couplings({2.0f, 0.0f, 21u}, J), ec::Status::ok);
  Net net(J);
  static ec::FixedPointFinder<Net, 8, false> device;
  ec::FixedPointConfig c;
  c.flow_steps = 40;
  ASSERT_EQ(device.configure(net, c), ec::Status::ok);
  ASSERT_NE(device.search(net, 12), ec::Status::not_converged);
  ASSERT_GE(device.size(), 1);
  for (int k = 0; k < device.size(); ++k) {
    const auto& p = device[k];
    Eigen::MatrixXd D = J.cast<double>();
    for (int j = 0; j < kN; ++j) D.col(j) *= 1.0 - std::pow(std::tanh(double(p.x[j])), 2);
    D.diagonal().array() -= 1.0;
    const double exact = Eigen::EigenSolver<Eigen::MatrixXd>(D, false).eigenvalues().real().maxCoeff();
    EXPECT_NEAR(p.abscissa, exact, 0.05) << "point " << k;
    EXPECT_EQ(p.stable, exact < 0.0) << "point " << k;
  }
}

// Null phase g (1 + gamma) < 1: x = 0 is the only fixed point and it is stable, with
// abscissa -1 + max Re eig(J) (PHYSICS.md section 3), computed here from J in double.
TEST(FixedPoints, NullPhaseHasOnlyTheTrivialStablePoint) {
  static ec::CouplingMatrix<kN> J;
  ASSERT_EQ(ec::generate_couplings({0.6f, 0.3f, 23u}, J), ec::Status::ok);
  Net net(J);
  static ec::FixedPointFinder<Net, 4, true> finder;
  ASSERT_EQ(finder.configure(net, ec::FixedPointConfig{}), ec::Status::ok);
  ASSERT_EQ(finder.search(net, 5), ec::Status::ok);
  ASSERT_EQ(finder.size(), 1);
  EXPECT_TRUE(finder[0].trivial);
  EXPECT_TRUE(finder[0].stable);
  EXPECT_EQ(finder[0].hits, 5u);
  const double expected =
      -1.0 + Eigen::EigenSolver<Eigen::MatrixXd>(J.cast<double>(), false).eigenvalues().real().maxCoeff();
  EXPECT_NEAR(finder[0].abscissa, expected, 1e-4);
}

TEST(FixedPoints, CapacityExceededWhenADistinctPointDoesNotFit) {
  static ec::CouplingMatrix<kN> J;
  ASSERT_EQ(ec::generate_couplings({2.0f, 0.0f, 21u}, J), ec::Status::ok);
  Net net(J);
  static ec::FixedPointFinder<Net, 1, false> finder;
  ec::FixedPointConfig c;
  c.flow_steps = 40;
  ASSERT_EQ(finder.configure(net, c), ec::Status::ok);
  State x;
  ec::FixedPoint<kN> p;
  ec::NormalStream normal(5u);
  ec::Status s = ec::Status::not_converged;
  for (int t = 0; t < 20 && s != ec::Status::ok; ++t) {
    for (int i = 0; i < kN; ++i) x[i] = normal.next();
    s = finder.refine(net, x, p);
  }
  ASSERT_EQ(s, ec::Status::ok);
  ASSERT_EQ(finder.add(p), ec::Status::ok);
  EXPECT_EQ(finder.add(p), ec::Status::ok);  // the same point again: a hit, not a new point
  EXPECT_EQ(finder[0].hits, 2u);
  // tanh is odd, so -x* is a fixed point too: distinct unless x* = 0
  ec::FixedPoint<kN> mirror = p;
  mirror.x = -p.x;
  if (!p.trivial) {
    EXPECT_EQ(finder.add(mirror), ec::Status::capacity_exceeded);
    EXPECT_EQ(finder.size(), 1);
  }
}

TEST(FixedPoints, FailuresReportAStatusAndLeaveTheStartUnchanged) {
  static ec::CouplingMatrix<kN> J;
  ASSERT_EQ(ec::generate_couplings({2.0f, 0.0f, 24u}, J), ec::Status::ok);
  Net net(J);
  static ec::FixedPointFinder<Net, 2, false> finder;
  ec::FixedPointConfig c;
  c.descent_steps = 0;
  c.newton_iterations = 0;  // no iteration allowed: a random state cannot converge
  ASSERT_EQ(finder.configure(net, c), ec::Status::ok);
  State x = State::Constant(0.7f);
  const State x0 = x;
  ec::FixedPoint<kN> p;
  EXPECT_EQ(finder.refine(net, x, p), ec::Status::not_converged);
  EXPECT_TRUE((x.array() == x0.array()).all());
  x[5] = std::nanf("");
  const State x_nan = x;
  EXPECT_EQ(finder.refine(net, x, p), ec::Status::non_finite_input);
  EXPECT_TRUE(std::isnan(x[5]));
  EXPECT_TRUE((x.head(5).array() == x_nan.head(5).array()).all());
  EXPECT_EQ(finder.search(net, 3), ec::Status::not_converged);
  EXPECT_EQ(finder.size(), 0);
  c.descent_dt = 100.0f;  // far beyond 2 / sigma_max^2
  EXPECT_EQ(finder.configure(net, c), ec::Status::step_too_large);
}
