// The quasi-potential (quasi_potential.hpp), the Langevin sampler (langevin.hpp) and the
// fixed-point finder (fixed_point_finder.hpp) on the target at N = 32, tanh, fixed sizes (no heap:
// the image's fw_noheap check). PHYSICS.md sections 5 and 6. Expected values come from an
// independent double-precision energy and its finite differences, from the exact Gaussian
// law of the Euler-Maruyama chain near x = 0, and from v(x*) recomputed in double.
#include <cmath>
#include <cstring>

#include "cortexm/console.hpp"
#include "edgechaos/edgechaos.hpp"
#include "edgechaos/quasi/fixed_point_finder.hpp"
#include "edgechaos/quasi/langevin.hpp"
#include "edgechaos/quasi/quasi_potential.hpp"
#include "ectest.hpp"

namespace ec = edgechaos;

namespace {

constexpr int kN = 32;
using Net = ec::RateNetwork<kN>;
using State = ec::Vector<kN>;

float g_J[kN * kN];
double g_M[kN * kN];  // double work matrices for the expected values
double g_H[kN * kN];
ec::QuasiPotential<Net> g_qp;
ec::LangevinSampler<Net, 2> g_sampler;
ec::FixedPointFinder<Net, 8> g_finder;  // fixed N: LU without workspace, power-iteration stability

bool same_bits(const State& a, const State& b) { return std::memcmp(a.data(), b.data(), sizeof(float) * kN) == 0; }

// E(x) = 1/2 |-x + J tanh(x) + b|^2 + eta |x|^2 - h sum_i s_i tanh(x_i), written directly
// from PHYSICS.md section 5 in double (newlib's tanh).
double energy_double(const double* x, const float* b, double eta, double h, const State& s) {
  double e = 0.0;
  for (int i = 0; i < kN; ++i) {
    double v = -x[i] + static_cast<double>(b[i]);
    for (int j = 0; j < kN; ++j) v += static_cast<double>(g_J[i * kN + j]) * std::tanh(x[j]);
    e += 0.5 * v * v + eta * x[i] * x[i] - h * static_cast<double>(s[i]) * std::tanh(x[i]);
  }
  return e;
}

// |v(x)|^2 / (2N) with v = -x + J tanh(x), in double from the float point.
double energy_per_neuron_double(const State& x) {
  double e = 0.0;
  for (int i = 0; i < kN; ++i) {
    double v = -static_cast<double>(x[i]);
    for (int j = 0; j < kN; ++j) v += static_cast<double>(g_J[i * kN + j]) * std::tanh(static_cast<double>(x[j]));
    e += v * v;
  }
  return e / (2.0 * kN);
}

}  // namespace

// The analytic gradient (one product with J, one with J^T) against central differences of
// energy_double. N = 32, g = 1.3, gamma = 0.5 (J^T != J: a missing transpose shows), bias
// b_i ~ 0.3 N(0,1), eta = 0.1, field h = 0.05 with a +-1 pattern, three states x_i ~ 1.5
// N(0,1). Step 1e-4: truncation ~ eps^2 |E'''| ~ 1e-7, rounding ~ 1e-16 |E| / eps ~ 1e-11.
// The float gradient's own rounding: sums of ~N terms of size |J||v| ~ 1, ~ sqrt(N) 6e-8
// ~ 1e-6 relative. Tolerance 2e-5 (1 + max |dE/dx|), as on the host: a missing phi' or
// transpose changes entries by O(1).
EC_TEST(quasi_gradient_matches_central_differences_in_double) {
  EC_CHECK(ec::generate_couplings({1.3f, 0.5f, 12u}, g_J, kN) == ec::Status::ok);
  Net net(g_J);
  ec::NormalStream normal(14u);
  State b, s, x, grad;
  for (int i = 0; i < kN; ++i) b[i] = 0.3f * normal.next();
  for (int i = 0; i < kN; ++i) s[i] = normal.next() > 0.0f ? 1.0f : -1.0f;
  EC_CHECK(net.set_bias(b) == ec::Status::ok);
  const float eta = 0.1f, h = 0.05f;
  EC_CHECK(g_qp.set_eta(eta) == ec::Status::ok);
  const ec::Field<State> field{h, &s};
  const double eps = 1e-4;
  double worst = 0.0;
  for (int trial = 0; trial < 3; ++trial) {
    for (int i = 0; i < kN; ++i) x[i] = 1.5f * normal.next();
    EC_CHECK(g_qp.gradient(net, x, grad, field) == ec::Status::ok);
    double xd[kN];
    for (int i = 0; i < kN; ++i) xd[i] = x[i];
    // the reported energy has no field term
    const double e_ref = energy_double(xd, b.data(), eta, 0.0, s);
    EC_CHECK_NEAR(g_qp.last_energy(), e_ref, 1e-5 * (1.0 + e_ref));
    double max_err = 0.0, scale = 1.0;
    for (int k = 0; k < kN; ++k) {
      const double keep = xd[k];
      xd[k] = keep + eps;
      const double ep = energy_double(xd, b.data(), eta, h, s);
      xd[k] = keep - eps;
      const double em = energy_double(xd, b.data(), eta, h, s);
      xd[k] = keep;
      const double fd = (ep - em) / (2.0 * eps);
      max_err = std::fmax(max_err, std::fabs(fd - static_cast<double>(grad[k])));
      scale = std::fmax(scale, std::fabs(fd));
    }
    EC_CHECK(max_err < 2e-5 * scale);
    worst = std::fmax(worst, max_err / scale);
  }
  EC_CHECK(g_qp.set_eta(0.0f) == ec::Status::ok);
  cortexm::put("  gradient: worst |analytic - central difference| / scale ");
  cortexm::put_sci(static_cast<float>(worst), 3);
  cortexm::newline();
}

