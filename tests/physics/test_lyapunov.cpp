// Unit tests of the Lyapunov machinery on cases with a known answer.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

// GCC 12 at -O3 (the Release build type) clones Eigen's out-of-line row-major
// matrix-vector kernel (general_matrix_vector_product::run) for the constant sizes that
// LyapunovSpectrum<RateNetwork<24>>'s J * T product (host/lyapunov_spectrum.hpp, used
// below) passes it on its one-column path (rows = cols = stride = 24), then reports
// "iteration 4611686018427387903 invokes undefined behavior" (-Waggressive-loop-
// optimizations, Eigen/src/Core/util/BlasUtil.h:193) in the kernel's scalar tail loop
// `for (; j < cols; ++j)`. That loop runs fewer times than one packet (zero for cols = 24:
// the packet loop before it ends at j = 24); GCC bounds it only by the address arithmetic
// (2^62 floats), not by j's start. A false positive inside Eigen, reproduced with Eigen
// alone (a fixed 24 x 24 or 32 x 32 row-major Map times a 24 x Dynamic matrix at -O3).
// The pragma covers only Eigen's headers, which this include brings in first; the
// warning stays on for this file and for edgechaos' headers.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Waggressive-loop-optimizations"
#endif
#include <Eigen/Eigenvalues>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

#include "edgechaos/edgechaos.hpp"
#include "edgechaos/chaos/lyapunov.hpp"
#include "edgechaos/host/lyapunov_spectrum.hpp"
#include "edgechaos/chaos/regime.hpp"

namespace ec = edgechaos;

namespace {

template <ec::TangentScheme S, int N, class Act>
double run_exponent(ec::RateNetwork<N, 0, Act>& net, ec::Vector<N>& x, float dt, int transient, int steps,
                    double* stderr_out = nullptr) {
  ec::Lyapunov<ec::RateNetwork<N, 0, Act>, S> lyap;
  for (int k = 0; k < transient; ++k) EXPECT_EQ(lyap.step(net, x, dt), ec::Status::ok);
  lyap.reset_statistics();
  for (int k = 0; k < steps; ++k) EXPECT_EQ(lyap.step(net, x, dt), ec::Status::ok);
  if (stderr_out) *stderr_out = lyap.standard_error();
  return lyap.exponent();
}

// Max Re eig(-I + J) in double: the exponent of the linear flow dx/dt = (-I + J) x.
template <int N>
double max_real_eig(const ec::CouplingMatrix<N>& J) {
  Eigen::MatrixXd A = J.template cast<double>();
  Eigen::EigenSolver<Eigen::MatrixXd> es(A, false);
  return es.eigenvalues().real().maxCoeff() - 1.0;
}

}  // namespace

// J = 0: D = -I, so the tangent shrinks by exactly (1 - dt) per Euler step and by the
// RK4 polynomial 1 - dt + dt^2/2 - dt^3/6 + dt^4/24 per RK4 step (hand computation).
TEST(Lyapunov, ZeroCouplingsGiveTheDiscreteDecayRate) {
  static ec::CouplingMatrix<16> J = ec::CouplingMatrix<16>::Zero();
  ec::RateNetwork<16> net(J);
  const float dt = 0.1f;
  const double h = static_cast<double>(dt);
  ec::Vector<16> x = ec::Vector<16>::Constant(0.3f);
  const double euler = run_exponent<ec::TangentScheme::euler>(net, x, dt, 0, 2000);
  EXPECT_NEAR(euler, std::log(1.0 - h) / h, 1e-5);  // float rounding of the renormalised vector
  x.setConstant(0.3f);
  const double rk4 = run_exponent<ec::TangentScheme::rk4>(net, x, dt, 0, 2000);
  EXPECT_NEAR(rk4, std::log(1.0 - h + h * h / 2 - h * h * h / 6 + h * h * h * h / 24) / h, 1e-5);
  EXPECT_NEAR(rk4, -1.0, 1e-5);  // RK4's local error e^-h - poly = O(h^5)/h ~ 1e-6
}

