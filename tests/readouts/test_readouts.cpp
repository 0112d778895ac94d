// The readouts and their trainers (readouts/): every trainer against the offline double
// fit on a problem with an exact answer, the float32 streaming ridge against the double
// ridge on reservoir features, RLS against the ridge solution, bad inputs with nothing
// changed, the readout as an observer of RK4, and the RAM figures.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <vector>

#include <Eigen/Dense>

#include "edgechaos/edgechaos.hpp"
#include "edgechaos/host/ridge.hpp"

namespace ec = edgechaos;

namespace {

template <class T>
std::vector<unsigned char> bytes_of(const T& t) {
  std::vector<unsigned char> b(sizeof(T));
  std::memcpy(b.data(), &t, sizeof(T));
  return b;
}

// n samples of F features (row-major), uniform in [-1, 1], and K exact linear targets
// y = W f + c. Feature 0 is the constant 1 (so RLS, which fits no intercept, can fit c).
template <int F, int K>
struct ExactProblem {
  int n;
  Eigen::MatrixXf X, Y;  // n x F, n x K
  Eigen::MatrixXd w_true;
  Eigen::VectorXd c_true;
  ExactProblem(int samples, std::uint64_t seed) : n(samples), X(samples, F), Y(samples, K), w_true(K, F), c_true(K) {
    ec::Xoshiro128pp rng(seed);
    auto uni = [&] { return 2.0f * rng.next_uniform() - 1.0f; };
    for (int k = 0; k < K; ++k) {
      for (int j = 0; j < F; ++j) w_true(k, j) = j == 0 ? 0.0 : static_cast<double>(uni());
      c_true[k] = static_cast<double>(uni());
    }
    for (int i = 0; i < n; ++i) {
      X(i, 0) = 1.0f;
      for (int j = 1; j < F; ++j) X(i, j) = uni();
      for (int k = 0; k < K; ++k) {
        double y = c_true[k];
        for (int j = 0; j < F; ++j) y += w_true(k, j) * static_cast<double>(X(i, j));
        Y(i, k) = static_cast<float>(y);
      }
    }
  }
  ec::Vector<F> f(int i) const { return X.row(i).transpose(); }
  ec::Vector<K> y(int i) const { return Y.row(i).transpose(); }
};

// The largest |difference| between a trained readout and (w, c).
template <int F, int K>
double max_diff(const ec::ReadoutWeights<F, K>& r, const Eigen::MatrixXd& w, const Eigen::VectorXd& c) {
  double m = 0;
  for (int k = 0; k < K; ++k) {
    for (int j = 0; j < F; ++j) m = std::fmax(m, std::fabs(static_cast<double>(r(k, j)) - w(k, j)));
    m = std::fmax(m, std::fabs(static_cast<double>(r.c[k]) - c[k]));
  }
  return m;
}

}  // namespace

// ---------------------------------------------------------------------------------------
// Features and the readout.

TEST(Features, LayoutIsConstantInputsStatesSquares) {
  using Fm = ec::Features<3, 2, true, true>;
  static_assert(Fm::kSize == 1 + 2 + 3 + 3);
  static_assert(ec::StateFeatures<5>::kSize == 5);
  const ec::Vector<3> x{0.5f, -2.0f, 3.0f};
  const ec::Vector<2> u{7.0f, 8.0f};
  Fm::FeatureVector f;
  Fm::compute(x, u, f);
  const float expect[] = {1.0f, 7.0f, 8.0f, 0.5f, -2.0f, 3.0f, 0.25f, 4.0f, 9.0f};
  for (int i = 0; i < Fm::kSize; ++i) EXPECT_EQ(f[i], expect[i]) << i;
  ec::StateFeatures<3>::FeatureVector g;
  ec::StateFeatures<3>::compute(x, g);
  EXPECT_EQ(g, x);
}

TEST(LinearReadout, BindChecksAndPredictIsWfPlusC) {
  ec::ReadoutWeights<3, 2> w;
  for (int i = 0; i < 6; ++i) w.w[i] = static_cast<float>(i + 1);
  w.c[0] = 0.5f;
  w.c[1] = -1.0f;
  ec::LinearReadout<3, 2> r;
  ec::Vector<2> y{9.0f, 9.0f};
  EXPECT_EQ(r.predict(ec::Vector<3>::Ones(), y), ec::Status::invalid_argument);
  EXPECT_EQ(r.bind(nullptr, w.c), ec::Status::invalid_argument);
  ec::ReadoutWeights<3, 2> bad = w;
  bad.w[4] = NAN;
  EXPECT_EQ(r.bind(bad), ec::Status::non_finite_input);
  EXPECT_FALSE(r.bound());
  ASSERT_EQ(r.bind(w), ec::Status::ok);
  EXPECT_EQ(r.predict(ec::Vector<3>(1.0f, 0.0f, NAN), y), ec::Status::non_finite_input);
  EXPECT_EQ(y, ec::Vector<2>(9.0f, 9.0f));  // untouched
  ASSERT_EQ(r.predict(ec::Vector<3>(1.0f, 2.0f, 3.0f), y), ec::Status::ok);
  EXPECT_EQ(y[0], 0.5f + 1.0f + 4.0f + 9.0f);
  EXPECT_EQ(y[1], -1.0f + 4.0f + 10.0f + 18.0f);
  // No intercept: c = 0.
  ASSERT_EQ(r.bind(w.w, nullptr), ec::Status::ok);
  ASSERT_EQ(r.predict(ec::Vector<3>(1.0f, 2.0f, 3.0f), y), ec::Status::ok);
  EXPECT_EQ(y[0], 14.0f);
}

