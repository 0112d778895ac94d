// The leaky echo-state map against a double computation of RESERVOIR.md section 1, its
// relation to the continuous model at a = 1, dense == sparse bits, and its refusals.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "edgechaos/edgechaos.hpp"

namespace ec = edgechaos;

namespace {

constexpr int N = 20, M = 2;
using Esn = ec::EchoState<N, M>;

struct Weights {
  ec::CouplingMatrix<N> W;
  ec::RowMajorMatrix<N, M> W_in;
  ec::Vector<N> b;
  // W: Gaussian with gain 0.8 (spectral radius near 0.8 < 1: the map contracts), seed 4;
  // W_in dense uniform, scaling 0.5, seed 5; b ~ 0.1 N(0, 1), seed 6.
  Weights() {
    EXPECT_EQ(ec::generate_couplings(ec::CouplingParams{0.8f, 0.0f, 4u}, W), ec::Status::ok);
    EXPECT_EQ(ec::generate_input_weights(ec::InputWeightParams{0.5f, 1.0f, ec::InputWeightKind::uniform, 5u}, W_in),
              ec::Status::ok);
    ec::NormalStream z(6u);
    for (int i = 0; i < N; ++i) b[i] = 0.1f * z.next();
  }
};

ec::Vector<M> input(int t) {
  return ec::Vector<M>(std::sin(0.3f * static_cast<float>(t)), std::cos(0.17f * static_cast<float>(t)));
}

}  // namespace

// 200 steps with leak a = 0.3 against the same map computed in double from x(-1) = 0.
// Tolerance 2e-5 per component: float rounding of sums of 22 terms (~1e-6 each step);
// the map contracts (|W| ~ 0.8, tanh' <= 1, leak mixing), so errors do not accumulate.
TEST(EchoState, MatchesDoubleComputation) {
  static const Weights w;
  Esn esn;
  ASSERT_EQ(esn.bind(w.W.data(), N), ec::Status::ok);
  ASSERT_EQ(esn.set_input_weights(w.W_in.data()), ec::Status::ok);
  ASSERT_EQ(esn.set_bias(w.b), ec::Status::ok);
  ASSERT_EQ(esn.set_leak(0.3f), ec::Status::ok);
  ec::MapStepper<Esn> map;
  ec::Vector<N> x = ec::Vector<N>::Zero();
  double xd[N] = {};
  for (int t = 0; t < 200; ++t) {
    const ec::Vector<M> u = input(t);
    ASSERT_EQ(map.step(esn, x, u), ec::Status::ok);
    double next[N];
    for (int i = 0; i < N; ++i) {
      double s = static_cast<double>(w.b[i]);
      for (int j = 0; j < N; ++j) s += static_cast<double>(w.W(i, j)) * xd[j];
      for (int k = 0; k < M; ++k) s += static_cast<double>(w.W_in(i, k)) * static_cast<double>(u[k]);
      next[i] = 0.7 * xd[i] + 0.3 * std::tanh(s);
    }
    for (int i = 0; i < N; ++i) {
      xd[i] = next[i];
      ASSERT_NEAR(static_cast<double>(x[i]), xd[i], 2e-5) << "t " << t << " i " << i;
    }
  }
  // The state is not trivially small (the test would pass for x = 0 otherwise).
  EXPECT_GT(x.norm(), 0.1f);
}

// One step by hand, N = 2, no input: W = [[0, 1], [-1, 0]], b = (0.5, 0), a = 0.5,
// x = (1, 2): s = (2 + 0.5, -1) and x' = 0.5 x + 0.5 tanh(s).
TEST(EchoState, OneStepByHand) {
  const float W[4] = {0, 1, -1, 0};
  ec::EchoState<2> esn;
  ASSERT_EQ(esn.bind(W, 2), ec::Status::ok);
  ASSERT_EQ(esn.set_bias(ec::Vector<2>(0.5f, 0.0f)), ec::Status::ok);
  ASSERT_EQ(esn.set_leak(0.5f), ec::Status::ok);
  ec::Vector<2> x(1.0f, 2.0f), xn, phi;
  esn.next(x, ec::Vector<0>(), xn, phi);
  EXPECT_NEAR(phi[0], std::tanh(2.5), 1e-7);
  EXPECT_NEAR(phi[1], std::tanh(-1.0), 1e-7);
  EXPECT_NEAR(xn[0], 0.5 + 0.5 * std::tanh(2.5), 1e-6);
  EXPECT_NEAR(xn[1], 1.0 + 0.5 * std::tanh(-1.0), 1e-6);
}

