/// \file
/// Stability of a fixed point x*: the spectral abscissa of D = -I + J diag(phi'(x*)), the
/// largest real part of its eigenvalues; x* is stable when it is negative. Two ways:
///   EigenAbscissa: every eigenvalue of the dense D by Eigen::EigenSolver (exact; desktop);
///   PowerAbscissa: power iteration on the RK4 propagator of delta' = D delta, which needs
///     only products with J on its row-major view (device; an estimate).
#pragma once

#include <cmath>

#include <Eigen/Eigenvalues>

#include "edgechaos/core/checks.hpp"
#include "edgechaos/core/config.hpp"
#include "edgechaos/core/random.hpp"
#include "edgechaos/core/status.hpp"
#include "edgechaos/detail/workspace.hpp"
#include "edgechaos/models/activation.hpp"
#include "edgechaos/steppers/rk4.hpp"

namespace edgechaos {

/// The flow linearised at a point, delta' = D delta, as a model the steppers accept (the
/// RateNetwork interface), so the power iteration reuses the library's RK4 instead of its
/// own stages. It views the network and phi at the point; both must outlive it.
template <class Net>
class LinearisedFlow {
 public:
  static constexpr int kNeurons = Net::kNeurons;  ///< the network's N
  static constexpr int kInputs = 0;  ///< a perturbation has no input
  using State = typename Net::State;  ///< delta, the network's state vector
  using Input = Vector<0>;            ///< no input
  using activation_type = Linear;  ///< linear in delta: the slopes phi'(x*) are part of D

  /// Views \p net and phi(x*) = \p phi_at_point; both must outlive the flow.
  LinearisedFlow(const Net& net, const State& phi_at_point) : net_(&net), phi_(&phi_at_point) {}

  bool bound() const { return net_->bound(); }  ///< Whether the network has its couplings.
  Index size() const { return net_->size(); }   ///< N
  Index inputs() const { return 0; }            ///< 0: no input

  /// v = D delta. phi receives the product's scratch, phi'(x*) o delta: a linear flow has
  /// no activation of its own to report.
  void velocity(const State& delta, const Input&, State& v, State& phi) const {
    net_->jacobian_times(*phi_, delta, v, phi);
  }

 private:
  const Net* net_;
  const State* phi_;
};

/// The exact spectral abscissa of a dense N x N matrix D (desktop: Eigen's EigenSolver
/// allocates for a dynamic N).
template <int N>
class EigenAbscissa {
 public:
  using Matrix = Eigen::Matrix<Scalar, N, N>;  ///< D

  /// max Re eig(D); not_converged when the QR iteration fails.
  Status compute(const Matrix& D, Scalar& out) {
    eig_.compute(D, false);
    if (eig_.info() != Eigen::Success) return Status::not_converged;
    out = eig_.eigenvalues().real().maxCoeff();
    return Status::ok;
  }

 private:
  Eigen::EigenSolver<Matrix> eig_{};
};

/// The spectral abscissa of D at a fixed point of \p Net, estimated by power iteration on
/// the RK4 propagator (device: products with J only, no N x N matrix).
template <class Net>
class PowerAbscissa {
 public:
  using State = typename Net::State;  ///< The network's state vector.

  /// Power iteration on P = the RK4 step of delta' = D delta over h (P ~ exp(hD)): its
  /// dominant eigenvalue has modulus exp(h * abscissa) up to O(h^5). The growth per step is
  /// averaged over the second half of `iterations`, which also averages out the
  /// oscillation of a complex leading pair. phi: the activation at the point.
  Status estimate(const Net& net, const State& phi, int iterations, Scalar h, Scalar& out) {
    const LinearisedFlow<Net> flow(net, phi);
    detail::fit(direction_, net.size());
    NormalStream start(0xAB5C155Au);
    for (Index i = 0; i < net.size(); ++i) direction_[i] = start.next();
    direction_.normalize();
    double log_growth = 0.0;
    int counted = 0;
    for (int it = 0; it < iterations; ++it) {
      const Status s = propagator_.step(flow, direction_, h);  // direction <- P direction
      if (s != Status::ok) return s;
      const Scalar growth = direction_.norm();
      if (!is_positive(growth)) return Status::non_finite_result;
      if (2 * it >= iterations) {
        log_growth += std::log(static_cast<double>(growth));
        ++counted;
      }
      direction_ /= growth;
    }
    out = static_cast<Scalar>(log_growth / (static_cast<double>(counted) * static_cast<double>(h)));
    return Status::ok;
  }

 private:
  RK4<LinearisedFlow<Net>> propagator_;
  State direction_ = detail::zeros<State>();
};

}  // namespace edgechaos
