// A whole float model quantised (weights/quantize_model.hpp) and the integer readout
// (readouts/fixed_linear_readout.hpp): hand-computed scales, values and errors; refusals
// that write nothing; agreement with the per-matrix quantiser of weights/fixed_couplings.hpp
// (a second method); the readout's rounding, saturation and its distance to the float
// readout within a bound derived from the quantisation steps.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "edgechaos/edgechaos.hpp"

namespace ec = edgechaos;
using ec::Status;

namespace {

using QW8 = ec::QFormat<8, 6>;     // Q1.6: step 2^-6, largest 127/64
using QS16 = ec::QFormat<16, 12>;  // Q3.12
using QW16 = ec::QFormat<16, 14>;  // Q1.14
using QS32 = ec::QFormat<32, 24>;  // Q7.24

// The two instantiations the tests use (a template argument list inside a gtest macro splits it).
constexpr auto q8 = &ec::quantize_model<QW8, QS16>;
constexpr auto q16 = &ec::quantize_model<QW16, QS32>;

// The hand model: n = 2, m = 1, k = 1.
//   J = [[0.5, 2^-7], [1.5, -0.3]], W_in = [[0.25], [-0.5]], b = [0.1, -0.2],
//   W_out = [[0.75, -1.25]], c = [0.05].
struct Hand {
  float J[4] = {0.5f, 0.0078125f, 1.5f, -0.3f};
  float W_in[2] = {0.25f, -0.5f};
  float b[2] = {0.1f, -0.2f};
  float W_out[2] = {0.75f, -1.25f};
  float c[1] = {0.05f};
  ec::FloatModelView view() const { return {J, 2, W_in, 1, b, W_out, 1, c}; }
};

struct Out8 {
  std::int8_t J[4] = {9, 9, 9, 9}, W_in[2] = {9, 9}, W_out[2] = {9, 9};
  std::int8_t J_frac[2] = {9, 9}, W_out_frac[1] = {9};
  std::int16_t b[2] = {9, 9}, c[1] = {9};
  ec::QuantizedModelView<QW8, QS16> view() { return {J, J_frac, W_in, b, W_out, W_out_frac, c}; }
  bool untouched() const {
    for (auto v : J) if (v != 9) return false;
    for (auto v : W_in) if (v != 9) return false;
    for (auto v : W_out) if (v != 9) return false;
    for (auto v : J_frac) if (v != 9) return false;
    for (auto v : b) if (v != 9) return false;
    return W_out_frac[0] == 9 && c[0] == 9;
  }
};

}  // namespace

