// The fixed-point models (models/fixed_rate_network.hpp, models/fixed_echo_state.hpp):
// quantisation of a float J, a double-precision reference of the float model with the
// quantised weights and a bound derived from the rounding steps, the float library network
// built from the same float J within that bound plus J's quantisation, dense == sparse bit
// for bit, the step protocol (MapStepper: refusals keep the state), and x -> -x symmetry.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "edgechaos/edgechaos.hpp"

namespace ec = edgechaos;

namespace {

constexpr int N = 32, M = 2;
using QW = ec::QFormat<16, 14>;  // weights in [-2, 2), step 6.1e-5
using ec::Status;

// The float model's parts, drawn once: J with g = 1.5 (chaotic side), seed 7; W_in uniform
// scaling 0.5, seed 8; b = 0.1 N(0, 1), seed 9; x0 = 0.5 N(0, 1), seed 10.
struct FloatModel {
  ec::CouplingMatrix<N> J;
  ec::RowMajorMatrix<N, M> W_in;
  float b[N];
  float x0[N];
  FloatModel() {
    EXPECT_EQ(ec::generate_couplings(ec::CouplingParams{1.5f, 0.0f, 7u}, J), Status::ok);
    EXPECT_EQ(ec::generate_input_weights(ec::InputWeightParams{0.5f, 1.0f, ec::InputWeightKind::uniform, 8u}, W_in),
              Status::ok);
    ec::NormalStream z(9u), z0(10u);
    for (int i = 0; i < N; ++i) b[i] = 0.1f * z.next();
    for (int i = 0; i < N; ++i) x0[i] = 0.5f * z0.next();
  }
};

const FloatModel& model() {
  static const FloatModel m;
  return m;
}

float input(int t, int k) { return k == 0 ? 0.5f * std::sin(0.3f * static_cast<float>(t)) : 0.5f * std::cos(0.17f * static_cast<float>(t)); }

// The fixed model's arrays and its quantised copies in double (the exact values it holds).
template <class QS>
struct Fixed {
  using S = typename QS::raw_type;
  std::int16_t J[N * N];
  std::int16_t W_in[N * M];
  S b[N];
  ec::FixedVector<QS, N> x0;
  double Jd[N * N], Wd[N * M], bd[N];
  double row_l1_max = 0.0;  // max_i sum_j |J_ij|: the Lipschitz constant of J tanh
  Fixed() {
    const FloatModel& f = model();
    EXPECT_EQ(ec::quantize_couplings<QW>(f.J.data(), N, N, J), Status::ok);
    EXPECT_EQ(ec::quantize_couplings<QW>(f.W_in.data(), N, M, W_in), Status::ok);
    EXPECT_EQ(ec::to_fixed<QS>(f.b, N, b), Status::ok);
    S xs[N];
    EXPECT_EQ(ec::to_fixed<QS>(f.x0, N, xs), Status::ok);
    for (int i = 0; i < N; ++i) x0[i] = xs[i];
    for (int k = 0; k < N * N; ++k) Jd[k] = QW::to_double(J[k]);
    for (int k = 0; k < N * M; ++k) Wd[k] = QW::to_double(W_in[k]);
    for (int i = 0; i < N; ++i) bd[i] = QS::to_double(b[i]);
    for (int i = 0; i < N; ++i) {
      double s = 0.0;
      for (int j = 0; j < N; ++j) s += std::fabs(Jd[i * N + j]);
      row_l1_max = std::max(row_l1_max, s);
    }
  }
  ec::FixedVector<QS, M> u(int t) const {
    ec::FixedVector<QS, M> v;
    for (int k = 0; k < M; ++k) EXPECT_EQ(ec::to_fixed<QS>(static_cast<double>(input(t, k)), v[k]), Status::ok);
    return v;
  }
};

template <class QS>
using Rate = ec::FixedRateNetwork<N, M, QW, QS>;
template <class QS>
using Esn = ec::FixedEchoState<N, M, QW, QS>;

template <class Net, class F>
void bind(Net& net, ec::FixedDenseCouplingsView<QW>& view, const F& f) {
  ASSERT_EQ(view.set(f.J, N), Status::ok);
  ASSERT_EQ(net.bind(view), Status::ok);
  ASSERT_EQ(net.set_input_weights(f.W_in), Status::ok);
  net.set_bias(f.b);
}

}  // namespace

