// One Langevin step (gradient of E: a product with J and one with J^T, plus the noise)
// against one plain Euler step of the network (one product with J). Not a test.
#include <benchmark/benchmark.h>

#include "edgechaos/edgechaos.hpp"
#include "edgechaos/langevin.hpp"

namespace ec = edgechaos;

template <int N>
static void BM_EulerStep(benchmark::State& state) {
  static ec::CouplingMatrix<N> J;
  ec::generate_couplings({1.2f, 0.0f, 1u}, J);
  ec::RateNetwork<N> net(J);
  ec::Euler<ec::RateNetwork<N>> euler;
  ec::Vector<N> x = ec::Vector<N>::Constant(0.1f);
  for (auto _ : state) {
    euler.step(net, x, 0.01f);
    benchmark::DoNotOptimize(x.data());
  }
}

// R = 2 replicas, no response copies: the time per replica step is reported.
template <int N>
static void BM_LangevinStepPerReplica(benchmark::State& state) {
  static ec::CouplingMatrix<N> J;
  ec::generate_couplings({1.2f, 0.0f, 1u}, J);
  ec::RateNetwork<N> net(J);
  static ec::LangevinSampler<ec::RateNetwork<N>, 2, float> sampler;
  ec::LangevinConfig c;
  c.dt = 0.01f;
  sampler.configure(net, c);
  for (auto _ : state) {
    sampler.step(net, 100.0f);
    benchmark::DoNotOptimize(sampler.replica(0).data());
  }
  state.counters["per_replica_ns"] =
      benchmark::Counter(2.0 * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

BENCHMARK_TEMPLATE(BM_EulerStep, 32);
BENCHMARK_TEMPLATE(BM_LangevinStepPerReplica, 32);
BENCHMARK_TEMPLATE(BM_EulerStep, 128);
BENCHMARK_TEMPLATE(BM_LangevinStepPerReplica, 128);
BENCHMARK_TEMPLATE(BM_EulerStep, 160);
BENCHMARK_TEMPLATE(BM_LangevinStepPerReplica, 160);
BENCHMARK_MAIN();