// Scales by hand, Q1.6 weights (raw in [-127, 127]):
//   row 0 of J (largest 0.5): 0.5 2^f < 127.5 up to f = 7 (64); row 1 (largest 1.5): f = 6 (96).
//   per_row: f = (7, 6); per_matrix and format: (6, 6).
//   per_row values: row 0 at 2^7 -> (64, 1) exact; row 1 at 2^6 -> (96, round(-19.2) = -19),
//     error 0.2/64 = 0.003125 (the largest).
//   per_matrix: row 0 at 2^6 -> (32, round(0.5) = 1: a tie, away from zero), error 2^-7.
//   W_out (largest 1.25): 1.25 2^f < 127.5 up to f = 6 -> (48, -80) exact.
//   W_in at 2^6: (16, -32); b at 2^12: round(409.6) = 410, round(-819.2) = -819; c: round(204.8) = 205.
TEST(QuantizeModel, HandScalesValuesAndErrors) {
  const Hand h;
  Out8 o;
  ec::QuantizationReport r;
  ASSERT_EQ(q8(h.view(), ec::ScaleMode::per_row, o.view(), r), Status::ok);
  EXPECT_EQ(o.J_frac[0], 7);
  EXPECT_EQ(o.J_frac[1], 6);
  EXPECT_EQ(o.J[0], 64);
  EXPECT_EQ(o.J[1], 1);
  EXPECT_EQ(o.J[2], 96);
  EXPECT_EQ(o.J[3], -19);
  EXPECT_EQ(o.W_in[0], 16);
  EXPECT_EQ(o.W_in[1], -32);
  EXPECT_EQ(o.b[0], 410);
  EXPECT_EQ(o.b[1], -819);
  EXPECT_EQ(o.W_out_frac[0], 6);
  EXPECT_EQ(o.W_out[0], 48);
  EXPECT_EQ(o.W_out[1], -80);
  EXPECT_EQ(o.c[0], 205);
  // -0.3f is not -0.3 exactly: the error is |(-19)/64 - (-0.3f)|.
  EXPECT_DOUBLE_EQ(r.J.max_abs, std::fabs(-19.0 / 64.0 - static_cast<double>(-0.3f)));
  EXPECT_DOUBLE_EQ(r.J.max_float, 1.5);
  EXPECT_DOUBLE_EQ(r.J.max_rel, r.J.max_abs / 1.5);
  EXPECT_DOUBLE_EQ(r.W_out.max_abs, 0.0);
  EXPECT_DOUBLE_EQ(r.W_in.max_abs, 0.0);
  EXPECT_NEAR(r.b.max_abs, 0.4 / 4096.0, 1e-8);  // b0: |410/4096 - 0.1| = 0.4/4096 (b1: 0.2/4096)

  Out8 m;
  ASSERT_EQ(q8(h.view(), ec::ScaleMode::per_matrix, m.view(), r), Status::ok);
  EXPECT_EQ(m.J_frac[0], 6);
  EXPECT_EQ(m.J_frac[1], 6);
  EXPECT_EQ(m.J[0], 32);
  EXPECT_EQ(m.J[1], 1);  // 0.5 rounds away from zero
  EXPECT_DOUBLE_EQ(r.J.max_abs, 0.0078125);

  Out8 f;
  ASSERT_EQ(q8(h.view(), ec::ScaleMode::format, f.view(), r), Status::ok);
  EXPECT_EQ(f.J_frac[0], 6);
  EXPECT_EQ(f.J_frac[1], 6);
}

// Refusals write nothing (outputs and report): a NaN anywhere, a weight that no scale of
// the format holds, a weight outside the format's own scale (mode format), W_in or b outside
// their fixed scales, a size above the accumulator bound (8 x 16 bits: 511 products), null
// outputs.
TEST(QuantizeModel, RefusalsChangeNothing) {
  ec::QuantizationReport r;
  r.J.max_abs = 42.0;
  auto refused = [&](const Hand& h, ec::ScaleMode mode, Status expected) {
    Out8 o;
    EXPECT_EQ(q8(h.view(), mode, o.view(), r), expected);
    EXPECT_TRUE(o.untouched());
    EXPECT_EQ(r.J.max_abs, 42.0);
  };
  Hand h;
  h.W_out[1] = std::numeric_limits<float>::quiet_NaN();
  refused(h, ec::ScaleMode::per_row, Status::non_finite_input);
  h = Hand{};
  h.c[0] = std::numeric_limits<float>::infinity();
  refused(h, ec::ScaleMode::per_row, Status::non_finite_input);
  h = Hand{};
  h.J[3] = 200.0f;  // above 127 even at f = 0
  refused(h, ec::ScaleMode::per_row, Status::invalid_argument);
  h = Hand{};
  h.J[3] = 2.5f;  // fits per row (f = 5) but not Q1.6 itself
  refused(h, ec::ScaleMode::format, Status::invalid_argument);
  Out8 ok;
  EXPECT_EQ(q8(h.view(), ec::ScaleMode::per_row, ok.view(), r), Status::ok);
  EXPECT_EQ(ok.J_frac[1], 5);
  r.J.max_abs = 42.0;
  h = Hand{};
  h.W_in[1] = 2.0f;  // W_in is always at QW::kFrac: 128 > 127
  refused(h, ec::ScaleMode::per_row, Status::invalid_argument);
  h = Hand{};
  h.b[0] = 8.0f;  // Q3.12 holds up to 32767/4096 = 7.9998
  refused(h, ec::ScaleMode::per_row, Status::invalid_argument);
  {
    Hand hn;
    ec::FloatModelView v = hn.view();
    Out8 o;
    ec::QuantizedModelView<QW8, QS16> ov = o.view();
    ov.W_out_frac = nullptr;
    EXPECT_EQ(q8(v, ec::ScaleMode::per_row, ov, r), Status::invalid_argument);
    EXPECT_TRUE(o.untouched());
  }
  // n = 512 at 8 x 16 bits: 512 > 511 products.
  std::vector<float> J(512 * 512, 0.0f);
  std::vector<std::int8_t> Jq(512 * 512, 9), frac(512, 9);
  ec::FloatModelView big;
  big.J = J.data();
  big.n = 512;
  ec::QuantizedModelView<QW8, QS16> bo;
  bo.J = Jq.data();
  bo.J_frac = frac.data();
  EXPECT_EQ(q8(big, ec::ScaleMode::per_row, bo, r), Status::invalid_argument);
  EXPECT_EQ(frac[0], 9);
  EXPECT_EQ(Jq[0], 9);
  big.n = 511;  // the bound itself: 511 products fit
  EXPECT_EQ(q8(big, ec::ScaleMode::per_row, bo, r), Status::ok);
  // With a readout its rows sum n + 1 terms: n = 511 is refused, 510 fits.
  std::vector<float> Wo(512, 0.0f);
  std::vector<std::int8_t> Woq(512, 9), Wof(1, 9);
  big.W_out = Wo.data();
  big.k = 1;
  bo.W_out = Woq.data();
  bo.W_out_frac = Wof.data();
  EXPECT_EQ(q8(big, ec::ScaleMode::per_row, bo, r), Status::invalid_argument);
  EXPECT_EQ(Wof[0], 9);
  big.n = 510;
  EXPECT_EQ(q8(big, ec::ScaleMode::per_row, bo, r), Status::ok);
  EXPECT_EQ(Wof[0], 7);  // an all-zero row fits at the largest fraction count, Wb - 1
  EXPECT_EQ(r.J.max_abs, 0.0);
}

