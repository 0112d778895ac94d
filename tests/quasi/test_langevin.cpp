// Langevin sampler: the exact low-temperature laws of PHYSICS.md section 5 in the null
// phase, fluctuation-dissipation, the stability check and bad input.
//
// The null phase g (1 + gamma) < 1 at low temperature is a Gaussian problem: near x = 0,
// phi(x) = x - x^3/3, so E = 1/2 x^T H x + O(x^4) with H = (I - J)^T (I - J). The
// Euler-Maruyama chain x' = (I - dt H) x + sqrt(2 dt T) xi then has the stationary
// covariance  Sigma = T H^-1 (I - dt H / 2)^-1  exactly (solve Sigma = A Sigma A^T + 2 dt T I
// with A = I - dt H), so for the same J, in double:
//   <E>/N      = (T / 2N) tr (I - dt H/2)^-1           -> 1/(2 beta)      as dt -> 0,
//   <|x|^2>/N  = (T / N)  tr H^-1 (I - dt H/2)^-1       -> T tr(H^-1)/N    as dt -> 0,
//   beta (q - Q) = (1/N) tr H^-1 (I - dt H/2)^-1  (phi ~ x; Q -> <x_i>^2 = 0 in the long run),
//   response (field pattern s) = (1/N) s^T H^-1 s       (the stationary mean shift H^-1 h s).
// The quartic terms correct these by O(T): relative ~ 3 T tr(H^-1)/N ~ 1e-2 at T = 2e-3.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include <Eigen/Dense>

#include "edgechaos/theory/edge.hpp"
#include "edgechaos/edgechaos.hpp"
#include "edgechaos/quasi/langevin.hpp"

namespace ec = edgechaos;

namespace {

constexpr int kN = 100;
using Net = ec::RateNetwork<kN>;

struct Expected {
  double energy, x2, fluctuation, continuum_x2;
  Eigen::MatrixXd Hinv;
};

Expected gaussian_expectations(const ec::CouplingMatrix<kN>& J, double T, double dt) {
  const Eigen::MatrixXd A = Eigen::MatrixXd::Identity(kN, kN) - J.cast<double>();
  const Eigen::MatrixXd H = A.transpose() * A;
  const Eigen::MatrixXd I = Eigen::MatrixXd::Identity(kN, kN);
  const Eigen::MatrixXd K = (I - 0.5 * dt * H).inverse();
  Expected e;
  e.Hinv = H.inverse();
  e.energy = T / 2.0 * K.trace() / kN;
  e.x2 = T * (e.Hinv * K).trace() / kN;
  e.fluctuation = (e.Hinv * K).trace() / kN;
  e.continuum_x2 = T * e.Hinv.trace() / kN;
  return e;
}

}  // namespace

// N = 100, beta = 500 (T = 2e-3), dt = 0.02, R = 4 replicas, annealed from beta0 = 1 over
// 2000 steps (40 time units; the slowest mode of H relaxes in 1/lambda_min(H) ~ 4), then
// 20000 measured steps (400 time units) in 20 blocks. Two symmetry degrees, both null phase.
// Tolerances: 4 standard errors (from the block means) plus 1.5% for the quartic terms.
// Normal: the noise stream (NormalStream, version 1; FloatNormalStream, version 2, below).
template <class Normal>
void check_null_phase(float gamma) {
  const float g = 0.5f;
  static ec::CouplingMatrix<kN> J;
  ASSERT_EQ(ec::generate_couplings({g, gamma, 31u}, J), ec::Status::ok);
  Net net(J);
  static ec::LangevinSampler<Net, 4, double, Normal> sampler;
  ec::LangevinConfig c;
  c.beta = 500.0f;
  c.beta0 = 1.0f;
  c.dt = 0.02f;
  c.anneal_steps = 2000;
  c.measure_steps = 20000;
  c.blocks = 20;
  c.seed = 32u;
  ASSERT_EQ(sampler.configure(net, c), ec::Status::ok);
  ec::LangevinResult r;
  ASSERT_EQ(sampler.run(net, r), ec::Status::ok);
  const double T = 1.0 / c.beta;
  const Expected e = gaussian_expectations(J, T, c.dt);
  std::printf("gamma %.2f: <E>/N %.6g +- %.2g (exact discrete %.6g, 1/(2 beta) %.6g)\n", gamma, r.energy_per_neuron,
              r.energy_err, e.energy, 0.5 * T);
  std::printf("           <x^2>/N %.6g +- %.2g (exact discrete %.6g, T tr(H^-1)/N %.6g, T Q(g,gamma) %.6g)\n",
              r.x2, r.x2_err, e.x2, e.continuum_x2, T * ec::theory::null_susceptibility(g, gamma));
  EXPECT_NEAR(r.energy_per_neuron, e.energy, 4 * r.energy_err + 0.015 * e.energy);
  EXPECT_NEAR(r.x2, e.x2, 4 * r.x2_err + 0.015 * e.x2);
  // The continuum laws: per mode of curvature h the chain gives <E> = (T/2) / (1 - dt h/2), so
  // dt shifts <E>/N up by dt tr(H)/(2N) relative: about 1.25% here (tr H / N ~ 1 + g^2).
  EXPECT_NEAR(r.energy_per_neuron, 0.5 * T, 4 * r.energy_err + 0.025 * 0.5 * T);
  EXPECT_NEAR(r.x2, e.continuum_x2, 4 * r.x2_err + 0.025 * e.continuum_x2);
  // Large-N theory: tr(H^-1)/N -> Q(g, gamma); at N = 100 the finite-size spread of the
  // trace is several percent, so 10% here (the sampler is already tied to the exact trace).
  EXPECT_NEAR(r.x2 / T, ec::theory::null_susceptibility(g, gamma), 0.10 * ec::theory::null_susceptibility(g, gamma));
}

