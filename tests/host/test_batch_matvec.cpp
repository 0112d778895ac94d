// The shared-J batch products (detail/batch_matvec.hpp, and J^T in
// detail/matvec_transposed.hpp) must give every vector the bits of
// matvec on that vector alone, in the same build: the replicas, ensembles and tangent
// frames that use it then follow their one-at-a-time runs exactly. The expected values
// are matvec's own (a second, independent implementation of the order, itself held
// against the documented order by test_matvec_order).
// Built three ways: the default lanes of this host, -DEDGECHAOS_MATVEC_SCALAR=1 (the plain
// arrays of Cortex-M), and with FMA contraction on where the host has FMA (-mfma
// -ffp-contract=fast, per source: the compiler may then fuse lane updates, and must
// fuse both products alike).
// Inputs: J and the vectors from NormalStream (seeds 41 and 42); R in {1, 2, 3, 4, 5, 8,
// 16, 17}; N in {1, 8, 12, 13, 64, 72} fixed and 1..40 Dynamic (every tail length 0..7).
// On x86-64 also under every run-time matvec variant the CPU has (detail/matvec_x86.hpp).
// The transposed batch: R in {1, 2, 3, 8}, N in {1, 4, 13, 64} fixed and 1..12 Dynamic
// (every count of rows after the blocks of four), against matvec_transposed per vector and
// within 1e-5 relative of a double product (so neither can be wrong the same way).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "support/float_samples.hpp"
#include "edgechaos/detail/batch_matvec.hpp"
#include "edgechaos/detail/matvec_transposed.hpp"
#include "edgechaos/edgechaos.hpp"

namespace ec = edgechaos;

#if defined(EC_BATCH_FMA)
#define EC_SUITE BatchMatvecContracted
#elif EDGECHAOS_MATVEC_SCALAR
#define EC_SUITE BatchMatvecScalarLanes
#else
#define EC_SUITE BatchMatvecVectorLanes
#endif

namespace {

using edgechaos::test::bits;
using edgechaos::test::normals;

// Column v of the batch product against matvec on column v, for every v and row.
template <int R, int Rows, int Cols>
void expect_columns_match(int rows, int cols) {
  const std::vector<float> J = normals(rows * cols, 41);
  const std::vector<float> X = normals(cols * R, 42);  // x_v(j) = X[v * cols + j]
  std::vector<float> Y(static_cast<std::size_t>(rows * R), -1.0f);
  ec::detail::batch_matvec<R, Rows, Cols>(J.data(), X.data(), Y.data(), rows, cols);
  std::vector<float> x(static_cast<std::size_t>(cols)), y(static_cast<std::size_t>(rows));
  for (int v = 0; v < R; ++v) {
    for (int j = 0; j < cols; ++j) x[static_cast<std::size_t>(j)] = X[static_cast<std::size_t>(v * cols + j)];
    ec::detail::matvec<Rows, Cols>(J.data(), x.data(), y.data(), rows, cols);
    for (int i = 0; i < rows; ++i) {
      ASSERT_EQ(bits(Y[static_cast<std::size_t>(v * rows + i)]), bits(y[static_cast<std::size_t>(i)]))
          << "R = " << R << ", " << rows << "x" << cols << ", vector " << v << ", row " << i;
    }
  }
}

// The contracted build runs FMA instructions: skip on a CPU without them.
bool runnable() {
#if defined(EC_BATCH_FMA)
  return __builtin_cpu_supports("fma");
#else
  return true;
#endif
}

template <int Rows, int Cols>
void all_batches(int rows = Rows, int cols = Cols) {
  expect_columns_match<1, Rows, Cols>(rows, cols);
  expect_columns_match<2, Rows, Cols>(rows, cols);
  expect_columns_match<3, Rows, Cols>(rows, cols);
  expect_columns_match<4, Rows, Cols>(rows, cols);
  expect_columns_match<5, Rows, Cols>(rows, cols);
  expect_columns_match<8, Rows, Cols>(rows, cols);
  expect_columns_match<16, Rows, Cols>(rows, cols);
  expect_columns_match<17, Rows, Cols>(rows, cols);  // a last group of one
}

// Vector v of the transposed batch against matvec_transposed on vector v (bits) and
// against J^T r_v in double.
template <int R, int N>
void expect_transposed_match(int n) {
  const std::vector<float> J = normals(n * n, 43);
  const std::vector<float> X = normals(n * R, 44);
  std::vector<float> Y(static_cast<std::size_t>(n * R), -1.0f), y(static_cast<std::size_t>(n));
  ec::detail::batch_matvec_transposed<R, N>(J.data(), X.data(), Y.data(), n);
  for (int v = 0; v < R; ++v) {
    const float* r = X.data() + v * n;
    ec::detail::matvec_transposed<N>(J.data(), r, y.data(), n);
    for (int j = 0; j < n; ++j) {
      const float got = Y[static_cast<std::size_t>(v * n + j)];
      ASSERT_EQ(bits(got), bits(y[static_cast<std::size_t>(j)])) << "R = " << R << ", n = " << n << ", vector " << v << ", column " << j;
      double exact = 0.0, scale = 0.0;
      for (int i = 0; i < n; ++i) {
        const double t = static_cast<double>(J[static_cast<std::size_t>(i * n + j)]) * static_cast<double>(r[i]);
        exact += t;
        scale += std::fabs(t);
      }
      ASSERT_NEAR(static_cast<double>(got), exact, 1e-5 * scale + 1e-30) << "n = " << n << ", column " << j;
    }
  }
}

template <int N>
void all_transposed(int n = N) {
  expect_transposed_match<1, N>(n);
  expect_transposed_match<2, N>(n);
  expect_transposed_match<3, N>(n);
  expect_transposed_match<8, N>(n);
}

}  // namespace

