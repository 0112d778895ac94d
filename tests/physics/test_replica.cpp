// The replica-symmetric theory of the quasi-potential measure (theory/replica.hpp) and the
// static cavity / zero-temperature branch (theory/cavity.hpp) against independent checks:
// the gamma = 0 closed form, the exact identities at a saddle, the Stein-lemma form of the
// equations against the directly computed moments, the low-temperature null-phase limits
// (PHYSICS.md sections 3, 5, 6), and an adaptive quadrature in the cavity field h.
// Pure theory: no sampling, no seeds; run time is given per test in its comment.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <functional>

#include "edgechaos/theory/cavity.hpp"
#include "edgechaos/theory/edge.hpp"
#include "edgechaos/theory/replica.hpp"

namespace th = edgechaos::theory;

namespace {

th::ReplicaSolution solve(double g, double gamma, double beta, double eta, bool general) {
  th::ReplicaOptions o;
  o.general = general;
  return th::solve_replica({g, gamma, beta, eta}, o);
}

void print(const char* tag, const th::ReplicaSolution& s) {
  std::printf("%s g %.2f gamma %.2f beta %g eta %g: q %.12f Q %.1e r %.12f R %.1e P %.8f Qhat %.1e sigma_xphi %.12f "
              "C_xphi %.12f 2 beta e_v %.12f x2 %.10f | %s residual %.1e iterations %d quadrature %.1e | "
              "|sigma_xphi - C_xphi| %.1e |rhat - beta g^2 gamma r| %.1e closed-form error %.1e\n",
              tag, s.params.g, s.params.gamma, s.params.beta, s.params.eta, s.q, s.Q, s.r, s.R, s.P, s.Qhat, s.sigma_xphi,
              s.C_xphi, 2.0 * s.params.beta * s.e_v, s.x2, th::to_string(s.branch), s.residual, s.iterations,
              s.quadrature_error, std::fabs(s.sigma_xphi - s.C_xphi),
              std::fabs(s.rhat - s.params.beta * s.params.g * s.params.g * s.params.gamma * s.r), s.closed_form_error);
}

// Adaptive Simpson (an independent quadrature for the cavity checks).
double simpson(const std::function<double(double)>& f, double a, double b, double fa, double fm, double fb, double whole,
               double eps, int depth) {
  const double m = 0.5 * (a + b), lm = 0.5 * (a + m), rm = 0.5 * (m + b);
  const double flm = f(lm), frm = f(rm);
  const double left = (m - a) / 6.0 * (fa + 4.0 * flm + fm), right = (b - m) / 6.0 * (fm + 4.0 * frm + fb);
  if (depth <= 0 || std::fabs(left + right - whole) <= 15.0 * eps) return left + right + (left + right - whole) / 15.0;
  return simpson(f, a, m, fa, flm, fm, left, 0.5 * eps, depth - 1) + simpson(f, m, b, fm, frm, fb, right, 0.5 * eps, depth - 1);
}
double adaptive(const std::function<double(double)>& f, double a, double b, double eps) {
  const double fa = f(a), fb = f(b), fm = f(0.5 * (a + b));
  return simpson(f, a, b, fa, fm, fb, (b - a) / 6.0 * (fa + 4.0 * fm + fb), eps, 40);
}

}  // namespace

