/// \file
/// The NVAR Lorenz-63 forecast of Gauthier et al.\ 2021 (shared/RESERVOIR.md section 5),
/// DESKTOP ONLY (the offline double ridge allocates):
/// \code{.unparsed}
///   series: tasks/lorenz.hpp from x0, sampled every dt = 0.025, the first `transient`
///           time units dropped, then `warmup` time units skipped (Gauthier: 5);
///   features: readouts/nvar_features.hpp, k = 2, s = 1 (28 features: 1, 6 linear, 21
///           quadratic);
///   training: 400 points, target the one-step increment x(t+1) - x(t), ridge with alpha
///           2.5e-6 (this library's ridge: centred, intercept unpenalised; Gauthier's
///           penalises the constant feature's weight too, a negligible difference at this
///           alpha). Solved by host/ridge_qr.hpp: these 28 features have a standardised
///           Gram condition number of 2.6e17, and host/ridge.hpp's Cholesky of the Gram
///           matrix refuses them (not_positive_definite, its 1e-12 pivot floor) — rightly:
///           the normal equations are beyond double here, the QR of the data is not;
///   scores (NRMSE of RESERVOIR.md: RMSE over points and the 3 components divided by the
///           root of the summed component variances of the scored block):
///     train_nrmse    the one-step state prediction x(t) + W f(t) + c over the training block;
///     test_nrmse     the free-running forecast from the last training point over one
///                    Lyapunov time (1.104 / dt = 44 points), each prediction fed back;
///     one_step_test  the teacher-forced one-step prediction over the same 44 points;
///     persistence    the baseline x(t+1) = x(t) over the same points (what "learned
///                    something" is measured against).
/// \endcode
#pragma once

#include "edgechaos/host/host_only.hpp"  // desktop-only: stops a Cortex-M build here

#include <cmath>
#include <cstdint>
#include <limits>

#include <Eigen/Core>

#include "edgechaos/core/checks.hpp"
#include "edgechaos/core/random.hpp"
#include "edgechaos/core/status.hpp"
#include "edgechaos/host/ridge.hpp"
#include "edgechaos/host/ridge_qr.hpp"
#include "edgechaos/readouts/nvar_features.hpp"
#include "edgechaos/tasks/lorenz.hpp"

