// Sparse couplings: validation, the index-type trait, dense <-> sparse, the generator's
// statistics, and the product and trajectories bit-identical to the dense path.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <vector>

#include "edgechaos/edgechaos.hpp"

namespace ec = edgechaos;

namespace {

static_assert(std::is_same_v<ec::sparse_index_t<16, 240>, std::uint16_t>);
static_assert(std::is_same_v<ec::sparse_index_t<65535, 65535>, std::uint16_t>);
static_assert(std::is_same_v<ec::sparse_index_t<256, 65536>, std::uint32_t>);  // nnz past 16 bits
static_assert(std::is_same_v<ec::sparse_index_t<65536, 10>, std::uint32_t>);    // n past 16 bits
static_assert(std::is_same_v<ec::sparse_index_t<ec::Dynamic, 10>, std::uint32_t>);
static_assert(std::is_same_v<ec::SparseCouplings<256, 6554>::index_type, std::uint16_t>);

bool same_bits(float a, float b) { return std::memcmp(&a, &b, sizeof a) == 0; }

template <class V>
bool same_bits(const V& a, const V& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), sizeof(float) * static_cast<std::size_t>(a.size())) == 0;
}

// A 3 x 3 example written by hand: [[0 2 0] [1 0 3] [0 0 0]].
const std::uint16_t kRowPtr[4] = {0, 1, 3, 3};
const std::uint16_t kCol[3] = {1, 0, 2};
const float kVal[3] = {2.0f, 1.0f, 3.0f};

}  // namespace

TEST(SparseCouplings, ValidatesArrays) {
  ec::SparseCouplingsView<std::uint16_t> v;
  EXPECT_EQ(v.set(kRowPtr, kCol, kVal, 3, 3), ec::Status::ok);
  EXPECT_EQ(v.at(1, 2), 3.0f);
  EXPECT_EQ(v.at(0, 0), 0.0f);

  const std::uint16_t bad_start[4] = {1, 1, 3, 3};
  const std::uint16_t bad_end[4] = {0, 1, 3, 2};
  const std::uint16_t not_monotone[4] = {0, 2, 1, 3};
  const std::uint16_t col_out[3] = {1, 0, 3};
  const std::uint16_t col_unsorted[3] = {1, 2, 0};
  const std::uint16_t col_duplicate[3] = {1, 0, 0};
  const float nan_val[3] = {2.0f, NAN, 3.0f};
  const float inf_val[3] = {2.0f, 1.0f, -INFINITY};
  ec::SparseCouplingsView<std::uint16_t> w;  // stays unbound through every refusal
  EXPECT_EQ(w.set(bad_start, kCol, kVal, 3, 3), ec::Status::invalid_argument);
  EXPECT_EQ(w.set(bad_end, kCol, kVal, 3, 3), ec::Status::invalid_argument);
  EXPECT_EQ(w.set(not_monotone, kCol, kVal, 3, 3), ec::Status::invalid_argument);
  EXPECT_EQ(w.set(kRowPtr, col_out, kVal, 3, 3), ec::Status::invalid_argument);
  EXPECT_EQ(w.set(kRowPtr, col_unsorted, kVal, 3, 3), ec::Status::invalid_argument);
  EXPECT_EQ(w.set(kRowPtr, col_duplicate, kVal, 3, 3), ec::Status::invalid_argument);
  EXPECT_EQ(w.set(kRowPtr, kCol, nan_val, 3, 3), ec::Status::non_finite_input);
  EXPECT_EQ(w.set(kRowPtr, kCol, inf_val, 3, 3), ec::Status::non_finite_input);
  EXPECT_EQ(w.set(nullptr, kCol, kVal, 3, 3), ec::Status::invalid_argument);
  EXPECT_EQ(w.set(kRowPtr, kCol, kVal, 0, 3), ec::Status::invalid_argument);
  EXPECT_FALSE(w.bound());

  // The owning form copies checked arrays and refuses what does not fit.
  ec::SparseCouplings<3, 3> s;
  EXPECT_EQ(s.assign(kRowPtr, kCol, kVal, 3), ec::Status::ok);
  EXPECT_EQ(s.nnz(), 3);
  ec::SparseCouplings<3, 2> small;
  EXPECT_EQ(small.assign(kRowPtr, kCol, kVal, 3), ec::Status::capacity_exceeded);
  EXPECT_EQ(small.nnz(), 0);
  EXPECT_EQ(s.assign(kRowPtr, col_unsorted, kVal, 3), ec::Status::invalid_argument);
  EXPECT_EQ(s.view().at(1, 2), 3.0f);  // unchanged by the refusal
}

