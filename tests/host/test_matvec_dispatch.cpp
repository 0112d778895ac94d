// The run-time-chosen x86-64 matvec variants (detail/matvec_x86.hpp) against the portable
// kernel and the documented summation order. Built twice:
//  - test_matvec_dispatch: EDGECHAOS_REPRODUCIBLE=1 and -ffp-contract=off. Every variant
//    this CPU runs must give the bits of the documented order (written one scalar
//    operation at a time, as in test_matvec_order) and of the portable kernel.
//  - test_matvec_dispatch_fast: the default mode, where avx2_fma fuses and may round
//    differently; the others (the run-time choices) must still give the order's bits.
//    Each result must lie within the a-priori bound of any order of a dot
//    product of n terms, with or without FMA: |y - y_exact| <= gamma_n sum_j |J_ij r_j|,
//    gamma_n = n u / (1 - n u), u = 2^-24 (Higham, Accuracy and Stability, eq. 3.5), where
//    y_exact is the product in double (exact to 2^-53 relative per term here).
// Inputs: J and r from NormalStream (seeds 31 and 32); sizes N in {1, 7, 8, 13, 64, 257}
// square and N x (N + 3), with compile-time and Dynamic sizes: every tail length, block
// remainders of 8 and 16 rows.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "support/float_samples.hpp"
#include "edgechaos/edgechaos.hpp"

namespace ec = edgechaos;
namespace ecd = edgechaos::detail;

#if EDGECHAOS_MATVEC_DISPATCH

#if defined(EDGECHAOS_REPRODUCIBLE) && EDGECHAOS_REPRODUCIBLE
#define EC_SUITE MatvecDispatchReproducible
#else
#define EC_SUITE MatvecDispatchFast
#endif

namespace {

constexpr ecd::MatvecKernel kAll[] = {ecd::MatvecKernel::portable, ecd::MatvecKernel::avx2, ecd::MatvecKernel::avx2_fma,
                                      ecd::MatvecKernel::avx512};

// Restores the variant in use when a test ends.
struct KernelGuard {
  ecd::MatvecKernel saved = ecd::matvec_kernel();
  ~KernelGuard() { (void)ecd::set_matvec_kernel(saved); }
};

using edgechaos::test::bits;
using edgechaos::test::reference_dot;  // the documented order, literally
using edgechaos::test::normals;

// y = J r with variant k (Rows/Cols compile-time or Dynamic).
template <int Rows, int Cols>
std::vector<float> product(ecd::MatvecKernel k, const std::vector<float>& J, const std::vector<float>& r, int rows,
                           int cols) {
  EXPECT_EQ(ecd::set_matvec_kernel(k), ec::Status::ok);
  std::vector<float> y(static_cast<std::size_t>(rows), -7.0f);
  ecd::matvec<Rows, Cols>(J.data(), r.data(), y.data(), rows, cols);
  return y;
}

template <int Rows, int Cols>
void check_size(int rows, int cols) {
  SCOPED_TRACE(testing::Message() << rows << " x " << cols << (Rows == ec::Dynamic ? " (Dynamic)" : " (fixed)"));
  const std::vector<float> J = normals(rows * cols, 31);
  const std::vector<float> r = normals(cols, 32);
  const KernelGuard guard;
  const std::vector<float> portable = product<Rows, Cols>(ecd::MatvecKernel::portable, J, r, rows, cols);
  int variants = 0;
  for (ecd::MatvecKernel k : kAll) {
    if (!ecd::matvec_kernel_supported(k)) continue;
    ++variants;
    const std::vector<float> y = product<Rows, Cols>(k, J, r, rows, cols);
    for (int i = 0; i < rows; ++i) {
      const float yi = y[static_cast<std::size_t>(i)];
      const float* row = J.data() + static_cast<std::ptrdiff_t>(i) * cols;
#if defined(EDGECHAOS_REPRODUCIBLE) && EDGECHAOS_REPRODUCIBLE
      ASSERT_EQ(bits(yi), bits(reference_dot(row, r.data(), cols))) << ecd::to_string(k) << " row " << i;
      ASSERT_EQ(bits(yi), bits(portable[static_cast<std::size_t>(i)])) << ecd::to_string(k) << " row " << i;
#else
      double exact = 0.0, mag = 0.0;
      for (int j = 0; j < cols; ++j) {
        const double t = static_cast<double>(row[j]) * static_cast<double>(r[static_cast<std::size_t>(j)]);
        exact += t;
        mag += std::fabs(t);
      }
      const double u = std::ldexp(1.0, -24), nu = cols * u;
      ASSERT_LE(std::fabs(static_cast<double>(yi) - exact), nu / (1.0 - nu) * mag) << ecd::to_string(k) << " row " << i;
#if !defined(__FMA__)
      // Without FMA in the build flags nothing here can fuse but avx2_fma, so the others
      // (every variant the run-time choice may take) still give the order's bits.
      if (k != ecd::MatvecKernel::avx2_fma) {
        ASSERT_EQ(bits(yi), bits(reference_dot(row, r.data(), cols))) << ecd::to_string(k) << " row " << i;
      }
#endif
#endif
    }
  }
  EXPECT_GE(variants, 1);
}

template <int N>
void check_n() {
  check_size<N, N>(N, N);
  check_size<N, N + 3>(N, N + 3);
  check_size<ec::Dynamic, ec::Dynamic>(N, N);
  check_size<ec::Dynamic, ec::Dynamic>(N, N + 3);
}

}  // namespace