// gamma = 0, eta = 0: x ~ N(0, 1/beta + g^2 q) with q = E tanh^2(sqrt(1/beta + g^2 q) z),
// r = (1 - q)/sqrt(beta) and 2 beta e_v = 1 exactly, in both phases. The closed form is
// solved by bisection with the trapezoid rule in z (not the solver's x-grid); the solver's
// built-in closed_form_error is the max deviation. Symmetric branch and the general
// equations from Q = q/2 (which must return to Q = 0). Tolerance 1e-10 (the issue's), the
// residual 1e-12, the refined-quadrature change 1e-10. About 3 s.
TEST(ReplicaTheory, GammaZeroClosedFormAndSpeedEquipartition) {
  for (const auto& p : {std::pair<double, double>{0.5, 10.0}, {1.5, 10.0}, {2.0, 2.0}, {0.8, 100.0}, {1.2, 0.3}}) {
    for (bool general : {false, true}) {
      if (general && p.second != 10.0) continue;  // the 2-D (z, h) rule costs seconds a solve
      const th::ReplicaSolution s = solve(p.first, 0.0, p.second, 0.0, general);
      print(general ? "general  " : "symmetric", s);
      ASSERT_TRUE(s.converged);
      EXPECT_LT(s.residual, 1e-12);
      EXPECT_EQ(s.branch, th::ReplicaBranch::symmetric);
      EXPECT_GE(s.closed_form_error, 0.0);
      EXPECT_LT(s.closed_form_error, 1e-10);
      EXPECT_NEAR(2.0 * p.second * s.e_v, 1.0, 1e-10);
      EXPECT_NEAR(s.x2, 1.0 / p.second + p.first * p.first * s.q, 1e-10);
      EXPECT_NEAR(s.P, 0.0, 1e-10);
      EXPECT_LT(s.quadrature_error, 1e-10);
    }
  }
}

// At any converged saddle: sigma_xphi = C_xphi (the fluctuation-response relation) and
// rhat = beta g^2 gamma r, Rhat = beta g^2 gamma R, qhat = P + Qhat/2 (1e-10, relative for
// the conjugates). Points in both phases, both signs of gamma, with and without eta, over
// beta = 1..1000. About 1 s.
TEST(ReplicaTheory, IdentitiesAtTheSaddle) {
  struct P {
    double g, gamma, beta, eta;
  };
  for (const P p : {P{1.5, 0.5, 10, 0}, P{1.2, -0.5, 5, 0}, P{2.0, 0.5, 1, 0.1}, P{0.5, 0.5, 100, 0}, P{1.5, 0.5, 1000, 0},
                    P{0.9, 1.0, 20, 0}, P{1.0, -1.0, 3, 0.5}}) {
    const th::ReplicaSolution s = solve(p.g, p.gamma, p.beta, p.eta, false);
    print("saddle", s);
    ASSERT_TRUE(s.converged);
    EXPECT_NEAR(s.sigma_xphi, s.C_xphi, 1e-10 * std::max(1.0, std::fabs(s.C_xphi)));
    const double k = p.beta * p.g * p.g * p.gamma;
    EXPECT_NEAR(s.rhat, k * s.r, 1e-10 * std::max(1.0, std::fabs(s.rhat)));
    EXPECT_NEAR(s.Rhat, k * s.R, 1e-10 * std::max(1.0, std::fabs(s.Rhat)));
    EXPECT_NEAR(s.qhat, s.P + 0.5 * s.Qhat, 1e-10 * std::max(1.0, std::fabs(s.qhat)));
    EXPECT_NEAR(s.energy_per_neuron, s.e_v + p.eta * s.x2, 1e-14);
    EXPECT_LT(s.quadrature_error, 1e-10);
    // Equipartition of the speed fails for gamma != 0 (PHYSICS.md section 6); the sign of
    // 2 beta e_v - 1 follows the sign of gamma at these points.
    if (p.gamma != 0.0 && p.eta == 0.0 && p.beta <= 20) {
      EXPECT_GT(std::fabs(2.0 * p.beta * s.e_v - 1.0), 1e-3);
    }
  }
}

