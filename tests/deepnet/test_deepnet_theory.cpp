// The mean-field theory of deep random tanh networks (theory/poole.hpp) against second
// methods: the maps against direct quadrature (a trapezoid rule on the Gaussian density,
// spectrally accurate for these analytic integrands), the rule's convergence against a rule
// of twice the nodes, chi1 against the finite-difference slope of the correlation map at
// c = 1, xi_c against the decay of the iterated map, and the exact sigma_b = 0 facts.
#include <gtest/gtest.h>

#include <cmath>

#include "edgechaos/theory/poole.hpp"

namespace th = edgechaos::theory;

namespace {

constexpr double kPi = 3.14159265358979323846;

// Int Dz f(z) by the trapezoid rule on [-12, 12], step h (the Gaussian tail beyond is < 1e-32).
template <class F>
double trapezoid(F&& f, double h = 0.002) {
  double s = 0.0;
  const int n = static_cast<int>(24.0 / h);
  for (int k = 0; k <= n; ++k) {
    const double z = -12.0 + h * k;
    s += std::exp(-0.5 * z * z) * f(z);
  }
  return s * h / std::sqrt(2.0 * kPi);
}

// Length map at q = 0.3 ... 6.6 (up to q_max = sigma_w^2 + sigma_b^2, the range the default
// rule is sized for: 265 nodes here) within 1e-6 relative of the trapezoid rule (the rule is
// sized for chi1 within 1e-5; this integrand's error is about 100 times smaller).
TEST(PooleTheory, LengthMapMatchesDirectQuadrature) {
  const double sw = 2.5, sb = 0.6;
  const th::Poole p(sw, sb);
  for (const double q : {0.3, 1.0, 2.0, 4.0, 6.6}) {
    const double s = std::sqrt(q);
    const double direct = sw * sw * trapezoid([&](double z) { return std::pow(std::tanh(s * z), 2); }) + sb * sb;
    EXPECT_NEAR(p.length_map(q), direct, 1e-6 * direct) << "q " << q;
  }
}

// The covariance map (2-D tensor rule) against a 2-D trapezoid rule of step 0.01 on
// [-9, 9]^2, at unequal lengths and c = -0.7, 0.2, 0.9: agreement 1e-8 absolute.
TEST(PooleTheory, CovarianceMapMatchesDirectQuadrature) {
  const double sw = 1.8, sb = 0.3;
  const th::Poole p(sw, sb);
  const double qa = 1.5, qb = 0.8;
  for (const double c : {-0.7, 0.2, 0.9}) {
    const double h = 0.01, s2 = std::sqrt(1 - c * c);
    double sum = 0.0;
    const int n = static_cast<int>(18.0 / h);
    for (int i = 0; i <= n; ++i) {
      const double z1 = -9.0 + h * i, w1 = std::exp(-0.5 * z1 * z1), ta = std::tanh(std::sqrt(qa) * z1);
      for (int j = 0; j <= n; ++j) {
        const double z2 = -9.0 + h * j;
        sum += w1 * std::exp(-0.5 * z2 * z2) * ta * std::tanh(std::sqrt(qb) * (c * z1 + s2 * z2));
      }
    }
    const double direct = sw * sw * sum * h * h / (2.0 * kPi) + sb * sb;
    EXPECT_NEAR(p.covariance_map(qa, qb, c), direct, 1e-8) << "c " << c;
  }
  // At c = 1 and equal lengths the two inputs coincide: the covariance map is the length map.
  EXPECT_NEAR(p.covariance_map(1.3, 1.3, 1.0), p.length_map(1.3), 1e-12);
}

// The rule's convergence: q*, chi1, c* with the default rule against a rule of twice the
// nodes, in both phases: within 2e-5 (the default rule is sized for 1e-5). At the largest q
// of the phase diagram (sigma_w = 4, sigma_b = 2: q* = 17, 800 nodes; a second rule of
// 1600 would cost a 1600 x 1600 eigensolve) chi1 and the length map at q* are checked
// against the trapezoid rule instead, within 2e-5 relative.
TEST(PooleTheory, FixedPointConvergesWithTheRule) {
  for (const auto& [sw, sb] : {std::pair{1.0, 0.5}, std::pair{2.5, 0.3}}) {
    const th::Poole p(sw, sb);
    const th::Poole p2(sw, sb, 2 * th::Poole::nodes_for(sw * sw + sb * sb));
    const double q = p.q_star(), q2 = p2.q_star();
    EXPECT_NEAR(q, q2, 2e-5 * q2) << sw << " " << sb;
    EXPECT_NEAR(p.chi1(q), p2.chi1(q2), 2e-5 * p2.chi1(q2)) << sw << " " << sb;
    EXPECT_NEAR(p.c_star(q), p2.c_star(q2), 2e-5) << sw << " " << sb;
    EXPECT_NEAR(p.length_map(q), q, 1e-12 * (1 + q));  // q* is a fixed point of the length map
  }
  const th::Poole p(4.0, 2.0);
  const double q = p.q_star(), s = std::sqrt(q);
  EXPECT_GT(q, 16.0);
  const double chi1 = 16.0 * trapezoid([&](double z) { return std::pow(1.0 - std::pow(std::tanh(s * z), 2), 2); });
  const double len = 16.0 * trapezoid([&](double z) { return std::pow(std::tanh(s * z), 2); }) + 4.0;
  EXPECT_NEAR(p.chi1(q), chi1, 2e-5 * chi1);
  EXPECT_NEAR(p.length_map(q), len, 2e-5 * len);
  EXPECT_NEAR(len, q, 2e-5 * q);  // the trapezoid rule agrees that q is the fixed point
}

// sigma_b = 0: tanh^2 u <= u^2 makes q* = 0 for sigma_w <= 1, so chi1 = sigma_w^2 there and
// the critical line starts at sigma_w_c = 1 (double rounding: 1e-12). Just above, q* > 0.
TEST(PooleTheory, ZeroBiasFacts) {
  EXPECT_NEAR(th::critical_sigma_w(0.0), 1.0, 1e-12);
  for (const double sw : {0.3, 0.7, 0.95, 1.0}) {
    const th::PooleFixedPoint f = th::Poole(sw, 0.0).fixed_point();
    EXPECT_EQ(f.q_star, 0.0);
    EXPECT_NEAR(f.chi1, sw * sw, 1e-15);
    EXPECT_EQ(f.c_star, 1.0);
  }
  const th::PooleFixedPoint f = th::Poole(1.2, 0.0).fixed_point();
  EXPECT_GT(f.q_star, 0.0);
  EXPECT_GT(f.chi1, 1.0);     // chaotic above sigma_w = 1
  EXPECT_EQ(f.c_star, 0.0);   // phi odd, no bias: c = 0 is the stable fixed point
  // The line is continuous at sigma_b -> 0 and rises with sigma_b.
  EXPECT_NEAR(th::critical_sigma_w(1e-3), 1.0, 0.02);
  EXPECT_LT(th::critical_sigma_w(0.3), th::critical_sigma_w(1.0));
}

// chi1 is the slope of the correlation map at c = 1 (Poole et al.): a one-sided finite
// difference at q*, step 1e-5 (error O(step), 1e-4 tolerance), on and off the critical line.
TEST(PooleTheory, Chi1IsTheSlopeOfTheCorrelationMapAtOne) {
  for (const double sb : {0.2, 1.0}) {
    const double swc = th::critical_sigma_w(sb);
    for (const double sw : {0.8 * swc, swc, 1.3 * swc}) {
      const th::Poole p(sw, sb);
      const double q = p.q_star();
      const double d = 1e-5;
      const double slope = (p.correlation_map(1.0, q) - p.correlation_map(1.0 - d, q)) / d;
      EXPECT_NEAR(slope, p.chi1(q), 1e-4 * p.chi1(q)) << sw << " " << sb;
      if (sw == swc) {  // the line was solved with its own rule: agreement to the rule's 1e-5
        EXPECT_NEAR(p.chi1(q), 1.0, 1e-5);
      }
    }
  }
}

// In the chaotic phase c* < 1 is a fixed point with slope chi_c < 1, and the iterated map
// approaches it as chi_c^l: from 0.002 above c* (so the map is linear to 0.2 %), the
// measured rate between layers 5 and 25 gives xi_c within 1 %.
TEST(PooleTheory, DepthScaleIsTheDecayOfTheIteratedMap) {
  const th::Poole p(2.0, 0.5);
  const th::PooleFixedPoint f = p.fixed_point();
  ASSERT_GT(f.chi1, 1.0);
  ASSERT_LT(f.c_star, 1.0);
  EXPECT_NEAR(p.correlation_map(f.c_star, f.q_star), f.c_star, 1e-12);
  ASSERT_LT(f.chi_c, 1.0);
  double c = f.c_star + 0.002, d5 = 0, d25 = 0;
  for (int l = 1; l <= 25; ++l) {
    c = p.correlation_map(c, f.q_star);
    if (l == 5) d5 = c - f.c_star;
    if (l == 25) d25 = c - f.c_star;
  }
  const double xi = -20.0 / std::log(d25 / d5);
  EXPECT_NEAR(xi, f.depth_scale, 0.01 * f.depth_scale);
  // Ordered phase: c* = 1 and xi_c = -1 / ln chi1.
  const th::PooleFixedPoint o = th::Poole(1.0, 0.5).fixed_point();
  EXPECT_EQ(o.c_star, 1.0);
  EXPECT_NEAR(o.depth_scale, -1.0 / std::log(o.chi1), 1e-12);
}

}  // namespace
