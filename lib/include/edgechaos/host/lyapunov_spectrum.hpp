/// \file
/// The K leading Lyapunov exponents by repeated QR (Benettin et al.\ 1980; Shimada &
/// Nagashima 1979). Desktop only: K tangent vectors (an N x K matrix) ride along with the
/// state as a hook of the step protocol, advanced by the same scheme's stage arithmetic as
/// the state (which is the plain Euler or RK4 stepper's, bit for bit); every `renorm_every`
/// steps a Householder QR re-orthonormalises them and log|R_kk| is accumulated per exponent.
/// Cost per stage: one N x N by N x K product; the QR is O(N K^2) every renorm_every steps.
#pragma once

#include "edgechaos/host/host_only.hpp"  // desktop-only: stops a Cortex-M build here

#include <cmath>
#include <cstdint>
#include <vector>

#include <Eigen/Dense>

#include "edgechaos/chaos/growth_log.hpp"
#include "edgechaos/chaos/lyapunov.hpp"

namespace edgechaos {

/// The step-protocol hook of LyapunovSpectrum: K tangent vectors advanced with the state's
/// own stages, re-orthonormalised by QR every renorm_every committed steps.
template <class Net>
class TangentFrame : public NoHook {
 public:
  using State = typename Net::State;                                      ///< the model's state
  using Tangents = Eigen::Matrix<Scalar, Net::kNeurons, Eigen::Dynamic>;  ///< N x K tangent vectors

  /// k tangents (k >= 1, at most n, checked on the next step) and the config; invalid_argument
  /// otherwise. Fresh tangents are drawn on the next step and the statistics are cleared.
  Status configure(Index k, const LyapunovConfig& c) {
    const Status s = first_error(require(k >= 1), validate(c));
    if (s != Status::ok) return s;
    k_ = k;
    config_ = c;
    fresh_ = true;  // new tangents on the next step
    reset_statistics();
    return Status::ok;
  }
  /// Clears the accumulated growth (time and sums); the tangents are kept.
  void reset_statistics() { log_.reset(Eigen::ArrayXd::Zero(k_)); }

  /// Protocol: sizes (or draws) the tangents; invalid_argument when k > n.
  template <class N>
  Status begin(const N&, Index n, Scalar) {
    if (k_ > n) return Status::invalid_argument;
    if (fresh_ || Q_.rows() != n || Q_.cols() != k_) initial_tangents(n);
    return Status::ok;
  }
  /// Protocol: stage I of the scheme applied to the tangents, with the Jacobian at that
  /// stage's phi.
  template <class Scheme, int I>
  void stage(const Net& net, const State& phi, Scalar dt) {
    if constexpr (I == 0) {
      jacobian(net, phi, Q_, dslope_);
    } else {
      detail::stage_point<Scheme, I>(Q_, dt, I == 1 ? dslope_ : dk_, Qs_);
      jacobian(net, phi, Qs_, dk_);
      detail::accumulate<Scheme, I>(dslope_, dslope_, dk_);
    }
  }
  /// Protocol: the proposed tangents; false (the step does not commit) if any is not finite.
  bool propose(Scalar dt) {
    Qs_.resize(Q_.rows(), Q_.cols());
    return detail::advance_finite<false>(Q_.data(), dslope_.data(), dt, nullptr, Qs_.data(), Q_.size());
  }
  /// Protocol: takes the proposed tangents, advances the time, renormalises when due.
  void commit(Scalar dt) {
    Q_ = Qs_;
    log_.advance_time(static_cast<double>(dt));
    if (++steps_since_renorm_ >= config_.renorm_every) renormalise();
  }

  Index size() const { return k_; }  ///< K, the number of exponents
  /// The accumulated log-growth per exponent, the time and the batch statistics.
  const detail::GrowthLog<Eigen::ArrayXd>& log() const { return log_; }

