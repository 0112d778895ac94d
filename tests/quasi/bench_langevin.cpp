// One Langevin step (gradient of E: a product with J and one with J^T, plus N normal
// variates) against one plain Euler step of the network (one product with J), with the
// two parts apart: the gradient alone, and Euler-Maruyama (Euler plus the same N normals).
// Not a test.
#include <benchmark/benchmark.h>

#include <cstdint>

#include "edgechaos/edgechaos.hpp"
#include "edgechaos/quasi/langevin.hpp"

namespace ec = edgechaos;

template <int N>
static void BM_EulerStep(benchmark::State& state) {
  static ec::CouplingMatrix<N> J;
  if (ec::generate_couplings({1.2f, 0.0f, 1u}, J) != ec::Status::ok) return state.SkipWithError("couplings");
  ec::RateNetwork<N> net(J);
  ec::Euler<ec::RateNetwork<N>> euler;
  ec::Vector<N> x = ec::Vector<N>::Constant(0.1f);
  for (auto _ : state) {
    if (euler.step(net, x, 0.01f) != ec::Status::ok) return state.SkipWithError("step failed");
    benchmark::DoNotOptimize(x.data());
  }
}

template <int N>
static void BM_EulerMaruyamaStep(benchmark::State& state) {
  static ec::CouplingMatrix<N> J;
  if (ec::generate_couplings({1.2f, 0.0f, 1u}, J) != ec::Status::ok) return state.SkipWithError("couplings");
  ec::RateNetwork<N> net(J);
  ec::EulerMaruyama<ec::RateNetwork<N>> em(0.1f, 2u);
  ec::Vector<N> x = ec::Vector<N>::Constant(0.1f);
  for (auto _ : state) {
    if (em.step(net, x, 0.01f) != ec::Status::ok) return state.SkipWithError("step failed");
    benchmark::DoNotOptimize(x.data());
  }
}

template <int N>
static void BM_QuasiGradient(benchmark::State& state) {
  static ec::CouplingMatrix<N> J;
  if (ec::generate_couplings({1.2f, 0.0f, 1u}, J) != ec::Status::ok) return state.SkipWithError("couplings");
  ec::RateNetwork<N> net(J);
  ec::QuasiPotential<ec::RateNetwork<N>> qp;
  ec::Vector<N> x = ec::Vector<N>::Constant(0.1f), grad;
  for (auto _ : state) {
    if (qp.gradient(net, x, grad) != ec::Status::ok) return state.SkipWithError("gradient failed");
    benchmark::DoNotOptimize(grad.data());
  }
}

// R = 2 replicas, no response copies: the time per replica step is reported.
template <int N>
static void BM_LangevinStepPerReplica(benchmark::State& state) {
  static ec::CouplingMatrix<N> J;
  if (ec::generate_couplings({1.2f, 0.0f, 1u}, J) != ec::Status::ok) return state.SkipWithError("couplings");
  ec::RateNetwork<N> net(J);
  static ec::LangevinSampler<ec::RateNetwork<N>, 2, float> sampler;
  ec::LangevinConfig c;
  c.dt = 0.01f;
  if (sampler.configure(net, c) != ec::Status::ok) return state.SkipWithError("configure");
  for (auto _ : state) {
    if (sampler.step(net, 100.0f) != ec::Status::ok) return state.SkipWithError("step failed");
    benchmark::DoNotOptimize(sampler.replica(0).data());
  }
  state.SetItemsProcessed(2 * static_cast<std::int64_t>(state.iterations()));  // replica steps
}

#define EDGECHAOS_BENCH_SIZE(N)                  \
  BENCHMARK_TEMPLATE(BM_EulerStep, N);           \
  BENCHMARK_TEMPLATE(BM_QuasiGradient, N);       \
  BENCHMARK_TEMPLATE(BM_EulerMaruyamaStep, N);   \
  BENCHMARK_TEMPLATE(BM_LangevinStepPerReplica, N)
EDGECHAOS_BENCH_SIZE(32);
EDGECHAOS_BENCH_SIZE(128);
EDGECHAOS_BENCH_SIZE(160);
BENCHMARK_MAIN();
