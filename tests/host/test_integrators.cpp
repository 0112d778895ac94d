// Integrator order, the energy the monitor reports, and the Lyapunov function at gamma = 1.
// Every reference is computed in double precision by an independent method.
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <Eigen/Eigenvalues>
#include <cmath>
#include <complex>
#include <cstdio>
#include <string>

#include "edgechaos/edgechaos.hpp"

namespace ec = edgechaos;

namespace {
// A measured number: printed for the log and recorded in the XML report.
void report(const std::string& name, double value) {
  ::testing::Test::RecordProperty(name, std::to_string(value));
  std::printf("  measured %s = %.6g\n", name.c_str(), value);
}
}  // namespace

namespace {

constexpr int kN = 8;
using LinearNet = ec::RateNetwork<kN, 0, ec::Linear>;

// Exact x(T) = exp(A T) x0 for A = J - I, by the complex eigendecomposition
// A = V diag(lambda) V^-1 (a random real matrix is diagonalisable with probability 1).
Eigen::VectorXd exact_linear(const ec::CouplingMatrix<kN>& J, const ec::Vector<kN>& x0, double T) {
  const Eigen::MatrixXd A = J.cast<double>() - Eigen::MatrixXd::Identity(kN, kN);
  Eigen::EigenSolver<Eigen::MatrixXd> es(A);
  const Eigen::MatrixXcd V = es.eigenvectors();
  Eigen::VectorXcd c = V.partialPivLu().solve(x0.cast<double>().cast<std::complex<double>>());
  for (int k = 0; k < kN; ++k) c[k] *= std::exp(es.eigenvalues()[k] * T);
  const Eigen::VectorXcd xT = V * c;
  EXPECT_LT(xT.imag().norm(), 1e-12 * xT.norm());  // the solution of a real system is real
  return xT.real();
}

template <class Stepper>
double integration_error(const ec::CouplingMatrix<kN>& J, const ec::Vector<kN>& x0, const Eigen::VectorXd& exact,
                         double T, float dt) {
  LinearNet net(J);
  Stepper stepper;
  ec::Vector<kN> x = x0;
  const int steps = static_cast<int>(std::lround(T / static_cast<double>(dt)));
  EXPECT_NEAR(steps * static_cast<double>(dt), T, 1e-5);  // whole steps reach T (up to dt's float rounding)
  for (int k = 0; k < steps; ++k) EXPECT_EQ(stepper.step(net, x, dt), ec::Status::ok);
  return (x.cast<double>() - exact).norm() / exact.norm();
}

struct LinearProblem {
  ec::CouplingMatrix<kN> J;
  ec::Vector<kN> x0;
  LinearProblem() {
    // g = 3: the eigenvalues of J - I spread over a disc of radius ~3 around -1 (for this
    // seed |lambda| <= 3.45, max Re lambda = 1.4). The growing modes dominate x(T), so the
    // relative error at T is a truncation error of a mode that is not damped away, and it
    // stays far above float roundoff.
    EXPECT_EQ(ec::generate_couplings(ec::CouplingParams{3.0f, 0.0f, 7u}, J), ec::Status::ok);
    ec::NormalStream normal(99u);
    for (int i = 0; i < kN; ++i) x0[i] = normal.next();
  }
};

}  // namespace

// Forward Euler has global error C dt + O(dt^2): halving dt halves it. With dt <= 0.01
// (|lambda dt| <= 0.035) the O(dt^2) correction changes the ratio by a few percent
// (ratio = 2 (1 + c dt / 2 + ...)), and the errors (>= 1e-3 relative) are orders above
// float roundoff (~1e-7 per step, <= 1600 steps), so the ratio must lie in [1.8, 2.2].
TEST(IntegratorOrder, EulerIsFirstOrder) {
  const LinearProblem p;
  const double T = 4.0;
  const Eigen::VectorXd exact = exact_linear(p.J, p.x0, T);
  const float dts[] = {0.01f, 0.005f, 0.0025f};
  double err[3];
  for (int k = 0; k < 3; ++k) err[k] = integration_error<ec::Euler<LinearNet>>(p.J, p.x0, exact, T, dts[k]);
  for (int k = 0; k < 2; ++k) {
    const double ratio = err[k] / err[k + 1];
    report("euler_ratio_" + std::to_string(k), ratio);
    EXPECT_GE(ratio, 1.8) << "dt " << dts[k] << " err " << err[k] << " / " << err[k + 1];
    EXPECT_LE(ratio, 2.2) << "dt " << dts[k] << " err " << err[k] << " / " << err[k + 1];
  }
}