// The readout as an observer of a real RK4 integration: after every step its output is
// W_out f(x_next) + c, bit for bit (the same sum in the same order), and x_next is the
// state integrate_n commits.
TEST(LinearReadout, ObservesRk4StepsThroughIntegrateN) {
  constexpr int kN = 16, kM = 1, kK = 2;
  using Net = ec::RateNetwork<kN, kM>;
  using Fm = ec::Features<kN, kM, true, false>;
  constexpr int kF = Fm::kSize;
  ec::CouplingMatrix<kN> J;
  ec::RowMajorMatrix<kN, kM> Win;
  ASSERT_EQ(ec::generate_couplings(ec::CouplingParams{1.5f, 0.0f, 5u}, J), ec::Status::ok);
  ASSERT_EQ(ec::generate_input_weights(0.5f, 6u, Win.data(), kN, kM), ec::Status::ok);
  Net net(J);
  ASSERT_EQ(net.set_input_weights(Win.data()), ec::Status::ok);
  ec::ReadoutWeights<kF, kK> w;
  ec::Xoshiro128pp rng(7);
  for (float& v : w.w) v = rng.next_uniform() - 0.5f;
  w.c[0] = 0.25f;
  w.c[1] = -0.5f;
  ec::LinearReadout<kF, kK, Fm> readout(w);
  ASSERT_TRUE(readout.bound());
  const ec::Vector<kM> u{0.3f};
  readout.set_input(u);
  std::vector<ec::Vector<kN>> committed;
  auto record = [&](const ec::StepView<Net::State>& s) { committed.push_back(s.x_next); };
  auto both = ec::observe_all(readout, record);
  static_assert(!ec::wants_sums<ec::LinearReadout<kF, kK, Fm>>::value);
  ec::RK4<Net> rk4;
  ec::Vector<kN> x = ec::Vector<kN>::LinSpaced(-0.5f, 0.5f);
  const ec::RunResult r = ec::integrate_n(rk4, net, x, u, 0.05f, 50, both);
  ASSERT_EQ(r.status, ec::Status::ok);
  EXPECT_EQ(readout.observed(), 50);
  ASSERT_EQ(committed.size(), 50u);
  EXPECT_EQ(committed.back(), x);
  Fm::FeatureVector f;
  Fm::compute(x, u, f);
  for (int k = 0; k < kK; ++k) {
    float sum = w.c[k];
    for (int j = 0; j < kF; ++j) sum += w(k, j) * f[j];
    EXPECT_EQ(readout.output()[k], sum) << k;
  }
  ec::Vector<kK> y;
  ASSERT_EQ(readout.predict(f, y), ec::Status::ok);
  EXPECT_EQ(y, readout.output());
}

// ---------------------------------------------------------------------------------------
// Every trainer on an exact linear target.

// y = W f + c exactly (in double; the float targets carry a rounding of 3e-8 relative).
// The offline double ridge recovers (W, c) within 1e-6: the ridge bias is alpha / lambda_min
// = 1e-8 / (300 / 3) = 1e-10, the float rounding of the targets about 1e-7.
TEST(Trainers, OfflineRidgeRecoversAnExactLinearMap) {
  constexpr int kF = 8, kK = 2;
  ExactProblem<kF, kK> p(300, 11u);
  ec::RidgeFit fit;
  ASSERT_EQ(ec::ridge_fit(p.X, p.Y, 1e-8, fit), ec::Status::ok);
  // The constant column is centred to zero: its weight is 0 and c carries the intercept.
  Eigen::MatrixXd w = p.w_true;
  EXPECT_LT((fit.w - w).cwiseAbs().maxCoeff(), 1e-6);
  EXPECT_LT((fit.c - p.c_true).cwiseAbs().maxCoeff(), 1e-6);
  ec::ReadoutWeights<kF, kK> r;
  ASSERT_EQ(ec::to_weights(fit, r), ec::Status::ok);
  EXPECT_LT(max_diff(r, w, p.c_true), 1e-6);
}

// The float streaming ridge on the same data: within 2e-5 of the truth and of the double
// fit (measured: a few 1e-7; the bound leaves room for float rounding of 300 rotations).
TEST(Trainers, StreamingRidgeRecoversAnExactLinearMapAsTheDoubleFit) {
  constexpr int kF = 8, kK = 2;
  ExactProblem<kF, kK> p(300, 11u);
  ec::RidgeFit fit;
  ASSERT_EQ(ec::ridge_fit(p.X, p.Y, 1e-8, fit), ec::Status::ok);
  static ec::StreamingRidge<kF, kK> sr;
  sr.reset();
  for (int i = 0; i < p.n; ++i) ASSERT_EQ(sr.add(p.f(i), p.y(i)), ec::Status::ok);
  EXPECT_EQ(sr.count(), p.n);
  ec::ReadoutWeights<kF, kK> r;
  ASSERT_EQ(sr.solve(1e-8f, r), ec::Status::ok);
  const double to_truth = max_diff(r, p.w_true, p.c_true), to_double = max_diff(r, fit.w, fit.c);
  std::printf("streaming ridge, exact map: |W - W_true| %.2e, |W - W_double| %.2e\n", to_truth, to_double);
  EXPECT_LT(to_truth, 2e-5);
  EXPECT_LT(to_double, 2e-5);
  // Refit at any time: half the data, then all of it again with the same result.
  static ec::StreamingRidge<kF, kK> half;
  for (int i = 0; i < p.n / 2; ++i) ASSERT_EQ(half.add(p.f(i), p.y(i)), ec::Status::ok);
  ec::ReadoutWeights<kF, kK> r_half;
  ASSERT_EQ(half.solve(1e-8f, r_half), ec::Status::ok);
  EXPECT_LT(max_diff(r_half, p.w_true, p.c_true), 2e-5);  // already exact: the map is exact
  for (int i = p.n / 2; i < p.n; ++i) ASSERT_EQ(half.add(p.f(i), p.y(i)), ec::Status::ok);
  ec::ReadoutWeights<kF, kK> r_all;
  ASSERT_EQ(half.solve(1e-8f, r_all), ec::Status::ok);
  EXPECT_EQ(std::memcmp(&r_all, &r, sizeof r), 0);  // same rotations in the same order
}

