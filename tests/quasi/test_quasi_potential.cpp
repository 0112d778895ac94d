// QuasiPotential: the analytic gradient against central finite differences of an
// independent double-precision energy, the transposed product, and bad input.
#include <gtest/gtest.h>

#include <array>
#include <cmath>

#include <Eigen/Dense>

#include "edgechaos/edgechaos.hpp"
#include "edgechaos/quasi/quasi_potential.hpp"

namespace ec = edgechaos;

namespace {

constexpr int kN = 24;
constexpr int kM = 3;
using MatD = Eigen::MatrixXd;
using VecD = Eigen::VectorXd;

struct Phi {
  static double tanh_value(double x) { return std::tanh(x); }
  static double linear_value(double x) { return x; }
};

// The energy written directly from PHYSICS.md section 5, in double:
// E = 1/2 |-x + J phi(x) + W u + b|^2 + eta |x|^2 - h sum_i s_i phi(x_i).
template <class F>
double energy_double(const MatD& J, const MatD& W, const VecD& u, const VecD& b, double eta, double h,
                     const VecD& s, const VecD& x, F phi) {
  VecD p = x.unaryExpr(phi);
  VecD v = -x + J * p + W * u + b;
  return 0.5 * v.squaredNorm() + eta * x.squaredNorm() - h * s.dot(p);
}

template <class Act, class F>
void check_gradient(float gamma, std::uint64_t seed, F phi) {
  static std::array<float, kN * kN> J{};
  std::array<float, kN * kM> W{};
  ASSERT_EQ(ec::generate_couplings({1.3f, gamma, seed}, J.data(), kN), ec::Status::ok);
  ASSERT_EQ(ec::generate_input_weights(0.7f, seed + 1, W.data(), kN, kM), ec::Status::ok);
  using Net = ec::RateNetwork<kN, kM, Act>;
  Net net(J.data());
  ASSERT_EQ(net.set_input_weights(W.data()), ec::Status::ok);
  ec::NormalStream normal(seed + 2);
  ec::Vector<kN> b, x, s;
  ec::Vector<kM> u;
  for (int i = 0; i < kN; ++i) b[i] = 0.3f * normal.next();
  for (int m = 0; m < kM; ++m) u[m] = normal.next();
  for (int i = 0; i < kN; ++i) s[i] = normal.next() > 0 ? 1.0f : -1.0f;
  ASSERT_EQ(net.set_bias(b), ec::Status::ok);
  const float eta = 0.1f, h = 0.05f;
  ec::QuasiPotential<Net> qp(eta);

  const MatD Jd = Eigen::Map<const Eigen::Matrix<float, kN, kN, Eigen::RowMajor>>(J.data()).cast<double>();
  const MatD Wd = Eigen::Map<const Eigen::Matrix<float, kN, kM, Eigen::RowMajor>>(W.data()).cast<double>();
  const VecD ud = u.cast<double>(), bd = b.cast<double>(), sd = s.cast<double>();
  for (int trial = 0; trial < 5; ++trial) {
    for (int i = 0; i < kN; ++i) x[i] = 1.5f * normal.next();  // random states, well inside tanh's curved range
    ec::Vector<kN> grad;
    ec::Field<ec::Vector<kN>> field{h, &s};
    ASSERT_EQ(qp.gradient(net, x, u, grad, field), ec::Status::ok);
    // the energy it reports (no field term) against the double formula with h = 0
    const VecD xd = x.cast<double>();
    const double e_ref = energy_double(Jd, Wd, ud, bd, eta, 0.0, sd, xd, phi);
    EXPECT_NEAR(qp.last_energy(), e_ref, 1e-5 * (1.0 + e_ref));
    // Central differences in double with step 1e-4: truncation error ~ eps^2 |E'''| ~ 1e-7,
    // rounding ~ 1e-16 |E| / eps ~ 1e-11. The analytic gradient runs in float: each entry is
    // a sum of ~N terms of size |J||v| ~ 1, so its rounding error is ~ sqrt(N) 6e-8 |terms|
    // ~ 1e-6; the tolerance 2e-5 (1 + max|grad|) leaves a margin of ~10 and is still far
    // below any real mistake (a missing transpose or phi' changes entries by O(1)).
    const double eps = 1e-4;
    double max_err = 0.0, scale = 1.0;
    for (int k = 0; k < kN; ++k) {
      VecD xp = xd, xm = xd;
      xp[k] += eps;
      xm[k] -= eps;
      const double fd = (energy_double(Jd, Wd, ud, bd, eta, h, sd, xp, phi) -
                         energy_double(Jd, Wd, ud, bd, eta, h, sd, xm, phi)) / (2 * eps);
      max_err = std::max(max_err, std::fabs(fd - static_cast<double>(grad[k])));
      scale = std::max(scale, std::fabs(fd));
    }
    EXPECT_LT(max_err, 2e-5 * scale) << "gamma " << gamma << " trial " << trial;
  }
}

}  // namespace