namespace edgechaos {

/// The parameters of the NVAR Lorenz protocol (defaults: Gauthier et al. 2021).
struct NvarLorenzProtocol {
  double x0[3] = {1.0, 1.0, 1.0};  ///< the Lorenz-63 initial state
  double dt = 0.025;               ///< the sampling step, time units
  double transient = 50.0;  ///< time units dropped before anything (onto the attractor)
  double warmup = 5.0;      ///< Gauthier et al.'s warm-up, in time units
  int train_points = 400;   ///< training samples, in [30, 10^6]
  double alpha = 2.5e-6;    ///< the ridge penalty, > 0
  double test_time = 1.104;  ///< one Lyapunov time
  /// Std of a seeded Gaussian noise added to the training series only (features and
  /// targets; the test block and the forecast's start stay exact). 0 = exact data. See
  /// docs/tasks.md: with exact data and alpha 2.5e-6 the free run is unstable for most
  /// trajectories; 1e-3 makes it stable for all measured.
  double training_noise = 0.0;
  std::uint64_t noise_seed = 1;  ///< the seed of training_noise
};

/// The scores of one run_nvar_lorenz (NRMSE as in the file comment) and the fit.
struct NvarLorenzResult {
  double train_nrmse = 0.0;     ///< one-step state prediction over the training block
  double test_nrmse = 0.0;      ///< free-running forecast over test_time
  double one_step_test = 0.0;   ///< teacher forced over the same points
  double persistence = 0.0;     ///< x(t+1) = x(t) over the same points
  int test_points = 0;          ///< points scored in the test block (test_time / dt)
  /// False if the free run left the attractor's neighbourhood (|x| > 1e3; the attractor
  /// stays within |x| < 60) or overflowed before test_points: test_nrmse is +inf then. A
  /// result, not an error: the fit and the one-step scores stand.
  bool forecast_finite = true;
  RidgeFit fit;                 ///< 3 x 28 weights and the 3 intercepts (increments)
};

/// Runs the protocol. invalid_argument for a bad protocol (dt, times, train_points < 30,
/// alpha, noise), the ridge's status if the fit fails, non_finite_result if the series is
/// not finite (a diverging forecast is reported in the result). out is written only on
/// success.

inline Status run_nvar_lorenz(const NvarLorenzProtocol& p, NvarLorenzResult& out) {
  using Nvar = NvarFeatures<3, 2, 1, double>;
  if (!is_positive(p.dt) || !is_non_negative(p.transient) || !is_non_negative(p.warmup) || !is_positive(p.alpha) ||
      !is_positive(p.test_time) || !is_non_negative(p.training_noise) || p.train_points < 30 ||
      p.train_points > 1000000) {
    return Status::invalid_argument;
  }
  const long transient = std::lround(p.transient / p.dt);
  const long warmup = std::lround(p.warmup / p.dt);
  const int test = static_cast<int>(std::floor(p.test_time / p.dt + 1e-9));
  if (test < 2) return Status::invalid_argument;
  Lorenz63<double> lorenz;
  if (Status s = lorenz.reset(p.x0, p.dt); s != Status::ok) return s;
  for (long i = 0; i < transient; ++i) {
    if (Status s = lorenz.advance(); s != Status::ok) return s;
  }
  // The series s_0 .. s_{n-1}: warm-up, training (features at t, targets at t + 1), test.
  const Index first = warmup > 0 ? warmup : 1;  // the first feature row (needs s_{t-1})
  const Index n = first + p.train_points + 1 + test;
  Eigen::MatrixXd series(n, 3);
  for (Index i = 0; i < n; ++i) {
    for (int d = 0; d < 3; ++d) series(i, d) = lorenz.state()[d];
    if (Status s = lorenz.advance(); s != Status::ok) return s;
  }
  // The training copy: the series with the optional noise on every row before the test block.

  const Index te0 = first + p.train_points + 1;  // the first test point
  Eigen::MatrixXd noisy = series;
  if (p.training_noise > 0.0) {
    NormalStream normal(p.noise_seed);
    for (Index i = 0; i < te0; ++i) {
      for (int d = 0; d < 3; ++d) noisy(i, d) += p.training_noise * static_cast<double>(normal.next());
    }
  }
  // Features of s_t for every t from the warm-up on (the delay line needs s_{t-1}).
  auto features_of = [&](const Eigen::MatrixXd& s, Eigen::MatrixXd& feats) {
    Nvar nvar;
    feats.setZero(n, Nvar::kSize);
    for (Index t = first - 1; t < n; ++t) {
      const double u[3] = {s(t, 0), s(t, 1), s(t, 2)};
      if (Status st = nvar.push(u); st != Status::ok) return st;
      if (t >= first) {
        double f[Nvar::kSize];
        if (Status st = nvar.features(f); st != Status::ok) return st;
        for (int j = 0; j < Nvar::kSize; ++j) feats(t, j) = f[j];
      }
    }
    return Status::ok;
  };
  Eigen::MatrixXd feats, feats_train;
  if (Status s = features_of(series, feats); s != Status::ok) return s;
  if (Status s = features_of(noisy, feats_train); s != Status::ok) return s;
  const Index tr0 = first, trn = p.train_points;
  const Eigen::MatrixXd X = feats_train.middleRows(tr0, trn);
  const Eigen::MatrixXd Y = noisy.middleRows(tr0 + 1, trn) - noisy.middleRows(tr0, trn);
  RidgeFit fit;
  if (Status s = ridge_fit_qr(X, Y, p.alpha, fit); s != Status::ok) return s;

  // NRMSE of predicted against true states (rows), RESERVOIR.md's convention over 3 components.
  auto state_nrmse = [](const Eigen::MatrixXd& pred, const Eigen::MatrixXd& truth) {
    const Eigen::RowVectorXd mean = truth.colwise().mean();
    const double var = (truth.rowwise() - mean).squaredNorm();
    return std::sqrt((pred - truth).squaredNorm() / var);
  };
  // Train score on the exact series (with noise 0 the same data as the fit).
  const Eigen::MatrixXd train_pred = series.middleRows(tr0, trn) +
                                     ((feats.middleRows(tr0, trn) * fit.w.transpose()).rowwise() + fit.c.transpose());
  const double train = state_nrmse(train_pred, series.middleRows(tr0 + 1, trn));

  // Test: the points after the last training target, s_{te0} .. s_{te0 + test - 1}.
  const Eigen::MatrixXd truth = series.middleRows(te0, test);
  Eigen::MatrixXd one_step(test, 3), forecast(test, 3);
  for (Index i = 0; i < test; ++i) {  // teacher forced: features of the true s_{te0 + i - 1}
    const Eigen::RowVectorXd f = feats.row(te0 + i - 1);
    one_step.row(i) = series.row(te0 + i - 1) + (f * fit.w.transpose() + fit.c.transpose());
  }
  // Free run: the delay line holds s_{te0 - 2}, s_{te0 - 1} (true, the end of training),
  // then each prediction is pushed back in.
  Nvar run;
  for (Index t = te0 - 2; t < te0; ++t) {
    const double u[3] = {series(t, 0), series(t, 1), series(t, 2)};
    if (Status s = run.push(u); s != Status::ok) return s;
  }
  Eigen::RowVectorXd last = series.row(te0 - 1);
  bool finite = true;
  for (Index i = 0; i < test; ++i) {
    double f[Nvar::kSize];
    if (Status s = run.features(f); s != Status::ok) return s;
    const Eigen::Map<const Eigen::RowVectorXd> fr(f, Nvar::kSize);
    const Eigen::RowVectorXd next = last + (fr * fit.w.transpose() + fit.c.transpose());
    if (!all_finite(next) || !(next.cwiseAbs().maxCoeff() <= 1e3)) {
      finite = false;
      break;
    }
    forecast.row(i) = next;
    const double u[3] = {next[0], next[1], next[2]};
    if (Status s = run.push(u); s != Status::ok) return s;
    last = next;
  }
  out.train_nrmse = train;
  out.test_nrmse = finite ? state_nrmse(forecast, truth) : std::numeric_limits<double>::infinity();
  out.forecast_finite = finite;
  out.one_step_test = state_nrmse(one_step, truth);
  out.persistence = state_nrmse(series.middleRows(te0 - 1, test), truth);
  out.test_points = test;
  out.fit = fit;
  return Status::ok;
}

}  // namespace edgechaos
