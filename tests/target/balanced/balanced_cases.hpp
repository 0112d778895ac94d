// The balanced-network cases run both by the host generator (gen_balanced_golden.cpp, at
// build time, reproducible mode) and by the target test (test_balanced_target.cpp): the
// wiring, the decision tables, the state after a run, the streaming statistics - every
// number hashed, so "bit-identical to the host" is one comparison per case.
#pragma once

#include <cstdint>

#include "edgechaos/models/balanced_network.hpp"
#include "edgechaos/monitors/population_monitor.hpp"
#include "edgechaos/monitors/unit_activity_monitor.hpp"
#include "edgechaos/steppers/async_update.hpp"
#include "fnv1a.hpp"

namespace balanced_golden {

namespace ec = edgechaos;

using Hash = fw::Fnv1a64;  // FNV-1a, byte by byte

struct Result {
  std::uint64_t wiring = 0;  // offsets and targets
  std::uint64_t tables = 0;  // the two decision tables
  std::uint64_t state = 0;   // bits and counts after the run
  std::uint64_t stats = 0;   // the monitors' results (rates, input moments, CV, histogram)
  std::uint32_t flips = 0;
  std::uint32_t active_e = 0, active_i = 0;
  double m_e = 0, m_i = 0;   // time-averaged rates (plain numbers for the log)
  bool counts_consistent = false;  // incremental counts equal a recount from the bits
};

// One case: wiring seed, m0, micro-steps. The network and the records are the caller's
// (static on the target), so the stack stays small.
template <int NE, int NI, int K>
Result run_case(ec::FixedBalancedNetwork<NE, NI, K>& net, ec::UnitRecord* records, std::uint64_t seed, float m0,
                std::uint32_t steps) {
  Result r;
  if (net.wire(seed) != ec::Status::ok) return r;
  ec::BalancedParams p;
  p.m0 = m0;
  if (net.set_params(p) != ec::Status::ok || net.set_random_state(0.2f, seed + 1) != ec::Status::ok) return r;
  Hash w;
  for (ec::Index j = 0; j < net.units(); ++j) {
    w.add(static_cast<std::uint32_t>(net.out_degree(j)));
    for (ec::Index a = 0; a < net.out_degree(j); ++a) w.add(net.out_targets(j)[a]);
  }
  r.wiring = w.h;
  Hash t;
  for (int pop = 0; pop < 2; ++pop)
    for (ec::Index n = 0; n <= K; ++n) t.add(net.threshold(static_cast<ec::Population>(pop), n));
  r.tables = t.h;

  ec::AsyncUpdate up;
  if (up.reset(net, seed + 2) != ec::Status::ok) return r;
  ec::PopulationMonitor pop;
  ec::UnitActivityMonitor units;
  if (units.attach(records, net.units()) != ec::Status::ok) return r;
  std::uint32_t flips = 0;
  auto count = [&](const ec::UnitUpdate& u) { flips += u.before != u.after ? 1u : 0u; };
  if (up.run(net, steps, ec::observe_all(pop, units, count)).status != ec::Status::ok) return r;
  r.flips = flips;
  r.active_e = static_cast<std::uint32_t>(net.active(ec::Population::excitatory));
  r.active_i = static_cast<std::uint32_t>(net.active(ec::Population::inhibitory));

  Hash s;
  for (ec::Index i = 0; i < net.words(); ++i) s.add(net.bits()[i]);
  bool consistent = true;
  for (ec::Index j = 0; j < net.units(); ++j) {
    s.add(net.count_e(j));
    s.add(net.count_i(j));
    // recount unit j's inputs from the bits and the out-rows (O(edges) per unit is fine here)
    std::uint32_t ne = 0, ni = 0;
    for (ec::Index pre = 0; pre < net.units(); ++pre) {
      if (!net.state(pre)) continue;
      for (ec::Index a = 0; a < net.out_degree(pre); ++a)
        if (static_cast<ec::Index>(net.out_targets(pre)[a]) == j) (pre < NE ? ne : ni) += 1;
    }
    consistent = consistent && ne == net.count_e(j) && ni == net.count_i(j);
  }
  r.state = s.h;
  r.counts_consistent = consistent;

  Hash st;
  r.m_e = pop.mean_rate(net, ec::Population::excitatory);
  r.m_i = pop.mean_rate(net, ec::Population::inhibitory);
  st.add_double(r.m_e);
  st.add_double(r.m_i);
  for (int q = 0; q < 2; ++q) {
    const ec::InputMoments m = pop.inputs(net, static_cast<ec::Population>(q));
    st.add_double(m.mean_net);
    st.add_double(m.var_net);
    st.add_double(m.mean_excitatory);
    st.add_double(m.var_inhibitory);
  }
  st.add_double(units.cv_mean(0, net.units()));
  std::uint32_t hist[8];
  (void)units.rate_histogram(0, net.units(), hist, 8);
  for (std::uint32_t c : hist) st.add(c);
  r.stats = st.h;
  return r;
}

// The cases: (N_E, N_I, K) = (64, 64, 8) on every core (5 KiB: the microbit too) and
// (128, 128, 16) where RAM allows (17 KiB).
constexpr std::uint64_t kSeedSmall = 7;
constexpr float kM0Small = 0.4f;  // sqrt(8) E m0 = 1.13 > theta_E: silence is not absorbing
constexpr std::uint32_t kStepsSmall = 20000;
constexpr std::uint64_t kSeedLarge = 11;
constexpr float kM0Large = 0.3f;  // sqrt(16) E m0 = 1.2 > theta_E
constexpr std::uint32_t kStepsLarge = 50000;

}  // namespace balanced_golden