TEST(EC_SUITE, TransposedBatchGivesEachVectorTheBitsOfMatvecTransposed) {
  if (!runnable()) GTEST_SKIP() << "no FMA on this CPU";
  all_transposed<1>();
  all_transposed<4>();
  all_transposed<13>();
  all_transposed<64>();
  for (int n = 1; n <= 12; ++n) all_transposed<ec::Dynamic>(n);
}

TEST(EC_SUITE, FixedSizesGiveEachVectorTheBitsOfMatvec) {
  if (!runnable()) GTEST_SKIP() << "no FMA on this CPU";
  all_batches<1, 1>();
  all_batches<12, 12>();  // not 7 x 7: GCC 12 at -O3 flags matvec<7, 7>'s own lanes maybe-uninitialized
  all_batches<8, 8>();
  all_batches<13, 13>();
  all_batches<64, 64>();
  all_batches<72, 72>();
  all_batches<5, 19>();  // not square: the rows of the generic path
}

TEST(EC_SUITE, DynamicSizesGiveEachVectorTheBitsOfMatvec) {
  if (!runnable()) GTEST_SKIP() << "no FMA on this CPU";
  for (int n = 1; n <= 40; ++n) all_batches<ec::Dynamic, ec::Dynamic>(n, n);
  all_batches<ec::Dynamic, ec::Dynamic>(9, 16);  // odd row count, columns a multiple of 8
}

// A non-finite entry reaches only the vectors (and rows) it belongs to.
TEST(EC_SUITE, NonFiniteEntriesStayInTheirVector) {
  if (!runnable()) GTEST_SKIP() << "no FMA on this CPU";
  constexpr int kN = 13, kR = 3;
  std::vector<float> J(kN * kN, 0.5f), X(kN * kR, 1.0f), Y(kN * kR);
  X[1 * kN + 12] = std::numeric_limits<float>::quiet_NaN();  // vector 1, tail column 12
  ec::detail::batch_matvec<kR, kN, kN>(J.data(), X.data(), Y.data(), kN, kN);
  for (int i = 0; i < kN; ++i) {
    EXPECT_EQ(Y[static_cast<std::size_t>(0 * kN + i)], 6.5f);  // 13 * 0.5, exact
    EXPECT_TRUE(std::isnan(Y[static_cast<std::size_t>(1 * kN + i)]));
    EXPECT_EQ(Y[static_cast<std::size_t>(2 * kN + i)], 6.5f);
  }
}

#if EDGECHAOS_MATVEC_DISPATCH
// Every run-time variant this CPU has (portable, AVX2, AVX2+FMA, AVX-512): the batch follows
// the variant matvec uses, fused or not, so the bits still agree vector by vector.
TEST(EC_SUITE, EveryRunTimeVariantGivesEachVectorTheBitsOfMatvec) {
  if (!runnable()) GTEST_SKIP() << "no FMA on this CPU";
  using ec::detail::MatvecKernel;
  for (MatvecKernel k : {MatvecKernel::portable, MatvecKernel::avx2, MatvecKernel::avx2_fma, MatvecKernel::avx512}) {
    if (!ec::detail::matvec_kernel_supported(k)) continue;
    SCOPED_TRACE(ec::detail::to_string(k));
    const ec::detail::ScopedMatvecKernel use(k);
    all_batches<13, 13>();
    all_batches<64, 64>();
    for (int n : {1, 7, 9, 33}) all_batches<ec::Dynamic, ec::Dynamic>(n, n);
  }
}

// J^T r's column loops run 8 wide under the wide variants (never fused): the bits of the
// portable loops, for every count of rows after the blocks of four and of columns after
// the chunks of eight.
TEST(EC_SUITE, TransposedProductHasThePortableBitsUnderEveryVariant) {
  if (!runnable()) GTEST_SKIP() << "no FMA on this CPU";
  using ec::detail::MatvecKernel;
  for (int n : {1, 5, 8, 13, 30, 64, 67}) {
    const std::vector<float> J = normals(n * n, 45);
    const std::vector<float> r = normals(n, 46);
    std::vector<float> want(static_cast<std::size_t>(n)), got(static_cast<std::size_t>(n));
    {
      const ec::detail::ScopedMatvecKernel use(MatvecKernel::portable);
      ec::detail::matvec_transposed<ec::Dynamic>(J.data(), r.data(), want.data(), n);
    }
    for (MatvecKernel k : {MatvecKernel::avx2, MatvecKernel::avx2_fma, MatvecKernel::avx512}) {
      if (!ec::detail::matvec_kernel_supported(k)) continue;
      const ec::detail::ScopedMatvecKernel use(k);
      ec::detail::matvec_transposed<ec::Dynamic>(J.data(), r.data(), got.data(), n);
      for (int j = 0; j < n; ++j) {
        ASSERT_EQ(bits(got[static_cast<std::size_t>(j)]), bits(want[static_cast<std::size_t>(j)]))
            << ec::detail::to_string(k) << ", n = " << n << ", column " << j;
      }
    }
  }
}
#endif