// A second method: quantize_couplings (weights/fixed_couplings.hpp) with per-row scales for
// J, one scale for W_in and to_fixed for b give the same raw values as quantize_model.
// N = 32, M = 2, g = 1.5 seed 7, W_in uniform 0.5 seed 8, b = 0.1 N(0, 1) seed 9.
// And finer scales give smaller errors: per_row <= per_matrix <= format (8-bit weights),
// each within half a step of its scale, 2^-(f+1).
TEST(QuantizeModel, AgreesWithQuantizeCouplingsAndScalesOrder) {
  constexpr int N = 32, M = 2;
  ec::CouplingMatrix<N> J;
  ec::RowMajorMatrix<N, M> W_in;
  ASSERT_EQ(ec::generate_couplings(ec::CouplingParams{1.5f, 0.0f, 7u}, J), Status::ok);
  ASSERT_EQ(ec::generate_input_weights(ec::InputWeightParams{0.5f, 1.0f, ec::InputWeightKind::uniform, 8u}, W_in),
            Status::ok);
  float b[N];
  ec::NormalStream z(9u);
  for (float& v : b) v = 0.1f * z.next();
  const ec::FloatModelView f{J.data(), N, W_in.data(), M, b, nullptr, 0, nullptr};

  std::int16_t Jq[N * N], Wq[N * M], J2[N * N], W2[N * M];
  std::int32_t bq[N], b2[N];
  std::int8_t fr[N], fr2[N];
  ec::QuantizationReport r;
  ASSERT_EQ((q16(f, ec::ScaleMode::per_row, {Jq, fr, Wq, bq, nullptr, nullptr, nullptr}, r)),
            Status::ok);
  ASSERT_EQ(ec::quantize_couplings<QW16>(J.data(), N, N, J2, fr2), Status::ok);
  ASSERT_EQ(ec::quantize_couplings<QW16>(W_in.data(), N, M, W2), Status::ok);
  ASSERT_EQ(ec::to_fixed<QS32>(b, N, b2), Status::ok);
  for (int i = 0; i < N; ++i) EXPECT_EQ(fr[i], fr2[i]);
  for (int k = 0; k < N * N; ++k) ASSERT_EQ(Jq[k], J2[k]);
  for (int k = 0; k < N * M; ++k) EXPECT_EQ(Wq[k], W2[k]);
  for (int i = 0; i < N; ++i) EXPECT_EQ(bq[i], b2[i]);

  std::int8_t J8[N * N], f8[N];
  double err[3];
  const ec::ScaleMode modes[3] = {ec::ScaleMode::per_row, ec::ScaleMode::per_matrix, ec::ScaleMode::format};
  for (int s = 0; s < 3; ++s) {
    const ec::FloatModelView fj{J.data(), N, nullptr, 0, nullptr, nullptr, 0, nullptr};
    ASSERT_EQ((q8(fj, modes[s], {J8, f8, nullptr, nullptr, nullptr, nullptr, nullptr}, r)),
              Status::ok);
    err[s] = r.J.max_abs;
    int fmin = 99;
    for (int i = 0; i < N; ++i) fmin = f8[i] < fmin ? f8[i] : fmin;
    EXPECT_LE(r.J.max_abs, std::ldexp(0.5, -fmin) * (1 + 1e-12));
  }
  EXPECT_LE(err[0], err[1]);
  EXPECT_LE(err[1], err[2]);
  EXPECT_LT(err[0], err[2]);  // g = 1.5, N = 32: rows' largest |J| are below 1, so per_row gains a bit
}