TEST(EC_SUITE, EveryVariantTheCpuRunsMatchesTheOrder) {
  check_n<1>();
  check_n<7>();
  check_n<8>();
  check_n<13>();
  check_n<64>();
  check_n<257>();
  // Row remainders of the 16-row block: 16 + 8 + 7 rows, and 24 + 1.
  check_size<ec::Dynamic, ec::Dynamic>(31, 19);
  check_size<ec::Dynamic, ec::Dynamic>(25, 9);
}

// The observer's three squared norms (stepper.hpp's step_sums) come from one AVX2 pass
// that never fuses: the bits of three portable dot_row calls, in both modes, for every
// length 0..70 (all tails) and 257.
TEST(EC_SUITE, ObserverSumsMatchDotRowBitForBit) {
  if (!ecd::matvec_kernel_supported(ecd::MatvecKernel::avx2)) GTEST_SKIP() << "no AVX2";
#if defined(__FMA__) && !(defined(EDGECHAOS_REPRODUCIBLE) && EDGECHAOS_REPRODUCIBLE)
  GTEST_SKIP() << "the reference itself may fuse in this build";
#endif
  const std::vector<float> a = normals(257, 41), b = normals(257, 42), c = normals(257, 43);
  for (int n = 0; n <= 257; n = (n == 70 ? 257 : n + 1)) {
    float s[3];
    ecd::x86_avx2::squared_norms3(a.data(), b.data(), c.data(), n, s);
    EXPECT_EQ(bits(s[0]), bits(reference_dot(a.data(), a.data(), n))) << n;
    EXPECT_EQ(bits(s[1]), bits(reference_dot(b.data(), b.data(), n))) << n;
    EXPECT_EQ(bits(s[2]), bits(reference_dot(c.data(), c.data(), n))) << n;
    if (n == 257) break;
  }
}

// A one-stage step's proposal and its observer's sums in one AVX2 pass (advance_finite_avx2
// with kSums, and without): the plain loop's proposal and dot_row's sums, bit for bit, at
// every length 0..77, with and without noise; NaN or Inf in a lane or the tail reports
// false (support/float_samples.hpp's check_fused_advance).
TEST(EC_SUITE, FusedAdvanceAndSumsMatchTheReferencesBitForBit) {
  if (!ecd::matvec_kernel_supported(ecd::MatvecKernel::avx2)) GTEST_SKIP() << "no AVX2";
#if defined(__FMA__) && !(defined(EDGECHAOS_REPRODUCIBLE) && EDGECHAOS_REPRODUCIBLE)
  GTEST_SKIP() << "the reference itself may fuse in this build";
#endif
  const auto fused = [](const float* x, const float* v, const float* phi, float h, const float* noise, float* out,
                        int n, float* sums) {
    return noise != nullptr
               ? ecd::advance_finite_avx2<true, true>(x, v, h, noise, out, n, ec::kStateFloor, phi, sums)
               : ecd::advance_finite_avx2<false, true>(x, v, h, noise, out, n, ec::kStateFloor, phi, sums);
  };
  EXPECT_EQ(edgechaos::test::check_fused_advance(fused, [](const char* what, int n) {
              ADD_FAILURE() << what << " differs first at n = " << n;
            }),
            0);
  // The same pass without the sums (an unobserved step): the proposal and finiteness
  // checks hold alike; the sums are handed in from the reference, so only those two count.
  const auto plain = [](const float* x, const float* v, const float* phi, float h, const float* noise, float* out,
                        int n, float* sums) {
    sums[0] = edgechaos::test::reference_dot(x, x, n);
    sums[1] = edgechaos::test::reference_dot(phi, phi, n);
    sums[2] = edgechaos::test::reference_dot(v, v, n);
    return noise != nullptr ? ecd::advance_finite_avx2<true>(x, v, h, noise, out, n, ec::kStateFloor)
                            : ecd::advance_finite_avx2<false>(x, v, h, noise, out, n, ec::kStateFloor);
  };
  EXPECT_EQ(edgechaos::test::check_fused_advance(plain, [](const char* what, int n) {
              ADD_FAILURE() << "without sums: " << what << " differs first at n = " << n;
            }),
            0);
}

