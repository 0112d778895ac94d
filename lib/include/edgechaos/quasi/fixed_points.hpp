// Fixed points of the noiseless flow v(x) = -x + J phi(x) + W_in u + b = 0 (PHYSICS.md
// sections 3, 5, 6), found as the zero-energy minima of the quasi-potential E = 1/2 |v|^2:
//   1. zero-temperature descent x <- x - dt grad E (moves a random start into a basin);
//   2. Newton refinement on v(x) = 0, D(x) delta = -v with D = -I + J diag(phi'(x)),
//      globalised as Levenberg-Marquardt on E: (D^T D + mu I) delta = -D^T v, mu shrinking
//      towards the pure Newton step while E decreases. The linear solve is Eigen's
//      PartialPivLU for dynamic N (desktop) and a plain fixed-size LU for fixed N (device).
// Reported per fixed point: E, the rms residual |v| / sqrt(N), C = mean phi^2, mean x^2,
// and stability from the spectral abscissa of D(x*) (max real part of its eigenvalues):
//   kExactStability = true  (default for dynamic N, the desktop): Eigen::EigenSolver;
//   kExactStability = false (default for fixed N, the device): power iteration on the RK4
//     propagator of delta' = D delta over a step h, abscissa ~ log(growth per step) / h.
// Storage is fixed for fixed N: the N x N matrix D, its LU and the collection of up to
// Capacity distinct fixed points (distinct: rms distance above `distinct_distance`).
// Fixed-size Eigen matrices must stay below EIGEN_STACK_ALLOCATION_LIMIT (N <= 181 in
// float); larger networks use N = Dynamic (desktop).
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <type_traits>

#include <Eigen/Eigenvalues>
#include <Eigen/LU>

#include "edgechaos/core/checks.hpp"
#include "edgechaos/core/config.hpp"
#include "edgechaos/detail/lu.hpp"
#include "edgechaos/detail/workspace.hpp"
#include "edgechaos/quasi/quasi_potential.hpp"
#include "edgechaos/core/random.hpp"
#include "edgechaos/core/status.hpp"

namespace edgechaos {

struct FixedPointConfig {
  Scalar descent_dt = 0.0f;            // 0: 1 / sigma_max(M)^2, half the stability limit
  std::uint32_t descent_steps = 200;
  std::uint32_t newton_iterations = 60;
  Scalar tolerance = 2e-6f;            // converged when |v| / sqrt(N) is below this (float floor ~3e-7 at N = 600)
  Scalar distinct_distance = 1e-3f;    // |x - y| / sqrt(N) above this: distinct points
  Scalar trivial_x2 = 1e-8f;           // mean x^2 below this: the trivial point x = 0
  Scalar init_scale = 1.0f;            // random starts x_i ~ N(0, init_scale^2)
  std::uint32_t flow_steps = 0;        // > 0: starts are points of the noiseless flow (see search)
  Scalar flow_dt = 0.1f;               // Euler step of that flow
  std::uint64_t seed = 1u;
  int power_iterations = 400;          // device stability estimate
  Scalar power_step = 0.2f;            // its propagator step h
};

template <int N>
struct FixedPoint {
  Vector<N> x = detail::zeros<Vector<N>>();
  Scalar energy = 0;     // E(x*)
  Scalar residual = 0;   // |v(x*)| / sqrt(N)
  Scalar abscissa = 0;   // max Re eig D(x*) (an estimate when not exact)
  Scalar C = 0;          // (1/N) sum phi(x*_i)^2
  Scalar x2 = 0;         // (1/N) sum x*_i^2
  bool stable = false;   // abscissa < 0
  bool trivial = false;  // x2 below trivial_x2
  std::uint32_t hits = 0;  // how many tries ended here
};

template <class Net, int Capacity, bool kExactStability = (Net::kNeurons == Dynamic)>
class FixedPointFinder {
  static_assert(Capacity >= 1, "FixedPointFinder: Capacity must be at least 1");

 public:
  static constexpr int kN = Net::kNeurons;
  using State = typename Net::State;
  using Input = typename Net::Input;
  using Matrix = Eigen::Matrix<Scalar, kN, kN>;
  using Point = FixedPoint<kN>;

