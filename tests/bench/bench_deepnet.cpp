// ns per layer of the deep random network (models/deep_net.hpp) at N = 64 and 256, two
// inputs, and the normal variates alone (a layer draws N (N + 1): the weights are drawn from
// (seed, layer), not read, so that depth costs no memory). docs/deepnet.md quotes these.
//   deepnet/layer/<FastTanh|Tanh>/N   one DeepNet::step()
//   deepnet/normals/N                 N (N + 1) NormalStream::next() calls
#include <benchmark/benchmark.h>

#include "edgechaos/edgechaos.hpp"

namespace ec = edgechaos;

namespace {

template <int N, class Phi>
void layer(benchmark::State& state) {
  static ec::DeepNet<N, Phi> net;  // static: 4 N floats, off the benchmark's stack
  if (net.set_params({1.5f, 0.3f, 1u}) != ec::Status::ok) state.SkipWithError("params");
  if (net.set_input_pair(1.0f, 0.5f, 2u) != ec::Status::ok) state.SkipWithError("inputs");
  for (auto _ : state) {
    if (net.step() != ec::Status::ok) state.SkipWithError("step");
    benchmark::DoNotOptimize(net.stats());
  }
  state.counters["ns_per_weight"] = benchmark::Counter(static_cast<double>(N) * (N + 1),
                                                       benchmark::Counter::kIsIterationInvariantRate |
                                                           benchmark::Counter::kInvert);
}

template <int N>
void normals(benchmark::State& state) {
  ec::NormalStream normal(5u);
  for (auto _ : state) {
    float s = 0.0f;
    for (int k = 0; k < N * (N + 1); ++k) s += normal.next();
    benchmark::DoNotOptimize(s);
  }
}

BENCHMARK_TEMPLATE(layer, 64, ec::FastTanh)->Name("deepnet/layer/FastTanh/64");
BENCHMARK_TEMPLATE(layer, 64, ec::Tanh)->Name("deepnet/layer/Tanh/64");
BENCHMARK_TEMPLATE(layer, 256, ec::FastTanh)->Name("deepnet/layer/FastTanh/256");
BENCHMARK_TEMPLATE(layer, 256, ec::Tanh)->Name("deepnet/layer/Tanh/256");
BENCHMARK_TEMPLATE(normals, 64)->Name("deepnet/normals/64");
BENCHMARK_TEMPLATE(normals, 256)->Name("deepnet/normals/256");

}  // namespace

BENCHMARK_MAIN();
