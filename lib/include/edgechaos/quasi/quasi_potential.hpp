/// \file
/// The quasi-potential of the rate network (PHYSICS.md section 5, Qiu & Huang):
///   E(x) = 1/2 |v(x, u)|^2 + eta |x|^2 - h sum_i s_i phi(x_i),   v = -x + J phi(x) + W_in u + b,
///   dE/dx_k = -v_k + phi'(x_k) (J^T v)_k + 2 eta x_k - h s_k phi'(x_k).
/// E >= 0 (at h = 0) and E = 0 exactly at the fixed points of the noiseless flow. The field
/// term (h, pattern s) exists for the response measurement of the Langevin sampler; it is
/// off by default and enters the gradient only (the reported energy is E without it). The
/// transposed product J^T v runs on the network's row-major view of J (which may sit in
/// flash): row i adds v_i J_i. to the result, so nothing is copied.
#pragma once

#include <cmath>

#include "edgechaos/core/checks.hpp"
#include "edgechaos/core/config.hpp"
#include "edgechaos/detail/matvec.hpp"
#include "edgechaos/detail/matvec_transposed.hpp"
#include "edgechaos/detail/workspace.hpp"
#include "edgechaos/core/random.hpp"
#include "edgechaos/core/status.hpp"

namespace edgechaos {

/// A field h s_i coupled to phi(x_i) in the energy; pattern == nullptr means s_i = 1.
template <class State>
struct Field {
  Scalar h = 0.0f;                 ///< the field strength h (0: no field)
  const State* pattern = nullptr;  ///< the signs s (N values), or nullptr for s_i = 1
};

/// The quasi-potential E(x) of the model \p Net and its gradient (see the file comment);
/// keeps v(x) and phi(x) of the last evaluation, so callers need not recompute them.
template <class Net>
class QuasiPotential {
 public:
  using State = typename Net::State;                      ///< The model's state vector.
  using Input = typename Net::Input;                      ///< The model's input vector.
  using activation_type = typename Net::activation_type;  ///< The model's phi.

  /// An invalid \p eta falls back to 0 (a constructor cannot report; use set_eta()).
  explicit QuasiPotential(Scalar eta = 0.0f) {
    if (set_eta(eta) != Status::ok) eta_ = 0.0f;
  }

  /// The confinement eta |x|^2; Status::invalid_argument (nothing changed) unless
  /// 0 <= eta <= kMaxParameter.
  Status set_eta(Scalar eta) {
    const Status s = require(is_non_negative(eta));
    if (s == Status::ok) eta_ = eta;
    return s;
  }
  Scalar eta() const { return eta_; }  ///< The confinement strength.

  /// E(x) (no field term). Leaves v(x) and phi(x) in velocity() / phi(). The model's size
  /// checks' status, Status::non_finite_input for a non-finite x or u,
  /// Status::non_finite_result when E overflows.
  Status energy(const Net& net, const State& x, const Input& u, Scalar& out) {
    const Status s = check(net, x, u);
    if (s != Status::ok) return s;
    resize(x.size());
    net.velocity(x, u, v_, phi_);
    out = energy_from_v(x);
    return require(is_finite(out), Status::non_finite_result);
  }

  /// E(x) / N, the intensive form the monitors and the sampler report.
  Status energy_per_neuron(const Net& net, const State& x, const Input& u, Scalar& out) {
    Scalar e = 0.0f;
    const Status s = energy(net, x, u, e);
    if (s == Status::ok) out = e / static_cast<Scalar>(x.size());
    return s;
  }

  /// grad = dE/dx with the field term; last_energy() afterwards gives E without the field.
  /// Cost: one product with J (inside velocity) and one with J^T. Statuses as energy(),
  /// plus Status::size_mismatch for a grad or pattern of another size and
  /// Status::non_finite_input for a non-finite h.
  Status gradient(const Net& net, const State& x, const Input& u, State& grad,
                  const Field<State>& field = Field<State>{}) {
    // Early returns, not one first_error list: this runs on every Langevin step.
    const Status s = check(net, x, u);
    if (s != Status::ok) return s;
    if (grad.size() != x.size() || (field.pattern != nullptr && field.pattern->size() != x.size())) {
      return Status::size_mismatch;
    }
    if (!is_finite(field.h)) return Status::non_finite_input;
    resize(x.size());
    net.velocity(x, u, v_, phi_);
    detail::matvec_transposed<Net::kNeurons>(net.couplings().data(), v_.data(), jtv_.data(), x.size());
    return gradient_tail(x, grad, field);
  }

