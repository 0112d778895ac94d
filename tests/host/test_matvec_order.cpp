// The speed work on the hot loop must not change a single bit: matvec and dot_row are
// held, bit for bit, against the summation order documented at the top of
// detail/matvec.hpp, written here one scalar operation at a time. Built twice: with the
// default lanes (vector registers on this host) and with -DEDGECHAOS_MATVEC_SCALAR=1
// (the plain-array path that Cortex-M uses); both targets use -ffp-contract=off so that
// the compiler cannot fuse the reference and the kernel differently.
// Inputs: J and r from NormalStream (seeds 11 and 12), scaled so sums cancel partly and
// rounding matters; sizes cover every tail length 0..7 and both compile-time and
// Dynamic column counts.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "support/float_samples.hpp"
#include "edgechaos/edgechaos.hpp"

namespace ec = edgechaos;

// One suite name per lane implementation, so that the two ctest entries differ.
#if EDGECHAOS_MATVEC_SCALAR
#define EC_SUITE MatvecOrderScalarLanes
#else
#define EC_SUITE MatvecOrderVectorLanes
#endif

namespace {

using edgechaos::test::bits;
using edgechaos::test::reference_dot;  // the documented order, literally
using edgechaos::test::normals;

template <int Rows, int Cols, int Block>
void expect_matches_reference(int rows, int cols) {
  const std::vector<float> J = normals(rows * cols, 11);
  const std::vector<float> r = normals(cols, 12);
  std::vector<float> y(static_cast<std::size_t>(rows), -1.0f);
  ec::detail::matvec<Rows, Cols, Block>(J.data(), r.data(), y.data(), rows, cols);
  for (int i = 0; i < rows; ++i) {
    const float want = reference_dot(J.data() + i * cols, r.data(), cols);
    ASSERT_EQ(bits(y[static_cast<std::size_t>(i)]), bits(want))
        << "row " << i << " of " << rows << "x" << cols << ", block " << Block << ": " << y[static_cast<std::size_t>(i)]
        << " vs " << want;
  }
}

template <int Rows, int Cols>
void all_blocks() {
  expect_matches_reference<Rows, Cols, 1>(Rows, Cols);
  expect_matches_reference<Rows, Cols, 2>(Rows, Cols);
  expect_matches_reference<Rows, Cols, 3>(Rows, Cols);
  expect_matches_reference<Rows, Cols, 4>(Rows, Cols);
  expect_matches_reference<Rows, Cols, 8>(Rows, Cols);
  expect_matches_reference<Rows, Cols, ec::detail::kRowBlock>(Rows, Cols);
}

}  // namespace

TEST(EC_SUITE, FixedSizesMatchTheDocumentedOrderBitForBit) {
  all_blocks<1, 1>();
  all_blocks<3, 5>();
  all_blocks<8, 8>();
  all_blocks<9, 9>();
  all_blocks<13, 15>();
  all_blocks<16, 16>();
  all_blocks<17, 17>();
  all_blocks<6, 18>();
  all_blocks<31, 19>();
  all_blocks<20, 20>();
  all_blocks<21, 21>();
  all_blocks<22, 22>();
  all_blocks<64, 64>();
  all_blocks<100, 100>();
  all_blocks<128, 128>();
}

TEST(EC_SUITE, DynamicSizesMatchTheDocumentedOrderBitForBit) {
  for (int n = 1; n <= 40; ++n) {
    expect_matches_reference<ec::Dynamic, ec::Dynamic, ec::detail::kRowBlock>(n, n);
    expect_matches_reference<ec::Dynamic, ec::Dynamic, 1>(n + 3, n);
  }
  expect_matches_reference<ec::Dynamic, ec::Dynamic, ec::detail::kRowBlock>(257, 257);
}

TEST(EC_SUITE, DotRowMatchesTheDocumentedOrder) {
  const std::vector<float> a = normals(77, 21);
  const std::vector<float> b = normals(77, 22);
  for (int n = 0; n <= 77; ++n) {
    EXPECT_EQ(bits(ec::detail::dot_row<ec::Dynamic>(a.data(), b.data(), n)), bits(reference_dot(a.data(), b.data(), n)));
  }
  EXPECT_EQ(bits(ec::detail::dot_row<77>(a.data(), b.data(), 77)), bits(reference_dot(a.data(), b.data(), 77)));
}