// Integer Euler against the double Euler of the same quantised weights, dt = 0.1.
// Bound (derivation): from the same state, the integer step differs from the double one by
//   |phi error| <= eps_t = kIntTanhBound + 0.5 2^-F       (the integer tanh)
//   |h error| <= L_i eps_t + 2 (0.5 2^-F)                (L_i = sum_j |J_ij|; two roundings)
//   |x' error| <= dt |h error| + 0.5 2^-F                 (the increment's rounding)
// Checked from the integer state at every one of 200 steps (the double step restarted at
// the integer state: the local bound, row by row). Over a trajectory the double map is
// Lipschitz with lip = (1 - dt) + dt L (|tanh'| <= 1, L = max_i L_i), so after k steps from
// the same x0 the two differ by at most e_k, e_{k+1} = lip e_k + local (checked for 10 steps;
// lip is about 1.6 at g = 1.5, so longer trajectories make the bound vacuous: chaos).
template <class QS>
void euler_against_double() {
  const Fixed<QS> f;
  Rate<QS> net;
  ec::FixedDenseCouplingsView<QW> view;
  bind(net, view, f);
  ASSERT_EQ(net.set_dt(0.1f), Status::ok);
  const double dt = net.dt_raw() / 65536.0;  // the exact dt of the integer step
  const double ulp = 1.0 / QS::kScale;
  const double eps_t = ec::kIntTanhBound + 0.5 * ulp;
  auto double_step = [&](const std::vector<double>& xs, const ec::FixedVector<QS, M>& u) {
    std::vector<double> phi(N), next(N);
    for (int j = 0; j < N; ++j) phi[j] = std::tanh(xs[j]);
    for (int i = 0; i < N; ++i) {
      double h = f.bd[i];
      for (int j = 0; j < N; ++j) h += f.Jd[i * N + j] * phi[j];
      for (int k = 0; k < M; ++k) h += f.Wd[i * M + k] * QS::to_double(u[k]);
      next[i] = xs[i] + dt * (h - xs[i]);
    }
    return next;
  };
  auto as_double = [](const ec::FixedVector<QS, N>& x) {
    std::vector<double> v(N);
    for (int i = 0; i < N; ++i) v[i] = QS::to_double(x[i]);
    return v;
  };
  ec::MapStepper<Rate<QS>> stepper;
  // 1. The local bound at every step, per row.
  auto x = f.x0;
  double worst = 0.0;
  for (int t = 0; t < 200; ++t) {
    const auto u = f.u(t);
    const std::vector<double> want = double_step(as_double(x), u);
    ASSERT_EQ(stepper.step(net, x, u), Status::ok);
    for (int i = 0; i < N; ++i) {
      double li = 0.0;
      for (int j = 0; j < N; ++j) li += std::fabs(f.Jd[i * N + j]);
      const double bound_i = dt * (li * eps_t + ulp) + 0.5 * ulp;
      const double d = std::fabs(QS::to_double(x[i]) - want[i]);
      EXPECT_LE(d, bound_i) << "step " << t << " neuron " << i;
      worst = std::max(worst, d / bound_i);
    }
  }
  // 2. A 10-step trajectory from the same x0.
  const double local = dt * (f.row_l1_max * eps_t + ulp) + 0.5 * ulp;
  const double lip = (1.0 - dt) + dt * f.row_l1_max;
  x = f.x0;
  std::vector<double> xd = as_double(x);
  double e = 0.0;
  for (int t = 0; t < 10; ++t) {
    const auto u = f.u(t);
    ASSERT_EQ(stepper.step(net, x, u), Status::ok);
    xd = double_step(xd, u);
    e = lip * e + local;
    for (int i = 0; i < N; ++i) EXPECT_LE(std::fabs(QS::to_double(x[i]) - xd[i]), e) << "step " << t << " neuron " << i;
  }
  std::printf("[ measured ] Euler %d-bit state: worst local |err|/bound over 200 steps %.3f; 10-step bound %.3e\n",
              QS::kBits, worst, e);
}

// N = 32, M = 2, g = 1.5, dt = 0.1, weights Q1.14.
TEST(FixedRateNetwork, EulerAgainstDoubleReference16) { euler_against_double<ec::QFormat<16, 12>>(); }
TEST(FixedRateNetwork, EulerAgainstDoubleReference32) { euler_against_double<ec::QFormat<32, 24>>(); }

