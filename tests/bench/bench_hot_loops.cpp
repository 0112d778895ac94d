// ns per call of three per-sample loops that keep state for a rollback they rarely need
// (a review's item: copies in hot loops), with the cost of such a copy alone for scale:
//   mackey_glass/next            one sample of the series (10 RK4 steps; it saves the 10
//                                values a sample overwrites, it used to copy the 171-value ring)
//   reservoir/rate/hold<k>/<N>   DrivenReservoir::advance of a RateNetwork (Euler, dt 0.1,
//                                g = 1.5, W_in +-0.1): k held steps per sample
//   force/train_step/<N>         ForceTrainer::train_step (RLS every 2nd step) and run_step
//   copy/state/<N>               one N-float state copy: what a rollback copy costs
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "edgechaos/edgechaos.hpp"

namespace ec = edgechaos;

namespace {

void mackey_glass_next(benchmark::State& state) {
  ec::MackeyGlass<double> mg(3u, 0);
  double x = 0.0;
  for (auto _ : state) {
    if (mg.next(x) != ec::Status::ok) std::abort();
    benchmark::DoNotOptimize(x);
  }
}

template <int N>
void rate_hold(benchmark::State& state) {
  using Net = ec::RateNetwork<N, 1, ec::Tanh>;
  std::vector<float> J(N * N), win(N);
  if (ec::generate_couplings({1.5f, 0.0f, 7u}, J.data(), N) != ec::Status::ok) std::abort();
  if (ec::generate_input_weights({0.1f, 1.0f, ec::InputWeightKind::bernoulli, 3u}, win.data(), N, 1) != ec::Status::ok)
    std::abort();
  Net net(J.data());
  if (net.set_input_weights(win.data(), 1) != ec::Status::ok) std::abort();
  auto reservoir = std::make_unique<ec::DrivenReservoir<Net, ec::Euler<Net>>>();
  const ec::DriveConfig config{0.1f, static_cast<std::uint32_t>(state.range(0))};
  if (reservoir->attach(net, config) != ec::Status::ok) std::abort();
  typename Net::Input u;
  long k = 0;
  for (auto _ : state) {
    u[0] = 0.25f + 0.25f * std::sin(0.1f * static_cast<float>(k++));
    if (reservoir->advance(u) != ec::Status::ok) std::abort();
    benchmark::DoNotOptimize(reservoir->state().data());
  }
}

template <int N, bool kTrain>
void force_step(benchmark::State& state) {
  using Net = ec::RateNetwork<N, 1, ec::FastTanh>;
  std::vector<float> J(N * N), wf(N);
  if (ec::generate_couplings({1.5f, 0.0f, 1u}, J.data(), N) != ec::Status::ok) std::abort();
  for (int i = 0; i < N; ++i) wf[static_cast<std::size_t>(i)] = (i % 2 == 0) ? 0.5f : -0.5f;
  Net net(J.data());
  if (net.set_input_weights(wf.data(), 1) != ec::Status::ok) std::abort();
  auto trainer = std::make_unique<ec::ForceTrainer<N, ec::FastTanh>>();
  ec::Euler<Net> euler;
  ec::Vector<N> x = ec::Vector<N>::Constant(0.1f);
  if (trainer->start(x, 0.0f) != ec::Status::ok) std::abort();
  float t = 0.0f;
  for (auto _ : state) {
    const float f = 0.5f * std::sin(0.2f * t);
    const ec::Status s = kTrain ? trainer->train_step(euler, net, x, t, 0.1f, f) : trainer->run_step(euler, net, x, t, 0.1f);
    if (s != ec::Status::ok) std::abort();
    t += 0.1f;
    benchmark::DoNotOptimize(x.data());
  }
}

template <int N>
void copy_state(benchmark::State& state) {
  ec::Vector<N> a = ec::Vector<N>::Constant(1.0f), b;
  for (auto _ : state) {
    benchmark::DoNotOptimize(a.data());
    b = a;
    benchmark::DoNotOptimize(b.data());
  }
}

}  // namespace

BENCHMARK(mackey_glass_next)->Name("mackey_glass/next");
BENCHMARK(rate_hold<100>)->Name("reservoir/rate/hold/100")->Arg(1)->Arg(2)->Arg(4);
BENCHMARK(force_step<128, true>)->Name("force/train_step/128");
BENCHMARK(force_step<128, false>)->Name("force/run_step/128");
BENCHMARK(copy_state<100>)->Name("copy/state/100");
BENCHMARK(copy_state<128>)->Name("copy/state/128");

BENCHMARK_MAIN();
