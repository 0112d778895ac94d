// The replica-symmetric theory (theory/replica.hpp) against the Langevin sampler of the same
// measure exp(-beta E) (quasi/langevin.hpp), which reports the same field names.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "edgechaos/edgechaos.hpp"
#include "edgechaos/quasi/langevin.hpp"
#include "edgechaos/theory/replica.hpp"

namespace ec = edgechaos;
namespace th = edgechaos::theory;

namespace {

struct Measured {
  double q = 0, Q = 0, x2 = 0, e_v = 0, sigma_xphi = 0, r = 0, R = 0;
  double q_err = 0, x2_err = 0, e_v_err = 0, sigma_err = 0;
};

// Seed averages (errors: the block standard errors combined over seeds).
Measured sample(double g, double gamma, double beta, double eta, int n, unsigned seeds, std::uint32_t measure) {
  Measured m;
  for (unsigned seed = 1; seed <= seeds; ++seed) {
    ec::CouplingMatrix<ec::Dynamic> J;
    EXPECT_EQ(ec::generate_couplings(ec::CouplingParams{static_cast<float>(g), static_cast<float>(gamma), 100u + seed}, J, n),
              ec::Status::ok);
    ec::RateNetwork<ec::Dynamic> net;
    EXPECT_EQ(net.bind(J.data(), n), ec::Status::ok);
    ec::LangevinSampler<ec::RateNetwork<ec::Dynamic>, 4> sampler;
    ec::LangevinConfig c;
    c.beta = static_cast<float>(beta);
    c.beta0 = 1.0f;
    c.dt = 0.0025f;
    c.anneal_steps = 8000;
    c.measure_steps = measure;
    c.blocks = 20;
    c.field = 0.0f;
    c.eta = static_cast<float>(eta);
    c.seed = 200u + seed;
    EXPECT_EQ(sampler.configure(net, c), ec::Status::ok);
    ec::LangevinResult r;
    EXPECT_EQ(sampler.run(net, r), ec::Status::ok);
    const double k = 1.0 / seeds;
    m.q += k * r.q;
    m.Q += k * r.Q;
    m.x2 += k * r.x2;
    m.e_v += k * r.e_v;
    m.sigma_xphi += k * r.sigma_xphi;
    m.r += k * r.r;
    m.R += k * r.R;
    m.q_err += k * k * r.q_err * r.q_err;
    m.x2_err += k * k * r.x2_err * r.x2_err;
    m.e_v_err += k * k * r.e_v_err * r.e_v_err;
    m.sigma_err += k * k * r.sigma_xphi_err * r.sigma_xphi_err;
    std::printf("  seed %u: q %.5f Q %.5f x2 %.5f 2 beta e_v %.5f sigma_xphi %.5f r %.5f R %.5f\n", seed, r.q, r.Q, r.x2,
                2 * beta * r.e_v, r.sigma_xphi, r.r, r.R);
  }
  m.q_err = std::sqrt(m.q_err);
  m.x2_err = std::sqrt(m.x2_err);
  m.e_v_err = std::sqrt(m.e_v_err);
  m.sigma_err = std::sqrt(m.sigma_err);
  return m;
}

}  // namespace

