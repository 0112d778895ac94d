// Mackey–Glass, tau = 17 (tasks/mackey_glass.hpp): convergence against an independent
// fine-step reference written here, the attractor's known range and mean, float against
// double, the seeded history, and bad histories refused.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <vector>

#include "edgechaos/core/random.hpp"
#include "edgechaos/tasks/mackey_glass.hpp"

namespace ec = edgechaos;

namespace {

double smooth_history(double s) { return 1.2 + 0.1 * std::sin(s); }

// A second implementation: the whole trajectory kept in a vector on the grid of step h
// (h divides 1 and 17), the delayed value at any time by linear interpolation between its
// grid neighbours, classical RK4. Returns x at t = 0, 1, ..., T.
std::vector<double> reference(double h, int T) {
  const int per_unit = static_cast<int>(std::lround(1.0 / h));
  const int delay = 17 * per_unit;
  std::vector<double> x;  // x[i] = x(-17 + i h)
  for (int i = 0; i < delay; ++i) x.push_back(smooth_history(-17.0 + i * h));
  x.push_back(smooth_history(0.0));
  auto at = [&](double t) {  // linear interpolation on the grid, t in [-17, now]
    const double pos = (t + 17.0) / h;
    const int i = static_cast<int>(std::floor(pos + 1e-9));
    const double w = pos - i;
    return w < 1e-9 ? x[i] : (1.0 - w) * x[i] + w * x[i + 1];
  };
  auto f = [](double xt, double xd) { return 0.2 * xd / (1.0 + std::pow(xd, 10)) - 0.1 * xt; };
  std::vector<double> samples{x.back()};
  for (int n = 0; n < T * per_unit; ++n) {
    const double t = n * h, xn = x.back();
    const double k1 = f(xn, at(t - 17.0));
    const double k2 = f(xn + 0.5 * h * k1, at(t + 0.5 * h - 17.0));
    const double k3 = f(xn + 0.5 * h * k2, at(t + 0.5 * h - 17.0));
    const double k4 = f(xn + h * k3, at(t + h - 17.0));
    x.push_back(xn + h / 6.0 * (k1 + 2.0 * k2 + 2.0 * k3 + k4));
    if ((n + 1) % per_unit == 0) samples.push_back(x.back());
  }
  return samples;
}

template <int kPerUnit>
double max_error_against(const std::vector<double>& ref, int T) {
  ec::MackeyGlass<double, kPerUnit> mg;
  EXPECT_EQ(mg.reset_history(smooth_history), ec::Status::ok);
  double err = 0.0;
  for (int t = 0; t <= T; ++t) {
    double x = 0.0;
    EXPECT_EQ(mg.next(x), ec::Status::ok);
    err = std::fmax(err, std::fabs(x - ref[t]));
  }
  return err;
}

}  // namespace

// Convergence over t in [0, 60] (about 3.5 delays) from the smooth history
// 1.2 + 0.1 sin(t): the generator at h = 0.1 and at h = 0.05 against the reference at
// h = 0.0025. The delayed term's linear interpolation at the half steps is second order,
// so the error should fall by about 4 when h halves (measured: 1.17e-4 at h = 0.1, 2.9e-5
// at 0.05, ratio 4.0; bound 3e-4 at h = 0.1, 3e-3 of the series' std of ~0.23).
TEST(MackeyGlass, ConvergesToFineStepReference) {
  const int T = 60;
  const std::vector<double> ref = reference(0.0025, T);
  const double e10 = max_error_against<10>(ref, T);
  const double e20 = max_error_against<20>(ref, T);
  std::printf("MG max |x - ref| over [0, %d]: h = 0.1: %.3g, h = 0.05: %.3g, ratio %.2f\n", T, e10, e20, e10 / e20);
  EXPECT_LT(e10, 3e-4);
  EXPECT_GT(e10 / e20, 3.0);  // second order (4); first order would give 2
  EXPECT_LT(e10 / e20, 20.0);
}