TEST(QuasiPotential, GradientMatchesFiniteDifferencesSymmetricPart) {
  check_gradient<ec::Tanh>(0.0f, 11u, Phi::tanh_value);
}
TEST(QuasiPotential, GradientMatchesFiniteDifferencesAsymmetricCouplings) {
  // gamma != 1: J^T != J, so using J instead of J^T would fail here.
  check_gradient<ec::Tanh>(0.5f, 12u, Phi::tanh_value);
  check_gradient<ec::Tanh>(-0.8f, 13u, Phi::tanh_value);
}
TEST(QuasiPotential, GradientMatchesFiniteDifferencesLinearActivation) {
  check_gradient<ec::Linear>(0.3f, 14u, Phi::linear_value);
}

TEST(QuasiPotential, TransposedProductOnAConstViewMatchesEigen) {
  constexpr int n = 37;  // not a multiple of anything the kernels unroll by
  static std::array<float, n * n> J{};
  ASSERT_EQ(ec::generate_couplings({1.0f, -0.4f, 5u}, J.data(), n), ec::Status::ok);
  const std::array<float, n * n>& flash = J;  // read-only, as J in flash would be
  ec::NormalStream normal(6u);
  ec::Vector<n> v, y;
  for (int i = 0; i < n; ++i) v[i] = normal.next();
  ec::detail::matvec_transposed<n>(flash.data(), v.data(), y.data(), n);
  const Eigen::VectorXd ref =
      Eigen::Map<const Eigen::Matrix<float, n, n, Eigen::RowMajor>>(flash.data()).cast<double>().transpose() *
      v.cast<double>();
  // float sums of 37 terms of size ~0.3: rounding ~ 1e-6
  EXPECT_LT((y.cast<double>() - ref).cwiseAbs().maxCoeff(), 1e-5);
}

TEST(QuasiPotential, EnergyIsHalfSquaredSpeedAndZeroAtTheNullFixedPoint) {
  static ec::CouplingMatrix<16> J;
  ASSERT_EQ(ec::generate_couplings({1.5f, 0.0f, 3u}, J), ec::Status::ok);
  ec::RateNetwork<16> net(J);
  ec::QuasiPotential<ec::RateNetwork<16>> qp;
  ec::Vector<16> x = ec::Vector<16>::Zero();
  float e = -1.0f;
  ASSERT_EQ(qp.energy(net, x, e), ec::Status::ok);
  EXPECT_EQ(e, 0.0f);  // x = 0 is a fixed point of the tanh network
  x.setConstant(0.5f);
  ASSERT_EQ(qp.energy(net, x, e), ec::Status::ok);
  ec::Euler<ec::RateNetwork<16>> euler;
  ec::Vector<16> y = x;
  ASSERT_EQ(euler.step(net, y, 1.0f), ec::Status::ok);  // y - x = v(x) for dt = 1
  EXPECT_NEAR(e, 0.5f * (y - x).squaredNorm(), 1e-5f * (1.0f + e));
  float per_neuron = 0.0f;
  ec::Vector<0> none;
  ASSERT_EQ(qp.energy_per_neuron(net, x, none, per_neuron), ec::Status::ok);
  EXPECT_FLOAT_EQ(per_neuron, e / 16.0f);
}

TEST(QuasiPotential, BadInputIsReportedAndChangesNothing) {
  static ec::CouplingMatrix<8> J;
  ASSERT_EQ(ec::generate_couplings({1.0f, 0.0f, 4u}, J), ec::Status::ok);
  ec::RateNetwork<8> net(J);
  ec::QuasiPotential<ec::RateNetwork<8>> qp;
  ec::Vector<8> x = ec::Vector<8>::Constant(0.2f), grad = ec::Vector<8>::Constant(7.0f);
  x[3] = std::nanf("");
  EXPECT_EQ(qp.gradient(net, x, grad), ec::Status::non_finite_input);
  EXPECT_TRUE((grad.array() == 7.0f).all());
  x[3] = 0.1f;
  ec::Field<ec::Vector<8>> bad{std::nanf(""), nullptr};
  EXPECT_EQ(qp.gradient(net, x, grad, bad), ec::Status::non_finite_input);
  EXPECT_EQ(qp.set_eta(-1.0f), ec::Status::invalid_argument);
  ec::RateNetwork<8> unbound;
  EXPECT_EQ(qp.gradient(unbound, x, grad), ec::Status::invalid_argument);
  x.setConstant(1e30f);  // v ~ 1e30, |v|^2 overflows
  EXPECT_EQ(qp.gradient(net, x, grad), ec::Status::non_finite_result);
}