// RLS (lambda = 1, every sample) on the exact map: the constant feature fits c. Within
// 1e-4 of the truth (alpha = 1e-4 pulls the weights towards 0 by alpha / lambda_min ~ 1e-6;
// float rounding of 300 updates with P ~ 1 / (n / 3) does the rest).
TEST(Trainers, RlsRecoversAnExactLinearMap) {
  constexpr int kF = 8, kK = 2;
  ExactProblem<kF, kK> p(300, 11u);
  static ec::Rls<kF, kK> rls;
  ASSERT_EQ(rls.configure({1e-4f, 1.0f, 1}), ec::Status::ok);
  for (int i = 0; i < p.n; ++i) ASSERT_EQ(rls.update(p.f(i), p.y(i)), ec::Status::ok);
  EXPECT_EQ(rls.updates(), p.n);
  Eigen::MatrixXd w = p.w_true;
  w.col(0) = p.c_true;  // the intercept sits on the constant feature
  const double err = max_diff(rls.weights(), w, Eigen::VectorXd::Zero(kK));
  std::printf("RLS, exact map: |W - W_true| %.2e\n", err);
  EXPECT_LT(err, 1e-4);
  // P stays symmetric by construction: one triangle.
  for (int i = 0; i < kF; ++i)
    for (int j = 0; j < kF; ++j) EXPECT_EQ(rls.p(i, j), rls.p(j, i));
}

// RLS with lambda = 1 computes, sample by sample, the regularised least-squares solution
// W = Y^T X (X^T X + alpha I)^-1 (no intercept; the constant is a feature). On a noisy
// target the float RLS must stay on that double solution: relative difference below 1e-3
// after 2000 samples (measured ~1e-5), and every 2nd sample (k = 2) it equals the solution
// over the samples it saw.
TEST(Trainers, RlsConvergesToTheRidgeSolution) {
  constexpr int kF = 6, kK = 1;
  const int n = 2000;
  ExactProblem<kF, kK> p(n, 12u);
  ec::NormalStream noise(13u);
  for (int i = 0; i < n; ++i) p.Y(i, 0) += 0.1f * noise.next();
  const float alpha = 1e-2f;
  for (int every : {1, 2}) {
    static ec::Rls<kF, kK> rls;
    ASSERT_EQ(rls.configure({alpha, 1.0f, every}), ec::Status::ok);
    std::vector<int> rows;
    for (int i = 0; i < n; ++i) {
      ASSERT_EQ(rls.update(p.f(i), p.y(i)), ec::Status::ok);
      if ((i + 1) % every == 0) rows.push_back(i);
    }
    EXPECT_EQ(rls.samples(), n);
    EXPECT_EQ(rls.updates(), static_cast<long>(rows.size()));
    Eigen::MatrixXd X(rows.size(), kF), Y(rows.size(), kK);
    for (std::size_t r = 0; r < rows.size(); ++r) {
      X.row(static_cast<Eigen::Index>(r)) = p.X.row(rows[r]).cast<double>();
      Y.row(static_cast<Eigen::Index>(r)) = p.Y.row(rows[r]).cast<double>();
    }
    Eigen::MatrixXd A = X.transpose() * X;
    A.diagonal().array() += static_cast<double>(alpha);
    const Eigen::MatrixXd w_ref = A.ldlt().solve(X.transpose() * Y).transpose();
    const double rel = max_diff(rls.weights(), w_ref, Eigen::VectorXd::Zero(kK)) / w_ref.cwiseAbs().maxCoeff();
    std::printf("RLS every %d vs double regularised LS: relative %.2e\n", every, rel);
    EXPECT_LT(rel, 1e-3);
    // And the library's offline ridge (centred, intercept c) gives the same readout up to
    // the penalty's effect (alpha / lambda_min ~ 1e-2 / 300 relative).
    ec::RidgeFit fit;
    ASSERT_EQ(ec::ridge_fit(X, Y, static_cast<double>(alpha), fit), ec::Status::ok);
    Eigen::MatrixXd w_off = fit.w;
    w_off(0, 0) = fit.c[0];
    EXPECT_LT(max_diff(rls.weights(), w_off, Eigen::VectorXd::Zero(kK)), 1e-3);
  }
}

// ---------------------------------------------------------------------------------------
// Float streaming ridge against the double ridge on reservoir features.

namespace {

// NARMA10 (RESERVOIR.md section 4), u ~ U[0, 0.5], computed in double.
void narma10(int n, std::uint64_t seed, std::vector<float>& u, std::vector<float>& y) {
  ec::Xoshiro128pp rng(seed);
  std::vector<double> ud(static_cast<std::size_t>(n)), yd(static_cast<std::size_t>(n) + 1, 0.0);
  for (double& v : ud) v = 0.5 * static_cast<double>(rng.next_uniform());
  for (int t = 9; t < n; ++t) {
    double s = 0;
    for (int i = 0; i < 10; ++i) s += yd[static_cast<std::size_t>(t - i)];
    const std::size_t ts = static_cast<std::size_t>(t);
    yd[ts + 1] = 0.3 * yd[ts] + 0.05 * yd[ts] * s + 1.5 * ud[ts - 9] * ud[ts] + 0.1;
  }
  u.resize(static_cast<std::size_t>(n));
  y.resize(static_cast<std::size_t>(n));
  for (std::size_t t = 0; t < u.size(); ++t) {
    u[t] = static_cast<float>(ud[t]);
    y[t] = static_cast<float>(yd[t + 1]);  // target y(t+1) from u up to t
  }
}

double nrmse(const Eigen::VectorXd& yhat, const Eigen::VectorXd& y) {
  const double var = (y.array() - y.mean()).square().mean();
  return std::sqrt((yhat - y).array().square().mean() / var);
}

}  // namespace