// The leaky map against the double map of the same quantised weights, a = 0.3, restarted
// at the integer state at each of 200 steps. From the same state: |h error| <= 2 (0.5 2^-F)
// (two roundings, x exact), |phi error| <= |h error| + eps_t (|tanh'| <= 1), and
// |x' error| <= a |phi error| + 0.5 2^-F.
template <class QS>
void esn_against_double(int steps) {
  const Fixed<QS> f;
  Esn<QS> net;
  ec::FixedDenseCouplingsView<QW> view;
  bind(net, view, f);
  ASSERT_EQ(net.set_leak(0.3f), Status::ok);
  const double a = net.leak_raw() / 65536.0;
  const double ulp = 1.0 / QS::kScale;
  const double local = a * (ulp + ec::kIntTanhBound + 0.5 * ulp) + 0.5 * ulp;
  ec::MapStepper<Esn<QS>> stepper;
  auto x = f.x0;
  double worst = 0.0;
  for (int t = 0; t < steps; ++t) {
    const auto u = f.u(t);
    std::vector<double> want(N);
    for (int i = 0; i < N; ++i) {
      double h = f.bd[i];
      for (int j = 0; j < N; ++j) h += f.Jd[i * N + j] * QS::to_double(x[j]);
      for (int k = 0; k < M; ++k) h += f.Wd[i * M + k] * QS::to_double(u[k]);
      want[i] = QS::to_double(x[i]) + a * (std::tanh(h) - QS::to_double(x[i]));
    }
    ASSERT_EQ(stepper.step(net, x, u), Status::ok);
    for (int i = 0; i < N; ++i) {
      const double d = std::fabs(QS::to_double(x[i]) - want[i]);
      EXPECT_LE(d, local) << "step " << t << " neuron " << i;
      worst = std::max(worst, d / local);
    }
  }
  std::printf("[ measured ] leaky map %d-bit state: worst local |err|/bound over %d steps %.3f\n", QS::kBits, steps, worst);
}

TEST(FixedEchoState, LeakyMapAgainstDoubleReference16) { esn_against_double<ec::QFormat<16, 12>>(200); }
TEST(FixedEchoState, LeakyMapAgainstDoubleReference32) { esn_against_double<ec::QFormat<32, 24>>(200); }

// The fixed network built from the same float J as the float library network (RateNetwork,
// Tanh, float32, Euler dt = 0.1), restarted at the integer state (Q3.12 values are exact in
// float) at each of 100 steps. The one-step bound adds to the integer rounding above (dt
// (L_i eps_t + 2^-F) + 0.5 2^-F) the quantisation of the model: J's |dJ| <= 0.5 2^-14 per
// entry times |phi| <= 1 (N terms), W_in's likewise (M terms of |u| <= 0.5), b's and u's 0.5
// 2^-F (u through |W_in| <= 0.5, M terms), all times dt; dt's |0.1 - 6554/65536| |h - x|;
// and float32's own rounding of a step on values below 10: 1e-5.
TEST(FixedRateNetwork, FromTheSameFloatJAsTheFloatNetwork) {
  using QS = ec::QFormat<16, 12>;
  const FloatModel& fm = model();
  const Fixed<QS> f;
  Rate<QS> net;
  ec::FixedDenseCouplingsView<QW> view;
  bind(net, view, f);
  ASSERT_EQ(net.set_dt(0.1f), Status::ok);
  ec::RateNetwork<N, M> fnet;
  ASSERT_EQ(fnet.bind(fm.J.data(), N), Status::ok);
  ASSERT_EQ(fnet.set_input_weights(fm.W_in.data()), Status::ok);
  ec::Vector<N> b;
  for (int i = 0; i < N; ++i) b[i] = fm.b[i];
  ASSERT_EQ(fnet.set_bias(b), Status::ok);
  ec::Euler<ec::RateNetwork<N, M>> euler;
  ec::MapStepper<Rate<QS>> stepper;
  auto x = f.x0;
  const double ulp = 1.0 / QS::kScale, dt = 0.1, wq = 0.5 / QW::kScale;
  double worst = 0.0;
  for (int t = 0; t < 100; ++t) {
    ec::Vector<N> xf;
    for (int i = 0; i < N; ++i) xf[i] = static_cast<float>(QS::to_double(x[i]));
    const ec::FixedVector<QS, M> u = f.u(t);
    const ec::Vector<M> uf(input(t, 0), input(t, 1));
    ASSERT_EQ(euler.step(fnet, xf, uf, 0.1f), Status::ok);
    ASSERT_EQ(stepper.step(net, x, u), Status::ok);
    for (int i = 0; i < N; ++i) {
      double li = 0.0;
      for (int j = 0; j < N; ++j) li += std::fabs(f.Jd[i * N + j]);
      const double hx = 10.0;  // |h - x| < 10 here: |h| <= L_i + 2 0.5 0.5 + |b| < 8, |x| < 2
      const double bound_i = dt * (li * (ec::kIntTanhBound + 0.5 * ulp) + ulp + N * wq + M * wq * 0.5 +
                                   0.5 * ulp * (1.0 + M * 0.5)) +
                             0.5 * ulp + std::fabs(0.1 - 6554.0 / 65536.0) * hx + 1e-5;
      const double d = std::fabs(QS::to_double(x[i]) - static_cast<double>(xf[i]));
      EXPECT_LE(d, bound_i) << "step " << t << " neuron " << i;
      worst = std::max(worst, d / bound_i);
    }
  }
  std::printf("[ measured ] fixed Q3.12 vs float network from the same J, 100 steps: worst |err|/bound %.3f\n", worst);
}