// The step's O(N) loops (detail/elementwise_x86.hpp) are compiled for AVX2 without FMA:
// each element must come out with the bits of the scalar expression, for every activation,
// on ordinary values, both signed zeros, subnormals, huge values, Inf and NaN, at every
// length 0..40 (chunks of 8 and the scalar rest).
template <class Act>
void expect_apply_matches_scalar() {
  std::vector<float> x = normals(40, 51);
  for (float& v : x) v *= 3.0f;
  x[1] = 0.0f;
  x[2] = -0.0f;
  x[3] = 1e-40f;
  x[4] = -3e38f;
  x[5] = std::numeric_limits<float>::infinity();
  x[6] = -std::numeric_limits<float>::infinity();
  x[7] = std::numeric_limits<float>::quiet_NaN();
  x[9] = 20.0f;
  for (int n = 0; n <= 40; ++n) {
    std::vector<float> phi(40, -9.0f);
    ecd::apply_avx2<Act>(x.data(), phi.data(), n);
    for (int i = 0; i < n; ++i) {
      const float want = Act::value(x[static_cast<std::size_t>(i)]);
      ASSERT_EQ(bits(phi[static_cast<std::size_t>(i)]), bits(want)) << "n " << n << " i " << i;
    }
    if (n < 40) {
      ASSERT_EQ(phi[static_cast<std::size_t>(n)], -9.0f) << "wrote past n = " << n;
    }
  }
}

TEST(EC_SUITE, WideActivationsMatchTheScalarBits) {
  if (!ecd::matvec_kernel_supported(ecd::MatvecKernel::avx2)) GTEST_SKIP() << "no AVX2";
#if defined(__FMA__) && !(defined(EDGECHAOS_REPRODUCIBLE) && EDGECHAOS_REPRODUCIBLE)
  GTEST_SKIP() << "the scalar reference itself may fuse in this build";
#endif
  expect_apply_matches_scalar<ec::FastTanh>();
  expect_apply_matches_scalar<ec::Tanh>();
  expect_apply_matches_scalar<ec::SinhTanh<5>>();
  expect_apply_matches_scalar<ec::TableTanh<5>>();
  expect_apply_matches_scalar<ec::Linear>();
}

// Whole trajectories: with a wide variant the run-time choice may take (avx2, avx512: the
// kernel and the O(N) loops) a rate network's Euler, Euler-Maruyama (sigma 0.3, seed 63)
// and RK4 steps and the observer's sums are the portable path's, bit for bit (N = 13 and
// 64, g = 1.5 from seed 61, x0 from seed 62, 200 steps of dt = 0.05). The wide Euler-type
// steps take the sums from their proposal pass, the portable ones from a pass of their own.
template <class Net>
struct NoisyEuler : ec::EulerMaruyama<Net> {
  NoisyEuler() : ec::EulerMaruyama<Net>(0.3f, 63u) {}
};

template <int N, template <class> class Scheme>
void expect_trajectory_matches_portable(ecd::MatvecKernel wide) {
  using Net = ec::RateNetwork<N, 0, ec::FastTanh>;
  static ec::CouplingMatrix<N> J;
  ASSERT_EQ(ec::generate_couplings(ec::CouplingParams{1.5f, 0.0f, 61u}, J), ec::Status::ok);
  const Net net(J.data());
  const std::vector<float> start = normals(N, 62);
  std::vector<std::uint32_t> seen[2];
  const ecd::MatvecKernel kernels[2] = {ecd::MatvecKernel::portable, wide};
  for (int pass = 0; pass < 2; ++pass) {
    const ecd::ScopedMatvecKernel use(kernels[pass]);
    ASSERT_EQ(ecd::matvec_kernel(), kernels[pass]);
    Scheme<Net> stepper;
    typename Net::State x;
    for (int i = 0; i < N; ++i) x[i] = start[static_cast<std::size_t>(i)];
    for (int k = 0; k < 200; ++k) {
      ec::StepSums sums;
      ASSERT_EQ(stepper.step(net, x, 0.05f, [&](const ec::StepSums& s) { sums = s; }), ec::Status::ok);
      for (float v : {sums.x2, sums.phi2, sums.v2}) seen[pass].push_back(bits(v));
      for (int i = 0; i < N; ++i) seen[pass].push_back(bits(x[i]));
    }
  }
  ASSERT_EQ(seen[0].size(), seen[1].size());
  for (std::size_t i = 0; i < seen[0].size(); ++i) ASSERT_EQ(seen[0][i], seen[1][i]) << "entry " << i;
}