// A leaky echo-state reservoir (RESERVOIR.md section 1: x = (1 - a) x + a tanh(W x + W_in u),
// N = 50, W Gaussian rescaled to spectral radius 0.9, W_in = +-0.5, leak 0.3) driven by
// NARMA10's input; features [u, x] in float, F = 51. Seeds 21 (W), 22 (W_in), 23 (u).
// 100 washout, 2000 training samples. The centred Gram matrix has a condition number near
// 2e10 (printed): the naive float32 Gram matrix, centred and factorised in float, fails
// its Cholesky at every alpha of the RESERVOIR.md grid (printed, not asserted).
// The float32 streaming ridge must give the double fit's task quality: train and test
// (1000 further samples) NRMSEs within 1e-4 of the double fit's (issue 10 asks for one seed
// standard deviation, about 0.02 in NRMSE at this N; measured: 1.4e-5 at most), and over the
// training samples the two readouts' outputs within 2e-2 std(y) of each other (measured:
// 6.0e-3 at alpha 1e-8, 1.1e-3 at 1e-6, 1.9e-4 at 1e-4: the float rotations' rounding,
// about sqrt(n) eps per column, seen through cond(R) ~ 1e5; the bound leaves a factor 3).
TEST(Trainers, FloatStreamingRidgeMatchesDoubleRidgeOnReservoirFeatures) {
  constexpr int kN = 50, kF = kN + 1;
  const int washout = 100, train = 2000, test = 1000, total = washout + train + test;
  std::vector<float> u, y;
  narma10(total, 23u, u, y);
  Eigen::MatrixXd W(kN, kN);
  ec::NormalStream g(21u);
  for (int i = 0; i < kN; ++i)
    for (int j = 0; j < kN; ++j) W(i, j) = static_cast<double>(g.next());
  const double rho = W.eigenvalues().cwiseAbs().maxCoeff();
  const Eigen::MatrixXf Wf = (W * (0.9 / rho)).cast<float>();
  Eigen::VectorXf win(kN);
  ec::Xoshiro128pp rng(22u);
  for (int i = 0; i < kN; ++i) win[i] = rng.next_uniform() < 0.5f ? -0.5f : 0.5f;
  Eigen::VectorXf x = Eigen::VectorXf::Zero(kN);
  Eigen::MatrixXf X(train + test, kF);
  Eigen::MatrixXf Y(train + test, 1);
  for (int t = 0; t < total; ++t) {
    const Eigen::VectorXf pre = Wf * x + win * u[static_cast<std::size_t>(t)];
    x = 0.7f * x + 0.3f * pre.array().tanh().matrix();
    if (t >= washout) {
      X(t - washout, 0) = u[static_cast<std::size_t>(t)];
      X.row(t - washout).tail(kN) = x.transpose();
      Y(t - washout, 0) = y[static_cast<std::size_t>(t)];
    }
  }
  const Eigen::MatrixXd Xd = X.topRows(train).cast<double>(), Yd = Y.topRows(train).cast<double>();
  const Eigen::MatrixXd Xt = X.bottomRows(test).cast<double>(), Yt = Y.bottomRows(test).cast<double>();
  const Eigen::MatrixXd Xc = Xd.rowwise() - Xd.colwise().mean();
  const Eigen::VectorXd ev = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(Xc.transpose() * Xc).eigenvalues();
  std::printf("centred Gram: condition number %.3g (lambda %.3g .. %.3g)\n", ev.maxCoeff() / ev.minCoeff(),
              ev.minCoeff(), ev.maxCoeff());
  EXPECT_GT(ev.maxCoeff() / ev.minCoeff(), 1e7);  // ill-conditioned beyond float's 1 / eps

  static ec::StreamingRidge<kF, 1> sr;
  sr.reset();
  for (int i = 0; i < train; ++i) {
    const ec::Vector<kF> f = X.row(i).transpose();
    const ec::Vector<1> yi{Y(i, 0)};
    ASSERT_EQ(sr.add(f, yi), ec::Status::ok);
  }
  const double std_y = std::sqrt((Yd.array() - Yd.mean()).square().mean());
  // For context: how far the double fit itself moves when every feature is perturbed by a
  // float rounding (relative +-2^-24, seed 24): the least any float pipeline could expect.
  Eigen::MatrixXd Xp = Xd;
  ec::Xoshiro128pp prng(24u);
  for (Eigen::Index i = 0; i < Xp.size(); ++i)
    Xp.data()[i] *= 1.0 + (2.0 * static_cast<double>(prng.next_uniform()) - 1.0) * 0x1p-24;
  for (double alpha : {1e-8, 1e-6, 1e-4}) {
    ec::RidgeFit fit, fit_p;
    ASSERT_EQ(ec::ridge_fit(Xd, Yd, alpha, fit), ec::Status::ok);
    ASSERT_EQ(ec::ridge_fit(Xp, Yd, alpha, fit_p), ec::Status::ok);
    ec::ReadoutWeights<kF, 1> r;
    ASSERT_EQ(sr.solve(static_cast<float>(alpha), r), ec::Status::ok) << alpha;
    Eigen::VectorXd wf(kF);
    for (int j = 0; j < kF; ++j) wf[j] = static_cast<double>(r(0, j));
    const Eigen::VectorXd yd = (Xd * fit.w.transpose()).col(0).array() + fit.c[0];
    const Eigen::VectorXd yp = (Xd * fit_p.w.transpose()).col(0).array() + fit_p.c[0];
    const Eigen::VectorXd yf = (Xd * wf).array() + static_cast<double>(r.c[0]);
    const double out_diff = (yf - yd).cwiseAbs().maxCoeff() / std_y;
    const double out_yardstick = (yp - yd).cwiseAbs().maxCoeff() / std_y;
    const double n_double = nrmse(yd, Yd.col(0)), n_float = nrmse(yf, Yd.col(0));
    const double w_rel = (wf - fit.w.row(0).transpose()).norm() / fit.w.norm();
    // For comparison only: the naive scheme, A = sum f f^T and the sums in float, centred
    // and factorised in float (Eigen's LLT).
    Eigen::MatrixXf A = Eigen::MatrixXf::Zero(kF, kF);
    Eigen::VectorXf sf = Eigen::VectorXf::Zero(kF), sfy = Eigen::VectorXf::Zero(kF);
    float sy = 0.0f;
    for (int i = 0; i < train; ++i) {
      const Eigen::VectorXf f = X.row(i).transpose();
      A += f * f.transpose();
      sf += f;
      sfy += f * Y(i, 0);
      sy += Y(i, 0);
    }
    const float nf = static_cast<float>(train);
    Eigen::MatrixXf Ac = A - sf * sf.transpose() / nf;
    Ac.diagonal().array() += static_cast<float>(alpha);
    const Eigen::LLT<Eigen::MatrixXf> llt(Ac);
    const Eigen::VectorXf wn = llt.solve(sfy - sf * (sy / nf));
    const double cn = static_cast<double>(sy / nf - wn.dot(sf / nf));
    const Eigen::VectorXd yn = (Xd * wn.cast<double>()).array() + cn;
    std::printf("alpha %.0e: NRMSE double %.6f streaming float %.6f naive float %s %.6f; "
                "max |yhat - yhat_double| / std(y): streaming %.2e, double under float-rounded data %.2e, naive %.2e; "
                "|W_f - W_d| / |W_d| %.2e\n",
                alpha, n_double, n_float, llt.info() == Eigen::Success ? "(factorised)" : "(LLT failed)", nrmse(yn, Yd.col(0)),
                out_diff, out_yardstick, (yn - yd).cwiseAbs().maxCoeff() / std_y, w_rel);
    const Eigen::VectorXd td = (Xt * fit.w.transpose()).col(0).array() + fit.c[0];
    const Eigen::VectorXd tf = (Xt * wf).array() + static_cast<double>(r.c[0]);
    const double t_double = nrmse(td, Yt.col(0)), t_float = nrmse(tf, Yt.col(0));
    std::printf("alpha %.0e: test NRMSE double %.6f streaming float %.6f\n", alpha, t_double, t_float);
    EXPECT_LT(out_diff, 2e-2) << alpha;
    EXPECT_LT(std::fabs(n_float - n_double), 1e-4) << alpha;
    EXPECT_LT(std::fabs(t_float - t_double), 1e-4) << alpha;
  }
  // RLS (float32, lambda = 1, every sample) on the same features with a constant (it fits
  // no intercept), alpha = 1e-4 (P(0) = 1e4 I): its train and test NRMSEs against the
  // double ridge at the same alpha, within 0.02 (one seed standard deviation; printed).
  static ec::Rls<kF + 1, 1> rls;
  ASSERT_EQ(rls.configure({1e-4f, 1.0f, 1}), ec::Status::ok);
  for (int i = 0; i < train; ++i) {
    ec::Vector<kF + 1> f;
    f[0] = 1.0f;
    f.tail<kF>() = X.row(i).transpose();
    ASSERT_EQ(rls.update(f, ec::Vector<1>(Y(i, 0))), ec::Status::ok) << i;
  }
  ec::RidgeFit fit;
  ASSERT_EQ(ec::ridge_fit(Xd, Yd, 1e-4, fit), ec::Status::ok);
  Eigen::VectorXd wr(kF);
  for (int j = 0; j < kF; ++j) wr[j] = static_cast<double>(rls.weights()(0, j + 1));
  const double cr = static_cast<double>(rls.weights()(0, 0));
  const double rls_train = nrmse((Xd * wr).array() + cr, Yd.col(0)), rls_test = nrmse((Xt * wr).array() + cr, Yt.col(0));
  const double ridge_train = nrmse((Xd * fit.w.transpose()).col(0).array() + fit.c[0], Yd.col(0));
  const double ridge_test = nrmse((Xt * fit.w.transpose()).col(0).array() + fit.c[0], Yt.col(0));
  std::printf("RLS float alpha 1e-4: NRMSE train %.6f test %.6f; double ridge alpha 1e-4: train %.6f test %.6f\n",
              rls_train, rls_test, ridge_train, ridge_test);
  EXPECT_LT(std::fabs(rls_train - ridge_train), 0.02);
  EXPECT_LT(std::fabs(rls_test - ridge_test), 0.02);
}

