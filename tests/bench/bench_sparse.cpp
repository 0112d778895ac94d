// ns per step and per product, dense vs sparse J, at N = 256 (issue 10): the sparse cost
// should scale with nnz, the dense one with N^2 whatever the density.
//
//   sparse/step/<Euler|RK4>/<dense|sparse>/p<10|100>   RateNetwork<256, 0, FastTanh, policy>
//   sparse/matvec/<dense|sparse>/p<10|100>             y = J r alone
// J: the sparse generator (g = 1.5, p = 0.1 or 1.0, seed 7) and, for "dense", its dense
// form (the same matrix, zeros included), so both runs follow the same trajectory bit for
// bit. dt = 0.05.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdlib>
#include <memory>
#include <vector>

#include "edgechaos/edgechaos.hpp"

namespace ec = edgechaos;

namespace {

constexpr int N = 256;
constexpr int kCap = N * (N - 1);
using Sparse = ec::SparseCouplings<N, kCap>;
using SparseNet = ec::RateNetwork<N, 0, ec::FastTanh, Sparse::View>;
using DenseNet = ec::RateNetwork<N, 0, ec::FastTanh>;

struct Weights {
  std::unique_ptr<Sparse> sparse = std::make_unique<Sparse>();
  std::vector<float> dense = std::vector<float>(N * N);
  explicit Weights(float p) {
    if (sparse->generate({1.5f, p, 7u}) != ec::Status::ok) std::abort();
    sparse->to_dense(dense.data());
  }
};

const Weights& weights(int percent) {
  static const Weights w10(0.1f), w100(1.0f);
  return percent == 10 ? w10 : w100;
}

ec::Vector<N> start() {
  ec::Vector<N> x;
  for (int i = 0; i < N; ++i) x[i] = 0.8f * std::sin(0.37f * static_cast<float>(i) + 0.1f);
  return x;
}

template <template <class> class Stepper, bool kSparse, int kPercent>
void step_bench(benchmark::State& state) {
  const Weights& w = weights(kPercent);
  using Net = std::conditional_t<kSparse, SparseNet, DenseNet>;
  Net net;
  if constexpr (kSparse) {
    if (net.bind(w.sparse->view()) != ec::Status::ok) std::abort();
  } else {
    if (net.bind(w.dense.data(), N) != ec::Status::ok) std::abort();
  }
  Stepper<Net> stepper;
  ec::Vector<N> x = start();
  for (auto _ : state) {
    if (stepper.step(net, x, 0.05f) != ec::Status::ok) {
      state.SkipWithError("step failed");
      break;
    }
    benchmark::DoNotOptimize(x.data());
  }
  state.counters["nnz"] = static_cast<double>(w.sparse->nnz());
}

template <bool kSparse, int kPercent>
void matvec_bench(benchmark::State& state) {
  const Weights& w = weights(kPercent);
  const ec::Vector<N> r = start().array().tanh().matrix();
  ec::Vector<N> y;
  const auto view = w.sparse->view();
  for (auto _ : state) {
    if constexpr (kSparse) {
      view.multiply(r.data(), y.data(), N);
    } else {
      ec::detail::matvec<N, N>(w.dense.data(), r.data(), y.data(), N, N);
    }
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  state.counters["nnz"] = static_cast<double>(w.sparse->nnz());
}

BENCHMARK_TEMPLATE(step_bench, ec::Euler, false, 10)->Name("sparse/step/Euler/dense/p10");
BENCHMARK_TEMPLATE(step_bench, ec::Euler, true, 10)->Name("sparse/step/Euler/sparse/p10");
BENCHMARK_TEMPLATE(step_bench, ec::Euler, false, 100)->Name("sparse/step/Euler/dense/p100");
BENCHMARK_TEMPLATE(step_bench, ec::Euler, true, 100)->Name("sparse/step/Euler/sparse/p100");
BENCHMARK_TEMPLATE(step_bench, ec::RK4, false, 10)->Name("sparse/step/RK4/dense/p10");
BENCHMARK_TEMPLATE(step_bench, ec::RK4, true, 10)->Name("sparse/step/RK4/sparse/p10");
BENCHMARK_TEMPLATE(step_bench, ec::RK4, false, 100)->Name("sparse/step/RK4/dense/p100");
BENCHMARK_TEMPLATE(step_bench, ec::RK4, true, 100)->Name("sparse/step/RK4/sparse/p100");
BENCHMARK_TEMPLATE(matvec_bench, false, 10)->Name("sparse/matvec/dense/p10");
BENCHMARK_TEMPLATE(matvec_bench, true, 10)->Name("sparse/matvec/sparse/p10");
BENCHMARK_TEMPLATE(matvec_bench, false, 100)->Name("sparse/matvec/dense/p100");
BENCHMARK_TEMPLATE(matvec_bench, true, 100)->Name("sparse/matvec/sparse/p100");

}  // namespace

BENCHMARK_MAIN();