// Linear network phi(x) = x: the exponent is max Re eig(-I + J) of the same J (Eigen).
// N = 24, g = 0.9; T = 1500 after a transient of 200 (the tangent aligns with the
// leading eigenvector at rate (gap to the second eigenvalue) and the remaining bias is
// log(cond)/T ~ 1e-3); tolerance 5e-3.
TEST(Lyapunov, LinearNetworkExponentIsTheLeadingEigenvalue) {
  constexpr int N = 24;
  static ec::CouplingMatrix<N> J;
  ASSERT_EQ(ec::generate_couplings(ec::CouplingParams{0.9f, 0.0f, 11u}, J), ec::Status::ok);
  ec::RateNetwork<N, 0, ec::Linear> net(J);
  const double expected = max_real_eig<N>(J);
  for (auto scheme : {0, 1}) {
    ec::Vector<N> x = ec::Vector<N>::Constant(0.5f);
    double se = 0;
    const double got = scheme == 0 ? run_exponent<ec::TangentScheme::euler>(net, x, 0.01f, 20000, 150000, &se)
                                   : run_exponent<ec::TangentScheme::rk4>(net, x, 0.05f, 4000, 30000, &se);
    EXPECT_NEAR(got, expected, 5e-3) << "scheme " << scheme;
    EXPECT_TRUE(std::isfinite(se));
    EXPECT_LT(se, 5e-3);
  }
}

// The state advances bit for bit as the plain steppers advance it.
TEST(Lyapunov, StateTrajectoryIsTheSteppersTrajectory) {
  constexpr int N = 32;
  static ec::CouplingMatrix<N> J;
  ASSERT_EQ(ec::generate_couplings(ec::CouplingParams{2.0f, 0.0f, 3u}, J), ec::Status::ok);
  using Net = ec::RateNetwork<N>;
  Net net(J);
  ec::Vector<N> x0;
  ec::NormalStream normal(5u);
  for (int i = 0; i < N; ++i) x0[i] = normal.next();
  {
    ec::Vector<N> a = x0, b = x0;
    ec::RK4<Net> rk4;
    ec::Lyapunov<Net, ec::TangentScheme::rk4> lyap;
    for (int k = 0; k < 500; ++k) {
      ASSERT_EQ(rk4.step(net, a, 0.05f), ec::Status::ok);
      ASSERT_EQ(lyap.step(net, b, 0.05f), ec::Status::ok);
    }
    EXPECT_TRUE((a.array() == b.array()).all());
  }
  {
    ec::Vector<N> a = x0, b = x0;
    ec::Euler<Net> euler;
    ec::Lyapunov<Net, ec::TangentScheme::euler> lyap;
    for (int k = 0; k < 500; ++k) {
      ASSERT_EQ(euler.step(net, a, 0.05f), ec::Status::ok);
      ASSERT_EQ(lyap.step(net, b, 0.05f), ec::Status::ok);
    }
    EXPECT_TRUE((a.array() == b.array()).all());
  }
}

// A pure rotation: dx/dt = R x with R antisymmetric (J = I + R, phi linear) keeps every
// norm, so the exponent is exactly 0 up to the scheme's error: Euler multiplies norms by
// sqrt(1 + (w dt)^2) per step (hand computation), RK4 by 1 + O((w dt)^6).
TEST(Lyapunov, RotationHasZeroExponentAndIsPeriodic) {
  static ec::CouplingMatrix<2> J;
  const float w = 1.0f;
  J << 1.0f, -w, w, 1.0f;
  using Net = ec::RateNetwork<2, 0, ec::Linear>;
  Net net(J);
  const float dt = 0.01f;
  ec::Vector<2> x(1.0f, 0.0f);
  const double euler = run_exponent<ec::TangentScheme::euler>(net, x, dt, 0, 20000);
  EXPECT_NEAR(euler, 0.5 * std::log(1.0 + 1e-4) / 0.01, 1e-4);
  x = ec::Vector<2>(1.0f, 0.0f);
  ec::EnergyMonitor<double> monitor;
  ec::Lyapunov<Net, ec::TangentScheme::rk4> lyap;
  for (int k = 0; k < 20000; ++k) ASSERT_EQ(lyap.step(net, x, dt, monitor), ec::Status::ok);
  EXPECT_NEAR(lyap.exponent(), 0.0, 1e-4);
  const ec::RegimeEvidence e = ec::classify(monitor, lyap.exponent(), lyap.standard_error());
  EXPECT_EQ(e.regime, ec::Regime::periodic);
  EXPECT_NEAR(e.energy_mean, 0.5 * 1.0 / 2.0, 1e-3);  // |v|^2 = |x|^2 = 1, E/N = 1/4
}