  /// gradient() with its two products done elsewhere, for a batch of replicas that shares
  /// one pass over J (quasi/langevin.hpp): \p v, \p phi and \p jtv are v(x, u), phi(x)
  /// and J^T v at \p x (x.size() values each, copied in, so velocity() and phi() answer
  /// for x afterwards). The same grad and last_energy() bits as gradient() given the same
  /// products. Status::size_mismatch for a grad or pattern of another size,
  /// Status::non_finite_input for a non-finite x or h, Status::non_finite_result.
  Status gradient_from_products(const State& x, const Scalar* v, const Scalar* phi, const Scalar* jtv, State& grad,
                                const Field<State>& field = Field<State>{}) {
    if (grad.size() != x.size() || (field.pattern != nullptr && field.pattern->size() != x.size())) {
      return Status::size_mismatch;
    }
    if (!all_finite(x) || !is_finite(field.h)) return Status::non_finite_input;
    const Index n = x.size();
    resize(n);
    for (Index k = 0; k < n; ++k) {
      v_[k] = v[k];
      phi_[k] = phi[k];
      jtv_[k] = jtv[k];
    }
    return gradient_tail(x, grad, field);
  }

  /// energy() with u = 0 (networks without inputs).
  Status energy(const Net& net, const State& x, Scalar& out) {
    detail::fit(u0_, net.inputs());
    return energy(net, x, u0_, out);
  }
  /// gradient() with u = 0 (networks without inputs).
  Status gradient(const Net& net, const State& x, State& grad, const Field<State>& field = Field<State>{}) {
    detail::fit(u0_, net.inputs());
    return gradient(net, x, u0_, grad, field);
  }

  Scalar last_energy() const { return energy_; }  ///< E (no field) at the last gradient() point.
  const State& velocity() const { return v_; }    ///< v at the last evaluated point.
  const State& phi() const { return phi_; }       ///< phi at the last evaluated point.

 private:
  static Status check(const Net& net, const State& x, const Input& u) {
    const Status s = check_sizes(net, x, u);
    return s != Status::ok ? s : require(all_finite(x) && all_finite(u), Status::non_finite_input);
  }
  // E and the gradient's O(N) part from v_, phi_ and jtv_ = J^T v_.
  Status gradient_tail(const State& x, State& grad, const Field<State>& field) {
    energy_ = energy_from_v(x);
    const Index n = x.size();
    const Scalar two_eta = 2.0f * eta_;
    for (Index k = 0; k < n; ++k) {
      const Scalar slope = activation_type::derivative_from_value(phi_[k]);
      const Scalar hk = field.pattern ? field.h * (*field.pattern)[k] : field.h;
      grad[k] = (slope * (jtv_[k] - hk) - v_[k]) + two_eta * x[k];
    }
    return require(is_finite(energy_) && all_finite(grad), Status::non_finite_result);
  }
  Scalar energy_from_v(const State& x) const {
    Scalar e = 0.5f * v_.squaredNorm();
    if (eta_ > 0.0f) e += eta_ * x.squaredNorm();
    return e;
  }
  void resize(Index n) {
    for (State* w : {&v_, &phi_, &jtv_}) detail::fit(*w, n);
  }

  Scalar eta_ = 0.0f;
  Scalar energy_ = 0.0f;
  State v_ = detail::zeros<State>();
  State phi_ = detail::zeros<State>();
  State jtv_ = detail::zeros<State>();
  Input u0_ = detail::zeros<Input>();
};

/// Largest singular value of M0 = -I + phi'(0) J (the Jacobian of v at x = 0), by power
/// iteration on M0^T M0 from a fixed pseudo-random start. phi'(0) is the largest slope of
/// every activation edgechaos ships (tanh, FastTanh, linear), so M0 bounds the stiffness of
/// the flow for those. Power iteration approaches sigma_max from below: the returned value
/// is an estimate, not a bound. `work` and `tmp` are two vectors of the state's size.
template <class Net>
Status estimate_sigma_max(const Net& net, int iterations, Scalar& sigma, typename Net::State& work,
                          typename Net::State& tmp) {
  const Index n = net.size();
  const Status s = first_error(require(net.bound() && iterations >= 1),
                               require(work.size() == n && tmp.size() == n, Status::size_mismatch));
  if (s != Status::ok) return s;
  const Scalar slope = Net::activation_type::derivative(0.0f);
  const Scalar* J = net.couplings().data();
  NormalStream start(0x5EEDu);
  for (Index i = 0; i < n; ++i) work[i] = start.next();
  Scalar lambda = 0.0f;
  for (int it = 0; it < iterations; ++it) {
    const Scalar norm = work.norm();
    if (!is_positive(norm)) return Status::non_finite_result;
    work /= norm;
    detail::matvec<Net::kNeurons, Net::kNeurons>(J, work.data(), tmp.data(), n, n);  // M0 w
    for (Index i = 0; i < n; ++i) tmp[i] = slope * tmp[i] - work[i];
    lambda = tmp.squaredNorm();  // |M0 w|^2 with |w| = 1: Rayleigh quotient of M0^T M0
    detail::matvec_transposed<Net::kNeurons>(J, tmp.data(), work.data(), n);  // M0^T (M0 w)
    for (Index i = 0; i < n; ++i) work[i] = slope * work[i] - tmp[i];
  }
  sigma = std::sqrt(lambda);
  return require(is_finite(sigma), Status::non_finite_result);
}

}  // namespace edgechaos
