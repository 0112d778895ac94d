// Double-precision reference for the quasi tests and the order plot, written from
// PHYSICS.md sections 3 and 6 only (independent of the library code under test):
//   null-phase susceptibility  Q(g, gamma) = 1 / ((1 - g^2 gamma chi0)^2 - g^2),
//                              chi0 = (1 - sqrt(1 - 4 g^2 gamma)) / (2 g^2 gamma)  (1 at gamma = 0);
//   static cavity for typical fixed points x = J phi(x), phi = tanh:
//     x = h + w phi(x),  h ~ N(0, g^2 C),  w = g^2 gamma chi,
//     C = <phi(x)^2>,    chi = <phi'(x) / (1 - w phi'(x))>,   x2 = <x^2>.
// Gaussian averages by composite Simpson on z in [-10, 10] (the integrands are smooth and
// the tails below 1e-22); the cavity equation x - w tanh(x) = h is solved by Newton, which
// is unique for w < 1 (x - w tanh x is then strictly increasing).
// To be unified with lib/include/edgechaos/theory/ by the integrator.
#pragma once

#include <cmath>

namespace edgechaos::test {

inline double chi0(double g, double gamma) {
  const double a = g * g * gamma;
  if (std::fabs(a) < 1e-12) return 1.0 + a;  // limit of the formula (series 1 + a + 2a^2 ...)
  return (1.0 - std::sqrt(1.0 - 4.0 * a)) / (2.0 * a);
}

// (1/N) tr[(I-J)^-1 (I-J)^-T] as N grows; finite only for g (1 + gamma) < 1.
inline double null_susceptibility(double g, double gamma) {
  const double w = 1.0 - g * g * gamma * chi0(g, gamma);
  return 1.0 / (w * w - g * g);
}

template <class F>
double gauss_average(F f) {
  constexpr int kIntervals = 2000;  // even
  constexpr double kLo = -10.0, kHi = 10.0;
  const double h = (kHi - kLo) / kIntervals;
  double sum = 0.0;
  for (int k = 0; k <= kIntervals; ++k) {
    const double z = kLo + k * h;
    const double weight = (k == 0 || k == kIntervals) ? 1.0 : (k % 2 ? 4.0 : 2.0);
    sum += weight * std::exp(-0.5 * z * z) * f(z);
  }
  return sum * h / 3.0 / std::sqrt(2.0 * M_PI);
}

// Solves x - w tanh(x) = h for w < 1.
inline double cavity_x(double h, double w) {
  double x = h;
  for (int it = 0; it < 100; ++it) {
    const double t = std::tanh(x);
    const double f = x - w * t - h;
    const double fp = 1.0 - w * (1.0 - t * t);
    const double dx = f / fp;
    x -= dx;
    if (std::fabs(dx) < 1e-15 * (1.0 + std::fabs(x))) break;
  }
  return x;
}

struct CavitySolution {
  double C = 0, chi = 0, x2 = 0, w = 0;
  bool converged = false;
};

// The nontrivial branch when it exists (C > 0), else the trivial one (C = 0, chi = chi0).
inline CavitySolution static_cavity(double g, double gamma) {
  CavitySolution s;
  double C = 1.0, chi = 1.0;
  for (int it = 0; it < 20000; ++it) {
    const double w = g * g * gamma * chi;
    const double sd = g * std::sqrt(C);
    const double c_new = gauss_average([&](double z) {
      const double t = std::tanh(cavity_x(sd * z, w));
      return t * t;
    });
    const double chi_new = gauss_average([&](double z) {
      const double t = std::tanh(cavity_x(sd * z, w));
      const double d = 1.0 - t * t;
      return d / (1.0 - w * d);
    });
    const double change = std::fabs(c_new - C) + std::fabs(chi_new - chi);
    C = 0.5 * (C + c_new);
    chi = 0.5 * (chi + chi_new);
    if (change < 1e-12) {
      s.converged = true;
      break;
    }
  }
  s.C = C;
  s.chi = chi;
  s.w = g * g * gamma * chi;
  const double sd = g * std::sqrt(C);
  s.x2 = gauss_average([&](double z) {
    const double x = cavity_x(sd * z, s.w);
    return x * x;
  });
  return s;
}

}  // namespace edgechaos::test
