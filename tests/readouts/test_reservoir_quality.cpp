// "The device trainers must not cost task quality" (issue 10, quality): the float32
// streaming ridge and the float32 RLS against the desktop's double offline ridge, on the
// same float32 reservoir features, NARMA10 and memory capacity.
//
// The reservoir is the CLI's ESN (examples/cli/reservoir_experiment.cpp, shared/RESERVOIR.md
// section 1): x(t) = tanh(W x(t-1) + W_in u(t)) (leak 1, the C library's tanh), W sparse of
// density 0.1 with N(0, 1) entries from sub_seed(seed, couplings), rescaled to spectral
// radius 0.9 by the eigen-solver; W_in = +-0.1 (Bernoulli, dense) from sub_seed(seed,
// input_weights); the task from sub_seed(seed, task) (the CLI's convention); features: the state.
// RLS fits [1, x - m] (its constant carries the intercept), lambda = 1, every sample, m the
// mean of the washout states: a device has those samples anyway, and without the shift
// float32 RLS cannot reach the ridge's alpha (the NARMA10 test below says why).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <memory>
#include <vector>

#include <Eigen/Core>

#include "edgechaos/edgechaos.hpp"
#include "edgechaos/host/ridge.hpp"
#include "edgechaos/host/spectral_radius.hpp"

namespace ec = edgechaos;

namespace {

// An N-neuron ESN of the CLI's construction; W's storage holds any draw (N (N - 1) entries).
template <int N>
struct Esn {
  using W = ec::SparseCouplings<N, N * (N - 1)>;
  using Net = ec::EchoState<N, 1, ec::Tanh, typename W::View>;
  W couplings;
  float win[N] = {};
  Net net;
  ec::DrivenReservoir<Net, ec::MapStepper<Net>> reservoir;

