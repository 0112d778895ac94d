// Host cost of the balanced E/I network: ns per micro-step (a unit update with the order
// stream) at two drives per size, the flips per update as a counter, so the cost of a flip
// separates from that of an update: t = t_update + (flips/update) t_flip. Plus the
// monitors' overhead and the one-off wiring. Benchmarks report; they never fail a build.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory>

#include "edgechaos/host/balanced_host.hpp"
#include "edgechaos/monitors/population_monitor.hpp"
#include "edgechaos/monitors/unit_activity_monitor.hpp"
#include "edgechaos/steppers/async_update.hpp"

namespace ec = edgechaos;

namespace {

struct Setup {
  ec::host::BalancedHostNetwork<std::uint16_t> net;
  ec::AsyncUpdate up;
  Setup(ec::Index n, ec::Index k, float m0) {
    ec::BalancedParams p;
    p.m0 = m0;
    if (net.create({n, n, k}) != ec::Status::ok || net.wire(1) != ec::Status::ok || net.set_params(p) != ec::Status::ok ||
        net.set_random_state(0.1f, 2) != ec::Status::ok || up.reset(net, 3) != ec::Status::ok)
      std::abort();
    (void)up.run(net, up.steps_for(20));  // past the transient
  }
};

// One iteration is 10000 updates: the time per iteration in us is ns per update / 100... read
// items_per_second (updates per second) instead.
// args: N per population, K, m0 in thousandths, monitors (0/1)
void BM_BalancedUpdate(benchmark::State& state) {
  const auto n = static_cast<ec::Index>(state.range(0));
  const auto k = static_cast<ec::Index>(state.range(1));
  const float m0 = static_cast<float>(state.range(2)) / 1000.0f;
  const bool monitors = state.range(3) != 0;
  auto s = std::make_unique<Setup>(n, k, m0);
  ec::PopulationMonitor pop;
  ec::host::UnitActivityHost units;
  if (units.create(2 * n) != ec::Status::ok) std::abort();
  constexpr std::uint64_t kBatch = 10000;
  for (auto _ : state) {
    if (monitors)
      benchmark::DoNotOptimize(s->up.run(s->net, kBatch, ec::observe_all(pop, units)).steps);
    else
      benchmark::DoNotOptimize(s->up.run(s->net, kBatch).steps);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(kBatch));
  // flips per update over a separate stretch of the same run
  std::uint64_t flips = 0;
  (void)s->up.run(s->net, 100000, [&](const ec::UnitUpdate& u) { flips += u.before != u.after; });
  state.counters["flips_per_update"] = static_cast<double>(flips) / 100000.0;
}
BENCHMARK(BM_BalancedUpdate)
    ->Args({1000, 100, 100, 0})
    ->Args({1000, 100, 300, 0})
    ->Args({4000, 400, 100, 0})
    ->Args({4000, 400, 200, 0})
    ->Args({4000, 400, 100, 1})
    ->Unit(benchmark::kMicrosecond);

void BM_BalancedWire(benchmark::State& state) {
  const auto n = static_cast<ec::Index>(state.range(0));
  const auto k = static_cast<ec::Index>(state.range(1));
  ec::host::BalancedHostNetwork<std::uint16_t> net;
  if (net.create({n, n, k}) != ec::Status::ok) std::abort();
  for (auto _ : state) benchmark::DoNotOptimize(net.wire(1));
}
BENCHMARK(BM_BalancedWire)->Args({1000, 100})->Args({4000, 400})->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