// The general equations away from the symmetric branch (Q, R, Qhat > 0, not a saddle):
// the Stein-lemma terms C_y2phi, C_yy2 of PHYSICS.md section 6 equal the directly computed
// -sqrt(beta) E[z m_phi] and -sqrt(beta) E[z (sqrt(beta) m_x - D m_phi)] (1e-9: both are
// quadratures of the same integrand family, with 48 Gauss-Hermite nodes per dimension);
// the map itself changes by < 1e-9 from 32 to 64 nodes per dimension and a refined x-grid
// (the 2-D rule's convergence). Then the general solve from Q = q/2 returns to the
// symmetric branch at gamma = 0.5 (the damped iteration's end point, section 6) with the same
// numbers as the symmetric solve (1e-10). About 10 s.
TEST(ReplicaTheory, GeneralEquationsSteinFormAndBranch) {
  const th::ReplicaParams p{1.5, 0.5, 10.0, 0.0};
  th::ReplicaTheta theta;
  theta << 0.5, 0.2, 0.15, 0.05, -0.3, 0.4;
  th::ReplicaQuadrature q48;
  q48.gh_nodes = 48;
  const th::ReplicaAverages a = th::replica_averages(p, theta, q48);
  const th::ReplicaTerms t = th::replica_terms(p, theta, a);
  std::printf("C_y2phi %.12f direct %.12f | C_yy2 %.12f direct %.12f\n", t.C_y2phi, t.C_y2phi_direct, t.C_yy2, t.C_yy2_direct);
  EXPECT_NEAR(t.C_y2phi, t.C_y2phi_direct, 1e-9);
  EXPECT_NEAR(t.C_yy2, t.C_yy2_direct, 1e-9 * std::max(1.0, std::fabs(t.C_yy2)));
  const th::ReplicaQuadrature q32;
  const th::ReplicaTheta m32 = th::replica_map(p, theta, q32), m64 = th::replica_map(p, theta, q32.refined());
  std::printf("map (32 nodes): %.12f %.12f %.12f %.12f %.12f %.12f; refined change %.1e\n", m32[0], m32[1], m32[2], m32[3],
              m32[4], m32[5], th::saddle_residual<6>(theta, m64 - m32));
  EXPECT_LT(th::saddle_residual<6>(theta, m64 - m32), 1e-9);

  const th::ReplicaSolution gen = solve(p.g, p.gamma, p.beta, p.eta, true);
  const th::ReplicaSolution sym = solve(p.g, p.gamma, p.beta, p.eta, false);
  print("general", gen);
  ASSERT_TRUE(gen.converged);
  EXPECT_EQ(gen.branch, th::ReplicaBranch::symmetric);
  EXPECT_NEAR(gen.q, sym.q, 1e-10);
  EXPECT_NEAR(gen.r, sym.r, 1e-10);
  EXPECT_NEAR(gen.e_v, sym.e_v, 1e-10);
  EXPECT_NEAR(gen.sigma_xphi, gen.C_xphi, 1e-10);
}

// Null phase, beta -> infinity (PHYSICS.md sections 3, 5, 6): the symmetric branch has
// beta q -> Q(g, gamma), beta <x^2> -> Q(g, gamma) (= T tr H^-1 / N), sqrt(beta) r -> chi0
// (= -xi of the zero-temperature null phase), beta sigma_xphi -> Q and 2 beta e_v -> 1
// (equipartition near a nondegenerate minimum), each with O(1/beta) corrections. From
// beta = 1e4 and 1e5 the linear extrapolation 10/9 f(1e5) - 1/9 f(1e4) removes them; the
// remainder is O(1/beta^2) with coefficients up to ~1e2 at gamma = 1 (measured: the same
// extrapolation from 1e3 and 1e4 leaves 3.5e-4 there): tolerance 1e-5 relative. The raw
// value at beta = 1e5 is within 1e-3. About 1 s.
TEST(ReplicaTheory, LowTemperatureLimitIsTheNullPhase) {
  for (const auto& p : {std::pair<double, double>{0.5, 0.5}, {0.6, -0.5}, {0.8, 0.0}, {0.45, 1.0}}) {
    const double g = p.first, gamma = p.second;
    const double Qn = th::null_susceptibility(g, gamma), chi0 = th::null_chi0(g, gamma);
    const th::ZeroTemperatureSolution z = th::solve_zero_temperature(g, gamma);
    ASSERT_STREQ(z.branch, "null");
    EXPECT_DOUBLE_EQ(z.chi, Qn);
    EXPECT_DOUBLE_EQ(z.xi, -chi0);
    const double b1 = 1e4, b2 = 1e5;
    const th::ReplicaSolution a = solve(g, gamma, b1, 0.0, false), b = solve(g, gamma, b2, 0.0, false);
    ASSERT_TRUE(a.converged && b.converged);
    auto extrap = [](double fa, double fb) { return (10.0 * fb - fa) / 9.0; };
    const double bq = extrap(b1 * a.q, b2 * b.q), bx = extrap(b1 * a.x2, b2 * b.x2);
    const double sr = extrap(std::sqrt(b1) * a.r, std::sqrt(b2) * b.r);
    const double bs = extrap(b1 * a.sigma_xphi, b2 * b.sigma_xphi), ev = extrap(2 * b1 * a.e_v, 2 * b2 * b.e_v);
    print("low T", a);
    print("low T", b);
    std::printf("g %.2f gamma %.2f: beta q %.8f/%.8f -> %.8f (Q %.8f) | beta x2 -> %.8f | sqrt(beta) r %.8f -> %.8f (chi0 "
                "%.8f) | beta sigma_xphi -> %.8f | 2 beta e_v %.8f -> %.8f | residuals %.1e %.1e\n",
                g, gamma, b1 * a.q, b2 * b.q, bq, Qn, bx, std::sqrt(b2) * b.r, sr, chi0, bs, 2 * b2 * b.e_v, ev, a.residual,
                b.residual);
    EXPECT_NEAR(bq / Qn, 1.0, 1e-5);
    EXPECT_NEAR(bx / Qn, 1.0, 1e-5);
    EXPECT_NEAR(sr / chi0, 1.0, 1e-5);
    EXPECT_NEAR(bs / Qn, 1.0, 1e-5);
    EXPECT_NEAR(ev, 1.0, 1e-5);
    EXPECT_NEAR(b2 * b.q / Qn, 1.0, 1e-3);
    EXPECT_NEAR(std::sqrt(b2) * b.r / chi0, 1.0, 1e-3);
    EXPECT_LT(b.quadrature_error, 1e-10);
  }
}

