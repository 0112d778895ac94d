// The K leading Lyapunov exponents by repeated QR (Benettin et al. 1980; Shimada &
// Nagashima 1979). Desktop only: K tangent vectors (an N x K matrix) ride along with the
// state, advanced by the same Euler or RK4 scheme as in lyapunov.hpp (the state update is
// that of the plain stepper, bit for bit); every `renorm_every` steps a Householder QR
// re-orthonormalises them and log|R_kk| is accumulated per exponent. The standard error of
// each exponent comes from batch means, as for the largest one.
// Cost per stage: one N x N by N x K product; the QR is O(N K^2) every renorm_every steps.
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

#include <Eigen/Dense>

#include "edgechaos/chaos/lyapunov.hpp"

namespace edgechaos {

template <class Net, TangentScheme Scheme = TangentScheme::rk4>
class LyapunovSpectrum {
 public:
  using State = typename Net::State;
  using Input = typename Net::Input;
  using Tangents = Eigen::Matrix<Scalar, Net::kNeurons, Eigen::Dynamic>;

  // k exponents (1 <= k <= n); the tangents start as an orthonormalised Gaussian matrix.
  Status configure(Index k, const LyapunovConfig& c = {}) {
    if (k < 1 || c.renorm_every == 0u || c.batch == 0u) return Status::invalid_argument;
    k_ = k;
    config_ = c;
    fresh_ = true;  // new tangents on the next step
    reset_statistics();
    return Status::ok;
  }

  void reset_statistics() {
    log_sum_ = Eigen::ArrayXd::Zero(k_);
    batch_log_ = Eigen::ArrayXd::Zero(k_);
    batch_mean_ = Eigen::ArrayXd::Zero(k_);
    batch_m2_ = Eigen::ArrayXd::Zero(k_);
    time_ = batch_time_ = 0.0;
    batches_ = 0;
    batch_count_ = 0;
  }

  template <class Observer = NoObserver>
  Status step(const Net& net, State& x, const Input& u, Scalar dt, Observer&& observer = Observer{}) {
    const Status s = detail::check_step(net, x, u, dt);
    if (s != Status::ok) return s;
    if (k_ < 1 || k_ > x.size()) return Status::invalid_argument;
    const Index n = x.size();
    for (State* w : {&k1_, &phi_, &k_stage_, &phi_stage_, &xs_, &slope_, &next_}) detail::fit(*w, n);
    if (fresh_ || Q_.rows() != n || Q_.cols() != k_) initial_tangents(n);

    StepSums sums;
    bool finite = true;
    if constexpr (Scheme == TangentScheme::euler) {
      net.velocity(x, u, k1_, phi_);
      jacobian(net, phi_, Q_, dslope_);
      finite = detail::advance<observes_v<Observer>, false>(x, k1_, dt, k1_, phi_, static_cast<const State*>(nullptr), next_, sums);
    } else {
      const Scalar half = 0.5f * dt;
      net.velocity(x, u, k1_, phi_);
      jacobian(net, phi_, Q_, dk_);
      dslope_ = dk_;
      Qs_ = Q_ + half * dk_;
      xs_ = x + half * k1_;
      net.velocity(xs_, u, k_stage_, phi_stage_);
      jacobian(net, phi_stage_, Qs_, dk_);
      dslope_ += 2.0f * dk_;
      Qs_ = Q_ + half * dk_;
      slope_ = k1_ + 2.0f * k_stage_;
      xs_ = x + half * k_stage_;
      net.velocity(xs_, u, k_stage_, phi_stage_);
      jacobian(net, phi_stage_, Qs_, dk_);
      dslope_ += 2.0f * dk_;
      Qs_ = Q_ + dt * dk_;
      slope_ += 2.0f * k_stage_;
      xs_ = x + dt * k_stage_;
      net.velocity(xs_, u, k_stage_, phi_stage_);
      jacobian(net, phi_stage_, Qs_, dk_);
      dslope_ = (dslope_ + dk_) * (1.0f / 6.0f);
      slope_ = (slope_ + k_stage_) * (1.0f / 6.0f);
      finite = detail::advance<observes_v<Observer>, false>(x, slope_, dt, k1_, phi_, static_cast<const State*>(nullptr), next_, sums);
    }
    Qs_ = Q_ + dt * dslope_;
    if (!finite || !Qs_.allFinite()) return detail::classify_failure(x, u);
    x = next_;
    Q_ = Qs_;
    pending_time_ += static_cast<double>(dt);
    if (++steps_since_renorm_ >= config_.renorm_every) renormalise();
    if constexpr (observes_v<Observer>) observer(sums);
    return Status::ok;
  }

  template <class Observer = NoObserver>
  Status step(const Net& net, State& x, Scalar dt, Observer&& observer = Observer{}) {
    detail::fit(u0_, net.inputs());
    return step(net, x, u0_, dt, static_cast<Observer&&>(observer));
  }

  Index size() const { return k_; }
  // The k exponents, largest first (as the QR orders them).
  std::vector<double> exponents() const {
    std::vector<double> e(static_cast<std::size_t>(k_), 0.0);
    for (Index i = 0; i < k_; ++i) e[static_cast<std::size_t>(i)] = time_ > 0.0 ? log_sum_[i] / time_ : 0.0;
    return e;
  }
  std::vector<double> standard_errors() const {
    std::vector<double> e(static_cast<std::size_t>(k_), INFINITY);
    if (batches_ < 2) return e;
    for (Index i = 0; i < k_; ++i) {
      e[static_cast<std::size_t>(i)] = std::sqrt(batch_m2_[i] / static_cast<double>(batches_ - 1) / static_cast<double>(batches_));
    }
    return e;
  }
  double time() const { return time_; }

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
    pending_time_ = 0.0;
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
    log_sum_ += growth;
    time_ += pending_time_;
    batch_log_ += growth;
    batch_time_ += pending_time_;
    pending_time_ = 0.0;
    steps_since_renorm_ = 0;
    if (++batch_count_ >= config_.batch) {
      const Eigen::ArrayXd rate = batch_log_ / batch_time_;
      ++batches_;
      const Eigen::ArrayXd d = rate - batch_mean_;
      batch_mean_ += d / static_cast<double>(batches_);
      batch_m2_ += d * (rate - batch_mean_);
      batch_log_.setZero();
      batch_time_ = 0.0;
      batch_count_ = 0;
    }
  }

  Index k_ = 1;
  bool fresh_ = true;
  LyapunovConfig config_{};
  std::uint32_t steps_since_renorm_ = 0, batch_count_ = 0;
  std::uint64_t batches_ = 0;
  double pending_time_ = 0.0, time_ = 0.0, batch_time_ = 0.0;
  Eigen::ArrayXd log_sum_ = Eigen::ArrayXd::Zero(1), batch_log_ = Eigen::ArrayXd::Zero(1);
  Eigen::ArrayXd batch_mean_ = Eigen::ArrayXd::Zero(1), batch_m2_ = Eigen::ArrayXd::Zero(1);
  Tangents Q_, Qs_, dslope_, dk_, scaled_;
  State k1_ = detail::zeros<State>(), phi_ = detail::zeros<State>(), k_stage_ = detail::zeros<State>();
  State phi_stage_ = detail::zeros<State>(), xs_ = detail::zeros<State>(), slope_ = detail::zeros<State>();
  State next_ = detail::zeros<State>();
  Input u0_ = detail::zeros<Input>();
};

}  // namespace edgechaos