class NullPhase : public ::testing::TestWithParam<float> {};

TEST_P(NullPhase, EquipartitionAndActivityMatchTheGaussianLaws) { check_null_phase<ec::NormalStream>(GetParam()); }

// The same laws, the same tolerances, with the single-precision stream (gamma = 0).
TEST(Langevin, FloatNormalStreamSamplesTheSameGaussianLaws) { check_null_phase<ec::FloatNormalStream>(0.0f); }

// Fluctuation-dissipation: beta (q - Q) against the finite-difference response, h = 0.01
// with random sign patterns, R = 8, same N, beta, dt and run length as above. The response
// to pattern s is (1/N) s^T H^-1 s, the fluctuation (1/N) tr H^-1 (I - dt H/2)^-1: they
// differ by the cross-correlation term (1/N) sum_{i != j} s_i s_j (H^-1)_ij, zero on average
// over patterns but O(N^-1/2 R^-1/2) for these 8 patterns. The test checks each against its
// exact value and their difference against the exact cross term, within 4 standard errors
// plus 2% (quartic terms and the O(h^2) of the finite difference, ~1e-4).
TEST(Langevin, FluctuationEqualsResponseInTheNullPhase) {
  const float g = 0.5f, gamma = 0.3f;
  static ec::CouplingMatrix<kN> J;
  ASSERT_EQ(ec::generate_couplings({g, gamma, 41u}, J), ec::Status::ok);
  Net net(J);
  static ec::LangevinSampler<Net, 8> sampler;
  ec::LangevinConfig c;
  c.beta = 500.0f;
  c.dt = 0.02f;
  c.anneal_steps = 2000;
  c.measure_steps = 20000;
  c.field = 0.01f;
  c.seed = 42u;
  ASSERT_EQ(sampler.configure(net, c), ec::Status::ok);
  ec::LangevinResult r;
  ASSERT_EQ(sampler.run(net, r), ec::Status::ok);
  const Expected e = gaussian_expectations(J, 1.0 / c.beta, c.dt);
  double response = 0.0;
  for (int a = 0; a < 8; ++a) {
    const Eigen::VectorXd s = sampler.pattern(a).cast<double>();
    response += s.dot(e.Hinv * s) / kN / 8.0;
  }
  std::printf("fluctuation beta(q-Q) %.5g +- %.2g (exact %.5g); response %.5g +- %.2g (exact %.5g); Q(g,gamma) %.5g\n",
              r.fluctuation, r.fluctuation_err, e.fluctuation, r.response, r.response_err, response,
              ec::theory::null_susceptibility(g, gamma));
  EXPECT_NEAR(r.fluctuation, e.fluctuation, 4 * r.fluctuation_err + 0.02 * e.fluctuation);
  EXPECT_NEAR(r.response, response, 4 * r.response_err + 0.02 * response);
  const double combined = std::sqrt(r.fluctuation_err * r.fluctuation_err + r.response_err * r.response_err);
  EXPECT_NEAR(r.response - r.fluctuation, response - e.fluctuation, 4 * combined + 0.02 * e.fluctuation);
  // q and Q themselves: Q is the overlap of independent replicas, ~0 here; q ~ <x^2>.
  EXPECT_LT(std::fabs(r.Q), 0.1 * r.q);
}

INSTANTIATE_TEST_SUITE_P(Gamma, NullPhase, ::testing::Values(0.0f, 0.4f));