// ---------------------------------------------------------------------------------------
// Bad inputs: their status, and nothing changed.

TEST(BadInput, StreamingRidgeRefusesAndKeepsEverything) {
  constexpr int kF = 4;
  static ec::StreamingRidge<kF, 1> sr;
  sr.reset();
  ec::ReadoutWeights<kF, 1> out;
  for (float& v : out.w) v = 3.0f;
  const auto out_before = bytes_of(out);
  EXPECT_EQ(sr.solve(1.0f, out), ec::Status::insufficient_data);  // no samples
  ASSERT_EQ(sr.add(ec::Vector<kF>(1, 2, 3, 4), ec::Vector<1>(10)), ec::Status::ok);  // y = sum f
  EXPECT_EQ(sr.solve(1.0f, out), ec::Status::insufficient_data);  // one sample
  EXPECT_EQ(bytes_of(out), out_before);
  ec::Xoshiro128pp rng(31);
  for (int i = 0; i < 50; ++i) {
    const ec::Vector<kF> f(rng.next_uniform(), rng.next_uniform(), rng.next_uniform(), rng.next_uniform());
    ASSERT_EQ(sr.add(f, ec::Vector<1>(f.sum())), ec::Status::ok);
  }
  // A NaN or Inf sample, or one beyond 1e30: refused, the whole object unchanged.
  const auto before = bytes_of(sr);
  EXPECT_EQ(sr.add(ec::Vector<kF>(1, NAN, 3, 4), ec::Vector<1>(1)), ec::Status::non_finite_input);
  EXPECT_EQ(sr.add(ec::Vector<kF>(1, 2, 3, 4), ec::Vector<1>(INFINITY)), ec::Status::non_finite_input);
  EXPECT_EQ(sr.add(ec::Vector<kF>(1, 2, 3e31f, 4), ec::Vector<1>(1)), ec::Status::invalid_argument);
  EXPECT_EQ(bytes_of(sr), before);
  EXPECT_EQ(sr.count(), 51);
  // alpha <= 0, NaN, Inf, beyond 1e30: refused, out unchanged.
  for (float a : {0.0f, -1e-6f, NAN, INFINITY, 2e30f}) EXPECT_EQ(sr.solve(a, out), ec::Status::invalid_argument) << a;
  EXPECT_EQ(bytes_of(out), out_before);
  ec::ReadoutWeights<kF, 1> good;
  ASSERT_EQ(sr.solve(1e-6f, good), ec::Status::ok);
  EXPECT_NEAR(good(0, 0), 1.0f, 1e-3f);
}

