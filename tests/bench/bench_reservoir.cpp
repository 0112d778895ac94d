// ns per reservoir sample on the desktop (issue 10): the echo-state map of the NARMA10 protocol
// (RESERVOIR.md section 4: W density 0.1, one input, leak 1), fixed size as on a device and
// run-time size as in `edgechaos reservoir`, dense and sparse W, at N = 100 and 200.
//
//   reservoir/esn/<fixed|dynamic>/<dense|sparse>/<N>   one DrivenReservoir::advance(u)
// W: the sparse generator (g = 1, p = 0.1, seed 7; no rescaling, the cost does not depend on
// it), and for "dense" its dense form; W_in Bernoulli +-0.1; u from a fixed sine.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdlib>
#include <memory>
#include <vector>

#include "edgechaos/edgechaos.hpp"

namespace ec = edgechaos;

namespace {

template <int N, bool kSparse, bool kFixed>
void esn_bench(benchmark::State& state) {
  constexpr int kSize = kFixed ? N : ec::Dynamic;
  using View = ec::SparseCouplingsView<std::uint32_t>;
  using Net = std::conditional_t<kSparse, ec::EchoState<kSize, kSize == ec::Dynamic ? ec::Dynamic : 1, ec::Tanh, View>,
                                 ec::EchoState<kSize, kSize == ec::Dynamic ? ec::Dynamic : 1, ec::Tanh>>;
  std::vector<std::uint32_t> row_ptr(N + 1), col(N * N);
  std::vector<float> val(N * N), dense(N * N), win(N);
  ec::Index nnz = 0;
  if (ec::generate_sparse_couplings({1.0f, 0.1f, 7u}, N, row_ptr.data(), col.data(), val.data(), N * N, nnz) != ec::Status::ok)
    std::abort();
  View view;
  if (view.set(row_ptr.data(), col.data(), val.data(), N, nnz) != ec::Status::ok) std::abort();
  if (ec::sparse_to_dense(view, dense.data(), N) != ec::Status::ok) std::abort();
  if (ec::generate_input_weights({0.1f, 1.0f, ec::InputWeightKind::bernoulli, 3u}, win.data(), N, 1) != ec::Status::ok)
    std::abort();
  Net net;
  ec::Status s = ec::Status::ok;
  if constexpr (kSparse) {
    s = net.bind(view);
  } else {
    s = net.bind(dense.data(), N);
  }
  if (s != ec::Status::ok || net.set_input_weights(win.data(), 1) != ec::Status::ok) std::abort();
  auto reservoir = std::make_unique<ec::DrivenReservoir<Net, ec::MapStepper<Net>>>();
  if (reservoir->attach(net) != ec::Status::ok) std::abort();
  typename Net::Input u;
  if constexpr (!kFixed) u.resize(1);
  long k = 0;
  for (auto _ : state) {
    u[0] = 0.25f + 0.25f * std::sin(0.1f * static_cast<float>(k++));
    if (reservoir->advance(u) != ec::Status::ok) std::abort();
    benchmark::DoNotOptimize(reservoir->state().data());
  }
  state.counters["nnz"] = static_cast<double>(kSparse ? nnz : N * N);
}

BENCHMARK(esn_bench<100, false, true>)->Name("reservoir/esn/fixed/dense/100");
BENCHMARK(esn_bench<100, true, true>)->Name("reservoir/esn/fixed/sparse/100");
BENCHMARK(esn_bench<100, false, false>)->Name("reservoir/esn/dynamic/dense/100");
BENCHMARK(esn_bench<100, true, false>)->Name("reservoir/esn/dynamic/sparse/100");
BENCHMARK(esn_bench<200, false, true>)->Name("reservoir/esn/fixed/dense/200");
BENCHMARK(esn_bench<200, true, true>)->Name("reservoir/esn/fixed/sparse/200");
BENCHMARK(esn_bench<200, false, false>)->Name("reservoir/esn/dynamic/dense/200");
BENCHMARK(esn_bench<200, true, false>)->Name("reservoir/esn/dynamic/sparse/200");

}  // namespace

BENCHMARK_MAIN();
