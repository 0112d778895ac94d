#include "reservoir_training.hpp"

#include <memory>
#include <stdexcept>

#include "args.hpp"
#include "command.hpp"
#include "edgechaos/desktop/clock.hpp"
#include "edgechaos/host/ridge.hpp"
#include "edgechaos/readouts/rls.hpp"
#include "edgechaos/readouts/streaming_ridge.hpp"

namespace edgechaos::cli {

Trainer parse_trainer(const std::string& name) {
  if (name == "streaming") return Trainer::streaming;
  if (name == "rls") return Trainer::rls;
  return Trainer::ridge;
}

const char* to_string(Trainer t) {
  switch (t) {
    case Trainer::streaming: return "streaming";
    case Trainer::rls: return "rls";
    default: return "ridge";
  }
}

namespace {

// The desktop has the RAM the device has not: no budget.
constexpr std::size_t kNoBudget = ~std::size_t{0};

template <int F, int K>
Status fit_streaming(const Eigen::MatrixXf& X, const Eigen::MatrixXf& Y, const TrainOptions& o, ReadoutFit& out) {
  auto trainer = std::make_unique<StreamingRidge<F, K, kNoBudget>>();
  typename StreamingRidge<F, K, kNoBudget>::FeatureVector f = decltype(f)::Zero();
  typename StreamingRidge<F, K, kNoBudget>::Output y = decltype(y)::Zero();
  const std::int64_t t0 = desktop::thread_cpu_ns();
  for (Index t = 0; t < X.rows(); ++t) {
    f.head(X.cols()) = X.row(t).transpose();
    y.head(Y.cols()) = Y.row(t).transpose();
    const Status s = trainer->add(f, y);
    if (s != Status::ok) return s;
  }
  auto weights = std::make_unique<ReadoutWeights<F, K>>();
  const Status s = trainer->solve(static_cast<Scalar>(o.alpha), *weights);
  if (s != Status::ok) return s;
  out.ns_per_update = static_cast<double>(desktop::thread_cpu_ns() - t0) / static_cast<double>(X.rows());
  out.w.resize(Y.cols(), X.cols());
  out.c.resize(Y.cols());
  for (Index k = 0; k < Y.cols(); ++k) {
    for (Index j = 0; j < X.cols(); ++j) out.w(k, j) = (*weights)(static_cast<int>(k), static_cast<int>(j));
    out.c[k] = weights->c[k];
  }
  return Status::ok;
}

// RLS fits y = W [1, x - m]: the constant feature carries the intercept (penalised through
// P(0) = I / alpha, unlike the ridge's; negligible for the small alphas the tasks use), and
// the features are centred on their training mean m. Uncentred reservoir states share an
// offset (NARMA's inputs are all positive); with P(0) = I / alpha large, cancelling it in
// float32 leaves rounding errors above the true entries of P, and the update refuses
// (not_positive_definite) below alpha ~ 1e-4 (docs/reservoir_device.md). A device centres
// on its washout's mean the same way.
template <int F, int K>
Status fit_rls(const Eigen::MatrixXf& X, const Eigen::MatrixXf& Y, const TrainOptions& o, ReadoutFit& out) {
  const Eigen::RowVectorXf m = X.colwise().mean();
  auto trainer = std::make_unique<Rls<F, K, kNoBudget>>();
  RlsConfig config;
  config.alpha = static_cast<Scalar>(o.alpha);
  config.lambda = static_cast<Scalar>(o.lambda);
  Status s = trainer->configure(config);
  if (s != Status::ok) return s;
  typename Rls<F, K, kNoBudget>::FeatureVector f = decltype(f)::Zero();
  typename Rls<F, K, kNoBudget>::Output y = decltype(y)::Zero();
  f[0] = 1.0f;
  const std::int64_t t0 = desktop::thread_cpu_ns();
  for (Index t = 0; t < X.rows(); ++t) {
    f.segment(1, X.cols()) = (X.row(t) - m).transpose();
    y.head(Y.cols()) = Y.row(t).transpose();
    s = trainer->update(f, y);
    if (s != Status::ok) return s;
  }
  out.ns_per_update = static_cast<double>(desktop::thread_cpu_ns() - t0) / static_cast<double>(X.rows());
  const auto& w = trainer->weights();
  out.w.resize(Y.cols(), X.cols());
  out.c.resize(Y.cols());
  for (Index k = 0; k < Y.cols(); ++k) {
    double c = w(static_cast<int>(k), 0);
    for (Index j = 0; j < X.cols(); ++j) {
      out.w(k, j) = w(static_cast<int>(k), static_cast<int>(j + 1));
      c -= out.w(k, j) * static_cast<double>(m[j]);  // y = W (x - m) + c0 = W x + (c0 - W m)
    }
    out.c[k] = c;
  }
  return Status::ok;
}

// Dispatch to the size bucket: K is 1 or at most 2F (the memory task's 2N delays).
template <int F>
Status fit_bucket(const Eigen::MatrixXf& X, const Eigen::MatrixXf& Y, const TrainOptions& o, ReadoutFit& out) {
  const bool one = Y.cols() == 1;
  if (o.trainer == Trainer::streaming) return one ? fit_streaming<F, 1>(X, Y, o, out) : fit_streaming<F, 2 * F>(X, Y, o, out);
  return one ? fit_rls<F, 1>(X, Y, o, out) : fit_rls<F, 2 * F>(X, Y, o, out);
}

}  // namespace

Status train_readout(const Eigen::MatrixXf& X, const Eigen::MatrixXf& Y, const TrainOptions& o, ReadoutFit& out) {
  if (X.rows() != Y.rows() || X.cols() < 1 || Y.cols() < 1) return Status::size_mismatch;
  if (o.trainer == Trainer::ridge) {
    const std::int64_t t0 = desktop::thread_cpu_ns();
    RidgeFit fit;
    const Status s = ridge_fit(X, Y, o.alpha, fit);
    if (s != Status::ok) return s;
    out.w = fit.w;
    out.c = fit.c;
    out.ns_per_update = static_cast<double>(desktop::thread_cpu_ns() - t0) / static_cast<double>(X.rows());
    return Status::ok;
  }
  const Index need = X.cols() + (o.trainer == Trainer::rls ? 1 : 0);
  if (Y.cols() > 1 && Y.cols() > 2 * need) return Status::capacity_exceeded;
  if (need <= 64 && Y.cols() <= 128) return fit_bucket<64>(X, Y, o, out);
  if (need <= 128 && Y.cols() <= 256) return fit_bucket<128>(X, Y, o, out);
  if (need <= 256 && Y.cols() <= 512) return fit_bucket<256>(X, Y, o, out);
  if (need <= 512 && Y.cols() <= 1024) return fit_bucket<512>(X, Y, o, out);
  if (need <= kMaxDeviceFeatures && Y.cols() <= kMaxDeviceOutputs) return fit_bucket<kMaxDeviceFeatures>(X, Y, o, out);
  return Status::capacity_exceeded;
}

Eigen::MatrixXd predict(const ReadoutFit& fit, const Eigen::MatrixXf& X) {
  Eigen::MatrixXd y = X.cast<double>() * fit.w.transpose();
  y.rowwise() += fit.c.transpose();
  return y;
}

}  // namespace edgechaos::cli