// A one-stage step's proposal with its observer's sums (stepper.hpp's advance_finite_sums,
// the portable kernel's two passes, with vector or with scalar lanes): the plain loop's
// proposal and reference_dot's sums, bit for bit, at every length 0..77, with and without
// noise; NaN or Inf anywhere reports false (support/float_samples.hpp's
// check_fused_advance).
TEST(EC_SUITE, FusedAdvanceAndSumsMatchTheReferences) {
#if EDGECHAOS_MATVEC_DISPATCH
  const ec::detail::ScopedMatvecKernel portable(ec::detail::MatvecKernel::portable);
#endif
  const auto fused = [](const float* x, const float* v, const float* phi, float h, const float* noise, float* out,
                        int n, float* sums) {
    using View = Eigen::Map<const ec::Vector<ec::Dynamic>>;
    const View xs(x, n), vs(v, n), ps(phi, n);
    ec::StepSums s;
    const bool finite = noise != nullptr ? ec::detail::advance_finite_sums<true>(xs, vs, ps, h, noise, out, s)
                                         : ec::detail::advance_finite_sums<false>(xs, vs, ps, h, noise, out, s);
    sums[0] = s.x2;
    sums[1] = s.phi2;
    sums[2] = s.v2;
    return finite;
  };
  EXPECT_EQ(edgechaos::test::check_fused_advance(fused, [](const char* what, int n) {
              ADD_FAILURE() << what << " differs first at n = " << n;
            }),
            0);
}

// A non-finite input must come out non-finite wherever it lands (lane or tail).
TEST(EC_SUITE, NonFiniteEntriesPropagate) {
  std::vector<float> J(19 * 19, 0.5f), r(19, 1.0f), y(19);
  J[3 * 19 + 18] = std::numeric_limits<float>::infinity();  // tail column of row 3
  J[7 * 19 + 2] = std::numeric_limits<float>::quiet_NaN();  // lane 2 of row 7
  ec::detail::matvec<19, 19>(J.data(), r.data(), y.data(), 19, 19);
  EXPECT_TRUE(std::isinf(y[3]));
  EXPECT_TRUE(std::isnan(y[7]));
  EXPECT_EQ(y[0], 9.5f);  // 19 * 0.5, exact
}

// The vectorised activate loop gives the scalar FastTanh::value bit for bit, including
// signed zeros, the saturated range, infinities and NaN.
TEST(EC_SUITE, ActivateEqualsScalarActivation) {
  constexpr int kN = 64;
  using Net = ec::RateNetwork<kN, 0, ec::FastTanh>;
  static float J[kN * kN] = {};
  const Net net(J);
  Net::State x, phi;
  const float special[] = {0.0f, -0.0f, 1e-30f, 8.6f, 8.7f, 9.5f, 9.6f, 20.0f, 1e30f,
                           std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity(),
                           std::numeric_limits<float>::quiet_NaN()};
  const std::vector<float> g = normals(kN, 31);
  for (int i = 0; i < kN; ++i) x[i] = i < 12 ? special[i] : 3.0f * g[static_cast<std::size_t>(i)];
  net.activate(x, phi);
  for (int i = 0; i < kN; ++i) {
    const float want = ec::FastTanh::value(x[i]);
    if (std::isnan(want)) {
      EXPECT_TRUE(std::isnan(phi[i])) << i;
    } else {
      EXPECT_EQ(bits(phi[i]), bits(want)) << i << ": x = " << x[i];
    }
  }
}

// The order does not depend on whether N is known at compile time: a fixed-size and a
// Dynamic network (N = 21: a 5-column lane tail and a row-block tail) follow the same
// RK4 trajectory and monitor sums, bit for bit, over 200 steps (g = 1.5, seed 3).
TEST(EC_SUITE, FixedAndDynamicSizesGiveTheSameTrajectory) {
  constexpr int kN = 21;
  std::vector<float> J(kN * kN);
  ASSERT_EQ(ec::generate_couplings(ec::CouplingParams{1.5f, 0.0f, 3}, J.data(), kN), ec::Status::ok);
  ec::RateNetwork<kN, 0, ec::FastTanh> fixed_net(J.data());
  ec::RateNetwork<ec::Dynamic, 0, ec::FastTanh> dyn_net;
  ASSERT_EQ(dyn_net.bind(J.data(), kN), ec::Status::ok);
  ec::Vector<kN> xf = ec::Vector<kN>::Constant(0.3f);
  ec::Vector<ec::Dynamic> xd = ec::Vector<ec::Dynamic>::Constant(kN, 0.3f);
  ec::RK4<decltype(fixed_net)> rk_fixed;
  ec::RK4<decltype(dyn_net)> rk_dyn;
  ec::EnergyMonitor<float> mon_fixed, mon_dyn;
  for (int k = 0; k < 200; ++k) {
    ASSERT_EQ(rk_fixed.step(fixed_net, xf, 0.05f, mon_fixed), ec::Status::ok);
    ASSERT_EQ(rk_dyn.step(dyn_net, xd, 0.05f, mon_dyn), ec::Status::ok);
  }
  for (int i = 0; i < kN; ++i) EXPECT_EQ(bits(xf[i]), bits(xd[i])) << i;
  EXPECT_EQ(bits(mon_fixed.energy_mean()), bits(mon_dyn.energy_mean()));
  EXPECT_GT(xf.squaredNorm(), 1e-3f);  // still moving: not a trivial fixed point
}

