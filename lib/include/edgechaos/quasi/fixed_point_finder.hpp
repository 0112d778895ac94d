/// \file
/// Fixed points of the noiseless flow v(x) = -x + J phi(x) + W_in u + b = 0 (PHYSICS.md
/// sections 3, 5, 6), found as the zero-energy minima of the quasi-potential E = 1/2 |v|^2.
/// Each try runs the pieces in order:
///   1. descent on E from a start, into a basin (descent.hpp);
///   2. Levenberg-Marquardt / Newton on v(x) = 0 (newton.hpp);
///   3. the spectral abscissa of D(x*) (stability.hpp):
///      kExactStability = true  (default for dynamic N, the desktop): EigenAbscissa;
///      kExactStability = false (default for fixed N, the device): PowerAbscissa;
///   4. into the collection of distinct points (fixed_point_set.hpp).
/// What is reported per point: FixedPoint in fixed_point.hpp.
/// Storage is fixed for fixed N. Fixed-size Eigen matrices must stay below
/// EIGEN_STACK_ALLOCATION_LIMIT (N <= 181 in float); larger networks use N = Dynamic.
#pragma once

#include <cmath>
#include <cstdint>
#include <type_traits>

#include "edgechaos/core/checks.hpp"
#include "edgechaos/core/progress.hpp"
#include "edgechaos/core/config.hpp"
#include "edgechaos/core/random.hpp"
#include "edgechaos/core/status.hpp"
#include "edgechaos/detail/workspace.hpp"
#include "edgechaos/quasi/descent.hpp"
#include "edgechaos/quasi/fixed_point.hpp"
#include "edgechaos/quasi/fixed_point_set.hpp"
#include "edgechaos/quasi/newton.hpp"
#include "edgechaos/quasi/quasi_potential.hpp"
#include "edgechaos/quasi/stability.hpp"

namespace edgechaos {

/// Finds up to \p Capacity distinct fixed points of the model \p Net from random or
/// flow starts, with the exact (\p kExactStability) or the power-iteration stability test
/// (see the file comment).
template <class Net, int Capacity, bool kExactStability = (Net::kNeurons == Dynamic)>
class FixedPointFinder {
  static_assert(Capacity >= 1, "FixedPointFinder: Capacity must be at least 1");

 public:
  static constexpr int kN = Net::kNeurons;      ///< N (Dynamic on the desktop)
  using State = typename Net::State;            ///< The model's state vector.
  using Input = typename Net::Input;            ///< The model's input vector.
  using Matrix = typename Newton<Net>::Matrix;  ///< D, N x N.
  using Point = FixedPoint<kN>;                 ///< What is reported per point.

  /// Validates c and fixes the descent step. Clears the collection. Status::invalid_argument
  /// for an unbound model or a field of c outside its domain, Status::step_too_large for a
  /// descent_dt at or beyond the stability limit (or the stability estimate's status);
  /// the configuration and the collection are then unchanged.
  Status configure(const Net& net, const FixedPointConfig& c) {
    Status s = first_error(require(net.bound()), validate(c));
    if (s != Status::ok) return s;
    resize(net.size());
    s = descent_.configure(net, c.descent_dt);
    if (s != Status::ok) return s;
    config_ = c;
    points_.clear();
    converged_ = failed_ = 0;
    configured_ = true;
    return Status::ok;
  }

  /// Descent and Newton from x. On success x holds the fixed point and out describes it;
  /// otherwise x is unchanged and the status says why (not_converged, non_finite_input ...).
  Status refine(const Net& net, const Input& u, State& x, Point& out) {
    Status s = first_error(require(configured_),
                           require(x.size() == net.size() && u.size() == net.inputs(), Status::size_mismatch),
                           require(all_finite(x) && all_finite(u), Status::non_finite_input));
    if (s != Status::ok) return s;
    point_ = x;  // the pieces work on this copy, so x changes only on success
    s = descent_.run(net, qp_, u, config_.descent_steps, point_);
    if (s != Status::ok) return s;
    Scalar energy = 0.0f;
    s = newton_.solve(net, qp_, u, config_.newton_iterations, config_.tolerance, point_, energy);
    if (s != Status::ok) return s;
    s = describe(net, energy, out);
    if (s != Status::ok) return s;
    x = point_;
    return Status::ok;
  }
  /// refine() with u = 0 (networks without inputs).
  Status refine(const Net& net, State& x, Point& out) {
    detail::fit(u0_, net.inputs());
    return refine(net, u0_, x, out);
  }