// Active phase at gamma = 0 (g = 2): as beta -> infinity the symmetric branch becomes the
// static cavity (x ~ N(0, 1/beta + g^2 q) -> q = <tanh^2(g sqrt(q) z)> = C): q -> C,
// sqrt(beta) r = 1 - q -> chi_c = <phi'>, <x^2> -> the cavity's, with O(1/beta)
// corrections removed by extrapolating from beta = 1e4, 1e5 (remainder measured < 1e-8):
// 1e-7. Two code paths (replica x-grid, cavity in the x-variable) meet here. At gamma != 0
// they do not (docs/replica.md): the symmetric branch's limit is another state. About 0.1 s.
TEST(ReplicaTheory, LowTemperatureAtGammaZeroIsTheStaticCavity) {
  const double g = 2.0, b1 = 1e4, b2 = 1e5;
  const th::ReplicaSolution a = solve(g, 0.0, b1, 0.0, false), b = solve(g, 0.0, b2, 0.0, false);
  const th::CavitySolution c = th::solve_cavity(g, 0.0);
  ASSERT_TRUE(a.converged && b.converged && c.converged);
  auto extrap = [](double fa, double fb) { return (10.0 * fb - fa) / 9.0; };
  const double q = extrap(a.q, b.q), chi = extrap(std::sqrt(b1) * a.r, std::sqrt(b2) * b.r), x2 = extrap(a.x2, b.x2);
  std::printf("beta -> inf: q %.10f (cavity C %.10f), sqrt(beta) r %.10f (chi_c %.10f), x2 %.10f (cavity %.10f)\n", q, c.C,
              chi, c.chi, x2, c.x2);
  EXPECT_NEAR(q, c.C, 1e-7);
  EXPECT_NEAR(chi, c.chi, 1e-7);
  EXPECT_NEAR(x2, c.x2, 1e-7);
  // and at gamma = 0.5 the limits differ (q ~ 0.609 against C = 0.822)
  const th::ReplicaSolution h = solve(g, 0.5, b2, 0.0, false);
  EXPECT_GT(th::solve_cavity(g, 0.5).C - h.q, 0.1);
}

// Bad parameters are not solved (the CLI turns them into exit code 2 before this).
TEST(ReplicaTheory, BadParametersDoNotConverge) {
  for (const th::ReplicaParams p : {th::ReplicaParams{1.0, 0.0, 0.0, 0.0}, th::ReplicaParams{1.0, 0.0, -1.0, 0.0},
                                    th::ReplicaParams{0.0, 0.0, 1.0, 0.0}, th::ReplicaParams{1.0, 1.5, 1.0, 0.0},
                                    th::ReplicaParams{1.0, -1.01, 1.0, 0.0}, th::ReplicaParams{1.0, 0.0, 1.0, -0.1},
                                    th::ReplicaParams{1.0, 0.0, NAN, 0.0}}) {
    EXPECT_FALSE(th::replica_params_valid(p));
    EXPECT_FALSE(th::solve_replica(p).converged);
  }
  EXPECT_TRUE(th::replica_params_valid({1.0, -1.0, 1e-3, 0.0}));
}