// Dense and sparse views of the same integer J: the same bits (integer sums are exact, so
// their order does not matter). J made 10 % dense by zeroing entries (seed 11).
TEST(FixedRateNetwork, SparseEqualsDenseBitForBit) {
  using QS = ec::QFormat<16, 12>;
  Fixed<QS> f;
  ec::Xoshiro128pp mask(11u);
  for (int k = 0; k < N * N; ++k) {
    if (!(mask.next_uniform() < 0.1f)) f.J[k] = 0;
  }
  std::uint16_t row_ptr[N + 1], col[N * N];
  std::int16_t val[N * N];
  int nnz = 0;
  for (int i = 0; i < N; ++i) {
    row_ptr[i] = static_cast<std::uint16_t>(nnz);
    for (int j = 0; j < N; ++j) {
      if (f.J[i * N + j] == 0) continue;
      col[nnz] = static_cast<std::uint16_t>(j);
      val[nnz++] = f.J[i * N + j];
    }
  }
  row_ptr[N] = static_cast<std::uint16_t>(nnz);
  Rate<QS> dense;
  ec::FixedDenseCouplingsView<QW> dview;
  bind(dense, dview, f);
  ec::FixedRateNetwork<N, M, QW, QS, ec::FixedSparseCouplingsView<QW>> sparse;
  ec::FixedSparseCouplingsView<QW> sview;
  ASSERT_EQ(sview.set(row_ptr, col, val, N, nnz), Status::ok);
  ASSERT_EQ(sparse.bind(sview), Status::ok);
  ASSERT_EQ(sparse.set_input_weights(f.W_in), Status::ok);
  sparse.set_bias(f.b);
  ec::MapStepper<Rate<QS>> s1;
  ec::MapStepper<decltype(sparse)> s2;
  auto x1 = f.x0, x2 = f.x0;
  for (int t = 0; t < 100; ++t) {
    const auto u = f.u(t);
    ASSERT_EQ(s1.step(dense, x1, u), Status::ok);
    ASSERT_EQ(s2.step(sparse, x2, u), Status::ok);
    ASSERT_TRUE(x1 == x2) << t;
  }
  // A bad CSR (columns not increasing) is refused and the view is unchanged.
  ec::FixedSparseCouplingsView<QW> bad;
  std::uint16_t rp[3] = {0, 2, 2}, cl[2] = {1, 0};
  std::int16_t vl[2] = {1, 1};
  EXPECT_EQ(bad.set(rp, cl, vl, 2, 2), Status::invalid_argument);
  EXPECT_FALSE(bad.bound());
}

// x -> -x: with no input and no bias the network is odd, and so is every integer operation
// (symmetric saturation, rounding ties away from zero, an odd tanh): -x0 gives -x(t) exactly.
TEST(FixedRateNetwork, OddSymmetryIsExact) {
  using QS = ec::QFormat<16, 12>;
  const Fixed<QS> f;
  Rate<QS> net;
  ec::FixedDenseCouplingsView<QW> view;
  ASSERT_EQ(view.set(f.J, N), Status::ok);
  ASSERT_EQ(net.bind(view), Status::ok);
  ec::MapStepper<Rate<QS>> s;
  auto xp = f.x0;
  ec::FixedVector<QS, N> xm = -f.x0;
  const ec::FixedVector<QS, M> u0 = ec::FixedVector<QS, M>::Zero();
  for (int t = 0; t < 200; ++t) {
    ASSERT_EQ(s.step(net, xp, u0), Status::ok);
    ASSERT_EQ(s.step(net, xm, u0), Status::ok);
    ASSERT_TRUE(xm == -xp) << t;
  }
}