// Rank-deficient features (feature 2 = feature 1, exactly) with a tiny alpha: the pivot
// falls to the floor, not_positive_definite, out unchanged; the accumulator is intact (a
// later fit with a usable alpha equals the fit made before the failure, bit for bit). The
// same data through the offline ridge: not_positive_definite too.
TEST(BadInput, RankDeficientFeaturesWithTinyAlphaAreNotPositiveDefinite) {
  constexpr int kF = 4;
  static ec::StreamingRidge<kF, 1> sr;
  sr.reset();
  ec::Xoshiro128pp rng(32);
  Eigen::MatrixXd X(200, kF), Y(200, 1);
  for (int i = 0; i < 200; ++i) {
    const float a = rng.next_uniform(), b = rng.next_uniform(), c = rng.next_uniform();
    const ec::Vector<kF> f(a, b, b, c);
    const ec::Vector<1> y(a + 2.0f * b - c);
    ASSERT_EQ(sr.add(f, y), ec::Status::ok);
    X.row(i) = f.cast<double>().transpose();
    Y(i, 0) = static_cast<double>(y[0]);
  }
  ec::ReadoutWeights<kF, 1> before_fail, out, after_fail;
  ASSERT_EQ(sr.solve(1e-3f, before_fail), ec::Status::ok);  // ridge resolves the tie
  EXPECT_NEAR(before_fail(0, 1), before_fail(0, 2), 1e-4f);  // split evenly
  for (float& v : out.w) v = -7.0f;
  const auto out_before = bytes_of(out);
  EXPECT_EQ(sr.solve(1e-14f, out), ec::Status::not_positive_definite);
  EXPECT_EQ(bytes_of(out), out_before);
  ASSERT_EQ(sr.solve(1e-3f, after_fail), ec::Status::ok);
  EXPECT_EQ(bytes_of(after_fail), bytes_of(before_fail));
  ec::RidgeFit fit, untouched;
  untouched.w = Eigen::MatrixXd::Constant(1, kF, 5.0);
  fit = untouched;
  EXPECT_EQ(ec::ridge_fit(X, Y, 1e-14, fit), ec::Status::not_positive_definite);
  EXPECT_EQ(fit.w, untouched.w);
  ASSERT_EQ(ec::ridge_fit(X, Y, 1e-3, fit), ec::Status::ok);
  ec::ReadoutWeights<kF, 1> off;
  ASSERT_EQ(ec::to_weights(fit, off), ec::Status::ok);
  EXPECT_LT(max_diff(before_fail, fit.w, fit.c), 1e-4);
}

TEST(BadInput, OfflineRidgeRefusesBadArguments) {
  Eigen::MatrixXd X = Eigen::MatrixXd::Random(20, 3), Y = Eigen::MatrixXd::Random(20, 1);
  ec::RidgeFit fit, untouched;
  untouched.w = Eigen::MatrixXd::Constant(1, 3, 5.0);
  fit = untouched;
  for (double a : {0.0, -1.0, std::nan(""), 1e31}) EXPECT_EQ(ec::ridge_fit(X, Y, a, fit), ec::Status::invalid_argument);
  EXPECT_EQ(ec::ridge_fit(X.topRows(1), Y.topRows(1), 1.0, fit), ec::Status::insufficient_data);
  EXPECT_EQ(ec::ridge_fit(X, Y.topRows(10), 1.0, fit), ec::Status::size_mismatch);
  Eigen::MatrixXd Xn = X;
  Xn(3, 1) = std::nan("");
  EXPECT_EQ(ec::ridge_fit(Xn, Y, 1.0, fit), ec::Status::non_finite_input);
  EXPECT_EQ(fit.w, untouched.w);
  ec::ReadoutWeights<2, 1> wrong;
  ASSERT_EQ(ec::ridge_fit(X, Y, 1.0, fit), ec::Status::ok);
  EXPECT_EQ(ec::to_weights(fit, wrong), ec::Status::size_mismatch);
}

namespace {
template <int F, int K>
std::vector<float> rls_state(const ec::Rls<F, K>& r) {
  std::vector<float> s;
  for (int i = 0; i < F; ++i)
    for (int j = i; j < F; ++j) s.push_back(r.p(i, j));
  for (float v : r.weights().w) s.push_back(v);
  for (float v : r.weights().c) s.push_back(v);
  s.push_back(static_cast<float>(r.samples()));
  s.push_back(static_cast<float>(r.updates()));
  return s;
}
bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}
}  // namespace

