// Cost of the streaming Lyapunov estimate relative to a plain step (Google Benchmark).
// Not a test: build with -DEDGECHAOS_BUILD_BENCHMARKS=ON and run bench_lyapunov.
// Target: Lyapunov step <= 2.2 x plain step (one extra matrix-vector product per stage).
#include <benchmark/benchmark.h>

#include "edgechaos/edgechaos.hpp"
#include "edgechaos/chaos/lyapunov.hpp"

namespace ec = edgechaos;

namespace {

template <int N>
struct Fixture {
  using Net = ec::RateNetwork<N>;
  ec::CouplingMatrix<N> J;
  Net net;
  ec::Vector<N> x;
  Fixture() {
    (void)ec::generate_couplings(ec::CouplingParams{2.0f, 0.0f, 1u}, J);
    net = Net(J);
    x = ec::Vector<N>::Constant(0.3f);
  }
};

struct DynFixture {
  using Net = ec::RateNetwork<ec::Dynamic>;
  ec::CouplingMatrix<ec::Dynamic> J;
  Net net;
  ec::Vector<ec::Dynamic> x;
  explicit DynFixture(int n) {
    (void)ec::generate_couplings(ec::CouplingParams{2.0f, 0.0f, 1u}, J, n);
    net = Net(J);
    x = ec::Vector<ec::Dynamic>::Constant(n, 0.3f);
  }
};

template <class Stepper, class F>
void run(benchmark::State& state, F& f) {
  Stepper s;
  for (int k = 0; k < 200; ++k) (void)s.step(f.net, f.x, 0.05f);  // onto the attractor
  for (auto _ : state) {
    benchmark::DoNotOptimize(s.step(f.net, f.x, 0.05f));
    benchmark::ClobberMemory();
  }
}

template <int N>
void BM_RK4(benchmark::State& st) { static Fixture<N> f; run<ec::RK4<typename Fixture<N>::Net>>(st, f); }
template <int N>
void BM_LyapunovRK4(benchmark::State& st) { static Fixture<N> f; run<ec::Lyapunov<typename Fixture<N>::Net>>(st, f); }
template <int N>
void BM_Euler(benchmark::State& st) { static Fixture<N> f; run<ec::Euler<typename Fixture<N>::Net>>(st, f); }
template <int N>
void BM_LyapunovEuler(benchmark::State& st) {
  static Fixture<N> f;
  run<ec::Lyapunov<typename Fixture<N>::Net, ec::TangentScheme::euler>>(st, f);
}
void BM_RK4_dyn(benchmark::State& st) { DynFixture f(static_cast<int>(st.range(0))); run<ec::RK4<DynFixture::Net>>(st, f); }
void BM_LyapunovRK4_dyn(benchmark::State& st) {
  DynFixture f(static_cast<int>(st.range(0)));
  run<ec::Lyapunov<DynFixture::Net>>(st, f);
}
void BM_Euler_dyn(benchmark::State& st) { DynFixture f(static_cast<int>(st.range(0))); run<ec::Euler<DynFixture::Net>>(st, f); }
void BM_LyapunovEuler_dyn(benchmark::State& st) {
  DynFixture f(static_cast<int>(st.range(0)));
  run<ec::Lyapunov<DynFixture::Net, ec::TangentScheme::euler>>(st, f);
}

}  // namespace

BENCHMARK(BM_RK4<32>);
BENCHMARK(BM_LyapunovRK4<32>);
BENCHMARK(BM_Euler<32>);
BENCHMARK(BM_LyapunovEuler<32>);
BENCHMARK(BM_RK4<128>);
BENCHMARK(BM_LyapunovRK4<128>);
BENCHMARK(BM_RK4_dyn)->Arg(256)->Arg(512);
BENCHMARK(BM_LyapunovRK4_dyn)->Arg(256)->Arg(512);
BENCHMARK(BM_Euler_dyn)->Arg(256)->Arg(512);
BENCHMARK(BM_LyapunovEuler_dyn)->Arg(256)->Arg(512);
BENCHMARK_MAIN();