TEST(SparseCouplings, DenseRoundTrip) {
  // Hand example: the dense form, and back.
  ec::SparseCouplings<3, 3> s;
  ASSERT_EQ(s.assign(kRowPtr, kCol, kVal, 3), ec::Status::ok);
  float J[9];
  s.to_dense(J);
  const float expected[9] = {0, 2, 0, 1, 0, 3, 0, 0, 0};
  for (int k = 0; k < 9; ++k) EXPECT_EQ(J[k], expected[k]) << k;
  float J2[9];
  ASSERT_EQ(ec::sparse_to_dense(s.view(), J2, 3), ec::Status::ok);
  EXPECT_EQ(std::memcmp(J, J2, sizeof J), 0);

  ec::SparseCouplings<3, 9> back;
  const float with_neg_zero[9] = {0, 2, -0.0f, 1, 0, 3, 0, 0, 0};  // -0 is a zero: dropped
  ASSERT_EQ(back.from_dense(with_neg_zero), ec::Status::ok);
  EXPECT_EQ(back.nnz(), 3);
  for (int k = 0; k < 3; ++k) {
    EXPECT_EQ(back.col()[k], kCol[k]);
    EXPECT_EQ(back.val()[k], kVal[k]);
  }
  for (int k = 0; k < 4; ++k) EXPECT_EQ(back.row_ptr()[k], kRowPtr[k]);
  ec::SparseCouplings<3, 2> tiny;
  EXPECT_EQ(tiny.from_dense(expected), ec::Status::capacity_exceeded);
  const float with_nan[9] = {0, NAN, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_EQ(back.from_dense(with_nan), ec::Status::non_finite_input);
  EXPECT_EQ(back.nnz(), 3);
}

// Generator: p N (N - 1) entries on average, no diagonal, sorted columns, values with
// variance g^2 / (p N), the same bits for the same seed, and the draw order as documented
// (re-drawn here from the streams directly). N = 200, p = 0.1, g = 1.5, seed 3.
// Tolerances: the count is Binomial(39800, 0.1), sd 60: 5 sd = 300; the sample variance of
// ~3980 normals has relative sd sqrt(2/3980) = 2.2 %: 10 %.
TEST(SparseCouplings, GeneratorStatisticsAndDrawOrder) {
  constexpr int N = 200, kCap = 5000;
  const ec::SparseCouplingParams q{1.5f, 0.1f, 3u};
  static ec::SparseCouplings<N, kCap> s;
  ASSERT_EQ(s.generate(q), ec::Status::ok);
  const double mean_count = 0.1 * N * (N - 1);
  EXPECT_NEAR(static_cast<double>(s.nnz()), mean_count, 300.0);
  double sum2 = 0;
  for (int i = 0; i < N; ++i) {
    for (int k = s.row_ptr()[i]; k < s.row_ptr()[i + 1]; ++k) {
      EXPECT_NE(s.col()[k], i);
      if (k > s.row_ptr()[i]) {
        EXPECT_LT(s.col()[k - 1], s.col()[k]);
      }
      sum2 += static_cast<double>(s.val()[k]) * s.val()[k];
    }
  }
  const double var = sum2 / static_cast<double>(s.nnz());
  EXPECT_NEAR(var, 1.5 * 1.5 / (0.1 * N), 0.1 * 1.5 * 1.5 / (0.1 * N));

  // The documented draw order, written out independently.
  ec::Xoshiro128pp mask(3u);
  ec::NormalStream normal(3u ^ 0x3C6EF372FE94F82Bull);
  const double scale = 1.5 / std::sqrt(static_cast<double>(0.1f) * N);  // p is the float 0.1f
  int k = 0;
  for (int i = 0; i < N; ++i) {
    for (int j = 0; j < N; ++j) {
      if (j == i) continue;
      if (mask.next_uniform() < 0.1f) {
        ASSERT_LT(k, s.nnz());
        EXPECT_EQ(s.col()[k], j);
        EXPECT_TRUE(same_bits(s.val()[k], static_cast<float>(scale * static_cast<double>(normal.next()))));
        ++k;
      }
    }
  }
  EXPECT_EQ(k, s.nnz());

  // Too small a capacity: refused, nothing changed.
  static ec::SparseCouplings<N, 100> small;
  EXPECT_EQ(small.generate(q), ec::Status::capacity_exceeded);
  EXPECT_EQ(small.nnz(), 0);
  // Bad parameters.
  EXPECT_EQ(s.generate({1.0f, 0.0f, 1u}), ec::Status::invalid_argument);
  EXPECT_EQ(s.generate({1.0f, 1.5f, 1u}), ec::Status::invalid_argument);
  EXPECT_EQ(s.generate({-1.0f, 0.5f, 1u}), ec::Status::invalid_argument);
  EXPECT_EQ(s.generate({NAN, 0.5f, 1u}), ec::Status::invalid_argument);
  EXPECT_NEAR(static_cast<double>(s.nnz()), mean_count, 300.0);  // unchanged
}

// p = 1: every off-diagonal entry present, so the row sums have the dense J's variance
// g^2 (N - 1) / N. Over N = 200 rows, the variance of the row sums (normal, 200 samples,
// relative sd 10 %) within 35 % of g^2 = 2.25.
TEST(SparseCouplings, FullProbabilityRowSumVariance) {
  constexpr int N = 200;
  static ec::SparseCouplings<N, N*(N - 1)> s;
  ASSERT_EQ(s.generate({1.5f, 1.0f, 11u}), ec::Status::ok);
  EXPECT_EQ(s.nnz(), N * (N - 1));
  double m = 0, m2 = 0;
  for (int i = 0; i < N; ++i) {
    double r = 0;
    for (int k = s.row_ptr()[i]; k < s.row_ptr()[i + 1]; ++k) r += s.val()[k];
    m += r;
    m2 += r * r;
  }
  m /= N;
  const double var = m2 / N - m * m;
  EXPECT_NEAR(var, 2.25 * (N - 1) / N, 0.35 * 2.25);
}

// The product: bit for bit equal to detail::matvec on the dense form, for sizes that are
// and are not multiples of the 8 lanes, with +-0 and denormal entries in r, at several
// densities (0.05, 0.3, 1.0), seed per case.
TEST(SparseCouplings, ProductMatchesDenseBits) {
#if EDGECHAOS_MATVEC_DISPATCH
  // x86-64 default mode: the dense product's fused variants (detail/matvec_x86.hpp) round
  // differently from the sparse loop; the bit-for-bit promise is the unfused kernels'.
  const ec::detail::ScopedMatvecKernel unfused(ec::detail::best_unfused_matvec_kernel());
#endif
  for (int n : {1, 3, 8, 13, 16, 37, 64}) {
    for (float p : {0.05f, 0.3f, 1.0f}) {
      std::vector<float> J(static_cast<std::size_t>(n * n), 0.0f), r(static_cast<std::size_t>(n));
      ec::Xoshiro128pp rng(static_cast<std::uint64_t>(n * 100) + static_cast<std::uint64_t>(p * 100));
      ec::NormalStream z(5u);
      for (float& v : J) {
        if (rng.next_uniform() < p) v = z.next();
      }
      for (int j = 0; j < n; ++j) r[static_cast<std::size_t>(j)] = (j % 5 == 0) ? -0.0f : (j % 7 == 0 ? 1e-40f : z.next());
      // CSR by hand from the dense array.
      std::vector<std::uint32_t> rp(static_cast<std::size_t>(n + 1), 0u), col;
      std::vector<float> val;
      for (int i = 0; i < n; ++i) {
        for (int j = 0; j < n; ++j) {
          const float v = J[static_cast<std::size_t>(i * n + j)];
          if (v != 0.0f) {
            col.push_back(static_cast<std::uint32_t>(j));
            val.push_back(v);
          }
        }
        rp[static_cast<std::size_t>(i + 1)] = static_cast<std::uint32_t>(col.size());
      }
      ec::SparseCouplingsView<std::uint32_t> view;
      ASSERT_EQ(view.set(rp.data(), col.data(), val.data(), n, static_cast<ec::Index>(val.size())), ec::Status::ok);
      std::vector<float> yd(static_cast<std::size_t>(n)), ys(static_cast<std::size_t>(n));
      ec::detail::matvec<ec::Dynamic, ec::Dynamic>(J.data(), r.data(), yd.data(), n, n);
      view.multiply(r.data(), ys.data(), n);
      for (int i = 0; i < n; ++i) {
        EXPECT_TRUE(same_bits(yd[static_cast<std::size_t>(i)], ys[static_cast<std::size_t>(i)]))
            << "n " << n << " p " << p << " row " << i << ": " << yd[static_cast<std::size_t>(i)] << " vs "
            << ys[static_cast<std::size_t>(i)];
      }
    }
  }
}

// Trajectories: the same sparse J (N = 40, p = 0.2, g = 2: chaotic, g > 1) through the dense
// and the sparse policy of the same RateNetwork, 300 steps of Euler and of RK4 at dt = 0.05
// from the same x0, and the Lyapunov tangent (jacobian_times) for 100 RK4 steps: bit for bit.
TEST(SparseCouplings, TrajectoriesBitIdenticalDenseVsSparse) {
#if EDGECHAOS_MATVEC_DISPATCH
  // x86-64 default mode: the dense product's fused variants (detail/matvec_x86.hpp) round
  // differently from the sparse loop; the bit-for-bit promise is the unfused kernels'.
  const ec::detail::ScopedMatvecKernel unfused(ec::detail::best_unfused_matvec_kernel());
#endif
  constexpr int N = 40, kCap = N * (N - 1);
  static ec::SparseCouplings<N, kCap> s;
  ASSERT_EQ(s.generate({2.0f, 0.2f, 9u}), ec::Status::ok);
  static ec::CouplingMatrix<N> J;
  s.to_dense(J.data());
  using Dense = ec::RateNetwork<N>;
  using Sparse = ec::SparseRateNetwork<N, kCap>;
  static_assert(std::is_same_v<Sparse::couplings_type, ec::SparseCouplings<N, kCap>::View>);
  const Dense dense(J);
  const Sparse sparse(s.view());
  ASSERT_TRUE(dense.bound());
  ASSERT_TRUE(sparse.bound());
  ec::Vector<N> x0;
  ec::NormalStream z(21u);
  for (int i = 0; i < N; ++i) x0[i] = z.next();

  auto run = [&](auto stepper_d, auto stepper_s) {
    ec::Vector<N> xd = x0, xs = x0;
    double spread = 0;
    for (int k = 0; k < 300; ++k) {
      ASSERT_EQ(stepper_d.step(dense, xd, 0.05f), ec::Status::ok);
      ASSERT_EQ(stepper_s.step(sparse, xs, 0.05f), ec::Status::ok);
      ASSERT_TRUE(same_bits(xd, xs)) << "step " << k;
    }
    spread = static_cast<double>((xd - x0).norm());
    EXPECT_GT(spread, 1.0);  // the run went somewhere (not the null state)
  };
  run(ec::Euler<Dense>{}, ec::Euler<Sparse>{});
  run(ec::RK4<Dense>{}, ec::RK4<Sparse>{});

  ec::Lyapunov<Dense> ld;
  ec::Lyapunov<Sparse> ls;
  ec::Vector<N> xd = x0, xs = x0;
  for (int k = 0; k < 100; ++k) {
    ASSERT_EQ(ld.step(dense, xd, 0.05f), ec::Status::ok);
    ASSERT_EQ(ls.step(sparse, xs, 0.05f), ec::Status::ok);
  }
  EXPECT_TRUE(same_bits(xd, xs));
  EXPECT_TRUE(same_bits(ld.tangent(), ls.tangent()));
  EXPECT_EQ(ld.exponent(), ls.exponent());
}

// A sparse network refuses a view of the wrong size, and stays unbound (steps refused).
TEST(SparseCouplings, NetworkBindChecks) {
  ec::SparseRateNetwork<3, 3> net;
  EXPECT_FALSE(net.bound());
  ec::Vector<3> x = ec::Vector<3>::Ones();
  ec::Euler<ec::SparseRateNetwork<3, 3>> euler;
  EXPECT_EQ(euler.step(net, x, 0.1f), ec::Status::invalid_argument);
  ec::SparseCouplingsView<std::uint16_t> unbound;
  EXPECT_EQ(net.bind(unbound), ec::Status::invalid_argument);
  ec::SparseRateNetwork<4, 3> wrong;
  ec::SparseCouplingsView<std::uint16_t> v;
  ASSERT_EQ(v.set(kRowPtr, kCol, kVal, 3, 3), ec::Status::ok);
  EXPECT_EQ(wrong.bind(v), ec::Status::size_mismatch);
  EXPECT_EQ(net.bind(v), ec::Status::ok);
  // dx/dt = -x + J tanh(x) at x = 1 by hand: J tanh(1) 1 = tanh(1) (2, 4, 0).
  ec::Vector<3> v3, phi;
  net.velocity(x, ec::Vector<0>(), v3, phi);
  const double t = std::tanh(1.0);
  EXPECT_NEAR(v3[0], -1.0 + 2.0 * t, 1e-6);
  EXPECT_NEAR(v3[1], -1.0 + 4.0 * t, 1e-6);
  EXPECT_NEAR(v3[2], -1.0, 1e-6);

  // Dynamic size with a sparse view.
  ec::RateNetwork<ec::Dynamic, 0, ec::Tanh, ec::SparseCouplingsView<std::uint16_t>> dyn;
  EXPECT_EQ(dyn.bind(v), ec::Status::ok);
  EXPECT_EQ(dyn.size(), 3);
  EXPECT_EQ(dyn.bias().size(), 3);
}