// The committed value of a proposed component (stepper.hpp's floor_and_check, which reads
// |x|'s bits): the float tests it replaces, fabs(x) < 2^-100 -> +0 and NaN/Inf -> bad, on
// every 97th bit pattern (both signs, every exponent) and at each boundary.
TEST(EC_SUITE, FloorAndCheckAgreesWithTheFloatTests) {
  const auto agrees = [](std::uint32_t pattern) {
    float x;
    std::memcpy(&x, &pattern, sizeof x);
    unsigned bad = 0;
    const float got = ec::detail::floor_and_check(x, bad);
    const float want = std::fabs(x) < ec::kStateFloor ? 0.0f : x;
    return bits(got) == bits(want) && (bad != 0u) == !std::isfinite(x);
  };
  const std::uint32_t edges[] = {0u,          0x0D7FFFFFu, 0x0D800000u, 0x0D800001u, 0x7F7FFFFFu,
                                 0x7F800000u, 0x7F800001u, 0x7FC00000u, 0x7FFFFFFFu};
  for (const std::uint32_t e : edges) {
    EXPECT_TRUE(agrees(e)) << std::hex << e;
    EXPECT_TRUE(agrees(e | 0x80000000u)) << std::hex << (e | 0x80000000u);
  }
  std::uint64_t mismatches = 0;
  for (std::uint64_t p = 0; p <= 0xFFFFFFFFu; p += 97) mismatches += agrees(static_cast<std::uint32_t>(p)) ? 0 : 1;
  EXPECT_EQ(mismatches, 0u);
}

namespace {

// A split-velocity model's fused pass (stepper.hpp's advance_finite_velocity, which the
// stepper runs for Euler and Euler-Maruyama where kFuseVelocityPass is set) against the
// two passes it replaces: net.velocity(), then the documented proposal
// (reference_advance), bit for bit: the velocity left in y, phi, the proposal and its
// finiteness. Inputs: x from NormalStream seed 81 scaled by 2 with -0, +0 and a value below
// the floor planted; u seed 82; noise seed 83; h = 0.05.
template <class Net>
void expect_split_pass_matches(const Net& net, int n, int m) {
  using State = typename Net::State;
  using Input = typename Net::Input;
  const std::vector<float> xs = normals(n, 81), us = normals(m, 82), zs = normals(n, 83);
  State x = State::Zero(n), v = State::Zero(n), phi = State::Zero(n), y = State::Zero(n), phi2 = State::Zero(n);
  Input u = Input::Zero(m);
  for (int i = 0; i < n; ++i) x[i] = 2.0f * xs[static_cast<std::size_t>(i)];
  for (int k = 0; k < m; ++k) u[k] = us[static_cast<std::size_t>(k)];
  x[0] = -0.0f;
  if (n > 2) x[2] = 3e-31f;
  const float h = 0.05f;
  for (int with_noise = 0; with_noise < 2; ++with_noise) {
    for (int poison = -1; poison < n; poison += (n + 2) / 3) {  // -1: all finite; else x[poison] = NaN
      State xp = x;
      if (poison >= 0) xp[poison] = std::numeric_limits<float>::quiet_NaN();
      const float* noise = with_noise != 0 ? zs.data() : nullptr;
      std::vector<float> want(static_cast<std::size_t>(n)), got(static_cast<std::size_t>(n));
      net.velocity(xp, u, v, phi);
      const bool want_ok = ec::test::reference_advance(xp.data(), v.data(), h, noise, want.data(), n, ec::kStateFloor);
      net.coupling_term(xp, y, phi2);
      const bool got_ok = with_noise != 0
                              ? ec::detail::advance_finite_velocity<true>(net, xp.data(), u, y.data(), h, noise,
                                                                           got.data(), n)
                              : ec::detail::advance_finite_velocity<false>(net, xp.data(), u, y.data(), h, nullptr,
                                                                            got.data(), n);
      ASSERT_EQ(got_ok, want_ok) << "n " << n << ", poison " << poison;
      EXPECT_EQ(want_ok, poison < 0);
      for (int i = 0; i < n; ++i) {
        const auto at = static_cast<std::size_t>(i);
        ASSERT_EQ(bits(y[i]), bits(v[i])) << "velocity " << i << " of " << n << ", poison " << poison;
        ASSERT_EQ(bits(phi2[i]), bits(phi[i])) << "phi " << i;
        if (poison < 0) {
          ASSERT_EQ(bits(got[at]), bits(want[at])) << "proposal " << i << " of " << n;
        }
      }
    }
  }
}

template <int N, int M>
void split_pass_cases() {
  const int n = N, m = M;
  std::vector<float> J(static_cast<std::size_t>(n * n)), W(static_cast<std::size_t>(n * m));
  ASSERT_EQ(ec::generate_couplings(ec::CouplingParams{1.8f, 0.3f, 5}, J.data(), n), ec::Status::ok);
  const std::vector<float> w = normals(n * m, 84), b = normals(n, 85);
  for (std::size_t k = 0; k < W.size(); ++k) W[k] = 0.5f * w[k];
  ec::Vector<N> bias;
  for (int i = 0; i < n; ++i) bias[i] = 0.1f * b[static_cast<std::size_t>(i)];

  ec::RateNetwork<N, M, ec::TableTanh<5>> fixed(J.data());
  if (m > 0) {
    ASSERT_EQ(fixed.set_input_weights(W.data(), m), ec::Status::ok);
  }
  ASSERT_EQ(fixed.set_bias(bias), ec::Status::ok);
  expect_split_pass_matches(fixed, n, m);

  ec::RateNetwork<ec::Dynamic, ec::Dynamic, ec::FastTanh> dynamic;
  ASSERT_EQ(dynamic.bind(J.data(), n), ec::Status::ok);
  if (m > 0) {
    ASSERT_EQ(dynamic.set_input_weights(W.data(), m), ec::Status::ok);
  }
  ASSERT_EQ(dynamic.set_bias(ec::Vector<ec::Dynamic>(bias)), ec::Status::ok);
  expect_split_pass_matches(dynamic, n, m);
}

}  // namespace