// The integer readout by hand, Q1.6 weights, Q3.12 states:
//   W_out = [0.5, -0.25] (32, -16 at 2^6), c = 0.1 (410), x = (1, 2) (4096, 8192):
//   a = 32 4096 - 16 8192 + 410 2^6 = 26240, y = 26240 / 64 = 410 (0.1).
//   A tie: W = [0.5] at f = 1 (raw 1), x = 1 raw: a = 1, 1/2 rounds to 1; x = -1 -> -1.
//   Saturation: W = 127 at f = 0, x = 32767: y clamps to 32767.
TEST(FixedLinearReadout, HandValuesTiesSaturation) {
  ec::FixedLinearReadout<2, 1, QW8, QS16> ro;
  ec::FixedVector<QS16, 2> x;
  ec::FixedVector<QS16, 1> y;
  y[0] = 7;
  EXPECT_EQ(ro.predict(x, y), Status::invalid_argument);
  EXPECT_EQ(y[0], 7);
  const std::int8_t w[2] = {32, -16};
  const std::int16_t c[1] = {410};
  ASSERT_EQ(ro.bind(w, nullptr, c), Status::ok);
  x << 4096, 8192;
  ASSERT_EQ(ro.predict(x, y), Status::ok);
  EXPECT_EQ(y[0], 410);

  ec::FixedLinearReadout<1, 1, QW8, QS16> tie;
  const std::int8_t w1[1] = {1};
  const std::int8_t f1[1] = {1};
  const std::int8_t bad[1] = {8};
  ASSERT_EQ(tie.bind(w1, f1), Status::ok);
  EXPECT_EQ(tie.bind(w1, bad), Status::invalid_argument);  // frac 8 >= 8 bits; view kept
  ec::FixedVector<QS16, 1> x1, y1;
  x1[0] = 1;
  ASSERT_EQ(tie.predict(x1, y1), Status::ok);
  EXPECT_EQ(y1[0], 1);
  x1[0] = -1;
  ASSERT_EQ(tie.predict(x1, y1), Status::ok);
  EXPECT_EQ(y1[0], -1);

  const std::int8_t w127[1] = {127};
  const std::int8_t f0[1] = {0};
  ASSERT_EQ(tie.bind(w127, f0), Status::ok);
  x1[0] = 32767;
  ASSERT_EQ(tie.predict(x1, y1), Status::ok);
  EXPECT_EQ(y1[0], 32767);
  x1[0] = -32768;
  ASSERT_EQ(tie.predict(x1, y1), Status::ok);
  EXPECT_EQ(y1[0], -32767);  // symmetric saturation
}