// Zero temperature, exact-fixed-point branch = static cavity: q and xi against an
// independent adaptive Simpson quadrature over the cavity field h (x(h) by Newton; tolerance
// 1e-12 per integral) at the converged (C, chi): the cavity equations hold to 1e-10 (the
// issue asks 1e-8). This includes gamma = 0.5 active-phase points where the former
// Gauss-Hermite rule (200 nodes) was off by 2e-7 (g = 1), 5e-3 (g = 1.5) and 3e-2 (g = 2)
// in C. chi: null phase Q(g, gamma); active phase g^2 A > 1, reported as diverging.
// About 15 s.
TEST(ZeroTemperature, CavityBranchAgainstAdaptiveQuadrature) {
  struct P {
    double g, gamma;
  };
  for (const P p : {P{1.0, 0.5}, P{1.5, 0.5}, P{2.0, 0.5}, P{3.0, -0.5}, P{2.0, 0.0}, P{0.8, 1.0}}) {
    const th::ZeroTemperatureSolution z = th::solve_zero_temperature(p.g, p.gamma);
    ASSERT_TRUE(z.converged) << p.g << " " << p.gamma;
    ASSERT_STREQ(z.branch, "exact-fixed-point");
    const double sigma = p.g * std::sqrt(z.q), w = z.w;
    auto avg = [&](const std::function<double(double)>& f) {
      return adaptive(
          [&](double h) {
            const double x = th::detail::solve_local(h, w);
            return std::exp(-0.5 * h * h / (sigma * sigma)) / (sigma * std::sqrt(2.0 * M_PI)) * f(x);
          },
          -12.0 * sigma, 12.0 * sigma, 1e-12);
    };
    const double C = avg([](double x) { const double t = std::tanh(x); return t * t; });
    const double chi = avg([&](double x) { const double t = std::tanh(x), d = 1.0 - t * t; return d / (1.0 - w * d); });
    const double A = avg([&](double x) { const double t = std::tanh(x), d = 1.0 - t * t; return d * d / ((1.0 - w * d) * (1.0 - w * d)); });
    std::printf("g %.2f gamma %.2f: q %.12f (adaptive %.12f) xi %.12f (adaptive %.12f) g^2 A %.6f w %.4f residual %.1e "
                "iterations %d quadrature %.1e\n",
                p.g, p.gamma, z.q, C, z.xi, -chi, p.g * p.g * A, w, z.residual, z.iterations, z.quadrature_error);
    EXPECT_NEAR(z.q, C, 1e-10);
    EXPECT_NEAR(z.xi, -chi, 1e-10);
    EXPECT_NEAR(z.g2A, p.g * p.g * A, 1e-9);
    EXPECT_EQ(z.r_tilde, 0.0);
    EXPECT_LT(z.quadrature_error, 1e-12);
    EXPECT_TRUE(z.chi_diverges);  // g^2 A > 1 on this branch at every point here
    EXPECT_TRUE(std::isinf(z.chi));
  }
  // the q and xi of the zero-temperature solution are the cavity's C and -chi
  const th::CavitySolution c = th::solve_cavity(1.5, 0.5);
  const th::ZeroTemperatureSolution z = th::solve_zero_temperature(1.5, 0.5);
  EXPECT_EQ(z.q, c.C);
  EXPECT_EQ(z.xi, -c.chi);
  // On the line g (1 + gamma) = 1 the null-phase chi diverges.
  EXPECT_TRUE(th::solve_zero_temperature(1.0 / 1.5, 0.5).chi_diverges);
  // Where the saddle would need w >= 1 the solver says it has none.
  EXPECT_FALSE(th::solve_cavity(3.0, 0.5).converged);
}