// An observer of a fixed model: the view without the float sums.
struct Seen {
  static constexpr bool kWantsSums = false;
  ec::FixedVector<ec::QFormat<16, 12>, N>* out;
  void operator()(const ec::StepView<ec::FixedVector<ec::QFormat<16, 12>, N>>& v) const { *out = v.x_next; }
};

// The step protocol's refusals: an unbound model, bad rates; the state is kept.
TEST(FixedRateNetwork, FailureKeepsTheState) {
  using QS = ec::QFormat<16, 12>;
  const Fixed<QS> f;
  Rate<QS> net;
  ec::MapStepper<Rate<QS>> s;
  auto x = f.x0;
  EXPECT_EQ(s.step(net, x, f.u(0)), Status::invalid_argument);  // unbound
  EXPECT_TRUE(x == f.x0);
  EXPECT_EQ(net.set_dt(0.0f), Status::invalid_argument);
  EXPECT_EQ(net.set_dt(2.0f), Status::invalid_argument);
  EXPECT_EQ(net.dt_raw(), 6554u);
  ec::FixedDenseCouplingsView<QW> view;
  EXPECT_EQ(view.set(nullptr, N), Status::invalid_argument);
  EXPECT_EQ(net.bind(view), Status::invalid_argument);  // an unset view
  ASSERT_EQ(view.set(f.J, N - 1), Status::ok);
  EXPECT_EQ(net.bind(view), Status::size_mismatch);
  EXPECT_FALSE(net.bound());
  Esn<QS> esn;
  EXPECT_EQ(esn.set_leak(-0.5f), Status::invalid_argument);
  EXPECT_EQ(esn.leak_raw(), 65536u);
  // An observer sees the step; the view's x_next is the committed state.
  ASSERT_EQ(view.set(f.J, N), Status::ok);
  ASSERT_EQ(net.bind(view), Status::ok);
  ec::FixedVector<QS, N> seen = ec::FixedVector<QS, N>::Zero();
  ASSERT_EQ(s.step(net, x, f.u(0), Seen{&seen}), Status::ok);
  EXPECT_TRUE(seen == x);
}

// Quantisation: refusals change nothing; per-row scales use each row's full range.
TEST(QuantizeCouplings, ScalesAndRefusals) {
  using Q8 = ec::QFormat<8, 6>;  // [-2, 2) in steps of 1/64
  const float W[6] = {0.5f, -1.0f, 0.015625f, 0.1f, 0.2f, -0.3f};
  std::int8_t out[6] = {9, 9, 9, 9, 9, 9};
  ASSERT_EQ(ec::quantize_couplings<Q8>(W, 2, 3, out), Status::ok);
  // 0.5 * 64 = 32; -64; 1; 6.4 -> 6; 12.8 -> 13; -19.2 -> -19.
  const std::int8_t want[6] = {32, -64, 1, 6, 13, -19};
  for (int k = 0; k < 6; ++k) EXPECT_EQ(out[k], want[k]) << k;
  std::int8_t frac[2] = {0, 0};
  ASSERT_EQ(ec::quantize_couplings<Q8>(W, 2, 3, out, frac), Status::ok);
  // Row 0: max 1.0 fits 2^6 (64) but not 2^7 (128 > 127): f = 6. Row 1: max 0.3 would fit
  // 2^8 (76.8 -> 77) but f is capped at 7 (QW::kBits - 1): 12.8 -> 13, 25.6 -> 26, -38.4 -> -38.
  EXPECT_EQ(frac[0], 6);
  EXPECT_EQ(frac[1], 7);
  EXPECT_EQ(out[0], 32);
  EXPECT_EQ(out[3], 13);
  EXPECT_EQ(out[4], 26);
  EXPECT_EQ(out[5], -38);
  // Out of range for the per-matrix scale (2.5 * 64 = 160): nothing written.
  const float big[2] = {2.5f, 0.0f};
  std::int8_t keep[2] = {5, 5};
  EXPECT_EQ(ec::quantize_couplings<Q8>(big, 1, 2, keep), Status::invalid_argument);
  EXPECT_EQ(keep[0], 5);
  // Per row: 200 does not fit even at f = 0 (127).
  const float huge[2] = {200.0f, 0.0f};
  std::int8_t kf[1] = {3};
  EXPECT_EQ(ec::quantize_couplings<Q8>(huge, 1, 2, keep, kf), Status::invalid_argument);
  EXPECT_EQ(kf[0], 3);
  const float nan[2] = {0.0f, NAN};
  EXPECT_EQ(ec::quantize_couplings<Q8>(nan, 1, 2, keep), Status::non_finite_input);
  EXPECT_EQ(keep[1], 5);
  EXPECT_EQ(ec::quantize_couplings<Q8>(nullptr, 1, 2, keep), Status::invalid_argument);
}