TEST(BadInput, RlsRefusesBadConfigurationsAndSamplesAndKeepsEverything) {
  constexpr int kF = 4;
  static ec::Rls<kF, 1> rls;
  ASSERT_EQ(rls.configure({0.5f, 0.99f, 2}), ec::Status::ok);
  ec::Xoshiro128pp rng(41);
  for (int i = 0; i < 30; ++i) {
    const ec::Vector<kF> f(1.0f, rng.next_uniform(), rng.next_uniform(), rng.next_uniform());
    ASSERT_EQ(rls.update(f, ec::Vector<1>(f.sum())), ec::Status::ok);
  }
  const auto whole = bytes_of(rls);
  const ec::RlsConfig bad[] = {{0.0f, 1.0f, 1},  {-1.0f, 1.0f, 1}, {NAN, 1.0f, 1},    {INFINITY, 1.0f, 1},
                               {1.0f, 0.0f, 1},  {1.0f, -0.5f, 1}, {1.0f, 1.0001f, 1}, {1.0f, NAN, 1},
                               {1.0f, 1.0f, 0},  {1.0f, 1.0f, -3}};
  for (const auto& c : bad) EXPECT_EQ(rls.configure(c), ec::Status::invalid_argument) << c.alpha << " " << c.lambda;
  EXPECT_EQ(bytes_of(rls), whole);
  // NaN / Inf samples: refused before anything is touched (not even counted).
  EXPECT_EQ(rls.update(ec::Vector<kF>(1, NAN, 0, 0), ec::Vector<1>(1)), ec::Status::non_finite_input);
  EXPECT_EQ(rls.update(ec::Vector<kF>(1, 0, 0, 0), ec::Vector<1>(-INFINITY)), ec::Status::non_finite_input);
  EXPECT_EQ(bytes_of(rls), whole);
  EXPECT_EQ(rls.samples(), 30);
  EXPECT_EQ(rls.updates(), 15);
}

// A loss of positive definiteness: alpha = 1e-12 makes P(0) = 1e12 I, and the first update
// along e_0 computes P_00 - k_0 (P f)_0 = 1e12 - 1e12 = 0 in float (the 1 of lambda + 1e12
// is lost). The update is refused; P, W and the counts are as they were.
TEST(BadInput, RlsNonPositiveDiagonalIsRefusedWithNothingChanged) {
  static ec::Rls<4, 1> rls;
  ASSERT_EQ(rls.configure({1e-12f, 1.0f, 1}), ec::Status::ok);
  const auto before = rls_state(rls);
  EXPECT_EQ(rls.update(ec::Vector<4>(1, 0, 0, 0), ec::Vector<1>(1)), ec::Status::not_positive_definite);
  EXPECT_TRUE(same_bits(rls_state(rls), before));
  // A sane alpha with the same sample works.
  ASSERT_EQ(rls.configure({1.0f, 1.0f, 1}), ec::Status::ok);
  EXPECT_EQ(rls.update(ec::Vector<4>(1, 0, 0, 0), ec::Vector<1>(1)), ec::Status::ok);
  EXPECT_FLOAT_EQ(rls.p(0, 0), 0.5f);
  EXPECT_FLOAT_EQ(rls.weights()(0, 0), 0.5f);
}

// Forgetting: with lambda < 1, a direction the data never excite grows as lambda^-n / alpha
// (RESERVOIR.md section 3's wind-up), reported by max_diagonal(); the excited one follows
// the exponentially weighted least-squares fit.
TEST(Trainers, RlsForgettingWindsUpUnexcitedDirectionsAsLambdaToTheMinusN) {
  static ec::Rls<2, 1> rls;
  ASSERT_EQ(rls.configure({2.0f, 0.9f, 1}), ec::Status::ok);
  for (int i = 0; i < 40; ++i) ASSERT_EQ(rls.update(ec::Vector<2>(1.0f, 0.0f), ec::Vector<1>(3.0f)), ec::Status::ok);
  const double expect = std::pow(0.9, -40) / 2.0;
  EXPECT_NEAR(static_cast<double>(rls.p(1, 1)) / expect, 1.0, 1e-5);
  EXPECT_EQ(rls.p(0, 1), 0.0f);
  EXPECT_EQ(rls.max_diagonal(), rls.p(1, 1));
  // The excited weight is the exponentially weighted fit with the prior's weight decayed
  // too: w = 3 S / (S + alpha lambda^n), S = sum_{i<n} lambda^i.
  const double S = (1.0 - std::pow(0.9, 40)) / 0.1;
  EXPECT_NEAR(static_cast<double>(rls.weights()(0, 0)), 3.0 * S / (S + 2.0 * std::pow(0.9, 40)), 1e-5);
}

TEST(BadInput, NewStatusesHaveTheirNames) {
  EXPECT_STREQ(ec::to_string(ec::Status::not_positive_definite), "not_positive_definite");
  EXPECT_STREQ(ec::to_string(ec::Status::insufficient_data), "insufficient_data");
}

// ---------------------------------------------------------------------------------------
// RAM: the constexpr figure is the object's size on this platform (and on the target,
// tests/target), and the budget is the figure's bound.