  /// `tries` starts; the distinct fixed points go into the collection (which keeps what
  /// earlier searches found). With flow_steps = 0 every start is a fresh random state; with
  /// flow_steps > 0 the starts are successive points, flow_steps Euler steps apart, of one
  /// trajectory of the noiseless flow from a random state (in the chaotic phase these lie
  /// where the dynamics goes, and random starts mostly end in minima of E with E > 0).
  /// capacity_exceeded when a new distinct point did not fit (the search still runs all
  /// tries); not_converged when no try converged; invalid_argument before configure() or
  /// for tries < 1; non_finite_result when the flow of the starts blows up. \p on_step() is
  /// called after every try and every flow step (see LangevinSampler::run).
  template <class OnStep = NoProgress>
  Status search(const Net& net, const Input& u, int tries, OnStep&& on_step = OnStep{}) {
    const Status valid = first_error(require(configured_ && tries >= 1),
                                     require(u.size() == net.inputs(), Status::size_mismatch),
                                     require(all_finite(u), Status::non_finite_input));
    if (valid != Status::ok) return valid;
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
        on_step();
      }
      start_ = flow_;
      const Status refined = refine(net, u, start_, found_);
      if (refined == Status::ok) {
        ++converged_;
        ++ok;
        if (add(found_) == Status::capacity_exceeded) full = true;
      } else {
        ++failed_;
      }
      on_step();
    }
    if (full) return Status::capacity_exceeded;
    return ok > 0 ? Status::ok : Status::not_converged;
  }
  /// search() with u = 0 (networks without inputs).
  template <class OnStep = NoProgress>
  Status search(const Net& net, int tries, OnStep&& on_step = OnStep{}) {
    detail::fit(u0_, net.inputs());
    return search(net, u0_, tries, on_step);
  }

  /// Adds p unless a stored point lies within distinct_distance (then counts a hit).
  Status add(const Point& p) { return points_.add(p, config_.distinct_distance); }

  /// The spectral abscissa of D = -I + J diag(phi'), phi the activation at the point.
  Status abscissa(const Net& net, const State& phi, Scalar& out) {
    if constexpr (kExactStability) {
      return stability_.compute(newton_.jacobian(net, phi), out);
    } else {
      return stability_.estimate(net, phi, config_.power_iterations, config_.power_step, out);
    }
  }

  int size() const { return points_.size(); }                    ///< Distinct points found.
  /// Point \p k; unchecked: k must be in 0..size()-1.
  const Point& operator[](int k) const { return points_[k]; }
  void clear() { points_.clear(); }                              ///< Forgets the points found.
  std::uint32_t tries_converged() const { return converged_; }  ///< Tries that converged, since configure().
  std::uint32_t tries_failed() const { return failed_; }        ///< Tries that did not, since configure().
  Scalar descent_dt() const { return descent_.dt(); }            ///< The descent step in use.

 private:
  void resize(Index n) {
    for (State* w : {&point_, &start_, &flow_}) detail::fit(*w, n);
    detail::fit(found_.x, n);
    newton_.resize(n);
  }

  // out from the converged point_ (qp_ holds v and phi there).
  Status describe(const Net& net, Scalar energy, Point& out) {
    const Scalar n = static_cast<Scalar>(net.size());
    out.x = point_;
    out.energy = energy;
    out.residual = qp_.velocity().norm() / std::sqrt(n);
    out.C = qp_.phi().squaredNorm() / n;
    out.x2 = point_.squaredNorm() / n;
    out.trivial = out.x2 < config_.trivial_x2;
    out.hits = 1;
    const Status s = abscissa(net, qp_.phi(), out.abscissa);
    if (s != Status::ok) return s;
    out.stable = out.abscissa < 0.0f;
    return Status::ok;
  }

  FixedPointConfig config_{};
  bool configured_ = false;
  QuasiPotential<Net> qp_;
  GradientDescent<Net> descent_;
  Newton<Net> newton_;
  std::conditional_t<kExactStability, EigenAbscissa<kN>, PowerAbscissa<Net>> stability_;
  FixedPointSet<kN, Capacity> points_;
  State point_ = detail::zeros<State>();  // the try being refined
  State start_ = detail::zeros<State>();  // a search's start, handed to refine
  State flow_ = detail::zeros<State>();   // the noiseless trajectory the starts come from
  Point found_{};
  std::uint32_t converged_ = 0, failed_ = 0;
  Input u0_ = detail::zeros<Input>();
};

}  // namespace edgechaos
