// Cost of the balanced E/I binary network on the target: instructions per micro-step
// (one unit update, including the order stream) and the flips they contain, at two
// drives (different flip rates, so the cost of a flip separates from that of an update),
// with and without the two streaming monitors. Instruction counts under QEMU
// `-icount shift=10,align=off` (exact; not cycles). One JSON line per case:
//   {"bench":"balanced","target":"cortex-m4f","ne":64,"k":8,"m0":0.4,"monitors":false,
//    "updates":2000,"instructions":123456,"flips":321,"per_update":61.7}
// RAM per configuration is printed too (sizeof the network and of the monitors' records).
#include <cstdint>

#include "bench_harness.hpp"
#include "cortexm/board.hpp"
#include "cortexm/console.hpp"
#include "edgechaos/edgechaos.hpp"
#include "edgechaos/models/balanced_network.hpp"
#include "edgechaos/monitors/population_monitor.hpp"
#include "edgechaos/monitors/unit_activity_monitor.hpp"
#include "edgechaos/steppers/async_update.hpp"

#ifndef EDGECHAOS_TARGET_NAME
#define EDGECHAOS_TARGET_NAME "cortex-m"
#endif

namespace {

namespace ec = edgechaos;
using cortexm::put;

constexpr std::uint32_t kUpdates = 2000;

template <int NE, int K>
struct Case {
  static inline ec::FixedBalancedNetwork<NE, NE, K> net;
  static inline ec::AsyncUpdate up;
  static inline ec::PopulationMonitor pop;
  static inline ec::UnitActivityMonitor units;
  static inline ec::UnitRecord records[2 * NE];
  static inline std::uint32_t flips = 0;

  static bool setup(float m0) {
    ec::BalancedParams p;
    p.m0 = m0;
    if (net.wire(1) != ec::Status::ok || net.set_params(p) != ec::Status::ok ||
        net.set_random_state(0.2f, 2) != ec::Status::ok || up.reset(net, 3) != ec::Status::ok ||
        units.attach(records, 2 * NE) != ec::Status::ok)
      return false;
    return up.run(net, 20u * 2u * NE).status == ec::Status::ok;  // ~20 tau of transient
  }
  __attribute__((noinline)) static void plain() { (void)up.run(net, kUpdates); }
  __attribute__((noinline)) static void monitored() { (void)up.run(net, kUpdates, ec::observe_all(pop, units)); }
  static std::uint32_t count_flips() {
    // the same number of updates again, counting flips (not measured)
    std::uint32_t f = 0;
    (void)up.run(net, kUpdates, [&](const ec::UnitUpdate& u) { f += u.before != u.after ? 1u : 0u; });
    return f;
  }
};

template <int NE, int K>
void run_case(float m0, bool monitors) {
  using C = Case<NE, K>;
  if (!C::setup(m0)) {
    put("{\"error\":\"setup\"}\n");
    return;
  }
  const std::uint32_t flips_before = C::count_flips();  // the flip rate right before
  const std::uint32_t units = fw::measure<0>(monitors ? &C::monitored : &C::plain);
  const std::uint32_t flips_after = C::count_flips();   // and right after
  put("{\"bench\":\"balanced\",\"target\":\"" EDGECHAOS_TARGET_NAME "\",\"ne\":");
  cortexm::put_int(NE);
  put(",\"k\":");
  cortexm::put_int(K);
  put(",\"m0\":");
  cortexm::put_fixed(m0, 2);
  put(",\"monitors\":");
  cortexm::put_bool(monitors);
  put(",\"updates\":");
  cortexm::put_uint(kUpdates);
  put(",\"");
  put(cortexm::counter_unit());
  put("\":");
  cortexm::put_uint(units);
  put(",\"flips\":");
  cortexm::put_uint((flips_before + flips_after) / 2u);
  put(",\"per_update\":");
  cortexm::put_fixed(static_cast<float>(units) / static_cast<float>(kUpdates), 1);
  put(",\"ram_network\":");
  cortexm::put_uint(sizeof(C::net));
  put(",\"ram_records\":");
  cortexm::put_uint(sizeof(C::records));
  put("}\n");
}

}  // namespace

int main() {
  if (!fw::start("bench_balanced")) return 0;
  for (bool mon : {false, true}) {
    run_case<64, 8>(0.4f, mon);
    run_case<64, 8>(0.8f, mon);
#if !EC_SMALL_RAM
    run_case<128, 16>(0.3f, mon);
    run_case<128, 16>(0.6f, mon);
    run_case<256, 32>(0.2f, mon);
    run_case<256, 32>(0.4f, mon);
#endif
  }
  return 0;
}