TEST(EC_SUITE, SplitVelocityPassMatchesVelocityThenProposal) {
  static_assert(ec::is_split_velocity_model<ec::RateNetwork<8, 2>>);
  split_pass_cases<1, 0>();
  split_pass_cases<13, 0>();
  split_pass_cases<13, 3>();
  split_pass_cases<64, 2>();
}

// Through the stepper: Euler on a driven network (N = 21, M = 2, g = 1.5, seed 7, input
// u_t = sin(0.1 t), 300 steps of dt = 0.05) against a loop of net.velocity() and the
// documented proposal, bit for bit at every step, and the stepper's velocity() and phi()
// equal to the model's at the step's start. Under EDGECHAOS_MATVEC_SCALAR the stepper runs
// the fused pass; with the vector lanes it runs the two passes.
TEST(EC_SUITE, EulerStepsEqualVelocityThenProposal) {
  constexpr int kN = 21, kM = 2;
  std::vector<float> J(kN * kN), W(kN * kM);
  ASSERT_EQ(ec::generate_couplings(ec::CouplingParams{1.5f, 0.0f, 7}, J.data(), kN), ec::Status::ok);
  const std::vector<float> w = normals(kN * kM, 86);
  for (std::size_t k = 0; k < W.size(); ++k) W[k] = w[k];
  ec::RateNetwork<kN, kM, ec::FastTanh> net(J.data());
  ASSERT_EQ(net.set_input_weights(W.data(), kM), ec::Status::ok);
  ec::Euler<decltype(net)> euler;
  ec::Vector<kN> x = ec::Vector<kN>::Constant(0.2f), xr = x, v, phi;
  ec::Vector<kM> u;
  std::vector<float> next(kN);
  for (int k = 0; k < 300; ++k) {
    u << std::sin(0.1f * static_cast<float>(k)), 0.5f;
    net.velocity(xr, u, v, phi);
    ASSERT_TRUE(ec::test::reference_advance(xr.data(), v.data(), 0.05f, nullptr, next.data(), kN, ec::kStateFloor));
    for (int i = 0; i < kN; ++i) xr[i] = next[static_cast<std::size_t>(i)];
    ASSERT_EQ(euler.step(net, x, u, 0.05f), ec::Status::ok);
    for (int i = 0; i < kN; ++i) {
      ASSERT_EQ(bits(x[i]), bits(xr[i])) << "step " << k << ", neuron " << i;
      ASSERT_EQ(bits(euler.velocity()[i]), bits(v[i])) << "step " << k << ", neuron " << i;
      ASSERT_EQ(bits(euler.phi()[i]), bits(phi[i])) << "step " << k << ", neuron " << i;
    }
  }
  EXPECT_GT(x.squaredNorm(), 1e-2f);  // driven and moving
}