// Per-row scales in a network: the same J at per-row scales follows the double reference
// (one step, from x0) within the one-step bound with each row's own step 2^-f_i.
TEST(FixedRateNetwork, PerRowScalesOneStep) {
  using QS = ec::QFormat<32, 24>;
  const FloatModel& fm = model();
  Fixed<QS> f;
  std::int8_t frac[N];
  ASSERT_EQ(ec::quantize_couplings<QW>(fm.J.data(), N, N, f.J, frac), Status::ok);
  Rate<QS> net;
  ec::FixedDenseCouplingsView<QW> view;
  ASSERT_EQ(view.set(f.J, N, frac), Status::ok);
  ASSERT_EQ(net.bind(view), Status::ok);
  ASSERT_EQ(net.set_dt(0.5f), Status::ok);
  ec::MapStepper<Rate<QS>> s;
  auto x = f.x0;
  const ec::FixedVector<QS, M> u0 = ec::FixedVector<QS, M>::Zero();
  ASSERT_EQ(s.step(net, x, u0), Status::ok);
  const double ulp = 1.0 / QS::kScale;
  for (int i = 0; i < N; ++i) {
    EXPECT_GE(frac[i], 14);  // every row fits at least the per-matrix scale
    double h = 0.0, l1 = 0.0;
    for (int j = 0; j < N; ++j) {
      const double Jij = f.J[i * N + j] / std::ldexp(1.0, frac[i]);
      h += Jij * std::tanh(QS::to_double(f.x0[j]));
      l1 += std::fabs(Jij);
    }
    const double x0 = QS::to_double(f.x0[i]);
    const double want = x0 + 0.5 * (h - x0);
    EXPECT_LE(std::fabs(QS::to_double(x[i]) - want), 0.5 * (l1 * (ec::kIntTanhBound + 0.5 * ulp) + ulp) + 0.5 * ulp) << i;
  }
}

// The accumulator at its proven limit: 8-bit weights and 16-bit states allow N = 511
// products (core/q_format.hpp). The worst case a caller can build: every weight -128, every
// state the most negative raw value -32768 (a caller's state), the leaky map at a = 1 and
// no input. Each row sums to 511 (-128)(-32768) = 511 2^22 = 2143289344 < 2^31 - 1 (no
// overflow: the ASan+UBSan build runs this too), h = round(511 2^22 / 2^6) = 511 2^16
// saturates to 32767 (7.99976), and IntTanh(32767) = 4096 = 1.0 in Q3.12: every x' = 4096.
TEST(FixedEchoState, WorstCaseAccumulationAtTheLargestN) {
  constexpr int kN = 511;
  using Q8 = ec::QFormat<8, 6>;
  using QS = ec::QFormat<16, 12>;
  static std::int8_t J[kN * kN];
  for (auto& w : J) w = -128;
  ec::FixedDenseCouplingsView<Q8> view;
  ASSERT_EQ(view.set(J, kN), Status::ok);
  static ec::FixedEchoState<kN, 0, Q8, QS> net;
  ASSERT_EQ(net.bind(view), Status::ok);
  ec::MapStepper<ec::FixedEchoState<kN, 0, Q8, QS>> s;
  ec::FixedVector<QS, kN> x = ec::FixedVector<QS, kN>::Constant(-32768);
  const ec::FixedVector<QS, 0> u;
  ASSERT_EQ(s.step(net, x, u), Status::ok);
  for (int i = 0; i < kN; ++i) ASSERT_EQ(x[i], 4096) << i;
  // And the sign flipped (weights +127, states -32768): 511 (-4161536) -> -32767 -> -4096.
  for (auto& w : J) w = 127;
  x.setConstant(-32768);
  ASSERT_EQ(s.step(net, x, u), Status::ok);
  for (int i = 0; i < kN; ++i) ASSERT_EQ(x[i], -4096) << i;
}
