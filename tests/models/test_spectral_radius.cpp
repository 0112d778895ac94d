// Spectral radius (desktop): matrices whose eigenvalues are known in closed form, and the
// rescaling, dense and sparse. Tolerance 1e-9 relative on exact float inputs (the
// eigen-solver works in double; a well-conditioned eigenbasis).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "edgechaos/edgechaos.hpp"
#include "edgechaos/host/spectral_radius.hpp"

namespace ec = edgechaos;

// A cycle (cyclic permutation) times r: eigenvalues r e^{2 pi i k / n}, all of modulus r
// (n of them on one circle: the case where a power iteration does not converge).
TEST(SpectralRadius, CycleTimesR) {
  for (int n : {2, 5, 16}) {
    std::vector<float> W(static_cast<std::size_t>(n * n), 0.0f);
    for (int i = 0; i < n; ++i) W[static_cast<std::size_t>(i * n + (i + 1) % n)] = 0.75f;
    double rho = 0;
    ASSERT_EQ(ec::spectral_radius(W.data(), n, rho), ec::Status::ok);
    EXPECT_NEAR(rho, 0.75, 1e-9) << n;
  }
}

// Diagonal: max |d|; a non-normal upper triangular matrix: its diagonal (the large
// off-diagonal entry changes the norm, not the eigenvalues).
TEST(SpectralRadius, DiagonalAndTriangular) {
  const float D[9] = {0.5f, 0, 0, 0, -2.0f, 0, 0, 0, 1.5f};
  double rho = 0;
  ASSERT_EQ(ec::spectral_radius(D, 3, rho), ec::Status::ok);
  EXPECT_NEAR(rho, 2.0, 1e-12);
  const float U[9] = {0.5f, 100.0f, 3.0f, 0, -0.25f, 50.0f, 0, 0, 0.125f};
  ASSERT_EQ(ec::spectral_radius(U, 3, rho), ec::Status::ok);
  EXPECT_NEAR(rho, 0.5, 1e-9);
}

// A 2 x 2 rotation by 0.3 rad times 1.25: eigenvalues 1.25 e^{+-0.3 i}. Entries rounded to
// float: the radius is sqrt(det) of the float matrix, computed here in double.
TEST(SpectralRadius, ScaledRotation) {
  const float c = static_cast<float>(1.25 * std::cos(0.3)), s = static_cast<float>(1.25 * std::sin(0.3));
  ec::CouplingMatrix<2> R;
  R << c, -s, s, c;
  double rho = 0;
  ASSERT_EQ(ec::spectral_radius(R, rho), ec::Status::ok);
  EXPECT_NEAR(rho, std::sqrt(static_cast<double>(c) * c + static_cast<double>(s) * s), 1e-12);
  EXPECT_NEAR(rho, 1.25, 1e-7);
}

// Rescaling: a random Gaussian J (N = 50, g = 1, seed 1) to radius 0.9, dense and sparse
// (p = 0.1); the new radius is 0.9 to float precision (entries rounded: 1e-6 relative).
TEST(SpectralRadius, Rescale) {
  constexpr int N = 50;
  ec::CouplingMatrix<N> J;
  ASSERT_EQ(ec::generate_couplings(ec::CouplingParams{1.0f, 0.0f, 1u}, J), ec::Status::ok);
  double before = 0, after = 0;
  ASSERT_EQ(ec::rescale_to_spectral_radius(0.9, J, &before), ec::Status::ok);
  EXPECT_GT(before, 0.5);  // circular law: about g = 1
  ASSERT_EQ(ec::spectral_radius(J, after), ec::Status::ok);
  EXPECT_NEAR(after, 0.9, 1e-5);

  static ec::SparseCouplings<N, N*(N - 1)> S;
  ASSERT_EQ(S.generate({1.0f, 0.1f, 2u}), ec::Status::ok);
  std::vector<float> dense(N * N);
  S.to_dense(dense.data());
  double rho_dense = 0, rho_sparse = 0;
  ASSERT_EQ(ec::spectral_radius(dense.data(), N, rho_dense), ec::Status::ok);
  ASSERT_EQ(ec::spectral_radius(S.view(), rho_sparse), ec::Status::ok);
  EXPECT_EQ(rho_dense, rho_sparse);
  ASSERT_EQ(ec::rescale_to_spectral_radius(1.1, S), ec::Status::ok);
  ASSERT_EQ(ec::spectral_radius(S.view(), after), ec::Status::ok);
  EXPECT_NEAR(after, 1.1, 1e-5);
}

TEST(SpectralRadius, Refusals) {
  const float zero[4] = {0, 0, 0, 0};
  float nilpotent[4] = {0, 1, 0, 0};
  double rho = -1;
  ASSERT_EQ(ec::spectral_radius(zero, 2, rho), ec::Status::ok);
  EXPECT_EQ(rho, 0.0);
  EXPECT_EQ(ec::rescale_to_spectral_radius(0.9, nilpotent, 2), ec::Status::invalid_argument);
  EXPECT_EQ(nilpotent[1], 1.0f);  // unchanged
  float W[4] = {1, 0, 0, 1};
  EXPECT_EQ(ec::rescale_to_spectral_radius(-1.0, W, 2), ec::Status::invalid_argument);
  EXPECT_EQ(ec::rescale_to_spectral_radius(NAN, W, 2), ec::Status::invalid_argument);
  EXPECT_EQ(W[0], 1.0f);
  const float bad[4] = {1, NAN, 0, 1};
  EXPECT_EQ(ec::spectral_radius(bad, 2, rho), ec::Status::non_finite_input);
  EXPECT_EQ(ec::spectral_radius(static_cast<const float*>(nullptr), 2, rho), ec::Status::invalid_argument);
}