  // Validates c and fixes the descent step. Clears the collection.
  Status configure(const Net& net, const FixedPointConfig& c) {
    Status s = first_error(require(net.bound()), require(is_non_negative(c.descent_dt)), require(is_positive(c.tolerance)),
                           require(is_positive(c.distinct_distance)), require(is_non_negative(c.init_scale)),
                           require(is_positive(c.flow_dt)), require(is_non_negative(c.trivial_x2)),
                           require(is_positive(c.power_step)), require(c.power_iterations >= 2));
    if (s != Status::ok) return s;
    resize(net.size());
    Scalar sigma = 0.0f;
    s = estimate_sigma_max(net, 30, sigma, a_, b_);
    if (s != Status::ok) return s;
    const Scalar limit = 2.0f / (sigma * sigma);
    if (c.descent_dt >= limit) return Status::step_too_large;
    config_ = c;
    descent_dt_ = c.descent_dt > 0.0f ? c.descent_dt : 0.5f * limit;
    count_ = 0;
    converged_ = failed_ = 0;
    configured_ = true;
    return Status::ok;
  }

  // Descent and Newton from x. On success x holds the fixed point and out describes it;
  // otherwise x is unchanged and the status says why (not_converged, non_finite_input ...).
  Status refine(const Net& net, const Input& u, State& x, Point& out) {
    if (!configured_) return Status::invalid_argument;
    if (x.size() != net.size() || u.size() != net.inputs()) return Status::size_mismatch;
    if (!all_finite(x) || !all_finite(u)) return Status::non_finite_input;
    const Index n = net.size();
    const Scalar root_n = std::sqrt(static_cast<Scalar>(n));
    xw_ = x;
    for (std::uint32_t k = 0; k < config_.descent_steps; ++k) {
      const Status s = qp_.gradient(net, xw_, u, a_);
      if (s != Status::ok) return s == Status::non_finite_input ? Status::non_finite_result : s;
      xw_ -= descent_dt_ * a_;
    }
    Scalar energy = 0.0f;
    Status s = qp_.energy(net, xw_, u, energy);
    if (s != Status::ok) return Status::not_converged;
    // Levenberg-Marquardt: (D^T D + mu I) delta = -D^T v; mu -> 0 is Newton's step
    // D delta = -v, a large mu a short gradient step. mu shrinks after every accepted
    // step (E decreased) and grows after a rejected one.
    bool converged = false;
    Scalar mu = 1e-3f;
    for (std::uint32_t it = 0; it <= config_.newton_iterations; ++it) {
      if (qp_.velocity().norm() / root_n < config_.tolerance) {
        converged = true;
        break;
      }
      if (it == config_.newton_iterations) break;
      build_jacobian(net, qp_.phi());
      b_.noalias() = -(D_.transpose() * qp_.velocity());  // -D^T v = -grad E
      DtD_.noalias() = D_.transpose() * D_;
      bool accepted = false;
      for (int attempt = 0; attempt < 12 && !accepted; ++attempt) {  // mu up to ~1e9: a minimum of E with E > 0
        A_ = DtD_;
        A_.diagonal().array() += mu;
        if constexpr (kN == Dynamic) {
          lu_.compute(A_);  // Eigen's blocked LU: the fast one for large N on the desktop
          a_ = lu_.solve(b_);
        } else {
          a_ = b_;
          if (!detail::lu_solve_in_place(A_, a_)) break;
        }
        if (!all_finite(a_)) break;
        e_ = xw_ + a_;
        Scalar trial = 0.0f;
        if (qp_.energy(net, e_, u, trial) == Status::ok && trial < energy) {
          xw_ = e_;
          energy = trial;
          accepted = true;
          mu = mu * 0.1f > 1e-9f ? mu * 0.1f : 1e-9f;
        } else {
          mu *= 10.0f;
        }
      }
      if (!accepted) break;
    }
    s = qp_.energy(net, xw_, u, energy);  // velocity()/phi() at xw_
    if (s != Status::ok) return Status::not_converged;
    if (!converged) return Status::not_converged;
    out.x = xw_;
    out.energy = energy;
    out.residual = qp_.velocity().norm() / root_n;
    out.C = qp_.phi().squaredNorm() / static_cast<Scalar>(n);
    out.x2 = xw_.squaredNorm() / static_cast<Scalar>(n);
    out.trivial = out.x2 < config_.trivial_x2;
    out.hits = 1;
    s = abscissa(net, qp_.phi(), out.abscissa);
    if (s != Status::ok) return s;
    out.stable = out.abscissa < 0.0f;
    x = xw_;
    return Status::ok;
  }
  Status refine(const Net& net, State& x, Point& out) {
    detail::fit(u0_, net.inputs());
    return refine(net, u0_, x, out);
  }

