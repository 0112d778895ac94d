/// \file
/// Asynchronous updates of a binary network (models/balanced_network.hpp): one micro-step
/// updates one unit, chosen by a seeded random stream.
///
/// The rule for the population time constants: every E unit is updated at rate 1/tau_E
/// and every I unit at rate 1/tau_I. A micro-step therefore picks the E population with
/// probability p_E = (N_E / tau_E) / (N_E / tau_E + N_I / tau_I), else the I population,
/// then a unit of that population uniformly; one micro-step advances time by
/// dt = 1 / (N_E / tau_E + N_I / tau_I), the mean interval of the merged Poisson clocks.
/// So a unit of population k is updated on average once per tau_k. Both choices are made
/// on 32-bit integers (p_E as a fraction of 2^32, the unit as (u * N_k) >> 32): the order
/// of updates is the same on every core.
///
/// Why this is not a model of Stepper<Net, Scheme> (steppers/stepper.hpp): the protocol's
/// state is a float vector and each step computes a whole proposal x_next (O(N), or O(N^2)),
/// tests it for finiteness and hands observers views of x, x_next, v and phi. A micro-step
/// here changes one bit and costs O(1), plus O(out-degree) on a flip; there is nothing
/// non-finite to test and no vector to show. What it keeps of the protocol: one stepping
/// call, entry checks that change nothing on failure, and observers called once per
/// committed step with a view of it (an UnitUpdate), composable with observe_all.
#pragma once

#include <cstdint>
#include <type_traits>

#include "edgechaos/core/random.hpp"
#include "edgechaos/core/status.hpp"
#include "edgechaos/models/balanced_network.hpp"
#include "edgechaos/steppers/integrate.hpp"
#include "edgechaos/steppers/step_view.hpp"

namespace edgechaos {

/// What an observer sees of one micro-step, after it committed.
struct UnitUpdate {
  Index unit;                 ///< the unit that was updated (E: 0 .. N_E - 1, I: N_E ..)
  Population population;      ///< its population
  bool before;                ///< its state before the update
  bool after;                 ///< its state after the update
  std::uint16_t n_e;          ///< its active E inputs at the update (what it decided on)
  std::uint16_t n_i;          ///< its active I inputs at the update
  Index active_e;             ///< active E units after the update
  Index active_i;             ///< active I units after the update
  std::uint64_t micro_step;   ///< index of this micro-step (0, 1, ...); time = micro_step * dt
};

/// The asynchronous stepper of a BalancedNetwork (see the file comment): one seeded
/// random unit per micro-step, E and I at the rates 1/tau_E and 1/tau_I.
class AsyncUpdate {
 public:
  /// The update order of `net` (its sizes and time constants) from `seed`, and time 0.
  /// Status::invalid_argument when the network has no shape or parameters yet. Call it again after
  /// set_params changes tau_E or tau_I: step and run refuse a network whose time constants
  /// differ from those seen here.
  template <class IndexT>
  Status reset(const BalancedNetwork<IndexT>& net, std::uint64_t seed) {
    if (net.units() < 2 || !net.has_params() || validate(net.params()) != Status::ok) return Status::invalid_argument;
    tau_e_ = net.params().tau_e;
    tau_i_ = net.params().tau_i;
    const double rate_e = static_cast<double>(net.n_e()) / static_cast<double>(net.params().tau_e);
    const double rate_i = static_cast<double>(net.n_i()) / static_cast<double>(net.params().tau_i);
    const double total = rate_e + rate_i;
    const double p_e = rate_e / total;
    const double scaled = p_e * 4294967296.0;
    cut_e_ = scaled >= 4294967295.0 ? 0xFFFFFFFFu : static_cast<std::uint32_t>(scaled);
    dt_ = 1.0 / total;
    n_e_ = static_cast<std::uint32_t>(net.n_e());
    n_i_ = static_cast<std::uint32_t>(net.n_i());
    rng_.reseed(seed);
    steps_ = 0;
    return Status::ok;
  }

  /// One micro-step. Status::invalid_argument, with nothing changed (the order stream included),
  /// when the network is not ready (wired, parameters, state) or its sizes or time
  /// constants are not the ones reset() saw.
  template <class IndexT, class Observer = NoObserver>
  Status step(BalancedNetwork<IndexT>& net, Observer&& observer = Observer{}) {
    if (!matches(net)) return Status::invalid_argument;
    micro_step(net, observer);
    return Status::ok;
  }

  /// `steps` micro-steps (checked once, as step()); RunResult's t is the time reached.
  template <class IndexT, class Observer = NoObserver>
  RunResult run(BalancedNetwork<IndexT>& net, std::uint64_t steps, Observer&& observer = Observer{}) {
    RunResult r;
    r.t = static_cast<Scalar>(time());
    if (!matches(net)) {
      r.status = Status::invalid_argument;
      return r;
    }
    for (std::uint64_t s = 0; s < steps; ++s) micro_step(net, observer);
    r.steps = steps;
    r.t = static_cast<Scalar>(time());
    return r;
  }

  std::uint64_t steps() const { return steps_; }                      ///< Micro-steps since reset().
  double dt() const { return dt_; }                                   ///< Time per micro-step.
  double time() const { return static_cast<double>(steps_) * dt_; }  ///< steps() dt.
  /// Micro-steps that make `duration` time units (rounded down).
  std::uint64_t steps_for(double duration) const { return static_cast<std::uint64_t>(duration / dt_); }

 private:
  template <class IndexT>
  bool matches(const BalancedNetwork<IndexT>& net) const {
    return net.ready() && n_e_ != 0 && static_cast<std::uint32_t>(net.n_e()) == n_e_ &&
           static_cast<std::uint32_t>(net.n_i()) == n_i_ && net.params().tau_e == tau_e_ && net.params().tau_i == tau_i_;
  }

  template <class IndexT, class Observer>
  EDGECHAOS_INLINE void micro_step(BalancedNetwork<IndexT>& net, Observer& observer) {
    const bool e = rng_.next_u32() < cut_e_;
    const std::uint64_t u = rng_.next_u32();
    const Index j = e ? static_cast<Index>((u * n_e_) >> 32) : static_cast<Index>(n_e_ + ((u * n_i_) >> 32));
    if constexpr (is_observing<Observer>) {
      const bool before = net.state(j);
      const std::uint16_t ne = net.count_e(j), ni = net.count_i(j);
      net.update(j);
      const UnitUpdate view{j,
                            e ? Population::excitatory : Population::inhibitory,
                            before,
                            net.state(j),
                            ne,
                            ni,
                            net.active(Population::excitatory),
                            net.active(Population::inhibitory),
                            steps_};
      observer(view);
    } else {
      net.update(j);
    }
    ++steps_;
  }

  Xoshiro128pp rng_{0};
  std::uint32_t cut_e_ = 0;
  std::uint32_t n_e_ = 0, n_i_ = 0;
  Scalar tau_e_ = 0, tau_i_ = 0;
  double dt_ = 0;
  std::uint64_t steps_ = 0;
};

}  // namespace edgechaos