// Null phase at gamma = 0.5 (g = 0.5, beta = 10): the theory is exact as N grows. Sampler:
// N = 400, 2 seeds (J seeds 101, 102), R = 4 replicas, dt = 0.0025 (stability bound
// 2/sigma_max^2 ~ 0.56), annealed from beta0 = 1 over 8000 steps (20 time units; the slowest
// mode of H relaxes in ~1/lambda_min(H) ~ 4), then 60000 steps (150 time units) in 20 blocks.
// Measured with longer runs (200000 steps, 2 seeds): beta q, beta <x^2> sit 0.5 % below the
// theory and 2 beta e_v 0.2 % below (finite N and dt: O(1/N) = 0.25 %, O(dt tr H/N)); the
// statistical error of these runs is ~0.4 %. Tolerances (the issue's): beta q, beta <x^2>,
// beta sigma_xphi within 2 %, 2 beta e_v within 1 %, |Q| < 0.01; r within 2 %, |R| < 0.01 r.
// The fluctuation-response
// relation sigma_xphi = (r - R)(1 + beta g^2 (q - Q)(1 + gamma))/sqrt(beta), with every
// quantity measured by the sampler, within 2 %. About 40 s of CPU.
TEST(ReplicaVsLangevin, NullPhaseGammaHalf) {
  const double g = 0.5, gamma = 0.5, beta = 10.0;
  th::ReplicaOptions o;
  o.general = false;
  const th::ReplicaSolution t = th::solve_replica({g, gamma, beta, 0.0}, o);
  ASSERT_TRUE(t.converged);
  const Measured m = sample(g, gamma, beta, 0.0, 400, 2, 60000);
  const double relation = (m.r - m.R) * (1.0 + beta * g * g * (m.q - m.Q) * (1.0 + gamma)) / std::sqrt(beta);
  std::printf("theory:  beta q %.5f beta x2 %.5f 2 beta e_v %.5f beta sigma_xphi %.5f sqrt(beta) r %.5f\n", beta * t.q,
              beta * t.x2, 2 * beta * t.e_v, beta * t.sigma_xphi, std::sqrt(beta) * t.r);
  std::printf("sampler: beta q %.5f(%.5f) beta x2 %.5f(%.5f) 2 beta e_v %.5f(%.5f) beta sigma_xphi %.5f(%.5f) sqrt(beta) r "
              "%.5f, Q %.5f; relation from sampled r, R, q, Q: beta sigma_xphi = %.5f\n",
              beta * m.q, beta * m.q_err, beta * m.x2, beta * m.x2_err, 2 * beta * m.e_v, 2 * beta * m.e_v_err,
              beta * m.sigma_xphi, beta * m.sigma_err, std::sqrt(beta) * m.r, m.Q, beta * relation);
  EXPECT_NEAR(m.q / t.q, 1.0, 0.02);
  EXPECT_NEAR(m.x2 / t.x2, 1.0, 0.02);
  EXPECT_NEAR(m.sigma_xphi / t.sigma_xphi, 1.0, 0.02);
  EXPECT_NEAR(m.e_v / t.e_v, 1.0, 0.01);
  EXPECT_LT(std::fabs(m.Q), 0.01);
  // the response overlaps: r = -sqrt(beta) <v.phi>/N against the theory (measured 0.15 %
  // apart), R (a != b) zero on the symmetric branch
  EXPECT_NEAR(m.r / t.r, 1.0, 0.02);
  EXPECT_LT(std::fabs(m.R), 0.01 * t.r);
  EXPECT_NEAR(relation / m.sigma_xphi, 1.0, 0.02);
}

// Active phase at gamma = 0.5 (g = 1.5, g (1 + gamma) = 2.25), beta = 3, eta = 0.2. At beta = 10
// the active-phase replicas need more than 200000 steps to decorrelate (docs/replica.md: Q up
// to 0.019 after 200000 steps), too long for a ctest; at beta = 3 with a weak confinement they
// mix in the run below. Same N, seeds, replicas, dt, annealing and run length as above. Measured
// with 100000-step runs: beta q, beta x2, beta sigma_xphi within 1 % of the theory, 2 beta e_v
// 0.4-0.6 % above it. Tolerances as above. About 40 s of CPU.
TEST(ReplicaVsLangevin, ActivePhaseGammaHalf) {
  const double g = 1.5, gamma = 0.5, beta = 3.0, eta = 0.2;
  th::ReplicaOptions o;
  o.general = false;
  const th::ReplicaSolution t = th::solve_replica({g, gamma, beta, eta}, o);
  ASSERT_TRUE(t.converged);
  const Measured m = sample(g, gamma, beta, eta, 400, 2, 60000);
  std::printf("theory:  q %.5f x2 %.5f 2 beta e_v %.5f sigma_xphi %.5f r %.5f\n", t.q, t.x2, 2 * beta * t.e_v, t.sigma_xphi, t.r);
  std::printf("sampler: q %.5f(%.5f) x2 %.5f(%.5f) 2 beta e_v %.5f(%.5f) sigma_xphi %.5f(%.5f) r %.5f R %.5f Q %.5f\n", m.q,
              m.q_err, m.x2, m.x2_err, 2 * beta * m.e_v, 2 * beta * m.e_v_err, m.sigma_xphi, m.sigma_err, m.r, m.R, m.Q);
  EXPECT_NEAR(m.q / t.q, 1.0, 0.02);
  EXPECT_NEAR(m.x2 / t.x2, 1.0, 0.02);
  EXPECT_NEAR(m.sigma_xphi / t.sigma_xphi, 1.0, 0.02);
  EXPECT_NEAR(m.e_v / t.e_v, 1.0, 0.01);
  EXPECT_LT(std::fabs(m.Q), 0.01);
  EXPECT_NEAR(m.r / t.r, 1.0, 0.02);
}