TEST(EC_SUITE, UnfusedTrajectoriesMatchThePortablePath) {
  if (!ecd::matvec_kernel_supported(ecd::MatvecKernel::avx2)) GTEST_SKIP() << "no AVX2";
#if defined(__FMA__) && !(defined(EDGECHAOS_REPRODUCIBLE) && EDGECHAOS_REPRODUCIBLE)
  GTEST_SKIP() << "the portable path itself may fuse in this build";
#endif
  for (ecd::MatvecKernel k : {ecd::MatvecKernel::avx2, ecd::MatvecKernel::avx512}) {
    if (!ecd::matvec_kernel_supported(k)) continue;
    SCOPED_TRACE(ecd::to_string(k));
    expect_trajectory_matches_portable<13, ec::Euler>(k);
    expect_trajectory_matches_portable<64, ec::Euler>(k);
    expect_trajectory_matches_portable<13, NoisyEuler>(k);
    expect_trajectory_matches_portable<64, NoisyEuler>(k);
    expect_trajectory_matches_portable<64, ec::RK4>(k);
  }
}

// The best variant is one the CPU runs, and is the one in use unless forced portable.
TEST(EC_SUITE, TheDefaultChoiceIsTheBestSupported) {
  EXPECT_TRUE(ecd::matvec_kernel_supported(ecd::best_matvec_kernel()));
  EXPECT_TRUE(ecd::matvec_kernel_supported(ecd::MatvecKernel::portable));
#if !(defined(EDGECHAOS_MATVEC_PORTABLE) && EDGECHAOS_MATVEC_PORTABLE)
  EXPECT_EQ(ecd::matvec_kernel(), ecd::best_matvec_kernel());
#endif
  // Never the opt-in fused variant: the default keeps the portable bits on every CPU.
  EXPECT_NE(ecd::best_matvec_kernel(), ecd::MatvecKernel::avx2_fma);
  // The variants are ordered: a CPU with AVX-512 (and FMA) runs the AVX2 ones too.
  if (ecd::matvec_kernel_supported(ecd::MatvecKernel::avx512)) {
    EXPECT_TRUE(ecd::matvec_kernel_supported(ecd::MatvecKernel::avx2_fma));
  }
  if (ecd::matvec_kernel_supported(ecd::MatvecKernel::avx2_fma)) {
    EXPECT_TRUE(ecd::matvec_kernel_supported(ecd::MatvecKernel::avx2));
  }
}

// A variant the CPU lacks is refused and the one in use is kept.
TEST(EC_SUITE, AnUnsupportedVariantIsRefused) {
  const KernelGuard guard;
  ASSERT_EQ(ecd::set_matvec_kernel(ecd::MatvecKernel::portable), ec::Status::ok);
  for (ecd::MatvecKernel k : kAll) {
    if (ecd::matvec_kernel_supported(k)) continue;
    EXPECT_EQ(ecd::set_matvec_kernel(k), ec::Status::invalid_argument) << ecd::to_string(k);
    EXPECT_EQ(ecd::matvec_kernel(), ecd::MatvecKernel::portable);
  }
  EXPECT_EQ(ecd::set_matvec_kernel(static_cast<ecd::MatvecKernel>(99)), ec::Status::invalid_argument);
  EXPECT_EQ(ecd::matvec_kernel(), ecd::MatvecKernel::portable);
}

// NaN and Inf reach the output from a full slice and from the masked tail, in every variant.
TEST(EC_SUITE, NonFiniteEntriesPropagateInEveryVariant) {
  const KernelGuard guard;
  for (ecd::MatvecKernel k : kAll) {
    if (!ecd::matvec_kernel_supported(k)) continue;
    ASSERT_EQ(ecd::set_matvec_kernel(k), ec::Status::ok);
    std::vector<float> J(19 * 19, 0.5f), r(19, 1.0f), y(19);
    J[3 * 19 + 18] = std::numeric_limits<float>::infinity();  // tail column of row 3
    J[7 * 19 + 2] = std::numeric_limits<float>::quiet_NaN();  // lane 2 of row 7
    r[17] = 0.0f;                                             // a zero next to the tail's masked lanes
    ecd::matvec<19, 19>(J.data(), r.data(), y.data(), 19, 19);
    EXPECT_TRUE(std::isinf(y[3])) << ecd::to_string(k);
    EXPECT_TRUE(std::isnan(y[7])) << ecd::to_string(k);
    EXPECT_TRUE(std::isfinite(y[0]) && std::isfinite(y[18])) << ecd::to_string(k);
  }
}

#else
TEST(MatvecDispatch, NotAnX86Build) { GTEST_SKIP() << "no run-time dispatch in this build"; }
#endif