  ec::Status build(std::uint64_t seed, float input_scaling, double sr) {
    const ec::SparseCouplingParams q{1.0f, 0.1f, ec::sub_seed(seed, ec::SeedStream::couplings)};
    const ec::InputWeightParams in{input_scaling, 1.0f, ec::InputWeightKind::bernoulli,
                                   ec::sub_seed(seed, ec::SeedStream::input_weights)};
    ec::Status s = couplings.generate(q);
    if (s == ec::Status::ok) s = ec::rescale_to_spectral_radius(sr, couplings);
    if (s == ec::Status::ok) s = net.bind(couplings.view());
    if (s == ec::Status::ok) s = ec::generate_input_weights(in, win, N, 1);
    if (s == ec::Status::ok) s = net.set_input_weights(win, 1);
    if (s == ec::Status::ok) s = reservoir.attach(net);
    return s;
  }
  // The states after each input (rows), from x = 0.
  ec::Status harvest(const std::vector<float>& u, Eigen::MatrixXf& X) {
    X.resize(static_cast<Eigen::Index>(u.size()), N);
    ec::Status s = reservoir.reset(ec::Vector<N>::Zero());
    ec::Vector<1> in;
    for (std::size_t t = 0; t < u.size() && s == ec::Status::ok; ++t) {
      in[0] = u[t];
      s = reservoir.advance(in);
      X.row(static_cast<Eigen::Index>(t)) = reservoir.state().transpose();
    }
    return s;
  }
};

// NARMA10 as the CLI draws it (double, rounded to float).
bool narma_series(std::uint64_t seed, int total, std::vector<float>& u, std::vector<float>& y) {
  ec::Narma10<double> narma(ec::sub_seed(seed, ec::SeedStream::task));
  u.resize(static_cast<std::size_t>(total));
  y.resize(static_cast<std::size_t>(total));
  for (int t = 0; t < total; ++t) {
    double a = 0, b = 0;
    if (narma.next(a, b) != ec::Status::ok) return false;
    u[static_cast<std::size_t>(t)] = static_cast<float>(a);
    y[static_cast<std::size_t>(t)] = static_cast<float>(b);
  }
  return true;
}

// K outputs' predictions (rows x K, double) of a readout W (K x F) + c.
Eigen::MatrixXd predict(const Eigen::MatrixXd& W, const Eigen::VectorXd& c, const Eigen::MatrixXf& X) {
  return (X.cast<double>() * W.transpose()).rowwise() + c.transpose();
}

// The float32 device-side prediction of a device readout: y = W f + c in float.
template <int F, int K>
Eigen::MatrixXd predict_float(const ec::ReadoutWeights<F, K>& w, const Eigen::MatrixXf& X) {
  Eigen::MatrixXd out(X.rows(), K);
  for (Eigen::Index t = 0; t < X.rows(); ++t) {
    for (int k = 0; k < K; ++k) {
      float s = w.c[k];
      for (int j = 0; j < F; ++j) s += w(k, j) * X(t, j);
      out(t, k) = static_cast<double>(s);
    }
  }
  return out;
}

double nrmse(const Eigen::MatrixXd& yhat, const Eigen::MatrixXf& y) {
  ec::ErrorStats<double> s;
  for (Eigen::Index t = 0; t < y.rows(); ++t) {
    EXPECT_EQ(s.add(static_cast<double>(y(t, 0)), yhat(t, 0)), ec::Status::ok);
  }
  double out = -1;
  EXPECT_EQ(s.nrmse(out), ec::Status::ok);
  return out;
}

// Memory capacity: sum over the K delays of r^2 between target and prediction.
double memory_capacity(const Eigen::MatrixXd& yhat, const Eigen::MatrixXf& y) {
  double mc = 0;
  for (Eigen::Index k = 0; k < y.cols(); ++k) {
    ec::ErrorStats<double> s;
    for (Eigen::Index t = 0; t < y.rows(); ++t) {
      EXPECT_EQ(s.add(static_cast<double>(y(t, k)), yhat(t, k)), ec::Status::ok);
    }
    double r2 = 0;
    EXPECT_EQ(s.r2(r2), ec::Status::ok);
    mc += r2;
  }
  return mc;
}

template <int F, int K>
ec::Status fit_streaming(const Eigen::MatrixXf& X, const Eigen::MatrixXf& Y, float alpha, ec::ReadoutWeights<F, K>& w) {
  auto trainer = std::make_unique<ec::StreamingRidge<F, K, (1u << 30)>>();
  ec::Vector<F> f;
  ec::Vector<K> y;
  for (Eigen::Index t = 0; t < X.rows(); ++t) {
    f = X.row(t).transpose();
    y = Y.row(t).transpose();
    const ec::Status s = trainer->add(f, y);
    if (s != ec::Status::ok) return s;
  }
  return trainer->solve(alpha, w);
}

// RLS on [one, x - shift] (F1 = F + 1; no shift if null); the result as a readout over x:
// W, and c = one * (the constant's weight) - W shift.
template <int F1, int K>
ec::Status fit_rls(const Eigen::MatrixXf& X, const Eigen::MatrixXf& Y, float alpha, ec::ReadoutWeights<F1 - 1, K>& w,
                   const Eigen::VectorXf* shift = nullptr, float one = 1.0f) {
  auto trainer = std::make_unique<ec::Rls<F1, K, (1u << 30)>>();
  ec::RlsConfig config;
  config.alpha = alpha;
  ec::Status s = trainer->configure(config);
  ec::Vector<F1> f;
  ec::Vector<K> y;
  f[0] = one;
  for (Eigen::Index t = 0; t < X.rows() && s == ec::Status::ok; ++t) {
    f.tail(F1 - 1) = X.row(t).transpose();
    if (shift != nullptr) f.tail(F1 - 1) -= *shift;
    y = Y.row(t).transpose();
    s = trainer->update(f, y);
  }
  if (s != ec::Status::ok) return s;
  for (int k = 0; k < K; ++k) {
    float c = trainer->weights()(k, 0) * one;
    for (int j = 0; j + 1 < F1; ++j) {
      w(k, j) = trainer->weights()(k, j + 1);
      if (shift != nullptr) c -= w(k, j) * (*shift)[j];
    }
    w.c[k] = c;
  }
  return ec::Status::ok;
}

struct MeanStd {
  double mean = 0, std = 0;  // std: the sample standard deviation (n - 1)
};
MeanStd mean_std(const std::vector<double>& v) {
  MeanStd m;
  for (double x : v) m.mean += x / static_cast<double>(v.size());
  for (double x : v) m.std += (x - m.mean) * (x - m.mean) / static_cast<double>(v.size() - 1);
  m.std = std::sqrt(m.std);
  return m;
}

}  // namespace