// Bad input is refused and leaves the state, the tangent and the statistics as they were.
TEST(Lyapunov, BadInputLeavesEverythingUnchanged) {
  constexpr int N = 8;
  static ec::CouplingMatrix<N> J;
  ASSERT_EQ(ec::generate_couplings(ec::CouplingParams{1.5f, 0.0f, 1u}, J), ec::Status::ok);
  using Net = ec::RateNetwork<N>;
  Net net(J);
  ec::Lyapunov<Net> lyap;
  ec::Vector<N> x = ec::Vector<N>::Constant(0.2f);
  for (int k = 0; k < 25; ++k) ASSERT_EQ(lyap.step(net, x, 0.05f), ec::Status::ok);
  const ec::Vector<N> x_before = x, t_before = lyap.tangent();
  const double e_before = lyap.exponent();
  EXPECT_EQ(lyap.step(net, x, 0.0f), ec::Status::invalid_argument);
  EXPECT_EQ(lyap.step(net, x, NAN), ec::Status::invalid_argument);
  ec::Vector<N> bad = x;
  bad[3] = NAN;
  EXPECT_EQ(lyap.step(net, bad, 0.05f), ec::Status::non_finite_input);
  EXPECT_TRUE((x.array() == x_before.array()).all());
  EXPECT_TRUE((lyap.tangent().array() == t_before.array()).all());
  EXPECT_EQ(lyap.exponent(), e_before);
  EXPECT_EQ(lyap.configure(ec::LyapunovConfig{0u, 20u, 1u}), ec::Status::invalid_argument);
  EXPECT_EQ(lyap.set_tangent(ec::Vector<N>::Zero()), ec::Status::invalid_argument);
  // A trajectory that leaves the floats: linear network with a huge step.
  ec::RateNetwork<N, 0, ec::Linear> lin(J);
  ec::Lyapunov<ec::RateNetwork<N, 0, ec::Linear>> lyap2;
  ec::Vector<N> y = ec::Vector<N>::Constant(1e30f);
  const ec::Vector<N> y_before = y;
  EXPECT_EQ(lyap2.step(lin, y, 1e20f), ec::Status::non_finite_result);
  EXPECT_TRUE((y.array() == y_before.array()).all());
}

// The standard error is honest: over independent stretches of a chaotic run the
// estimates scatter by about the reported error. N = 128, g = 3 (chaotic for this seed's
// trajectory; at g = 2 small networks often sit on limit cycles, PHYSICS.md section 9,
// where consecutive batches anti-correlate and the batch error overstates the scatter).
TEST(Lyapunov, StandardErrorMatchesTheScatterOfIndependentEstimates) {
  constexpr int N = 128;
  static ec::CouplingMatrix<N> J;
  ASSERT_EQ(ec::generate_couplings(ec::CouplingParams{3.0f, 0.0f, 7u}, J), ec::Status::ok);
  using Net = ec::RateNetwork<N>;
  Net net(J);
  ec::Vector<N> x = ec::Vector<N>::Constant(0.5f);
  ec::Lyapunov<Net> lyap;
  for (int k = 0; k < 2000; ++k) ASSERT_EQ(lyap.step(net, x, 0.1f), ec::Status::ok);
  std::vector<double> est, se;
  for (int r = 0; r < 12; ++r) {
    lyap.reset_statistics();
    for (int k = 0; k < 4000; ++k) ASSERT_EQ(lyap.step(net, x, 0.1f), ec::Status::ok);
    est.push_back(lyap.exponent());
    se.push_back(lyap.standard_error());
  }
  double mean = 0, var = 0, se2 = 0;
  for (double e : est) mean += e / 12.0;
  for (std::size_t i = 0; i < est.size(); ++i) {
    var += (est[i] - mean) * (est[i] - mean) / 11.0;
    se2 += se[i] * se[i] / 12.0;
  }
  // The ratio of observed to reported variance; with 12 stretches its sampling spread
  // is about sqrt(2/11) ~ 0.43, so [0.2, 4] fails only if the error is off by > 2x.
  const double ratio = var / se2;
  EXPECT_GT(ratio, 0.2);
  EXPECT_LT(ratio, 4.0);
  EXPECT_GT(mean - 3.0 * std::sqrt(se2 / 12.0), 0.0);  // chaotic: clearly positive
}

