// Input weights: ReservoirPy's Bernoulli convention and the dense uniform option, their
// statistics, the documented draw order, and the refusals.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "edgechaos/edgechaos.hpp"

namespace ec = edgechaos;

// n = 500, m = 20 (10 000 entries), connectivity 0.1, scaling 0.7, seed 2: entries are 0 or
// +-0.7 exactly; the present fraction is Binomial(10000, 0.1)/10000, sd 0.003: within 0.015
// (5 sd); the + sign among ~1000 present entries has sd 0.016: within 0.08.
TEST(InputWeights, BernoulliStatistics) {
  constexpr int n = 500, m = 20;
  std::vector<float> W(n * m, -1.0f);
  ASSERT_EQ(ec::generate_input_weights(ec::InputWeightParams{0.7f, 0.1f, ec::InputWeightKind::bernoulli, 2u}, W.data(), n, m),
            ec::Status::ok);
  int present = 0, plus = 0;
  for (float w : W) {
    ASSERT_TRUE(w == 0.0f || w == 0.7f || w == -0.7f) << w;
    if (w != 0.0f) ++present;
    if (w > 0.0f) ++plus;
  }
  EXPECT_NEAR(present / double(n * m), 0.1, 0.015);
  EXPECT_NEAR(plus / double(present), 0.5, 0.08);

  // The draw order of the header, written out independently.
  ec::Xoshiro128pp rng(2u);
  for (int k = 0; k < n * m; ++k) {
    float expected = 0.0f;
    if (rng.next_uniform() < 0.1f) expected = rng.next_uniform() < 0.5f ? -0.7f : 0.7f;
    ASSERT_EQ(W[static_cast<std::size_t>(k)], expected) << k;
  }
}

// Connectivity 1, uniform: every entry drawn, in [-s, s), mean 0 and variance s^2/3
// (10 000 samples: sd of the mean s/sqrt(3e4) = 0.0058 s, of the variance ~0.9 %).
TEST(InputWeights, UniformDense) {
  constexpr int n = 1000, m = 10;
  const float s = 2.0f;
  std::vector<float> W(n * m);
  ASSERT_EQ(ec::generate_input_weights(ec::InputWeightParams{s, 1.0f, ec::InputWeightKind::uniform, 7u}, W.data(), n, m),
            ec::Status::ok);
  double sum = 0, sum2 = 0;
  for (float w : W) {
    ASSERT_GE(w, -s);
    ASSERT_LT(w, s);
    sum += w;
    sum2 += static_cast<double>(w) * w;
  }
  const double mean = sum / (n * m), var = sum2 / (n * m) - mean * mean;
  EXPECT_NEAR(mean, 0.0, 5 * 0.0058 * s);
  EXPECT_NEAR(var, s * s / 3.0, 0.05 * s * s / 3.0);

  // Same seed, same bits; the Eigen overload fills the same row-major layout.
  static ec::RowMajorMatrix<n, m> E;
  ASSERT_EQ(ec::generate_input_weights(ec::InputWeightParams{s, 1.0f, ec::InputWeightKind::uniform, 7u}, E),
            ec::Status::ok);
  EXPECT_EQ(std::memcmp(E.data(), W.data(), sizeof(float) * n * m), 0);
  // Dynamic size on the desktop.
  ec::RowMajorMatrix<ec::Dynamic, ec::Dynamic> D;
  ASSERT_EQ(ec::generate_input_weights(ec::InputWeightParams{s, 1.0f, ec::InputWeightKind::uniform, 7u}, D, n, m),
            ec::Status::ok);
  EXPECT_EQ(std::memcmp(D.data(), W.data(), sizeof(float) * n * m), 0);
}

TEST(InputWeights, Refusals) {
  float W[6] = {9, 9, 9, 9, 9, 9};
  const auto bad = [&](ec::InputWeightParams p) { return ec::generate_input_weights(p, W, 3, 2); };
  EXPECT_EQ(bad({-1.0f, 0.5f, ec::InputWeightKind::bernoulli, 1u}), ec::Status::invalid_argument);
  EXPECT_EQ(bad({NAN, 0.5f, ec::InputWeightKind::bernoulli, 1u}), ec::Status::invalid_argument);
  EXPECT_EQ(bad({INFINITY, 0.5f, ec::InputWeightKind::uniform, 1u}), ec::Status::invalid_argument);
  EXPECT_EQ(bad({1.0f, 0.0f, ec::InputWeightKind::bernoulli, 1u}), ec::Status::invalid_argument);
  EXPECT_EQ(bad({1.0f, 1.5f, ec::InputWeightKind::bernoulli, 1u}), ec::Status::invalid_argument);
  EXPECT_EQ(bad({1.0f, NAN, ec::InputWeightKind::bernoulli, 1u}), ec::Status::invalid_argument);
  EXPECT_EQ(ec::generate_input_weights(ec::InputWeightParams{}, nullptr, 3, 2), ec::Status::invalid_argument);
  for (float w : W) EXPECT_EQ(w, 9.0f);  // nothing written
  ec::RowMajorMatrix<3, 2> E;
  EXPECT_EQ(ec::generate_input_weights(ec::InputWeightParams{}, E, 4, 2), ec::Status::size_mismatch);
  // Scaling 0 is allowed: all zeros.
  EXPECT_EQ(bad({0.0f, 1.0f, ec::InputWeightKind::bernoulli, 1u}), ec::Status::ok);
  for (float w : W) EXPECT_EQ(w, 0.0f);
}