// NARMA10, RESERVOIR.md section 4's split (100 washout, 2000 train, 1000 test), N = 100,
// sr 0.9, input scaling 0.1, leak 1, seeds 1..5 (none diverges within 3100 steps), alpha
// 1e-6 for all three: ridge (double, the reference), float32 StreamingRidge<100, 1>, float32
// Rls<101, 1> on [1, x - m] (m: the washout mean; P(0) = 1e6 I).
// Asserted: each device trainer's mean test NRMSE over the 5 seeds within one seed standard
// deviation of the ridge's mean (issue 10), and per seed the streaming ridge within 1e-3 and
// RLS within 2e-3 of the ridge (measured: 1.7e-4 and 3.1e-4 at most).
// Why the shift (measured, printed): on [1, x] float32 RLS refuses an update as
// not_positive_definite at alpha 1e-6 for all 5 seeds (the CLI's finding), and works from 1e-5
// (and at 1e-4, the CLI's choice), where the larger penalty itself costs 0.02-0.04 in NRMSE —
// the double ridge at 1e-4 gives the same numbers, so it is the alpha, not the float32
// arithmetic. The states have a common offset (u is in [0, 0.5]), so [1, x] has one
// direction of Gram eigenvalue ~ n (1 + |mean x|^2) ~ 1e4 mixed into all columns; P starts at
// I / alpha = 1e6 I and the update cancels it down to ~1e-4 in that direction, leaving float
// rounding of ~1e6 * 6e-8 = 0.06 spread over the fluctuation block, whose true entries are
// smaller than that: P turns indefinite. Subtracting the washout mean leaves the constant
// nearly orthogonal to the centred states; the first training sample as the shift (the
// streaming ridge's choice) is not enough for RLS (it fails for 3 of 5 seeds: one sample's
// offset carries its own fluctuation).
TEST(ReservoirQuality, DeviceTrainersKeepNarma10QualityOfTheDoubleRidge) {
  constexpr int kN = 100;
  constexpr int washout = 100, train = 2000, test = 1000, total = washout + train + test;
  std::vector<double> ridge, streaming, rls;
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    std::vector<float> u, yv;
    ASSERT_TRUE(narma_series(seed, total, u, yv)) << "seed " << seed << " diverged";
    auto esn = std::make_unique<Esn<kN>>();
    ASSERT_EQ(esn->build(seed, 0.1f, 0.9), ec::Status::ok);
    Eigen::MatrixXf X;
    ASSERT_EQ(esn->harvest(u, X), ec::Status::ok);
    const Eigen::MatrixXf Y = Eigen::Map<const Eigen::VectorXf>(yv.data(), total);
    const Eigen::MatrixXf Xtr = X.middleRows(washout, train), Ytr = Y.middleRows(washout, train);
    const Eigen::MatrixXf Xte = X.bottomRows(test), Yte = Y.bottomRows(test);
    const Eigen::VectorXf m = X.topRows(washout).colwise().mean().transpose();

    ec::RidgeFit fit;
    ASSERT_EQ(ec::ridge_fit(Xtr, Ytr, 1e-6, fit), ec::Status::ok);
    ridge.push_back(nrmse(predict(fit.w, fit.c, Xte), Yte));
    auto w = std::make_unique<ec::ReadoutWeights<kN, 1>>();
    ASSERT_EQ(fit_streaming(Xtr, Ytr, 1e-6f, *w), ec::Status::ok);
    streaming.push_back(nrmse(predict_float(*w, Xte), Yte));
    ASSERT_EQ(fit_rls<kN + 1>(Xtr, Ytr, 1e-6f, *w, &m), ec::Status::ok);
    rls.push_back(nrmse(predict_float(*w, Xte), Yte));
    std::printf("seed %d: test NRMSE ridge %.6f, streaming %.6f, rls (washout-centred) %.6f\n", static_cast<int>(seed),
                ridge.back(), streaming.back(), rls.back());
    EXPECT_NEAR(streaming.back(), ridge.back(), 1e-3) << "seed " << seed;
    EXPECT_NEAR(rls.back(), ridge.back(), 2e-3) << "seed " << seed;

    // RLS without the shift (printed, not asserted: a property of float rounding, not a contract).
    for (float a : {1e-6f, 1e-5f, 1e-4f}) {
      const ec::Status st = fit_rls<kN + 1>(Xtr, Ytr, a, *w);
      std::printf("  rls on [1, x], alpha %.0e: %s", static_cast<double>(a), ec::to_string(st));
      if (st == ec::Status::ok) {
        ec::RidgeFit same;
        ASSERT_EQ(ec::ridge_fit(Xtr, Ytr, static_cast<double>(a), same), ec::Status::ok);
        std::printf(", test NRMSE %.6f (double ridge at this alpha %.6f)", nrmse(predict_float(*w, Xte), Yte),
                    nrmse(predict(same.w, same.c, Xte), Yte));
      }
      std::printf("\n");
    }
  }
  const MeanStd r = mean_std(ridge), s = mean_std(streaming), l = mean_std(rls);
  std::printf("N = 100, 5 seeds, test NRMSE mean +- std: ridge %.5f +- %.5f, streaming %.5f +- %.5f, "
              "rls %.5f +- %.5f\n",
              r.mean, r.std, s.mean, s.std, l.mean, l.std);
  EXPECT_LE(std::fabs(s.mean - r.mean), r.std);
  EXPECT_LE(std::fabs(l.mean - r.mean), r.std);
}