// Classical RK4 has global error C dt^4: halving dt divides it by 16. The steps are large
// (dt = 0.2 .. 0.05, |lambda dt| <= 0.7) so that the truncation error stays above float
// roundoff: at dt = 0.05 the RK4 error is ~2e-6 relative here, while roundoff over 80
// steps is ~6e-8 * sqrt(80) ~ 5e-7 at worst (random-walk estimate; measured ~1e-7 at
// smaller T). The dt^5 correction moves the ratio by O(|lambda| dt), hence [12, 20].
TEST(IntegratorOrder, Rk4IsFourthOrder) {
  const LinearProblem p;
  const double T = 4.0;
  const Eigen::VectorXd exact = exact_linear(p.J, p.x0, T);
  const float dts[] = {0.2f, 0.1f, 0.05f};
  double err[3];
  for (int k = 0; k < 3; ++k) err[k] = integration_error<ec::RK4<LinearNet>>(p.J, p.x0, exact, T, dts[k]);
  for (int k = 0; k < 2; ++k) {
    const double ratio = err[k] / err[k + 1];
    report("rk4_ratio_" + std::to_string(k), ratio);
    EXPECT_GE(ratio, 12.0) << "dt " << dts[k] << " err " << err[k] << " / " << err[k + 1];
    EXPECT_LE(ratio, 20.0) << "dt " << dts[k] << " err " << err[k] << " / " << err[k + 1];
  }
  // And RK4 at dt = 0.05 is far more accurate than Euler at dt = 0.0025 (a sanity anchor:
  // an RK4 that silently degenerated to a lower order would fail here as well).
  EXPECT_LT(err[2], 1e-5);
}

namespace {

// v = -x + J tanh(x) + W u + b, in double from the float data: the reference velocity.
template <int N, int M>
Eigen::VectorXd velocity_double(const ec::CouplingMatrix<N>& J, const ec::RowMajorMatrix<N, M>& W,
                                const ec::Vector<N>& b, const ec::Vector<N>& x, const ec::Vector<M>& u) {
  const Eigen::VectorXd xd = x.template cast<double>();
  const Eigen::VectorXd phi = xd.array().tanh().matrix();
  return -xd + J.template cast<double>() * phi + W.template cast<double>() * u.template cast<double>() +
         b.template cast<double>();
}

template <template <class> class Stepper>
void check_energy_along_trajectory(float dt) {
  constexpr int N = 64, M = 2;
  using Net = ec::RateNetwork<N, M>;
  static ec::CouplingMatrix<N> J;
  static ec::RowMajorMatrix<N, M> W;
  ASSERT_EQ(ec::generate_couplings(ec::CouplingParams{1.5f, 0.0f, 11u}, J), ec::Status::ok);
  ASSERT_EQ(ec::generate_input_weights(0.5f, 12u, W.data(), N, M), ec::Status::ok);
  Net net(J);
  ASSERT_EQ(net.set_input_weights(W.data()), ec::Status::ok);
  ec::NormalStream normal(13u);
  ec::Vector<N> b, x;
  for (int i = 0; i < N; ++i) b[i] = 0.1f * normal.next();
  for (int i = 0; i < N; ++i) x[i] = normal.next();
  ASSERT_EQ(net.set_bias(b), ec::Status::ok);
  ec::Vector<M> u(0.3f, -0.7f);

  Stepper<Net> stepper;
  ec::EnergyMonitor<double> monitor;
  double worst = 0.0;
  for (int k = 0; k < 200; ++k) {
    const ec::Vector<N> start = x;  // the monitor reports sums at the start of the step
    ASSERT_EQ(stepper.step(net, x, u, dt, monitor), ec::Status::ok);
    const Eigen::VectorXd v = velocity_double<N, M>(J, W, b, start, u);
    const double e_ref = 0.5 * v.squaredNorm() / N;
    ASSERT_GT(e_ref, 1e-4);  // a chaotic g = 1.5 network stays well away from rest
    const double rel = std::abs(monitor.last_energy() - e_ref) / e_ref;
    worst = std::max(worst, rel);
    // Float v_i carries ~N eps |J||phi| ~ 1e-6 absolute error and the float sum of 64
    // squares at most 64 eps = 4e-6 relative, against |v_i| of order 1: 2e-5 is a bound.
    ASSERT_LT(rel, 2e-5) << "step " << k;
    ASSERT_NEAR(monitor.last()[ec::EnergyMonitor<double>::kActivity], start.cast<double>().squaredNorm() / N,
                1e-5 * start.cast<double>().squaredNorm() / N);
  }
  EXPECT_EQ(monitor.steps(), 200u);
  report("worst_relative_energy_error", worst);
}

}  // namespace

// E = 1/2 |dx/dt|^2 of the noiseless flow at the state where each step starts.
TEST(Energy, MonitorMatchesDoubleVelocityUnderEuler) { check_energy_along_trajectory<ec::Euler>(0.05f); }
TEST(Energy, MonitorMatchesDoubleVelocityUnderRk4) { check_energy_along_trajectory<ec::RK4>(0.1f); }

