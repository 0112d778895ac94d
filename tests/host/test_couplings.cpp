// Coupling statistics, reproducibility of every storage form, the normal stream's moments,
// and parameter rejection. Bounds are sampling errors derived below, not measured values.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "edgechaos/edgechaos.hpp"

namespace ec = edgechaos;

namespace {
void report(const std::string& name, double value, double bound) {
  ::testing::Test::RecordProperty(name, std::to_string(value));
  std::printf("  measured %-34s = %+.6f   (bound %.6f)\n", name.c_str(), value, bound);
}
}  // namespace

// Per distinct pair i < j the generator draws X, Y ~ N(0,1) and sets
//   J_ij = s (a X + b Y),  J_ji = s (a X - b Y),  s = g/sqrt(N), a^2 = (1+gamma)/2, b^2 = (1-gamma)/2.
// With P = N(N-1)/2 independent pairs:
//  * q = (J_ij^2 + J_ji^2) / (2 s^2) = a^2 X^2 + b^2 Y^2: mean 1, variance 2a^4 + 2b^4 = 1 + gamma^2.
//    N mean_{i!=j}(J_ij^2)/g^2 = mean over pairs of q: standard error sqrt((1 + gamma^2)/P).
//  * p = J_ij J_ji / s^2 = a^2 X^2 - b^2 Y^2: mean gamma. The ratio mean(p)/mean(q) has
//    (delta method) standard error sqrt(Var(p - gamma q)/P), and p - gamma q =
//    a^2 (1-gamma) X^2 - b^2 (1+gamma) Y^2 has variance (1 - gamma^2)^2: SE = (1-gamma^2)/sqrt(P).
//  * mean_{i!=j} J_ij / s = mean over pairs of a X: SE = a / sqrt(P).
// Each check allows 5 standard errors (a false alarm has probability ~6e-7 per check) plus
// 1e-5 for float rounding of J (relative 6e-8 per entry, far smaller).
class CouplingStats : public ::testing::TestWithParam<float> {};

TEST_P(CouplingStats, MomentsMatchTheEnsemble) {
  const float gamma = GetParam();
  const int n = 500;
  const float g = 1.3f;
  std::vector<float> J(static_cast<size_t>(n) * n, 42.0f);
  ASSERT_EQ(ec::generate_couplings(ec::CouplingParams{g, gamma, 2024u}, J.data(), n), ec::Status::ok);
  double sum = 0, sum2 = 0, cross = 0;
  for (int i = 0; i < n; ++i) {
    EXPECT_EQ(J[static_cast<size_t>(i) * n + i], 0.0f) << "diagonal " << i;
    for (int j = 0; j < n; ++j) {
      if (i == j) continue;
      const double a = J[static_cast<size_t>(i) * n + j];
      sum += a;
      sum2 += a * a;
      if (i < j) cross += a * J[static_cast<size_t>(j) * n + i];
    }
  }
  const double P = n * (n - 1) / 2.0;
  const double s = g / std::sqrt(static_cast<double>(n));
  const double gd = gamma;
  const double var_ratio = n * (sum2 / (2 * P)) / (static_cast<double>(g) * g);
  const double sym = (cross / P) / (sum2 / (2 * P));
  const double mean = (sum / (2 * P)) / s;
  const double b_var = 5 * std::sqrt((1 + gd * gd) / P) + 1e-5;
  const double b_sym = 5 * (1 - gd * gd) / std::sqrt(P) + 1e-5;
  const double b_mean = 5 * std::sqrt((1 + gd) / 2) / std::sqrt(P) + 1e-5;
  const std::string tag = " gamma=" + std::to_string(gamma);
  report("N mean(J^2)/g^2 - 1" + tag, var_ratio - 1, b_var);
  report("mean(JijJji)/mean(J^2) - gamma" + tag, sym - gd, b_sym);
  report("mean(J) sqrt(N)/g" + tag, mean, b_mean);
  EXPECT_NEAR(var_ratio, 1.0, b_var);
  EXPECT_NEAR(sym, gd, b_sym);
  EXPECT_NEAR(mean, 0.0, b_mean);
}

INSTANTIATE_TEST_SUITE_P(Gammas, CouplingStats, ::testing::Values(-0.5f, 0.0f, 0.5f, 1.0f));