  // `tries` starts; the distinct fixed points go into the collection (which keeps what
  // earlier searches found). With flow_steps = 0 every start is a fresh random state; with
  // flow_steps > 0 the starts are successive points, flow_steps Euler steps apart, of one
  // trajectory of the noiseless flow from a random state (in the chaotic phase these lie
  // where the dynamics goes, and random starts mostly end in minima of E with E > 0).
  // capacity_exceeded when a new distinct point did not fit (the search still runs all
  // tries); not_converged when no try converged.
  Status search(const Net& net, const Input& u, int tries) {
    if (!configured_ || tries < 1) return Status::invalid_argument;
    if (u.size() != net.inputs()) return Status::size_mismatch;
    if (!all_finite(u)) return Status::non_finite_input;
    const Index n = net.size();
    SplitMix64 mix(config_.seed ^ 0x13198A2E03707344ull);
    NormalStream start(mix.next());
    bool full = false;
    int ok = 0;
    for (Index i = 0; i < n; ++i) flow_[i] = config_.init_scale * start.next();
    for (int t = 0; t < tries; ++t) {
      if (config_.flow_steps == 0) {
        for (Index i = 0; i < n; ++i) flow_[i] = config_.init_scale * start.next();
      }
      for (std::uint32_t k = 0; k < config_.flow_steps; ++k) {
        Scalar unused = 0.0f;
        if (qp_.energy(net, flow_, u, unused) != Status::ok) return Status::non_finite_result;
        flow_ += config_.flow_dt * qp_.velocity();
      }
      start_ = flow_;
      if (refine(net, u, start_, found_) != Status::ok) {
        ++failed_;
        continue;
      }
      ++converged_;
      ++ok;
      if (add(found_) == Status::capacity_exceeded) full = true;
    }
    if (full) return Status::capacity_exceeded;
    return ok > 0 ? Status::ok : Status::not_converged;
  }
  Status search(const Net& net, int tries) {
    detail::fit(u0_, net.inputs());
    return search(net, u0_, tries);
  }

  // Adds p unless a stored point lies within distinct_distance (then counts a hit).
  Status add(const Point& p) {
    const Scalar root_n = std::sqrt(static_cast<Scalar>(p.x.size()));
    for (int k = 0; k < count_; ++k) {
      if ((points_[static_cast<std::size_t>(k)].x - p.x).norm() / root_n < config_.distinct_distance) {
        ++points_[static_cast<std::size_t>(k)].hits;
        return Status::ok;
      }
    }
    if (count_ >= Capacity) return Status::capacity_exceeded;
    points_[static_cast<std::size_t>(count_++)] = p;
    return Status::ok;
  }

  // The spectral abscissa of D = -I + J diag(phi'), phi the activation at the point.
  Status abscissa(const Net& net, const State& phi, Scalar& out) {
    if constexpr (kExactStability) {
      build_jacobian(net, phi);
      eig_.compute(D_, false);
      if (eig_.info() != Eigen::Success) return Status::not_converged;
      out = eig_.eigenvalues().real().maxCoeff();
      return Status::ok;
    } else {
      return power_abscissa(net, phi, out);
    }
  }