// A constructed fixed point: pick x*, set b = x* - J tanh(x*) (in double), so that
// v(x*) = 0 up to float rounding. g = 0.5 keeps it linearly stable (the spectrum of
// -I + J diag(phi') stays left of Re = -0.5), so rounding does not drive the state away.
TEST(Energy, ZeroAtAConstructedFixedPointAndFlagAfterWindow) {
  constexpr int N = 32;
  using Net = ec::RateNetwork<N>;
  static ec::CouplingMatrix<N> J;
  ASSERT_EQ(ec::generate_couplings(ec::CouplingParams{0.5f, 0.0f, 21u}, J), ec::Status::ok);
  ec::NormalStream normal(22u);
  ec::Vector<N> xstar;
  for (int i = 0; i < N; ++i) xstar[i] = normal.next();
  const Eigen::VectorXd xd = xstar.cast<double>();
  const Eigen::VectorXd bd = xd - J.cast<double>() * xd.array().tanh().matrix();
  Net net(J);
  ASSERT_EQ(net.set_bias(bd.cast<float>()), ec::Status::ok);

  ec::EnergyMonitor<double> monitor;
  ec::MonitorConfig cfg;
  cfg.fixed_point_energy = 1e-10;
  cfg.fixed_point_window = 100;
  ASSERT_EQ(monitor.configure(cfg), ec::Status::ok);
  ec::Euler<Net> euler;
  ec::Vector<N> x = xstar;
  double max_e = 0.0;
  for (int k = 1; k <= 150; ++k) {
    ASSERT_EQ(euler.step(net, x, 0.1f, monitor), ec::Status::ok);
    max_e = std::max(max_e, static_cast<double>(monitor.last_energy()));
    // |v_i| is a few float roundings of terms of size ~1 (<= 1e-6 even summing 32
    // worst-case errors), so E/N = |v|^2/(2N) <= 5e-13; 1e-11 leaves room.
    ASSERT_LT(monitor.last_energy(), 1e-11) << "step " << k;
    EXPECT_EQ(monitor.at_fixed_point(), k >= 100) << "step " << k;
  }
  EXPECT_FALSE(monitor.diverged());
  EXPECT_LT((x - xstar).cwiseAbs().maxCoeff(), 1e-5f);  // it stayed at x*
  report("max_energy_at_fixed_point", max_e);

  // One kick away from x* resets the rest counter: E/N jumps far above the threshold.
  x[0] += 0.5f;
  ASSERT_EQ(euler.step(net, x, 0.1f, monitor), ec::Status::ok);
  EXPECT_GT(monitor.last_energy(), 1e-4);
  EXPECT_FALSE(monitor.at_fixed_point());
}

namespace {
// L(x) = sum_i [x_i phi(x_i) - Phi(x_i)] - 1/2 phi^T J phi, Phi = ln cosh (PHYSICS.md 3),
// in double. ln cosh x = |x| + log1p(exp(-2|x|)) - ln 2 avoids overflow of cosh.
template <int N>
double lyapunov(const ec::CouplingMatrix<N>& J, const ec::Vector<N>& x) {
  const Eigen::VectorXd xd = x.template cast<double>();
  const Eigen::VectorXd phi = xd.array().tanh().matrix();
  double s = 0.0;
  for (int i = 0; i < N; ++i) {
    const double a = std::abs(xd[i]);
    s += xd[i] * phi[i] - (a + std::log1p(std::exp(-2.0 * a)) - std::log(2.0));
  }
  return s - 0.5 * phi.dot(J.template cast<double>() * phi);
}
}  // namespace

// gamma = 1 (symmetric J): dL/dt = -sum_i phi'(x_i) v_i^2 <= 0 along the flow. RK4 with
// dt = 0.05 follows the flow to ~dt^4, so L computed on the discrete trajectory must not
// rise by more than float rounding of the state: the state is rounded to ~6e-8 relative
// each step, which moves L by at most |grad L| |dx| << 1e-6 |L|.
TEST(Lyapunov, NeverRisesAlongRk4TrajectoryForSymmetricCouplings) {
  constexpr int N = 64;
  using Net = ec::RateNetwork<N>;
  static ec::CouplingMatrix<N> J;
  ASSERT_EQ(ec::generate_couplings(ec::CouplingParams{1.0f, 1.0f, 31u}, J), ec::Status::ok);
  ASSERT_TRUE((J - J.transpose()).isZero(0.0f));  // gamma = 1 must give exactly symmetric J
  Net net(J);
  ec::NormalStream normal(32u);
  ec::Vector<N> x;
  for (int i = 0; i < N; ++i) x[i] = 1.5f * normal.next();
  ec::RK4<Net> rk4;
  ec::EnergyMonitor<double> monitor;
  const double L0 = lyapunov<N>(J, x);
  double L = L0, worst_rise = 0.0;
  for (int k = 0; k < 2000; ++k) {
    ASSERT_EQ(rk4.step(net, x, 0.05f, monitor), ec::Status::ok);
    const double Lk = lyapunov<N>(J, x);
    worst_rise = std::max(worst_rise, Lk - L);
    ASSERT_LE(Lk, L + 1e-6 * std::abs(L) + 1e-12) << "step " << k;
    L = Lk;
  }
  report("L0", L0);
  report("L_end", L);
  report("worst_rise", worst_rise);
  // It really decreased (not a flat line), and a symmetric network ends at a fixed point
  // (g(1+gamma) = 2 > 1: a non-zero one), where E = 0.
  EXPECT_LT(L, L0 - 1.0) << "L0 " << L0 << " L_end " << L;
  EXPECT_LT(monitor.last_energy(), 1e-8);
  EXPECT_GT(x.squaredNorm() / N, 0.1f);
}