 private:
  // out = D(x) T = -T + J (phi'(x) o T), column by column as one matrix product.
  void jacobian(const Net& net, const State& phi, const Tangents& T, Tangents& out) {
    scaled_.resize(T.rows(), T.cols());
    for (Index i = 0; i < T.rows(); ++i) {
      scaled_.row(i) = Net::activation_type::derivative_from_value(phi[i]) * T.row(i);
    }
    out.noalias() = net.couplings() * scaled_;
    out -= T;
  }

  void initial_tangents(Index n) {
    NormalStream normal(config_.seed);
    Eigen::MatrixXd G(n, k_);
    for (Index j = 0; j < k_; ++j)
      for (Index i = 0; i < n; ++i) G(i, j) = static_cast<double>(normal.next());
    Eigen::HouseholderQR<Eigen::MatrixXd> qr(G);
    Q_ = (qr.householderQ() * Eigen::MatrixXd::Identity(n, k_)).cast<Scalar>();
    steps_since_renorm_ = 0;
    log_.restart_interval();
    fresh_ = false;
  }

  void renormalise() {
    const Index n = Q_.rows();
    Eigen::HouseholderQR<Eigen::MatrixXd> qr(Q_.template cast<double>());
    const Eigen::MatrixXd R = qr.matrixQR().topLeftCorner(k_, k_).template triangularView<Eigen::Upper>();
    Eigen::MatrixXd Qd = qr.householderQ() * Eigen::MatrixXd::Identity(n, k_);
    Eigen::ArrayXd growth(k_);
    for (Index i = 0; i < k_; ++i) {
      growth[i] = std::log(std::fabs(R(i, i)));
      if (R(i, i) < 0.0) Qd.col(i) *= -1.0;  // keep the frame continuous
    }
    Q_ = Qd.cast<Scalar>();
    log_.add(growth, config_.batch);
    steps_since_renorm_ = 0;
  }

  Index k_ = 1;
  bool fresh_ = true;
  LyapunovConfig config_{};
  std::uint32_t steps_since_renorm_ = 0;
  detail::GrowthLog<Eigen::ArrayXd> log_{};
  Tangents Q_, Qs_, dslope_, dk_, scaled_;
};

/// A stepper (Euler or RK4, as S says) that also measures the K leading Lyapunov exponents
/// of the trajectory it integrates; step it as any Stepper, then read exponents().
template <class Net, TangentScheme S = TangentScheme::rk4>
class LyapunovSpectrum : public Stepper<Net, tangent_scheme_t<S>, TangentFrame<Net>> {
 public:
  /// k exponents (1 <= k <= n); the tangents start as an orthonormalised Gaussian matrix.
  /// invalid_argument for k < 1 or a bad config (k > n fails the next step).
  Status configure(Index k, const LyapunovConfig& c = {}) { return this->hook().configure(k, c); }
  /// Forgets the growth so far (e.g. after a transient); the tangents are kept.
  void reset_statistics() { this->hook().reset_statistics(); }

  Index size() const { return this->hook().size(); }  ///< K, the number of exponents
  /// The k exponents (per unit time), largest first (as the QR orders them); zeros before
  /// any time has passed.
  std::vector<double> exponents() const {
    const auto& g = this->hook().log();
    std::vector<double> e(static_cast<std::size_t>(size()), 0.0);
    for (Index i = 0; i < size(); ++i) e[static_cast<std::size_t>(i)] = g.time() > 0.0 ? g.log_sum()[i] / g.time() : 0.0;
    return e;
  }
  /// The standard error of each exponent from the batch means; infinity before two batches.
  std::vector<double> standard_errors() const {
    const auto& g = this->hook().log();
    std::vector<double> e(static_cast<std::size_t>(size()), INFINITY);
    if (g.batches() < 2) return e;
    for (Index i = 0; i < size(); ++i) {
      e[static_cast<std::size_t>(i)] =
          std::sqrt(g.batch_m2()[i] / static_cast<double>(g.batches() - 1) / static_cast<double>(g.batches()));
    }
    return e;
  }
  double time() const { return this->hook().log().time(); }  ///< the time measured so far

};

}  // namespace edgechaos