// gamma = +-1: the construction makes J exactly symmetric / antisymmetric (b or a is 0).
TEST(Couplings, ExtremeGammasAreExactlySymmetricOrAntisymmetric) {
  constexpr int n = 40;
  ec::CouplingMatrix<n> J;
  ASSERT_EQ(ec::generate_couplings(ec::CouplingParams{1.0f, 1.0f, 5u}, J), ec::Status::ok);
  EXPECT_TRUE((J - J.transpose()).isZero(0.0f));
  ASSERT_EQ(ec::generate_couplings(ec::CouplingParams{1.0f, -1.0f, 5u}, J), ec::Status::ok);
  EXPECT_TRUE((J + J.transpose()).isZero(0.0f));
  EXPECT_GT(J.cwiseAbs().sum(), 0.0f);
}

// Same seed -> same bits, whatever the storage: fixed-size owned, dynamic owned, and a
// caller's plain array (all must go through the same generator).
TEST(Couplings, SameSeedSameBitsInEveryStorageForm) {
  constexpr int n = 24;
  const ec::CouplingParams p{0.9f, 0.3f, 777u};
  ec::CouplingMatrix<n> fixed;
  ec::CouplingMatrix<ec::Dynamic> dynamic;
  static float array[n * n];
  std::vector<float> heap(n * n);
  ASSERT_EQ(ec::generate_couplings(p, fixed), ec::Status::ok);
  ASSERT_EQ(ec::generate_couplings(p, dynamic, n), ec::Status::ok);
  ASSERT_EQ(ec::generate_couplings(p, array, n), ec::Status::ok);
  ASSERT_EQ(ec::generate_couplings(p, heap.data(), n), ec::Status::ok);
  ASSERT_EQ(dynamic.rows(), n);
  ASSERT_EQ(dynamic.cols(), n);
  EXPECT_EQ(std::memcmp(fixed.data(), dynamic.data(), sizeof array), 0);
  EXPECT_EQ(std::memcmp(fixed.data(), array, sizeof array), 0);
  EXPECT_EQ(std::memcmp(fixed.data(), heap.data(), sizeof array), 0);
  // Twice in a row: no hidden state.
  ec::CouplingMatrix<n> again;
  ASSERT_EQ(ec::generate_couplings(p, again), ec::Status::ok);
  EXPECT_EQ(std::memcmp(fixed.data(), again.data(), sizeof array), 0);
  // Row-major: the view a network builds reads J_ij at data[i n + j].
  EXPECT_EQ(fixed(2, 5), array[2 * n + 5]);
}

TEST(Couplings, DifferentSeedsDiffer) {
  constexpr int n = 24;
  ec::CouplingMatrix<n> a, b;
  ASSERT_EQ(ec::generate_couplings(ec::CouplingParams{1.0f, 0.0f, 1u}, a), ec::Status::ok);
  ASSERT_EQ(ec::generate_couplings(ec::CouplingParams{1.0f, 0.0f, 2u}, b), ec::Status::ok);
  int equal = 0;
  for (int k = 0; k < n * n; ++k) equal += (a.data()[k] == b.data()[k]) ? 1 : 0;
  EXPECT_EQ(equal, n);  // only the zero diagonal coincides
}

// Moments of NormalStream over M = 2^21 samples; standard errors of the sample moments of
// N(0,1): mean 1/sqrt(M), E z^2 sqrt(2/M), E z^3 sqrt(15/M), E z^4 sqrt(96/M)
// (Var z^4 = E z^8 - 9 = 105 - 9), lag-1 correlation 1/sqrt(M). Bounds are 5 SE.
TEST(NormalStream, MomentsWithinSamplingError) {
  ec::NormalStream normal(123u);
  const int M = 1 << 21;
  double m1 = 0, m2 = 0, m3 = 0, m4 = 0, lag = 0, prev = 0;
  double lo = 0, hi = 0;
  for (int k = 0; k < M; ++k) {
    const double z = normal.next();
    ASSERT_TRUE(std::isfinite(z));
    m1 += z;
    m2 += z * z;
    m3 += z * z * z;
    m4 += z * z * z * z;
    lag += z * prev;
    prev = z;
    lo = std::min(lo, z);
    hi = std::max(hi, z);
  }
  m1 /= M, m2 /= M, m3 /= M, m4 /= M, lag /= M - 1;
  const double rm = std::sqrt(static_cast<double>(M));
  report("mean", m1, 5 / rm);
  report("E z^2 - 1", m2 - 1, 5 * std::sqrt(2.0) / rm);
  report("E z^3", m3, 5 * std::sqrt(15.0) / rm);
  report("E z^4 - 3", m4 - 3, 5 * std::sqrt(96.0) / rm);
  report("lag-1 correlation", lag, 5 / rm);
  EXPECT_NEAR(m1, 0.0, 5 / rm);
  EXPECT_NEAR(m2, 1.0, 5 * std::sqrt(2.0) / rm);
  EXPECT_NEAR(m3, 0.0, 5 * std::sqrt(15.0) / rm);
  EXPECT_NEAR(m4, 3.0, 5 * std::sqrt(96.0) / rm);
  EXPECT_NEAR(lag, 0.0, 5 / rm);
  // Tails: P(|z| > 4.5) = 6.8e-6, so ~14 of 2^21 samples expected beyond 4.5 on either
  // side; none beyond 7 (P = 2.6e-12). A transform with a broken log shows up here.
  EXPECT_LT(lo, -4.0);
  EXPECT_GT(hi, 4.0);
  EXPECT_GT(lo, -7.0);
  EXPECT_LT(hi, 7.0);
}