// Equipartition in the null phase: N = 32, g = 0.5, gamma = 0, J seed 31. Near x = 0,
// E = 1/2 x^T H x + O(x^4) with H = (I - J)^T (I - J), and the Euler-Maruyama chain
// x' = (I - dt H) x + sqrt(2 dt T) xi has the exact stationary law (solve Sigma = A Sigma A^T
// + 2 dt T I, A = I - dt H)
//   <E>/N = (T / 2N) tr (I - dt H/2)^-1 = (T/2) (1 + a t1 + a^2 t2 + a^3 t3 + ...),
// a = dt/2, t_k = tr(H^k)/N, computed here in double; the next term is below
// (a lambda_max(H))^4 ~ (0.025 * 4)^4 = 1e-4. beta = 1000 (T = 1e-3), dt = 0.05, R = 2 replicas
// started at x ~ N(0, T), 400 steps (20 time units, several relaxation times
// 1/lambda_min(H)) at beta before 12000 measured steps (600 time units) in 20 blocks.
// Tolerances: 4 standard errors from the sampler's block means, plus 1% of T/2 for the
// quartic terms of E (relative ~ 3 T tr(H^-1)/N ~ 0.4%, as the host tests quantify). The
// continuum law 1/(2 beta) is checked with the O(dt) shift a t1 ~ 3% added to the tolerance.
EC_TEST(langevin_equipartition_in_the_null_phase) {
  EC_CHECK(ec::generate_couplings({0.5f, 0.0f, 31u}, g_J, kN) == ec::Status::ok);
  const Net net(g_J);
  ec::LangevinConfig c;
  c.beta = 1000.0f;
  c.beta0 = 1000.0f;
  c.dt = 0.05f;
  c.anneal_steps = 400;
  c.measure_steps = 12000;
  c.blocks = 20;
  c.init_scale = std::sqrt(1.0f / c.beta);
  c.seed = 32u;
  EC_CHECK(g_sampler.configure(net, c) == ec::Status::ok);
  ec::LangevinResult r;
  EC_CHECK(g_sampler.run(net, r) == ec::Status::ok);
  EC_CHECK(r.steps == 12400u);

  // H = M^T M, M = I - J; t1 = tr H / N, t2 = |H|_F^2 / N, t3 = sum_ij (H^2)_ij H_ij / N.
  for (int i = 0; i < kN; ++i)
    for (int j = 0; j < kN; ++j) g_M[i * kN + j] = (i == j ? 1.0 : 0.0) - static_cast<double>(g_J[i * kN + j]);
  for (int i = 0; i < kN; ++i) {
    for (int j = 0; j < kN; ++j) {
      double sum = 0.0;
      for (int k = 0; k < kN; ++k) sum += g_M[k * kN + i] * g_M[k * kN + j];
      g_H[i * kN + j] = sum;
    }
  }
  double t1 = 0.0, t2 = 0.0, t3 = 0.0;
  for (int i = 0; i < kN; ++i) {
    t1 += g_H[i * kN + i];
    for (int j = 0; j < kN; ++j) {
      t2 += g_H[i * kN + j] * g_H[i * kN + j];
      double h2 = 0.0;
      for (int k = 0; k < kN; ++k) h2 += g_H[i * kN + k] * g_H[k * kN + j];
      t3 += h2 * g_H[i * kN + j];
    }
  }
  t1 /= kN;
  t2 /= kN;
  t3 /= kN;
  const double T = 1.0 / static_cast<double>(c.beta);
  const double a = 0.5 * static_cast<double>(c.dt);
  const double exact = 0.5 * T * (1.0 + a * t1 + a * a * t2 + a * a * a * t3);
  EC_CHECK(r.energy_err > 0.0);
  EC_CHECK_NEAR(r.energy_per_neuron, exact, 4.0 * r.energy_err + 0.01 * 0.5 * T);
  EC_CHECK_NEAR(r.energy_per_neuron, 0.5 * T, 4.0 * r.energy_err + 0.01 * 0.5 * T + (exact - 0.5 * T));
  // The error bar is a real resolution (about 1% of T/2 at this run length; the O(dt) shift
  // a t1 ~ 3% is then resolved at about 3 standard errors), not a tolerance-swallowing one.
  EC_CHECK(r.energy_err < 0.02 * 0.5 * T);
  cortexm::put("  <E>/N ");
  cortexm::put_sci(static_cast<float>(r.energy_per_neuron), 5);
  cortexm::put(" +- ");
  cortexm::put_sci(static_cast<float>(r.energy_err), 2);
  cortexm::put(", discrete Gaussian law ");
  cortexm::put_sci(static_cast<float>(exact), 5);
  cortexm::put(", 1/(2 beta) ");
  cortexm::put_sci(static_cast<float>(0.5 * T), 5);
  cortexm::newline();
}