// The integer readout as an observer of the integer network against the float readout
// (the unquantised W_out and c) of the same dequantised state, at every one of 50 steps.
// N = 32, M = 2, K = 2, J g = 1.5 seed 7 (per-row scales), W_in uniform 0.5 seed 8,
// W_out uniform 0.3 seed 11, c = (0.05, -0.1), 16-bit weights, 32-bit states.
// Bound per output: sum_j |W_q,kj - W_kj| |x_j| (the weights' quantisation) + |c_q - c|
// + 0.5 2^-F (the output's rounding); the sum over j of the exact products is otherwise exact.
TEST(FixedLinearReadout, AgainstTheFloatReadoutWithinTheQuantisationBound) {
  constexpr int N = 32, M = 2, K = 2;
  ec::CouplingMatrix<N> J;
  ec::RowMajorMatrix<N, M> W_in;
  ec::RowMajorMatrix<K, N> W_out;
  ASSERT_EQ(ec::generate_couplings(ec::CouplingParams{1.5f, 0.0f, 7u}, J), Status::ok);
  ASSERT_EQ(ec::generate_input_weights(ec::InputWeightParams{0.5f, 1.0f, ec::InputWeightKind::uniform, 8u}, W_in),
            Status::ok);
  ASSERT_EQ(ec::generate_input_weights(ec::InputWeightParams{0.3f, 1.0f, ec::InputWeightKind::uniform, 11u}, W_out),
            Status::ok);
  const float c[K] = {0.05f, -0.1f};
  std::int16_t Jq[N * N], Wq[N * M], Oq[K * N];
  std::int8_t Jf[N], Of[K];
  std::int32_t cq[K];
  ec::QuantizationReport rep;
  const ec::FloatModelView f{J.data(), N, W_in.data(), M, nullptr, W_out.data(), K, c};
  ASSERT_EQ((q16(f, ec::ScaleMode::per_row, {Jq, Jf, Wq, nullptr, Oq, Of, cq}, rep)),
            Status::ok);
  EXPECT_GT(rep.W_out.max_abs, 0.0);
  EXPECT_LE(rep.W_out.max_abs, std::ldexp(0.5, -Of[0] < -Of[1] ? -Of[0] : -Of[1]) + 1e-15);

  ec::FixedRateNetwork<N, M, QW16, QS32> net;
  ec::FixedDenseCouplingsView<QW16> view;
  ASSERT_EQ(view.set(Jq, N, Jf), Status::ok);
  ASSERT_EQ(net.bind(view), Status::ok);
  ASSERT_EQ(net.set_input_weights(Wq), Status::ok);
  ec::FixedLinearReadout<N, K, QW16, QS32> ro;
  ASSERT_EQ(ro.bind(Oq, Of, cq), Status::ok);
  ec::MapStepper<ec::FixedRateNetwork<N, M, QW16, QS32>> stepper;
  ec::FixedVector<QS32, N> x = ec::FixedVector<QS32, N>::Zero();
  ec::NormalStream z(10u);
  for (int i = 0; i < N; ++i) ASSERT_EQ(ec::to_fixed<QS32>(0.5 * z.next(), x[i]), Status::ok);
  ec::FixedVector<QS32, M> u = ec::FixedVector<QS32, M>::Zero();
  const double ulp = 1.0 / QS32::kScale;
  double worst = 0.0;
  for (int t = 0; t < 50; ++t) {
    ASSERT_EQ(ec::to_fixed<QS32>(0.5 * std::sin(0.3 * t), u[0]), Status::ok);
    ASSERT_EQ(ec::to_fixed<QS32>(0.5 * std::cos(0.17 * t), u[1]), Status::ok);
    ASSERT_EQ(stepper.step(net, x, u, ro), Status::ok);
    for (int k = 0; k < K; ++k) {
      double y = c[k], bound = std::fabs(QS32::to_double(cq[k]) - c[k]) + 0.5 * ulp;
      for (int j = 0; j < N; ++j) {
        const double xj = QS32::to_double(x[j]);
        y += static_cast<double>(W_out(k, j)) * xj;
        bound += std::fabs(std::ldexp(static_cast<double>(Oq[k * N + j]), -Of[k]) - W_out(k, j)) * std::fabs(xj);
      }
      const double e = std::fabs(QS32::to_double(ro.output()[k]) - y);
      EXPECT_LE(e, bound * (1 + 1e-9)) << "t " << t << " k " << k;
      worst = std::max(worst, e / bound);
    }
  }
  EXPECT_EQ(ro.observed(), 50);
  std::printf("readout: worst error / bound = %.3f\n", worst);
}