// The attractor (seed 5, default history, 1000 units dropped, 3000 samples): every value
// in (0.2, 1.5) and the mean near 0.9 (the published tau = 17 series spans about 0.4..1.35;
// mean bound [0.85, 0.95]).
TEST(MackeyGlass, AttractorRangeAndMean) {
  ec::MackeyGlass<double> mg(5);
  EXPECT_EQ(mg.time(), 1000);
  double sum = 0.0, lo = 9.0, hi = -9.0;
  const int n = 3000;
  for (int t = 0; t < n; ++t) {
    double x = 0.0;
    ASSERT_EQ(mg.next(x), ec::Status::ok);
    sum += x;
    lo = std::fmin(lo, x);
    hi = std::fmax(hi, x);
  }
  std::printf("MG seed 5: min %.4f max %.4f mean %.4f\n", lo, hi, sum / n);
  EXPECT_GT(lo, 0.2);
  EXPECT_LT(hi, 1.5);
  EXPECT_GT(sum / n, 0.85);
  EXPECT_LT(sum / n, 0.95);
}

// The seeded history is 1.2 + U[-0.1, 0.1) at the 170 grid points of [-17, 0) and 1.2 at
// 0: with no discard the first sample is x(0) = 1.2 exactly, and the second is the RK4
// march over [0, 1], whose delayed terms read that history (a different seed: a different x(1)).
TEST(MackeyGlass, SeededHistory) {
  ec::MackeyGlass<double> a(1, 0), b(2, 0);
  double xa = 0.0, xb = 0.0;
  ASSERT_EQ(a.next(xa), ec::Status::ok);
  ASSERT_EQ(b.next(xb), ec::Status::ok);
  EXPECT_EQ(xa, 1.2);
  EXPECT_EQ(xb, 1.2);
  ASSERT_EQ(a.next(xa), ec::Status::ok);
  ASSERT_EQ(b.next(xb), ec::Status::ok);
  EXPECT_NE(xa, xb);
  // x(1) by hand to first order: x' = 0.2 h / (1 + h^10) - 0.1 x with h ~ 1.2 +- 0.1:
  // 0.2 * 1.2 / (1 + 6.19) - 0.12 = -0.087, so x(1) is near 1.2 - 0.087.
  EXPECT_NEAR(xa, 1.2 - 0.087, 0.02);
}

// float tracks double over a short horizon (50 units after the discard; chaos amplifies
// rounding slowly at tau = 17: bound 1e-3, measured below).
TEST(MackeyGlass, FloatTracksDouble) {
  ec::MackeyGlass<float> f(9);
  ec::MackeyGlass<double> d(9);
  double err = 0.0;
  for (int t = 0; t < 50; ++t) {
    float xf = 0.0f;
    double xd = 0.0;
    ASSERT_EQ(f.next(xf), ec::Status::ok);
    ASSERT_EQ(d.next(xd), ec::Status::ok);
    err = std::fmax(err, std::fabs(static_cast<double>(xf) - xd));
  }
  std::printf("MG float vs double over 50 units after 1000: %.3g\n", err);
  EXPECT_LT(err, 1e-3);
}

// A history with a non-positive or non-finite value, or a negative discard, is refused
// and the generator keeps its state (the next sample is the one it would have given).
TEST(MackeyGlass, BadHistoryRefused) {
  ec::MackeyGlass<double> mg(3, 10), twin(3, 10);
  EXPECT_EQ(mg.reset_history([](double s) { return s > -1.0 ? -0.5 : 1.0; }), ec::Status::non_finite_input);
  EXPECT_EQ(mg.reset_history([](double) { return NAN; }), ec::Status::non_finite_input);
  EXPECT_EQ(mg.reset(4, -1), ec::Status::invalid_argument);
  EXPECT_EQ(mg.reset_history(smooth_history, -1), ec::Status::invalid_argument);
  double x = 0.0, y = 0.0;
  ASSERT_EQ(mg.next(x), ec::Status::ok);
  ASSERT_EQ(twin.next(y), ec::Status::ok);
  EXPECT_EQ(x, y);
  EXPECT_EQ(mg.time(), 11);
}