// Symmetric J (gamma = 1), g = 1.5: the noiseless flow has a Lyapunov function (Hopfield),
// so the starts taken along one trajectory (flow_steps = 40, 4 time units apart) lie in the
// basins of fixed points, and g (1 + gamma) = 3 > 1 puts nontrivial ones there. Every point
// reported must have E/N < 1e-10 (the finder's tolerance |v|/sqrt(N) < 2e-6 means E/N
// < 2e-12), checked with v recomputed in double from the float point: a float-accurate
// fixed point has |v_i| ~ 1e-7, E/N ~ 1e-14.
EC_TEST(fixed_points_of_a_symmetric_network_have_zero_energy) {
  EC_CHECK(ec::generate_couplings({1.5f, 1.0f, 21u}, g_J, kN) == ec::Status::ok);
  const Net net(g_J);
  ec::FixedPointConfig c;
  c.flow_steps = 40;
  EC_CHECK(g_finder.configure(net, c) == ec::Status::ok);
  const ec::Status s = g_finder.search(net, 6);
  EC_CHECK(s == ec::Status::ok || s == ec::Status::capacity_exceeded);
  EC_CHECK(g_finder.size() >= 1);
  int nontrivial = 0;
  double worst = 0.0;
  for (int k = 0; k < g_finder.size(); ++k) {
    const auto& p = g_finder[k];
    nontrivial += p.trivial ? 0 : 1;
    const double e = energy_per_neuron_double(p.x);
    EC_CHECK(e < 1e-10);
    EC_CHECK(p.energy / kN < 1e-10f);
    EC_CHECK(p.stable == (p.abscissa < 0.0f));
    worst = std::fmax(worst, e);
  }
  EC_CHECK(nontrivial >= 1);
  cortexm::put("  symmetric g = 1.5: ");
  cortexm::put_int(g_finder.size());
  cortexm::put(" fixed points (");
  cortexm::put_int(nontrivial);
  cortexm::put(" nontrivial), max E/N in double ");
  cortexm::put_sci(static_cast<float>(worst), 3);
  cortexm::newline();
}

