// The device trainers on the target: the float32 streaming ridge and RLS at F = 8 (every
// core, the microbit included: the objects are 520 and 272 bytes). Expected values: an
// exact linear map (the truth is known), and the same fits computed here in double by the
// normal equations (a plain Cholesky in the test: a second method, not the code under test).
#include <cmath>
#include <cstring>

#include "edgechaos/edgechaos.hpp"
#include "ectest.hpp"

namespace ec = edgechaos;

namespace {

constexpr int kF = 8, kSamples = 200;  // 6.4 KiB of samples: the microbit keeps room for its stack

// The RAM figures are the objects' sizes on this core too.
static_assert(sizeof(ec::StreamingRidge<kF, 1>) == ec::StreamingRidge<kF, 1>::kRamBytes, "StreamingRidge RAM figure");
static_assert(sizeof(ec::StreamingRidge<16, 3>) == ec::StreamingRidge<16, 3>::kRamBytes, "StreamingRidge RAM figure");
static_assert(sizeof(ec::Rls<kF, 1>) == ec::Rls<kF, 1>::kRamBytes, "Rls RAM figure");
static_assert(sizeof(ec::Rls<64, 2>) == ec::Rls<64, 2>::kRamBytes, "Rls RAM figure");

// The samples: f[0] = 1, f[1..7] uniform in [-1, 1] (seed 5); y = sum_j w_j f_j + c with
// w_0 = 0 (float targets, exact up to their own rounding).
float g_f[kSamples][kF];
float g_y[kSamples];
float g_w_true[kF];
float g_c_true;

ec::StreamingRidge<kF, 1> g_sr;
ec::Rls<kF, 1> g_rls;

void make_data(bool noisy) {
  ec::Xoshiro128pp rng(5u);
  ec::NormalStream noise(6u);
  auto uni = [&] { return 2.0f * rng.next_uniform() - 1.0f; };
  for (int j = 0; j < kF; ++j) g_w_true[j] = j == 0 ? 0.0f : uni();
  g_c_true = uni();
  for (int i = 0; i < kSamples; ++i) {
    g_f[i][0] = 1.0f;
    for (int j = 1; j < kF; ++j) g_f[i][j] = uni();
    double y = static_cast<double>(g_c_true);
    for (int j = 0; j < kF; ++j) y += static_cast<double>(g_w_true[j]) * static_cast<double>(g_f[i][j]);
    if (noisy) y += 0.1 * static_cast<double>(noise.next());
    g_y[i] = static_cast<float>(y);
  }
}

ec::Vector<kF> feature(int i) { return Eigen::Map<const ec::Vector<kF>>(g_f[i]); }
ec::Vector<1> target(int i) { return ec::Vector<1>(g_y[i]); }

// The double reference: solve (A + alpha D) w = b by Cholesky, where A, b are the
// (centred when `centre`) normal equations over rows [0, n) with stride `every`; D = I
// except D_00 = 0 when centred (the constant column, all zero after centring, is left to
// the intercept: the ridge penalises it to 0). Returns w (and the intercept in *c).
void double_fit(bool centre, double alpha, int every, double w[kF], double* c) {
  static double A[kF][kF];
  double b[kF], mf[kF] = {}, my = 0;
  int n = 0;
  for (int i = every - 1; i < kSamples; i += every, ++n) {
    for (int j = 0; j < kF; ++j) mf[j] += static_cast<double>(g_f[i][j]);
    my += static_cast<double>(g_y[i]);
  }
  for (int j = 0; j < kF; ++j) mf[j] = centre ? mf[j] / n : 0.0;
  my = centre ? my / n : 0.0;
  for (int j = 0; j < kF; ++j) {
    b[j] = 0;
    for (int k = 0; k < kF; ++k) A[j][k] = j == k ? alpha : 0.0;
  }
  for (int i = every - 1; i < kSamples; i += every) {
    for (int j = 0; j < kF; ++j) {
      const double fj = static_cast<double>(g_f[i][j]) - mf[j];
      b[j] += fj * (static_cast<double>(g_y[i]) - my);
      for (int k = 0; k < kF; ++k) A[j][k] += fj * (static_cast<double>(g_f[i][k]) - mf[k]);
    }
  }
  for (int j = 0; j < kF; ++j) {  // A = L L^T in place (lower)
    double d = A[j][j];
    for (int k = 0; k < j; ++k) d -= A[j][k] * A[j][k];
    A[j][j] = std::sqrt(d);
    for (int i = j + 1; i < kF; ++i) {
      double s = A[i][j];
      for (int k = 0; k < j; ++k) s -= A[i][k] * A[j][k];
      A[i][j] = s / A[j][j];
    }
  }
  for (int i = 0; i < kF; ++i) {
    double s = b[i];
    for (int k = 0; k < i; ++k) s -= A[i][k] * b[k];
    b[i] = s / A[i][i];
  }
  for (int i = kF - 1; i >= 0; --i) {
    double s = b[i];
    for (int k = i + 1; k < kF; ++k) s -= A[k][i] * b[k];
    b[i] = s / A[i][i];
  }
  double cc = my;
  for (int j = 0; j < kF; ++j) {
    w[j] = b[j];
    cc -= b[j] * mf[j];
  }
  *c = cc;
}

template <int F, int K>
bool same_bytes(const ec::ReadoutWeights<F, K>& a, const ec::ReadoutWeights<F, K>& b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

}  // namespace

// The streaming ridge recovers the exact map within 2e-5 (host: 2e-6 measured) and agrees
// with the centred double ridge computed here within 2e-5.
EC_TEST(streaming_ridge_exact_map_and_double_fit) {
  make_data(false);
  g_sr.reset();
  for (int i = 0; i < kSamples; ++i) EC_CHECK(g_sr.add(feature(i), target(i)) == ec::Status::ok);
  static ec::ReadoutWeights<kF, 1> r;
  EC_CHECK(g_sr.solve(1e-8f, r) == ec::Status::ok);
  double w[kF], c;
  double_fit(true, 1e-8, 1, w, &c);
  for (int j = 1; j < kF; ++j) {
    EC_CHECK_NEAR(r(0, j), g_w_true[j], 2e-5);
    EC_CHECK_NEAR(r(0, j), w[j], 2e-5);
  }
  EC_CHECK_NEAR(r(0, 0), 0.0, 2e-5);
  EC_CHECK_NEAR(r.c[0], g_c_true, 2e-5);
  EC_CHECK_NEAR(r.c[0], c, 2e-5);
  // On noisy targets: the float fit against the double fit, within 1e-4.
  make_data(true);
  g_sr.reset();
  for (int i = 0; i < kSamples; ++i) EC_CHECK(g_sr.add(feature(i), target(i)) == ec::Status::ok);
  EC_CHECK(g_sr.solve(1e-3f, r) == ec::Status::ok);
  double_fit(true, 1e-3, 1, w, &c);
  for (int j = 1; j < kF; ++j) EC_CHECK_NEAR(r(0, j), w[j], 1e-4);
  EC_CHECK_NEAR(r.c[0], c, 1e-4);
}

// Bad inputs: NaN and Inf samples leave the whole object as it was; alpha <= 0, too few
// samples and rank-deficient features with a tiny alpha leave the readout as it was.
EC_TEST(streaming_ridge_bad_inputs_change_nothing) {
  static ec::ReadoutWeights<kF, 1> out, keep, good, again;
  for (float& v : out.w) v = 7.0f;
  keep = out;
  g_sr.reset();
  EC_CHECK(g_sr.solve(1.0f, out) == ec::Status::insufficient_data);
  make_data(false);
  for (int i = 0; i < kSamples; ++i) {
    ec::Vector<kF> f = feature(i);
    f[3] = f[2];  // rank deficient: two equal columns
    EC_CHECK(g_sr.add(f, target(i)) == ec::Status::ok);
  }
  static unsigned char before[sizeof(ec::StreamingRidge<kF, 1>)];
  std::memcpy(before, &g_sr, sizeof before);
  ec::Vector<kF> bad = feature(0);
  bad[5] = NAN;
  EC_CHECK(g_sr.add(bad, target(0)) == ec::Status::non_finite_input);
  EC_CHECK(g_sr.add(feature(0), ec::Vector<1>(INFINITY)) == ec::Status::non_finite_input);
  EC_CHECK(std::memcmp(before, &g_sr, sizeof before) == 0);
  EC_CHECK(g_sr.solve(0.0f, out) == ec::Status::invalid_argument);
  EC_CHECK(g_sr.solve(-1.0f, out) == ec::Status::invalid_argument);
  EC_CHECK(g_sr.solve(NAN, out) == ec::Status::invalid_argument);
  EC_CHECK(g_sr.solve(1e-3f, good) == ec::Status::ok);
  EC_CHECK(g_sr.solve(1e-14f, out) == ec::Status::not_positive_definite);
  EC_CHECK(same_bytes(out, keep));
  EC_CHECK(g_sr.solve(1e-3f, again) == ec::Status::ok);
  EC_CHECK(same_bytes(again, good));
}

// RLS (lambda = 1, alpha = 1e-4): the exact map within 1e-4; on noisy targets, every
// sample and every 2nd sample, the regularised least-squares solution of the samples it
// trained on (W = Y^T X (X^T X + alpha I)^-1, computed here in double) within 1e-3.
EC_TEST(rls_exact_map_and_double_solution) {
  make_data(false);
  EC_CHECK(g_rls.configure({1e-4f, 1.0f, 1}) == ec::Status::ok);
  for (int i = 0; i < kSamples; ++i) EC_CHECK(g_rls.update(feature(i), target(i)) == ec::Status::ok);
  EC_CHECK_NEAR(g_rls.weights()(0, 0), g_c_true, 1e-4);
  for (int j = 1; j < kF; ++j) EC_CHECK_NEAR(g_rls.weights()(0, j), g_w_true[j], 1e-4);
  make_data(true);
  for (int every : {1, 2}) {
    EC_CHECK(g_rls.configure({1e-2f, 1.0f, every}) == ec::Status::ok);
    for (int i = 0; i < kSamples; ++i) EC_CHECK(g_rls.update(feature(i), target(i)) == ec::Status::ok);
    EC_CHECK(g_rls.updates() == kSamples / every);
    double w[kF], c;
    double_fit(false, 1e-2, every, w, &c);
    for (int j = 0; j < kF; ++j) EC_CHECK_NEAR(g_rls.weights()(0, j), w[j], 1e-3);
    for (int i = 0; i < kF; ++i)
      for (int j = 0; j < kF; ++j) EC_CHECK(g_rls.p(i, j) == g_rls.p(j, i));
  }
}

// RLS refusals: bad configurations change nothing (bytes); NaN samples change nothing;
// a non-positive diagonal (alpha = 1e-12: 1e12 - 1e12 = 0 in float) changes nothing.
EC_TEST(rls_bad_inputs_change_nothing) {
  EC_CHECK(g_rls.configure({0.5f, 0.98f, 1}) == ec::Status::ok);
  make_data(true);
  for (int i = 0; i < 20; ++i) EC_CHECK(g_rls.update(feature(i), target(i)) == ec::Status::ok);
  static unsigned char before[sizeof(ec::Rls<kF, 1>)];
  std::memcpy(before, &g_rls, sizeof before);
  const ec::RlsConfig bad[] = {{0.0f, 1.0f, 1}, {-1.0f, 1.0f, 1}, {1.0f, 0.0f, 1},
                               {1.0f, 1.5f, 1}, {1.0f, NAN, 1},   {1.0f, 1.0f, 0}};
  for (const auto& c : bad) EC_CHECK(g_rls.configure(c) == ec::Status::invalid_argument);
  ec::Vector<kF> f = feature(0);
  f[1] = NAN;
  EC_CHECK(g_rls.update(f, target(0)) == ec::Status::non_finite_input);
  EC_CHECK(std::memcmp(before, &g_rls, sizeof before) == 0);
  EC_CHECK(g_rls.configure({1e-12f, 1.0f, 1}) == ec::Status::ok);
  ec::Vector<kF> e0 = ec::Vector<kF>::Zero();
  e0[0] = 1.0f;
  float p_before[kF][kF];
  for (int i = 0; i < kF; ++i)
    for (int j = 0; j < kF; ++j) p_before[i][j] = g_rls.p(i, j);
  EC_CHECK(g_rls.update(e0, ec::Vector<1>(1.0f)) == ec::Status::not_positive_definite);
  for (int i = 0; i < kF; ++i)
    for (int j = 0; j < kF; ++j) EC_CHECK(g_rls.p(i, j) == p_before[i][j]);
  EC_CHECK(g_rls.weights()(0, 0) == 0.0f);
  EC_CHECK(g_rls.updates() == 0 && g_rls.samples() == 0);
}