TEST(Ram, FiguresAreTheObjectsSizes) {
  static_assert(sizeof(ec::StreamingRidge<8, 1>) == ec::StreamingRidge<8, 1>::kRamBytes);
  static_assert(sizeof(ec::StreamingRidge<64, 1>) == ec::StreamingRidge<64, 1>::kRamBytes);
  static_assert(sizeof(ec::StreamingRidge<16, 3>) == ec::StreamingRidge<16, 3>::kRamBytes);
  static_assert(sizeof(ec::Rls<8, 1>) == ec::Rls<8, 1>::kRamBytes);
  static_assert(sizeof(ec::Rls<128, 1>) == ec::Rls<128, 1>::kRamBytes);
  static_assert(sizeof(ec::Rls<16, 3>) == ec::Rls<16, 3>::kRamBytes);
  static_assert(sizeof(ec::LinearReadout<16, 2>) == ec::LinearReadout<16, 2>::kRamBytes);
  static_assert(sizeof(ec::ReadoutWeights<16, 2>) == ec::ReadoutWeights<16, 2>::kRamBytes);
  // A bigger budget admits a bigger configuration.
  static_assert(ec::StreamingRidge<128, 1, 128 * 1024>::kRamBytes > ec::kReadoutRamBudget);
  std::printf("| F | K | StreamingRidge bytes | Rls bytes |\n");
  std::printf("| 8 | 1 | %zu | %zu |\n", ec::StreamingRidge<8, 1>::kRamBytes, ec::Rls<8, 1>::kRamBytes);
  std::printf("| 16 | 1 | %zu | %zu |\n", ec::StreamingRidge<16, 1>::kRamBytes, ec::Rls<16, 1>::kRamBytes);
  std::printf("| 32 | 1 | %zu | %zu |\n", ec::StreamingRidge<32, 1>::kRamBytes, ec::Rls<32, 1>::kRamBytes);
  std::printf("| 64 | 1 | %zu | %zu |\n", ec::StreamingRidge<64, 1>::kRamBytes, ec::Rls<64, 1>::kRamBytes);
  std::printf("| 100 | 1 | %zu | %zu |\n", ec::StreamingRidge<100, 1>::kRamBytes, ec::Rls<100, 1>::kRamBytes);
  std::printf("| 128 | 1 | %zu | %zu |\n", ec::StreamingRidge<128, 1, 1u << 20>::kRamBytes, ec::Rls<128, 1>::kRamBytes);
}

// Forgetting across rescales (readouts/rls.hpp keeps P = s Q and folds s into Q when it
// passes 2^16): float RLS against the textbook RLS in double on the full matrix, the
// independent second method. F = 8 (a constant and 7 N(0, 1) features, seed 17), y a
// fixed linear map plus N(0, 0.1) noise, lambda = 0.95, alpha = 0.1, 400 updates: the
// scale passes 2^16 at update 217 (0.95^-217 = 6.7e4), so one rescale happens mid-run.
// P and W agree within 2e-4 of their largest entries: float rounding over 400 updates of a
// well-conditioned problem (a constant and independent N(0, 1) features: the expected
// P^-1 is a multiple of I, the window of about 20 samples keeps it near that).
TEST(Trainers, RlsForgettingAcrossARescaleMatchesTheDoubleTextbookRls) {
  constexpr int kF = 8;
  constexpr double kLambda = 0.95, kAlpha = 0.1;
  static ec::Rls<kF, 1> rls;
  ASSERT_EQ(rls.configure({float(kAlpha), float(kLambda), 1}), ec::Status::ok);
  Eigen::Matrix<double, kF, kF> P = Eigen::Matrix<double, kF, kF>::Identity() / kAlpha;
  Eigen::Matrix<double, kF, 1> w = Eigen::Matrix<double, kF, 1>::Zero();
  ec::NormalStream z(17u);
  for (int n = 0; n < 400; ++n) {
    ec::Vector<kF> f;
    f[0] = 1.0f;
    for (int j = 1; j < kF; ++j) f[j] = z.next();
    float y = 0.1f * z.next();
    for (int j = 0; j < kF; ++j) y += 0.25f * float(j - 3) * f[j];
    ASSERT_EQ(rls.update(f, ec::Vector<1>(y)), ec::Status::ok) << n;
    const Eigen::Matrix<double, kF, 1> fd = f.cast<double>();
    const Eigen::Matrix<double, kF, 1> pf = P * fd;
    const Eigen::Matrix<double, kF, 1> k = pf / (kLambda + fd.dot(pf));
    w += (double(y) - w.dot(fd)) * k;
    P = (P - k * pf.transpose()) / kLambda;
  }
  const double pmax = P.cwiseAbs().maxCoeff(), wmax = w.cwiseAbs().maxCoeff();
  for (int i = 0; i < kF; ++i) {
    for (int j = 0; j < kF; ++j) EXPECT_NEAR(double(rls.p(i, j)), P(i, j), 2e-4 * pmax) << i << " " << j;
    EXPECT_NEAR(double(rls.weights()(0, i)), w(i), 2e-4 * wmax) << i;
  }
  EXPECT_NEAR(double(rls.max_diagonal()), P.diagonal().maxCoeff(), 2e-4 * pmax);
}

// Wind-up through several rescales: at lambda = 0.5 the scale doubles per update and is
// folded into Q at every 17th; an unexcited direction must still read exactly
// lambda^-n / alpha = 2^40 / 2 after 40 updates (every operation on it is exact: halving
// and doubling powers of two).
TEST(Trainers, RlsWindUpIsExactThroughRescales) {
  static ec::Rls<2, 1> rls;
  ASSERT_EQ(rls.configure({2.0f, 0.5f, 1}), ec::Status::ok);
  for (int i = 0; i < 40; ++i) ASSERT_EQ(rls.update(ec::Vector<2>(1.0f, 0.0f), ec::Vector<1>(3.0f)), ec::Status::ok);
  EXPECT_EQ(double(rls.p(1, 1)), std::ldexp(1.0, 39));
  EXPECT_EQ(rls.p(0, 1), 0.0f);
  EXPECT_EQ(rls.max_diagonal(), rls.p(1, 1));
}