// dt against the stability bound: the estimate of sigma_max(M0), M0 = -I + J, is checked
// against Eigen's SVD (power iteration approaches it from below; 30 iterations get within
// a few percent for these spectra), and a dt beyond 2 / sigma^2 is refused.
TEST(Langevin, StepTooLargeIsRefusedAndSigmaEstimateIsClose) {
  static ec::CouplingMatrix<kN> J;
  ASSERT_EQ(ec::generate_couplings({1.2f, 0.0f, 51u}, J), ec::Status::ok);
  Net net(J);
  const Eigen::MatrixXd M0 = J.cast<double>() - Eigen::MatrixXd::Identity(kN, kN);
  const double sigma = Eigen::JacobiSVD<Eigen::MatrixXd>(M0).singularValues()[0];
  static ec::LangevinSampler<Net, 2> sampler;
  ec::LangevinConfig c;
  c.dt = 0.01f;
  ASSERT_EQ(sampler.configure(net, c), ec::Status::ok);
  EXPECT_LE(sampler.sigma_max(), sigma * 1.0001);
  EXPECT_GT(sampler.sigma_max(), sigma * 0.95);
  c.dt = static_cast<float>(2.05 / (sigma * sigma));
  EXPECT_EQ(sampler.configure(net, c), ec::Status::step_too_large);
  c.dt = static_cast<float>(0.9 / (sigma * sigma));
  EXPECT_EQ(sampler.configure(net, c), ec::Status::ok);
}

TEST(Langevin, BadInputReportsAStatusAndLeavesTheReplicasUnchanged) {
  constexpr int n = 16;
  using NetIn = ec::RateNetwork<n, 2>;
  static ec::CouplingMatrix<n> J;
  static float W[n * 2];
  ASSERT_EQ(ec::generate_couplings({0.8f, 0.0f, 61u}, J), ec::Status::ok);
  ASSERT_EQ(ec::generate_input_weights(1.0f, 62u, W, n, 2), ec::Status::ok);
  NetIn net(J);
  ASSERT_EQ(net.set_input_weights(W), ec::Status::ok);
  ec::LangevinSampler<NetIn, 2> sampler;
  ec::LangevinConfig c;
  c.dt = 0.01f;
  c.field = 0.01f;
  ASSERT_EQ(sampler.configure(net, c), ec::Status::ok);
  ec::Vector<2> u(0.5f, std::nanf(""));
  const ec::Vector<n> before = sampler.replica(0);
  EXPECT_EQ(sampler.step(net, u, 10.0f), ec::Status::non_finite_input);
  EXPECT_TRUE((sampler.replica(0).array() == before.array()).all());
  u[1] = 0.2f;
  EXPECT_EQ(sampler.step(net, u, std::nanf("")), ec::Status::invalid_argument);
  EXPECT_EQ(sampler.step(net, u, -1.0f), ec::Status::invalid_argument);
  ec::Vector<n> huge = ec::Vector<n>::Constant(1e30f);
  ASSERT_EQ(sampler.set_replica(1, huge), ec::Status::ok);
  const ec::Vector<n> r0 = sampler.replica(0);
  EXPECT_EQ(sampler.step(net, u, 10.0f), ec::Status::non_finite_result);
  EXPECT_TRUE((sampler.replica(0).array() == r0.array()).all());  // replica 0 stepped fine but was rolled back
  EXPECT_TRUE((sampler.replica(1).array() == huge.array()).all());
  huge[3] = std::nanf("");
  EXPECT_EQ(sampler.set_replica(1, huge), ec::Status::non_finite_input);
  c.beta = -1.0f;
  EXPECT_EQ(sampler.configure(net, c), ec::Status::invalid_argument);
  // a good step after all that still works, and identical seeds give identical runs
  ASSERT_EQ(sampler.set_replica(1, r0), ec::Status::ok);
  EXPECT_EQ(sampler.step(net, u, 10.0f), ec::Status::ok);
}

TEST(Langevin, SameSeedSameRun) {
  static ec::CouplingMatrix<kN> J;
  ASSERT_EQ(ec::generate_couplings({0.9f, 0.2f, 71u}, J), ec::Status::ok);
  Net net(J);
  ec::LangevinConfig c;
  c.measure_steps = 400;
  c.anneal_steps = 100;
  c.field = 0.01f;
  static ec::LangevinSampler<Net, 2> a, b;
  ASSERT_EQ(a.configure(net, c), ec::Status::ok);
  ASSERT_EQ(b.configure(net, c), ec::Status::ok);
  ec::LangevinResult ra, rb;
  ASSERT_EQ(a.run(net, ra), ec::Status::ok);
  ASSERT_EQ(b.run(net, rb), ec::Status::ok);
  EXPECT_EQ(ra.energy_per_neuron, rb.energy_per_neuron);
  EXPECT_EQ(ra.response, rb.response);
  EXPECT_TRUE((a.replica(1).array() == b.replica(1).array()).all());
}