// Null phase g (1 + gamma) < 1 (g = 0.5, gamma = 0): x = 0 is the only fixed point, stable
// with abscissa -1 + max Re eig(J) < 0. Lower bound: the largest real part of the
// eigenvalues of D = -I + J is at least their mean tr(D)/N = -1 (J has a zero diagonal);
// 0.05 allowed for the power-iteration estimate. Four random starts must all end there.
EC_TEST(fixed_points_null_phase_only_the_stable_origin) {
  EC_CHECK(ec::generate_couplings({0.5f, 0.0f, 23u}, g_J, kN) == ec::Status::ok);
  const Net net(g_J);
  EC_CHECK(g_finder.configure(net, ec::FixedPointConfig{}) == ec::Status::ok);
  EC_CHECK(g_finder.search(net, 4) == ec::Status::ok);
  EC_CHECK(g_finder.size() == 1);
  if (g_finder.size() != 1) return;
  const auto& p = g_finder[0];
  EC_CHECK(p.trivial);
  EC_CHECK(p.stable);
  EC_CHECK(p.hits == 4u);
  EC_CHECK(p.abscissa < 0.0f);
  EC_CHECK(p.abscissa > -1.05f);
  cortexm::put("  null phase: abscissa at x = 0 ");
  cortexm::put_fixed(p.abscissa, 4);
  cortexm::newline();
}

// A step beyond the stability bound is refused (dt (sigma^2 + 2 eta) >= 2 for the sampler,
// descent_dt >= 2 / sigma^2 for the finder), and a refused configure changes nothing.
EC_TEST(quasi_step_too_large_is_refused) {
  EC_CHECK(ec::generate_couplings({0.5f, 0.0f, 31u}, g_J, kN) == ec::Status::ok);
  const Net net(g_J);
  ec::LangevinConfig c;
  c.dt = 0.05f;
  c.measure_steps = 100;
  EC_CHECK(g_sampler.configure(net, c) == ec::Status::ok);
  const State before = g_sampler.replica(0);
  c.dt = 100.0f;
  EC_CHECK(g_sampler.configure(net, c) == ec::Status::step_too_large);
  EC_CHECK(same_bits(g_sampler.replica(0), before));
  EC_CHECK(g_sampler.config().dt == 0.05f);
  ec::FixedPointConfig f;
  f.descent_dt = 100.0f;
  EC_CHECK(g_finder.configure(net, f) == ec::Status::step_too_large);
}

// NaN input: a status, and the state (replicas, start vector, gradient output) unchanged.
EC_TEST(quasi_nan_input_gives_a_status_and_keeps_state) {
  EC_CHECK(ec::generate_couplings({0.5f, 0.0f, 31u}, g_J, kN) == ec::Status::ok);
  const Net net(g_J);
  State x = State::Constant(0.2f), grad = State::Constant(7.0f);
  x[3] = NAN;
  EC_CHECK(g_qp.gradient(net, x, grad) == ec::Status::non_finite_input);
  EC_CHECK(same_bits(grad, State::Constant(7.0f)));
  float e = 5.0f;
  EC_CHECK(g_qp.energy(net, x, e) == ec::Status::non_finite_input);
  EC_CHECK(e == 5.0f);

  ec::LangevinConfig c;
  c.dt = 0.05f;
  EC_CHECK(g_sampler.configure(net, c) == ec::Status::ok);
  const State r0 = g_sampler.replica(0), r1 = g_sampler.replica(1);
  EC_CHECK(g_sampler.set_replica(1, x) == ec::Status::non_finite_input);
  EC_CHECK(g_sampler.step(net, NAN) == ec::Status::invalid_argument);
  EC_CHECK(same_bits(g_sampler.replica(0), r0));
  EC_CHECK(same_bits(g_sampler.replica(1), r1));
  // a replica that overflows: the whole step is rolled back, replica 0 included
  EC_CHECK(g_sampler.set_replica(1, State::Constant(1e30f)) == ec::Status::ok);
  EC_CHECK(g_sampler.step(net, 10.0f) == ec::Status::non_finite_result);
  EC_CHECK(same_bits(g_sampler.replica(0), r0));
  EC_CHECK(same_bits(g_sampler.replica(1), State::Constant(1e30f)));

  EC_CHECK(g_finder.configure(net, ec::FixedPointConfig{}) == ec::Status::ok);
  ec::FixedPoint<kN> p;
  const State x0 = x;
  EC_CHECK(g_finder.refine(net, x, p) == ec::Status::non_finite_input);
  EC_CHECK(same_bits(x, x0));
}
