/// \file
/// Streaming statistics of the balanced binary network (steppers/async_update.hpp's
/// observers), O(1) memory and O(1) work per micro-step:
///  - the population rates m_E(t), m_I(t): their time averages and variances over the
///    micro-steps (each micro-step is the same time dt);
///  - the mean and variance of the excitatory, inhibitory and net input of each
///    population. The updated unit is drawn uniformly from its population independently of
///    the state, so its input at the update is a sample of the population's input
///    distribution over units and time.
/// Everything accumulates on integers (the counts n_E, n_I are integers, so their sums,
/// squares and cross products are exact): the same on every core and free of rounding
/// however long the run; the moments are formed only when asked.
#pragma once

#include <cmath>
#include <cstdint>

#include "edgechaos/core/config.hpp"
#include "edgechaos/models/balanced_network.hpp"
#include "edgechaos/steppers/async_update.hpp"

namespace edgechaos {

/// Moments of a population's input at its units' updates (PopulationMonitor::inputs).
struct InputMoments {
  /// Mean excitatory input, sqrt(K) E_k m0 + n_E / sqrt(K).
  double mean_excitatory = 0, var_excitatory = 0;  ///< The excitatory input's variance.
  /// Mean inhibitory input, -J_k n_I / sqrt(K).
  double mean_inhibitory = 0, var_inhibitory = 0;  ///< The inhibitory input's variance.
  /// Mean net input (their sum - theta_k).
  double mean_net = 0, var_net = 0;  ///< The net input's variance.
  std::uint64_t samples = 0;   ///< updates it rests on (0: every moment is 0)
};

/// Population rates and input moments of the balanced network, an observer of AsyncUpdate
/// (see the top of this file).
class PopulationMonitor {
 public:
  /// The observer call: one micro-step's update.
  void operator()(const UnitUpdate& u) {
    const int p = static_cast<int>(u.population);
    Sums& s = sums_[p];
    ++s.n;
    s.e += u.n_e;
    s.i += u.n_i;
    s.ee += static_cast<std::uint64_t>(u.n_e) * u.n_e;
    s.ii += static_cast<std::uint64_t>(u.n_i) * u.n_i;
    s.ei += static_cast<std::uint64_t>(u.n_e) * u.n_i;
    ++steps_;
    const auto ae = static_cast<std::uint64_t>(u.active_e), ai = static_cast<std::uint64_t>(u.active_i);
    active_sum_[0] += ae;
    active_sum_[1] += ai;
    // squares on integers (one multiply; a double multiply-add is ~200 instructions in
    // soft float), folded into a double every 2^16 steps: a chunk stays below 2^64 for
    // populations up to 10^7 units
    chunk_sq_[0] += ae * ae;
    chunk_sq_[1] += ai * ai;
    if ((steps_ & 0xFFFFu) == 0) flush();
  }
  /// Forgets everything.
  void reset() { *this = PopulationMonitor(); }

  /// Micro-steps observed.
  std::uint64_t steps() const { return steps_; }

  /// Time average of the rate m_k(t) of population \p pop of \p net (0 before any step).
  template <class IndexT>
  double mean_rate(const BalancedNetwork<IndexT>& net, Population pop) const {
    const int p = static_cast<int>(pop);
    if (steps_ == 0) return 0;
    return static_cast<double>(active_sum_[p]) / static_cast<double>(steps_) / size(net, pop);
  }
  /// Variance of m_k(t) over time (the population rate's fluctuations; O(1/N) when the
  /// units fire asynchronously); 0 before two steps.
  template <class IndexT>
  double rate_variance(const BalancedNetwork<IndexT>& net, Population pop) const {
    const int p = static_cast<int>(pop);
    if (steps_ < 2) return 0;
    const double n = static_cast<double>(steps_);
    const double mean = static_cast<double>(active_sum_[p]) / n;
    const double sq = active_sq_[p] + static_cast<double>(chunk_sq_[p]);
    const double var = (sq / n - mean * mean) * n / (n - 1);
    const double m = size(net, pop);
    return var > 0 ? var / (m * m) : 0.0;
  }

  /// Moments of the input parts of units of \p pop at their updates, in the network's units
  /// (excitatory = sqrt(K) E_k m0 + n_E / sqrt K, inhibitory = -J_k n_I / sqrt K,
  /// net = their sum - theta_k).
  template <class IndexT>
  InputMoments inputs(const BalancedNetwork<IndexT>& net, Population pop) const {
    const Sums& s = sums_[static_cast<int>(pop)];
    InputMoments m;
    m.samples = s.n;
    if (s.n == 0) return m;
    const BalancedParams& p = net.params();
    const bool e = pop == Population::excitatory;
    const double sk = std::sqrt(static_cast<double>(net.k()));
    const double drive = sk * static_cast<double>(e ? p.e : p.i) * static_cast<double>(p.m0);
    const double j = static_cast<double>(e ? p.je : p.ji);
    const double theta = static_cast<double>(e ? p.theta_e : p.theta_i);
    const double n = static_cast<double>(s.n);
    const double me = static_cast<double>(s.e) / n, mi = static_cast<double>(s.i) / n;
    const double bessel = s.n > 1 ? n / (n - 1) : 0.0;
    const double vee = (static_cast<double>(s.ee) / n - me * me) * bessel;
    const double vii = (static_cast<double>(s.ii) / n - mi * mi) * bessel;
    const double vei = (static_cast<double>(s.ei) / n - me * mi) * bessel;
    m.mean_excitatory = drive + me / sk;
    m.var_excitatory = vee / (sk * sk);
    m.mean_inhibitory = -j * mi / sk;
    m.var_inhibitory = j * j * vii / (sk * sk);
    m.mean_net = m.mean_excitatory + m.mean_inhibitory - theta;
    m.var_net = (vee + j * j * vii - 2.0 * j * vei) / (sk * sk);
    return m;
  }

 private:
  void flush() {
    for (int p = 0; p < 2; ++p) {
      active_sq_[p] += static_cast<double>(chunk_sq_[p]);
      chunk_sq_[p] = 0;
    }
  }
  template <class IndexT>
  static double size(const BalancedNetwork<IndexT>& net, Population pop) {
    return static_cast<double>(pop == Population::excitatory ? net.n_e() : net.n_i());
  }
  struct Sums {
    std::uint64_t n = 0, e = 0, i = 0, ee = 0, ii = 0, ei = 0;
  };
  Sums sums_[2];
  std::uint64_t steps_ = 0;
  std::uint64_t active_sum_[2] = {0, 0};
  double active_sq_[2] = {0, 0};
  std::uint64_t chunk_sq_[2] = {0, 0};
};

}  // namespace edgechaos
