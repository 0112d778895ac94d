// One Langevin step (gradient of E: a product with J and one with J^T, plus N normal
// variates) against one plain Euler step of the network (one product with J), with the
// two parts apart: the gradient alone, and Euler-Maruyama (Euler plus the same N normals).
// Then with FastTanh and the float noise stream: the gradient under the chosen and the
// portable matvec variant, and R = 8 replicas batched over one J and one at a time, each
// pair in the same run. Not a test.
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
    benchmark::DoNotOptimize(euler.step(net, x, 0.01f));
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
    benchmark::DoNotOptimize(em.step(net, x, 0.01f));
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
    benchmark::DoNotOptimize(qp.gradient(net, x, grad));
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
    benchmark::DoNotOptimize(sampler.step(net, 100.0f));
    benchmark::DoNotOptimize(sampler.replica(0).data());
  }
  state.SetItemsProcessed(2 * static_cast<std::int64_t>(state.iterations()));  // replica steps
}

// The rows below use FastTanh and the float noise stream, so that the products, not std::tanh
// and the double normals, carry the time.
template <int N>
using FastNet = ec::RateNetwork<N, 0, ec::FastTanh>;

// The gradient (J and J^T) with the matvec variant the CPU chose, and with the portable
// kernels forced (x86-64; the J^T column loops follow the same switch).
template <int N, bool Portable>
static void BM_GradientFastTanh(benchmark::State& state) {
  static float J[N * N];
  if (ec::generate_couplings({1.2f, 0.0f, 1u}, J, N) != ec::Status::ok) return state.SkipWithError("couplings");
  FastNet<N> net(J);
#if EDGECHAOS_MATVEC_DISPATCH
  const ec::detail::ScopedMatvecKernel use(Portable ? ec::detail::MatvecKernel::portable
                                                    : ec::detail::matvec_kernel());
#endif
  static ec::QuasiPotential<FastNet<N>> qp;
  static ec::Vector<N> x = ec::Vector<N>::Constant(0.1f), grad;
  for (auto _ : state) {
    benchmark::DoNotOptimize(qp.gradient(net, x, grad));
    benchmark::DoNotOptimize(grad.data());
  }
}

// R = 8 replicas, the replicas batched over one J or one at a time: the time per replica
// step is reported.
template <int N, bool Batched>  // Batched: BatchFrom = 1, else never
static void BM_LangevinR8(benchmark::State& state) {
  static float J[N * N];  // a plain array: CouplingMatrix<256> exceeds Eigen's stack limit
  if (ec::generate_couplings({1.2f, 0.0f, 1u}, J, N) != ec::Status::ok) return state.SkipWithError("couplings");
  FastNet<N> net(J);
  static ec::LangevinSampler<FastNet<N>, 8, float, ec::FloatNormalStream, Batched ? 1 : ec::kNeverBatch> sampler;
  ec::LangevinConfig c;
  c.dt = 0.01f;
  c.power_iterations = 5;  // the stability estimate only; dt is far from its bound at g = 1.2
  if (sampler.configure(net, c) != ec::Status::ok) return state.SkipWithError("configure");
  for (auto _ : state) {
    benchmark::DoNotOptimize(sampler.step(net, 100.0f));
    benchmark::DoNotOptimize(sampler.replica(0).data());
  }
  state.SetItemsProcessed(8 * static_cast<std::int64_t>(state.iterations()));  // replica steps
}

#define EDGECHAOS_BENCH_SIZE(N)                  \
  BENCHMARK_TEMPLATE(BM_EulerStep, N);           \
  BENCHMARK_TEMPLATE(BM_QuasiGradient, N);       \
  BENCHMARK_TEMPLATE(BM_EulerMaruyamaStep, N);   \
  BENCHMARK_TEMPLATE(BM_LangevinStepPerReplica, N)
EDGECHAOS_BENCH_SIZE(32);
EDGECHAOS_BENCH_SIZE(128);
EDGECHAOS_BENCH_SIZE(160);
#define EDGECHAOS_BENCH_BATCH(N)                  \
  BENCHMARK_TEMPLATE(BM_GradientFastTanh, N, true); \
  BENCHMARK_TEMPLATE(BM_GradientFastTanh, N, false); \
  BENCHMARK_TEMPLATE(BM_LangevinR8, N, false);      \
  BENCHMARK_TEMPLATE(BM_LangevinR8, N, true)
EDGECHAOS_BENCH_BATCH(32);
EDGECHAOS_BENCH_BATCH(64);
EDGECHAOS_BENCH_BATCH(128);
EDGECHAOS_BENCH_BATCH(256);
EDGECHAOS_BENCH_BATCH(1024);  // J (4 MiB) larger than L2
BENCHMARK_MAIN();
