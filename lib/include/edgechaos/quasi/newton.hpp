/// \file
/// Newton's method on v(x) = 0 from a point near a fixed point, globalised as
/// Levenberg-Marquardt on E = 1/2 |v|^2:
///   (D^T D + mu I) delta = -D^T v,   D = dv/dx = -I + J diag(phi'(x)).
/// mu -> 0 is Newton's step D delta = -v, a large mu a short gradient step: far from the
/// point the plain Newton step can overshoot, so mu shrinks after every step that lowers E
/// and grows after one that does not. The linear solve is Eigen's blocked PartialPivLU for
/// dynamic N (fast for large N on the desktop) and the plain LU of detail/lu.hpp for fixed
/// N (no workspace: a fixed-size solver never allocates).
#pragma once

#include <cmath>
#include <cstdint>
#include <type_traits>

#include <Eigen/LU>

#include "edgechaos/core/checks.hpp"
#include "edgechaos/core/config.hpp"
#include "edgechaos/core/status.hpp"
#include "edgechaos/detail/lu.hpp"
#include "edgechaos/detail/workspace.hpp"
#include "edgechaos/quasi/quasi_potential.hpp"

namespace edgechaos {

/// Newton's method with Levenberg-Marquardt damping on v(x) = 0 for the model \p Net
/// (see the file comment); it keeps D, D^T D and the solver's work, N x N each.
template <class Net>
class Newton {
 public:
  static constexpr int kN = Net::kNeurons;       ///< N (Dynamic on the desktop)
  using State = typename Net::State;             ///< The model's state vector.
  using Input = typename Net::Input;             ///< The model's input vector.
  using Matrix = Eigen::Matrix<Scalar, kN, kN>;  ///< D and the normal matrix.

  /// Sizes the work vectors (and, for a dynamic N, the matrices) to \p n neurons; call it
  /// before solve() with a dynamic-size model.
  void resize(Index n) {
    for (State* w : {&rhs_, &step_, &trial_, &slopes_}) detail::fit(*w, n);
    if constexpr (kN == Dynamic) {
      for (Matrix* m : {&jacobian_, &normal_, &damped_}) {
        if (m->rows() != n) m->setZero(n, n);
      }
    }
  }

  /// Iterates on x until |v| / sqrt(N) < tolerance (ok), or until `iterations` steps or a
  /// step no mu makes lower E (not_converged). energy is E at x on return, and qp holds
  /// v(x) and phi(x). x moves even on failure: callers solve on a copy.
  Status solve(const Net& net, QuasiPotential<Net>& qp, const Input& u, std::uint32_t iterations,
               Scalar tolerance, State& x, Scalar& energy) {
    if (qp.energy(net, x, u, energy) != Status::ok) return Status::not_converged;
    const Scalar root_n = std::sqrt(static_cast<Scalar>(net.size()));
    bool converged = false;
    Scalar mu = 1e-3f;
    // qp holds v at x at the top of each pass: the last energy it evaluated is the
    // accepted trial, which became x.
    for (std::uint32_t it = 0; it <= iterations; ++it) {
      if (qp.velocity().norm() / root_n < tolerance) {
        converged = true;
        break;
      }
      if (it == iterations || !damped_step(net, qp, u, x, energy, mu)) break;
    }
    // v and phi at x again (a rejected trial left them elsewhere).
    if (qp.energy(net, x, u, energy) != Status::ok || !converged) return Status::not_converged;
    return Status::ok;
  }

  /// D = -I + J diag(phi'), phi the activation at the point, from the row-major view of J.
  const Matrix& jacobian(const Net& net, const State& phi) {
    const auto J = net.couplings();
    const Index n = net.size();
    for (Index j = 0; j < n; ++j) slopes_[j] = Net::activation_type::derivative_from_value(phi[j]);
    for (Index i = 0; i < n; ++i) {
      for (Index j = 0; j < n; ++j) jacobian_(i, j) = J(i, j) * slopes_[j];
      jacobian_(i, i) -= 1.0f;
    }
    return jacobian_;
  }

 private:
  // One step that lowers E, raising mu until one does (up to ~1e9 from 1e-3: a minimum
  // of E with E > 0 has none). False when none does or the system cannot be solved.
  bool damped_step(const Net& net, QuasiPotential<Net>& qp, const Input& u, State& x, Scalar& energy, Scalar& mu) {
    jacobian(net, qp.phi());
    rhs_.noalias() = -(jacobian_.transpose() * qp.velocity());  // -D^T v = -grad E
    // D^T D from column dot products, one triangle mirrored: Eigen's blocked product would
    // put its packed copies of D on the stack (33.6 KB at N = 64, docs/worst_case.md).
    for (Index k = 0; k < jacobian_.cols(); ++k) {
      for (Index j = 0; j <= k; ++j) {
        normal_(j, k) = jacobian_.col(j).dot(jacobian_.col(k));
        normal_(k, j) = normal_(j, k);
      }
    }
    for (int attempt = 0; attempt < 12; ++attempt) {
      damped_ = normal_;
      damped_.diagonal().array() += mu;
      if (!solve_damped()) return false;
      trial_ = x + step_;
      Scalar trial_energy = 0.0f;
      if (qp.energy(net, trial_, u, trial_energy) == Status::ok && trial_energy < energy) {
        x = trial_;
        energy = trial_energy;
        mu = mu * 0.1f > 1e-9f ? mu * 0.1f : 1e-9f;
        return true;
      }
      mu *= 10.0f;
    }
    return false;
  }

  // step_ = damped_^-1 rhs_ (damped_ is overwritten on fixed N). False if singular or
  // not finite.
  bool solve_damped() {
    if constexpr (kN == Dynamic) {
      lu_.compute(damped_);
      step_ = lu_.solve(rhs_);
    } else {
      step_ = rhs_;
      if (!detail::lu_solve_in_place(damped_, step_)) return false;
    }
    return all_finite(step_);
  }

  struct NoSolver {};
  Matrix jacobian_{};  // D
  Matrix normal_{};    // D^T D
  Matrix damped_{};    // D^T D + mu I
  std::conditional_t<kN == Dynamic, Eigen::PartialPivLU<Matrix>, NoSolver> lu_{};
  State rhs_ = detail::zeros<State>();     // -D^T v
  State step_ = detail::zeros<State>();    // delta
  State trial_ = detail::zeros<State>();   // x + delta
  State slopes_ = detail::zeros<State>();  // phi'(x)
};

}  // namespace edgechaos