  int size() const { return count_; }
  const Point& operator[](int k) const { return points_[static_cast<std::size_t>(k)]; }
  void clear() { count_ = 0; }
  std::uint32_t tries_converged() const { return converged_; }
  std::uint32_t tries_failed() const { return failed_; }
  Scalar descent_dt() const { return descent_dt_; }

 private:
  void resize(Index n) {
    for (State* w : {&xw_, &a_, &b_, &c_, &d_, &e_, &start_, &flow_}) detail::fit(*w, n);
    detail::fit(found_.x, n);
    if constexpr (kN == Dynamic) {
      for (Matrix* m : {&D_, &DtD_, &A_}) {
        if (m->rows() != n) m->setZero(n, n);
      }
    }
  }

  // D = -I + J diag(phi'(x)), from the row-major view of J.
  void build_jacobian(const Net& net, const State& phi) {
    const auto J = net.couplings();
    const Index n = net.size();
    for (Index j = 0; j < n; ++j) c_[j] = Net::activation_type::derivative_from_value(phi[j]);
    for (Index i = 0; i < n; ++i) {
      for (Index j = 0; j < n; ++j) D_(i, j) = J(i, j) * c_[j];
      D_(i, i) -= 1.0f;
    }
  }

  // Power iteration on P = RK4 propagator of delta' = D delta over h (P ~ exp(hD)):
  // its dominant eigenvalue has modulus exp(h * abscissa) up to O(h^5). The growth is
  // averaged over the second half of the iterations, which also averages out the
  // oscillation of a complex leading pair.
  Status power_abscissa(const Net& net, const State& phi, Scalar& out) {
    const Scalar h = config_.power_step;
    NormalStream start(0xAB5C155Au);
    for (Index i = 0; i < net.size(); ++i) a_[i] = start.next();
    a_.normalize();
    double log_growth = 0.0;
    int counted = 0;
    for (int it = 0; it < config_.power_iterations; ++it) {
      // b = P a with the RK4 stages k1..k4 (c_ = stage, d_ = scratch, e_ = stage argument)
      net.jacobian_times(phi, a_, c_, d_);  // k1
      b_ = a_ + (h / 6.0f) * c_;
      e_ = a_ + (0.5f * h) * c_;
      net.jacobian_times(phi, e_, c_, d_);  // k2
      b_ += (h / 3.0f) * c_;
      e_ = a_ + (0.5f * h) * c_;
      net.jacobian_times(phi, e_, c_, d_);  // k3
      b_ += (h / 3.0f) * c_;
      e_ = a_ + h * c_;
      net.jacobian_times(phi, e_, c_, d_);  // k4
      b_ += (h / 6.0f) * c_;
      const Scalar growth = b_.norm();
      if (!is_positive(growth)) return Status::non_finite_result;
      if (2 * it >= config_.power_iterations) {
        log_growth += std::log(static_cast<double>(growth));
        ++counted;
      }
      a_ = b_ / growth;
    }
    out = static_cast<Scalar>(log_growth / (static_cast<double>(counted) * static_cast<double>(h)));
    return Status::ok;
  }

  FixedPointConfig config_{};
  bool configured_ = false;
  Scalar descent_dt_ = 0.0f;
  QuasiPotential<Net> qp_;
  struct NoSolver {};
  Matrix D_{};
  Matrix DtD_{};
  Matrix A_{};
  std::conditional_t<kN == Dynamic, Eigen::PartialPivLU<Matrix>, NoSolver> lu_{};
  std::conditional_t<kExactStability, Eigen::EigenSolver<Matrix>, NoSolver> eig_{};
  State xw_ = detail::zeros<State>();
  State a_ = detail::zeros<State>();
  State b_ = detail::zeros<State>();
  State c_ = detail::zeros<State>();
  State d_ = detail::zeros<State>();
  State e_ = detail::zeros<State>();
  State start_ = detail::zeros<State>();
  State flow_ = detail::zeros<State>();
  Point found_{};
  std::array<Point, Capacity> points_{};
  int count_ = 0;
  std::uint32_t converged_ = 0, failed_ = 0;
  Input u0_ = detail::zeros<Input>();
};

}  // namespace edgechaos