// Fixed size, no heap, FastTanh: the Cortex-M configuration (N = 32) in the null phase,
// g = 0.5: x -> 0 where phi'(0) = 1, so the exponent is -1 + max Re eig(J) of the same J.
// T = 400 after 100 (bias log(cond)/T ~ 3e-3); tolerance 0.01.
TEST(Lyapunov, FixedSizeN32NullPhaseExponentAndRest) {
  constexpr int N = 32;
  static ec::CouplingMatrix<N> J;
  using Net = ec::RateNetwork<N, 0, ec::FastTanh>;
  ASSERT_EQ(ec::generate_couplings(ec::CouplingParams{0.5f, 0.0f, 2u}, J), ec::Status::ok);
  Net net(J);
  ec::Vector<N> x;
  ec::NormalStream normal(9u);
  for (int i = 0; i < N; ++i) x[i] = normal.next();
  ec::Lyapunov<Net> lyap;
  ec::EnergyMonitor<float> monitor;
  for (int k = 0; k < 1000; ++k) ASSERT_EQ(lyap.step(net, x, 0.1f), ec::Status::ok);
  lyap.reset_statistics();
  for (int k = 0; k < 4000; ++k) ASSERT_EQ(lyap.step(net, x, 0.1f, monitor), ec::Status::ok);
  EXPECT_NEAR(lyap.exponent(), max_real_eig<N>(J), 0.01);
  const auto e = ec::classify(monitor, lyap.exponent(), lyap.standard_error());
  EXPECT_EQ(e.regime, ec::Regime::fixed_point);
}

TEST(Regime, DivergenceAndRestWithoutAnExponent) {
  constexpr int N = 8;
  static ec::CouplingMatrix<N> J;
  ASSERT_EQ(ec::generate_couplings(ec::CouplingParams{3.0f, 1.0f, 1u}, J), ec::Status::ok);
  ec::RateNetwork<N, 0, ec::Linear> net(J);  // symmetric, g(1+gamma) = 6: runaway growth
  ec::RK4<ec::RateNetwork<N, 0, ec::Linear>> rk4;
  ec::EnergyMonitor<double> monitor;
  ec::Vector<N> x = ec::Vector<N>::Constant(1.0f);
  for (int k = 0; k < 2000; ++k) {
    if (rk4.step(net, x, 0.1f, monitor) != ec::Status::ok) {
      monitor.note_failed_step();
      break;
    }
  }
  EXPECT_EQ(ec::classify(monitor).regime, ec::Regime::divergent);
  static ec::CouplingMatrix<N> Z = ec::CouplingMatrix<N>::Zero();
  ec::RateNetwork<N> rest(Z);
  ec::RK4<ec::RateNetwork<N>> rk4b;
  ec::EnergyMonitor<double> m2;
  x.setConstant(1.0f);
  for (int k = 0; k < 1000; ++k) ASSERT_EQ(rk4b.step(rest, x, 0.1f, m2), ec::Status::ok);
  EXPECT_EQ(ec::classify(m2).regime, ec::Regime::fixed_point);
  EXPECT_STREQ(ec::to_string(ec::Regime::chaotic), "chaotic");
}