// The shared-J batch (BatchFrom = 1: always) against the replicas one at a time through
// QuasiPotential::gradient (kNeverBatch, the Cortex-M default): every replica, response
// copy and estimate bit for bit. N = 37 (a tail of one row after the blocks of four, tail
// columns in the products), two inputs and a bias, R = 3, field on, 60 annealing and 120
// measured steps; the same with N = 37 at run time. And the host default (batched from
// N = 256) decides at run time by size: a run-time N = 258 network batched by default
// against the same never batched.
template <class NetT, int BatchFrom = 1>
void expect_batched_equals_unbatched(NetT& net) {
  ec::LangevinConfig c;
  c.beta = 50.0f;
  c.beta0 = 2.0f;
  c.dt = 0.01f;
  c.anneal_steps = 60;
  c.measure_steps = 120;
  c.blocks = 4;
  c.field = 0.05f;
  c.eta = 0.01f;
  c.seed = 91u;
  static ec::Vector<2> u(0.3f, -0.7f);
  ec::LangevinSampler<NetT, 3, double, ec::NormalStream, BatchFrom> batched;
  ec::LangevinSampler<NetT, 3, double, ec::NormalStream, ec::kNeverBatch> single;
  ASSERT_EQ(batched.configure(net, c), ec::Status::ok);
  ASSERT_EQ(single.configure(net, c), ec::Status::ok);
  ec::LangevinResult rb, rs;
  ASSERT_EQ(batched.run(net, u, rb), ec::Status::ok);
  ASSERT_EQ(single.run(net, u, rs), ec::Status::ok);
  for (int a = 0; a < 3; ++a) EXPECT_TRUE((batched.replica(a).array() == single.replica(a).array()).all()) << a;
  for (double ec::LangevinResult::*f :
       {&ec::LangevinResult::energy_per_neuron, &ec::LangevinResult::x2, &ec::LangevinResult::q,
        &ec::LangevinResult::Q, &ec::LangevinResult::fluctuation, &ec::LangevinResult::response,
        &ec::LangevinResult::e_v, &ec::LangevinResult::sigma_xphi, &ec::LangevinResult::r,
        &ec::LangevinResult::R, &ec::LangevinResult::response_err}) {
    EXPECT_EQ(rb.*f, rs.*f);
  }
  EXPECT_NE(rb.response, 0.0);  // the response copies ran
}

TEST(Langevin, BatchedReplicasAreBitIdenticalToOneAtATime) {
  constexpr int n = 37;
  static ec::CouplingMatrix<n> J;
  static float W[n * 2];
  static ec::Vector<n> b;
  ASSERT_EQ(ec::generate_couplings({1.3f, 0.3f, 93u}, J), ec::Status::ok);
  ASSERT_EQ(ec::generate_input_weights(1.0f, 94u, W, n, 2), ec::Status::ok);
  ec::NormalStream bias(95u);
  for (int i = 0; i < n; ++i) b[i] = 0.1f * bias.next();
  ec::RateNetwork<n, 2> net(J);
  ASSERT_EQ(net.set_input_weights(W), ec::Status::ok);
  ASSERT_EQ(net.set_bias(b), ec::Status::ok);
  expect_batched_equals_unbatched(net);

  ec::RateNetwork<ec::Dynamic, ec::Dynamic> dyn;
  ASSERT_EQ(dyn.bind(J.data(), n), ec::Status::ok);
  ASSERT_EQ(dyn.set_input_weights(W, 2), ec::Status::ok);
  ASSERT_EQ(dyn.set_bias(ec::Vector<ec::Dynamic>(b)), ec::Status::ok);
  expect_batched_equals_unbatched(dyn);

  constexpr int big = 258;  // 258 % 4 = 2 rows and 258 % 8 = 2 columns after the blocks
  static float Jbig[big * big], Wbig[big * 2];
  ASSERT_EQ(ec::generate_couplings({1.3f, 0.3f, 96u}, Jbig, big), ec::Status::ok);
  ASSERT_EQ(ec::generate_input_weights(1.0f, 97u, Wbig, big, 2), ec::Status::ok);
  ec::RateNetwork<ec::Dynamic, ec::Dynamic> large;
  ASSERT_EQ(large.bind(Jbig, big), ec::Status::ok);
  ASSERT_EQ(large.set_input_weights(Wbig, 2), ec::Status::ok);
  static_assert(ec::kBatchReplicasFrom <= big, "the host default batches this size");
  expect_batched_equals_unbatched<ec::RateNetwork<ec::Dynamic, ec::Dynamic>, ec::kBatchReplicasFrom>(large);
}
