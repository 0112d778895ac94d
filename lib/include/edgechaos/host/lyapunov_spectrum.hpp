// The K leading Lyapunov exponents by repeated QR (Benettin et al. 1980; Shimada &
// Nagashima 1979). Desktop only: K tangent vectors (an N x K matrix) ride along with the
// state as a hook of the step protocol, advanced by the same scheme's stage arithmetic as
// the state (which is the plain Euler or RK4 stepper's, bit for bit); every `renorm_every`
// steps a Householder QR re-orthonormalises them and log|R_kk| is accumulated per exponent.
// Cost per stage: one N x N by N x K product; the QR is O(N K^2) every renorm_every steps.
#pragma once

#include "edgechaos/host/host_only.hpp"  // desktop-only: stops a Cortex-M build here

#include <cmath>
#include <cstdint>
#include <vector>

#include <Eigen/Dense>

#include "edgechaos/chaos/growth_log.hpp"
#include "edgechaos/chaos/lyapunov.hpp"

namespace edgechaos {

template <class Net>
class TangentFrame : public NoHook {
 public:
  using State = typename Net::State;
  using Tangents = Eigen::Matrix<Scalar, Net::kNeurons, Eigen::Dynamic>;

  Status configure(Index k, const LyapunovConfig& c) {
    const Status s = first_error(require(k >= 1), validate(c));
    if (s != Status::ok) return s;
    k_ = k;
    config_ = c;
    fresh_ = true;  // new tangents on the next step
    reset_statistics();
    return Status::ok;
  }
  void reset_statistics() { log_.reset(Eigen::ArrayXd::Zero(k_)); }

  template <class N>
  Status begin(const N&, Index n, Scalar) {
    if (k_ > n) return Status::invalid_argument;
    if (fresh_ || Q_.rows() != n || Q_.cols() != k_) initial_tangents(n);
    return Status::ok;
  }
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
  bool propose(Scalar dt) {
    Qs_.resize(Q_.rows(), Q_.cols());
    return detail::advance_finite<false>(Q_.data(), dslope_.data(), dt, nullptr, Qs_.data(), Q_.size());
  }
  void commit(Scalar dt) {
    Q_ = Qs_;
    log_.advance_time(static_cast<double>(dt));
    if (++steps_since_renorm_ >= config_.renorm_every) renormalise();
  }

  Index size() const { return k_; }
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

template <class Net, TangentScheme S = TangentScheme::rk4>
class LyapunovSpectrum : public Stepper<Net, tangent_scheme_t<S>, TangentFrame<Net>> {
 public:
  // k exponents (1 <= k <= n); the tangents start as an orthonormalised Gaussian matrix.
  Status configure(Index k, const LyapunovConfig& c = {}) { return this->hook().configure(k, c); }
  void reset_statistics() { this->hook().reset_statistics(); }

  Index size() const { return this->hook().size(); }
  // The k exponents, largest first (as the QR orders them).
  std::vector<double> exponents() const {
    const auto& g = this->hook().log();
    std::vector<double> e(static_cast<std::size_t>(size()), 0.0);
    for (Index i = 0; i < size(); ++i) e[static_cast<std::size_t>(i)] = g.time() > 0.0 ? g.log_sum()[i] / g.time() : 0.0;
    return e;
  }
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
  double time() const { return this->hook().log().time(); }
};

}  // namespace edgechaos