// The spectrum of a linear network: the K leading exponents are the K largest real parts
// of the eigenvalues of -I + J (a complex pair gives two equal exponents). N = 24,
// g = 0.9, K = 4, RK4 dt = 0.05, T = 1500 after 200; tolerance 5e-3 (as for the largest).
// The first exponent also agrees with the single-vector estimate.
TEST(LyapunovSpectrum, LinearNetworkSpectrumIsTheEigenvalueRealParts) {
  constexpr int N = 24;
  static ec::CouplingMatrix<N> J;
  ASSERT_EQ(ec::generate_couplings(ec::CouplingParams{0.9f, 0.0f, 11u}, J), ec::Status::ok);
  using Net = ec::RateNetwork<N, 0, ec::Linear>;
  Net net(J);
  Eigen::MatrixXd A = J.cast<double>();
  Eigen::VectorXd re = Eigen::EigenSolver<Eigen::MatrixXd>(A, false).eigenvalues().real();
  std::sort(re.data(), re.data() + re.size(), std::greater<double>());
  ec::LyapunovSpectrum<Net> spec;
  ASSERT_EQ(spec.configure(4), ec::Status::ok);
  ec::Vector<N> x = ec::Vector<N>::Constant(0.5f);
  for (int k = 0; k < 4000; ++k) ASSERT_EQ(spec.step(net, x, 0.05f), ec::Status::ok);
  spec.reset_statistics();
  for (int k = 0; k < 30000; ++k) ASSERT_EQ(spec.step(net, x, 0.05f), ec::Status::ok);
  const std::vector<double> e = spec.exponents();
  ASSERT_EQ(e.size(), 4u);
  for (int i = 0; i < 4; ++i) EXPECT_NEAR(e[static_cast<std::size_t>(i)], re[i] - 1.0, 5e-3) << "exponent " << i;
  EXPECT_EQ(spec.configure(0), ec::Status::invalid_argument);
}

// A chaotic network: one exponent of the spectrum belongs to the flow direction and is 0;
// the leading one equals the single-vector estimate on the same trajectory (same scheme,
// same steps) to the standard error. N = 128, g = 3, K = 6, 400 time units after 200.
TEST(LyapunovSpectrum, ChaoticSpectrumHasAZeroExponentAndMatchesTheLargest) {
  using Net = ec::RateNetwork<ec::Dynamic>;
  ec::CouplingMatrix<ec::Dynamic> J;
  ASSERT_EQ(ec::generate_couplings(ec::CouplingParams{3.0f, 0.0f, 7u}, J, 128), ec::Status::ok);
  Net net(J);
  ec::Vector<ec::Dynamic> x = ec::Vector<ec::Dynamic>::Constant(128, 0.5f), y;
  ec::LyapunovSpectrum<Net> spec;
  ec::Lyapunov<Net> single;
  ASSERT_EQ(spec.configure(6), ec::Status::ok);
  for (int k = 0; k < 2000; ++k) ASSERT_EQ(spec.step(net, x, 0.1f), ec::Status::ok);
  y = x;
  spec.reset_statistics();
  for (int k = 0; k < 2000; ++k) ASSERT_EQ(single.step(net, y, 0.1f), ec::Status::ok);  // align
  y = x;
  single.reset_statistics();
  for (int k = 0; k < 4000; ++k) {
    ASSERT_EQ(spec.step(net, x, 0.1f), ec::Status::ok);
    ASSERT_EQ(single.step(net, y, 0.1f), ec::Status::ok);
  }
  const std::vector<double> e = spec.exponents(), se = spec.standard_errors();
  EXPECT_GT(e[0], 5.0 * se[0]);
  EXPECT_NEAR(e[0], single.exponent(), 3.0 * (se[0] + single.standard_error()));
  bool zero_found = false;  // the flow direction: some exponent is 0 within 3 errors
  for (std::size_t i = 0; i < e.size(); ++i) zero_found = zero_found || std::fabs(e[i]) < 3.0 * se[i];
  EXPECT_TRUE(zero_found);
  // Ordered, up to the estimates' errors (close exponents may swap over finite time).
  for (std::size_t i = 1; i < e.size(); ++i) EXPECT_LE(e[i], e[i - 1] + 3.0 * (se[i] + se[i - 1])) << i;
  for (std::size_t i = 0; i < e.size(); ++i) std::printf("lambda_%zu = %.4f +- %.4f\n", i, e[i], se[i]);
}