// Rejected parameters return invalid_argument / size_mismatch and write nothing.
TEST(Couplings, RejectsBadParametersWithoutWriting) {
  constexpr int n = 6;
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  const ec::CouplingParams bad[] = {
      {1.0f, 1.0001f, 1u}, {1.0f, -1.0001f, 1u}, {1.0f, 2.0f, 1u},  {1.0f, nan, 1u},
      {1.0f, inf, 1u},     {-0.1f, 0.0f, 1u},    {nan, 0.0f, 1u},    {inf, 0.0f, 1u},
      {-inf, 0.0f, 1u},
  };
  for (const auto& p : bad) {
    float J[n * n];
    for (float& v : J) v = 42.0f;
    EXPECT_EQ(ec::generate_couplings(p, J, n), ec::Status::invalid_argument) << p.g << " " << p.gamma;
    for (float v : J) ASSERT_EQ(v, 42.0f);
    ec::CouplingMatrix<n> M = ec::CouplingMatrix<n>::Constant(42.0f);
    EXPECT_EQ(ec::generate_couplings(p, M), ec::Status::invalid_argument);
    EXPECT_TRUE((M.array() == 42.0f).all());
  }
  // n < 1 and a null pointer.
  float J[n * n];
  for (float& v : J) v = 42.0f;
  EXPECT_EQ(ec::generate_couplings(ec::CouplingParams{}, J, 0), ec::Status::invalid_argument);
  EXPECT_EQ(ec::generate_couplings(ec::CouplingParams{}, J, -3), ec::Status::invalid_argument);
  EXPECT_EQ(ec::generate_couplings(ec::CouplingParams{}, nullptr, n), ec::Status::invalid_argument);
  for (float v : J) ASSERT_EQ(v, 42.0f);
  ec::CouplingMatrix<ec::Dynamic> D = ec::CouplingMatrix<ec::Dynamic>::Constant(3, 3, 42.0f);
  EXPECT_EQ(ec::generate_couplings(ec::CouplingParams{}, D, 0), ec::Status::invalid_argument);
  EXPECT_EQ(D.rows(), 3);
  EXPECT_TRUE((D.array() == 42.0f).all());
  // A fixed-size matrix asked for another size.
  ec::CouplingMatrix<n> M = ec::CouplingMatrix<n>::Constant(42.0f);
  EXPECT_EQ(ec::generate_couplings(ec::CouplingParams{}, M, n + 1), ec::Status::size_mismatch);
  EXPECT_TRUE((M.array() == 42.0f).all());
  // Edges of the domain are accepted: gamma = +-1, g = 0 (J = 0).
  EXPECT_EQ(ec::generate_couplings(ec::CouplingParams{0.0f, -1.0f, 1u}, J, n), ec::Status::ok);
  for (float v : J) EXPECT_EQ(v, 0.0f);
  // Input weights: negative or non-finite scale, bad sizes.
  float W[n * 2];
  for (float& v : W) v = 42.0f;
  EXPECT_EQ(ec::generate_input_weights(-1.0f, 1u, W, n, 2), ec::Status::invalid_argument);
  EXPECT_EQ(ec::generate_input_weights(nan, 1u, W, n, 2), ec::Status::invalid_argument);
  EXPECT_EQ(ec::generate_input_weights(inf, 1u, W, n, 2), ec::Status::invalid_argument);
  EXPECT_EQ(ec::generate_input_weights(1.0f, 1u, W, 0, 2), ec::Status::invalid_argument);
  EXPECT_EQ(ec::generate_input_weights(1.0f, 1u, W, n, -1), ec::Status::invalid_argument);
  EXPECT_EQ(ec::generate_input_weights(1.0f, 1u, nullptr, n, 2), ec::Status::invalid_argument);
  for (float v : W) ASSERT_EQ(v, 42.0f);
}