// Memory capacity (RESERVOIR.md section 4: 6000 samples, the last 2000 test, k_max = 2N,
// input scaling 0.1; washout max(100, k_max) = 128, so 3872 training samples), N = 64, the
// same ESN (sr 0.9, leak 1), seeds 1..5; K = 128 readouts trained at once by each trainer:
// ridge (double, alpha 1e-6), StreamingRidge<64, 128> (float32, alpha 1e-6), Rls<65, 128>
// (float32, on [1, x - washout mean], alpha 1e-5: at 1e-6 it refuses 2 of the 5 seeds as
// not_positive_definite even centred — the memory directions give the Gram matrix many tiny
// eigenvalues, and cond(P) ~ lambda_max / alpha passes float's reach; printed). Asserted:
// MC <= N + 0.1 for every fit (Jaeger 2001's bound N; the slack: a readout uncorrelated with
// its target still shows r^2 ~ 1/n_test, 128 / 2000 = 0.064 over all delays), each device
// trainer's mean MC within one seed standard deviation of the ridge's mean, and per seed the
// streaming ridge within 0.01 of the ridge (measured 8e-4) and RLS within 0.02 of the double
// ridge at its alpha 1e-5 (measured 8e-3); RLS's alpha costs 0.0-0.27 in MC against 1e-6.
TEST(ReservoirQuality, DeviceTrainersKeepMemoryCapacityOfTheDoubleRidge) {
  constexpr int kN = 64, kK = 2 * kN;
  constexpr int total = 6000, test = 2000, washout = 128, train = total - test - washout;
  std::vector<double> ridge, streaming, rls;
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    auto task = std::make_unique<ec::MemoryTask<kK, float>>(ec::sub_seed(seed, ec::SeedStream::task));
    std::vector<float> u(total);
    Eigen::MatrixXf Y = Eigen::MatrixXf::Zero(total, kK);
    for (int t = 0; t < total; ++t) {
      u[static_cast<std::size_t>(t)] = task->next();
      for (int k = 1; k <= kK && k <= t; ++k) ASSERT_EQ(task->delayed(k, Y(t, k - 1)), ec::Status::ok);
    }
    auto esn = std::make_unique<Esn<kN>>();
    ASSERT_EQ(esn->build(seed, 0.1f, 0.9), ec::Status::ok);
    Eigen::MatrixXf X;
    ASSERT_EQ(esn->harvest(u, X), ec::Status::ok);
    const Eigen::MatrixXf Xtr = X.middleRows(washout, train), Ytr = Y.middleRows(washout, train);
    const Eigen::MatrixXf Xte = X.bottomRows(test), Yte = Y.bottomRows(test);
    const Eigen::VectorXf m = X.topRows(washout).colwise().mean().transpose();

    ec::RidgeFit fit;
    ASSERT_EQ(ec::ridge_fit(Xtr, Ytr, 1e-6, fit), ec::Status::ok);
    ridge.push_back(memory_capacity(predict(fit.w, fit.c, Xte), Yte));
    auto w = std::make_unique<ec::ReadoutWeights<kN, kK>>();
    ASSERT_EQ(fit_streaming(Xtr, Ytr, 1e-6f, *w), ec::Status::ok);
    streaming.push_back(memory_capacity(predict_float(*w, Xte), Yte));
    // RLS at the ridge's alpha 1e-6 (printed: it refuses seeds 3 and 5 as not_positive_definite),
    // then at 1e-5, against the double ridge at 1e-5.
    std::printf("  rls (washout-centred) alpha 1e-6: %s\n", ec::to_string(fit_rls<kN + 1>(Xtr, Ytr, 1e-6f, *w, &m)));
    ASSERT_EQ(fit_rls<kN + 1>(Xtr, Ytr, 1e-5f, *w, &m), ec::Status::ok);
    rls.push_back(memory_capacity(predict_float(*w, Xte), Yte));
    ec::RidgeFit fit5;
    ASSERT_EQ(ec::ridge_fit(Xtr, Ytr, 1e-5, fit5), ec::Status::ok);
    const double ridge5 = memory_capacity(predict(fit5.w, fit5.c, Xte), Yte);
    std::printf("seed %d: MC ridge %.4f (alpha 1e-5: %.4f), streaming %.4f, rls (washout-centred, 1e-5) %.4f\n",
                static_cast<int>(seed), ridge.back(), ridge5, streaming.back(), rls.back());
    for (double mc : {ridge.back(), streaming.back(), rls.back()}) EXPECT_LE(mc, kN + 0.1);
    EXPECT_NEAR(streaming.back(), ridge.back(), 0.01) << "seed " << seed;
    EXPECT_NEAR(rls.back(), ridge5, 0.02) << "seed " << seed;
  }
  const MeanStd r = mean_std(ridge), s = mean_std(streaming), l = mean_std(rls);
  std::printf("N = 64, 5 seeds, MC mean +- std: ridge %.4f +- %.4f, streaming %.4f +- %.4f, rls %.4f +- %.4f\n", r.mean,
              r.std, s.mean, s.std, l.mean, l.std);
  EXPECT_LE(std::fabs(s.mean - r.mean), r.std);
  EXPECT_LE(std::fabs(l.mean - r.mean), r.std);
}