// a = 1 is not Euler dt = 1 of the continuous model: Euler gives x' = W tanh(x) + W_in u + b
// (tanh before the product), the map x' = tanh(W x + W_in u + b). They differ at the first
// step from the same x. The relation: the map's pre-activation s(t) = W y(t-1) + W_in u(t) + b
// obeys s(t+1) = W tanh(s(t)) + W_in u(t+1) + b, Euler dt = 1 of the flow with the input
// shifted by one sample; so Euler from x = s(0), driven with u(t+1), has tanh(x(t)) = y(t).
// Checked for 50 steps to 1e-5 (different float summation orders, contracting map).
TEST(EchoState, LeakOneIsNotEulerDtOne) {
  static const Weights w;
  Esn esn;
  ASSERT_EQ(esn.bind(w.W.data(), N), ec::Status::ok);
  ASSERT_EQ(esn.set_input_weights(w.W_in.data()), ec::Status::ok);
  ASSERT_EQ(esn.set_bias(w.b), ec::Status::ok);
  ec::RateNetwork<N, M> flow(w.W);
  ASSERT_EQ(flow.set_input_weights(w.W_in.data()), ec::Status::ok);
  ASSERT_EQ(flow.set_bias(w.b), ec::Status::ok);

  ec::Vector<N> x0;
  ec::NormalStream z(8u);
  for (int i = 0; i < N; ++i) x0[i] = z.next();
  ec::MapStepper<Esn> map;
  ec::Euler<ec::RateNetwork<N, M>> euler;
  ec::Vector<N> y = x0, xe = x0;
  ASSERT_EQ(map.step(esn, y, input(0)), ec::Status::ok);
  ASSERT_EQ(euler.step(flow, xe, input(0), 1.0f), ec::Status::ok);
  EXPECT_GT((y - xe).cwiseAbs().maxCoeff(), 0.1f);  // not the same map

  // The conjugacy: s(0) = W y(-1) + W_in u(0) + b with y(-1) = x0.
  // (Plain loops: GCC 12 -O3 flags Eigen's fixed N x 2 product here with a false
  // -Waggressive-loop-optimizations in the plain Release build.)
  ec::Vector<N> s;
  const ec::Vector<M> u0 = input(0);
  for (int i = 0; i < N; ++i) {
    float v = 0.0f;
    for (int j = 0; j < N; ++j) v += w.W(i, j) * x0[j];
    for (int k = 0; k < M; ++k) v += w.W_in(i, k) * u0[k];
    s[i] = v + w.b[i];
  }
  y = x0;
  for (int t = 0; t < 50; ++t) {
    ASSERT_EQ(map.step(esn, y, input(t)), ec::Status::ok);  // y(t) = tanh(s(t))
    for (int i = 0; i < N; ++i) ASSERT_NEAR(y[i], std::tanh(s[i]), 1e-5) << "t " << t;
    ASSERT_EQ(euler.step(flow, s, input(t + 1), 1.0f), ec::Status::ok);  // s(t + 1)
  }
}

// Dense and sparse W (the same matrix, ReservoirPy-like density 0.1) give the same bits.
TEST(EchoState, SparseMatchesDenseBits) {
#if EDGECHAOS_MATVEC_DISPATCH
  // x86-64 default mode: the dense product's fused variants (detail/matvec_x86.hpp) round
  // differently from the sparse loop; the bit-for-bit promise is the unfused kernels'.
  const ec::detail::ScopedMatvecKernel unfused(ec::detail::best_unfused_matvec_kernel());
#endif
  constexpr int kCap = N * (N - 1);
  static ec::SparseCouplings<N, kCap> sw;
  ASSERT_EQ(sw.generate({0.9f, 0.1f, 12u}), ec::Status::ok);
  static ec::CouplingMatrix<N> W;
  sw.to_dense(W.data());
  static const Weights w;
  Esn dense;
  ec::SparseEchoState<N, kCap, M> sparse;
  ASSERT_EQ(dense.bind(W.data(), N), ec::Status::ok);
  ASSERT_EQ(sparse.bind(sw.view()), ec::Status::ok);
  ASSERT_EQ(dense.set_input_weights(w.W_in.data()), ec::Status::ok);
  ASSERT_EQ(sparse.set_input_weights(w.W_in.data()), ec::Status::ok);
  ASSERT_EQ(dense.set_leak(0.6f), ec::Status::ok);
  ASSERT_EQ(sparse.set_leak(0.6f), ec::Status::ok);
  ec::MapStepper<Esn> md;
  ec::MapStepper<ec::SparseEchoState<N, kCap, M>> ms;
  ec::Vector<N> xd = ec::Vector<N>::Zero(), xs = xd;
  for (int t = 0; t < 100; ++t) {
    ASSERT_EQ(md.step(dense, xd, input(t)), ec::Status::ok);
    ASSERT_EQ(ms.step(sparse, xs, input(t)), ec::Status::ok);
    ASSERT_EQ(std::memcmp(xd.data(), xs.data(), sizeof(float) * N), 0) << "t " << t;
  }
  EXPECT_GT(xd.norm(), 0.1f);
}

TEST(EchoState, Refusals) {
  static const Weights w;
  Esn esn;
  EXPECT_FALSE(esn.bound());
  EXPECT_EQ(esn.bind(nullptr, N), ec::Status::invalid_argument);
  EXPECT_EQ(esn.bind(w.W.data(), N + 1), ec::Status::size_mismatch);
  ASSERT_EQ(esn.bind(w.W.data(), N), ec::Status::ok);
  for (float a : {0.0f, -0.1f, 1.01f, NAN, INFINITY}) EXPECT_EQ(esn.set_leak(a), ec::Status::invalid_argument);
  EXPECT_EQ(esn.leak(), 1.0f);
  ec::Vector<N> bad_b = w.b;
  bad_b[3] = NAN;
  EXPECT_EQ(esn.set_bias(bad_b), ec::Status::non_finite_input);
  EXPECT_EQ(esn.bias(), ec::Vector<N>::Zero());
  ASSERT_EQ(esn.set_input_weights(w.W_in.data()), ec::Status::ok);

  // A non-finite input: refused, the state kept (tanh would have swallowed it).
  ec::MapStepper<Esn> map;
  ec::Vector<N> x = ec::Vector<N>::Constant(0.25f);
  const ec::Vector<N> before = x;
  EXPECT_EQ(map.step(esn, x, ec::Vector<M>(INFINITY, 0.0f)), ec::Status::non_finite_input);
  EXPECT_EQ(map.step(esn, x, ec::Vector<M>(0.0f, NAN)), ec::Status::non_finite_input);
  EXPECT_EQ(std::memcmp(x.data(), before.data(), sizeof(float) * N), 0);
}
