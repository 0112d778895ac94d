// ns per integration step of the rate network dx/dt = -x + J tanh(x), g = 1.5 (chaotic,
// so the state stays O(1) and tanh sees realistic arguments), dt = 0.05.
//
//   step/<Euler|RK4>/<FastTanh|Tanh>/<bare|monitor>/N   the library (monitor = EnergyMonitor)
//   step/Euler/FastTanh/sums/N   observed by a sink of the sums alone: the sums pass's share
//                        of the monitor's cost, the rest being the monitor's own update
//   ref_plain/Euler/N    reference (a): naive float loops i, j with std::tanh
//   ref_eigen/Euler/N    reference (b): x += dt * (J * x.array().tanh().matrix() - x),
//                        J an Eigen::Matrix<float, N, N> (column-major, Eigen's default)
//                        seen through a fixed-size Map over 64-byte aligned heap storage
//                        for every N (a 512 x 512 plain fixed-size matrix would exceed
//                        EIGEN_STACK_ALLOCATION_LIMIT; the Map keeps all sizes alike)
//   bound/readJ/N        one pass over the 4 N^2 bytes of J (xor of the bits in the widest
//                        vectors of the build): the measured load bound for J at this size
//   bound/readJ_avx2/N   the same pass with 32-byte AVX2 loads (x86-64 with AVX2): the load
//                        bound of the run-time-chosen kernels
//   bound/clock          1000 dependent integer adds: 1000 core cycles, gives the clock
//   part/activate/{FastTanh,SinhTanh5,SinhTanh4,TableTanh5,TableTanh6,EigenTanh}/N
//                        phi = tanh(x) alone: ours, Eigen's
//   part/matvec/{ours,Eigen}/N             y = J r alone: detail::matvec, Eigen's gemv
//   part/monitor         the EnergyMonitor's update alone, per call (64 sums in turn)
//   batch/Euler/FastTanh/R<r>/N   one Euler step of Ensemble<Net, r> (models/ensemble.hpp):
//                        r states, J streamed once; the "per_vector" counter is the time
//                        per member, to set against step/Euler/FastTanh/bare/N
//   part/batch_matvec/R<r>/N      Y = J X for r vectors alone (detail/batch_matvec.hpp);
//                        per_vector against part/matvec/ours/N
//
//   kernel/<portable|avx2|avx2_fma|avx512>/{Euler,Euler_monitor,matvec,dyn_Euler}/N
//                        the Euler step (FastTanh, bare, with the monitor, run-time-sized)
//                        and J r alone with one matvec
//                        variant forced (detail/matvec_x86.hpp; x86-64 only; the step/
//                        rows use the variant chosen at run time)
//   dyn/Euler/<FastTanh|Tanh>/<bare|monitor>/N  the run-time-sized path: RateNetwork<Dynamic>
//                        and its Euler stepper, as the CLI's `run` and Python's simulate use
//
// The library and the references are in this one translation unit, so they are compiled
// with the same flags (see EDGECHAOS_NATIVE in CMakeLists.txt). tests/bench/ratios.py
// turns the JSON output into the table of docs/benchmarks.md.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include <Eigen/Core>

#include "edgechaos/detail/batch_matvec.hpp"
#include "edgechaos/edgechaos.hpp"
#include "edgechaos/models/ensemble.hpp"

namespace ec = edgechaos;

namespace {

constexpr float kDt = 0.05f;
constexpr float kGain = 1.5f;
constexpr std::uint64_t kSeed = 7;

struct FreeDeleter {
  void operator()(float* p) const { std::free(p); }
};
using Buffer = std::unique_ptr<float[], FreeDeleter>;

Buffer aligned_floats(int count) {
  const std::size_t bytes = (static_cast<std::size_t>(count) * sizeof(float) + 63u) / 64u * 64u;
  return Buffer(static_cast<float*>(std::aligned_alloc(64, bytes)));
}

// Row-major J with Var J_ij = g^2 / N from the library's generator (same J everywhere).
Buffer couplings(int n) {
  Buffer J = aligned_floats(n * n);
  if (ec::generate_couplings(ec::CouplingParams{kGain, 0.0f, kSeed}, J.get(), n) != ec::Status::ok) std::abort();
  return J;
}

// Start away from the fixed point x = 0.
float x0(int i) { return 0.8f * std::sin(0.37f * static_cast<float>(i) + 0.1f); }

// What rides along with a step: nothing, an observer of the sums alone (the cost of the
// step's sums pass, detail::step_sums), or the EnergyMonitor (sums pass + its update).
enum class Observe { bare, sums, monitor };

struct SumsSink {
  static constexpr bool kWantsView = false;
  void operator()(const ec::StepSums& s) { benchmark::DoNotOptimize(s); }
};

// The timed loop both paths share: one step of x a iteration, observed as \p kObserve says.
template <Observe kObserve, class Net, class Stepper>
void run_steps(benchmark::State& state, const Net& net, Stepper& stepper, typename Net::State& x) {
  ec::EnergyMonitor<float> monitor;
  for (ec::Index i = 0; i < x.size(); ++i) x[i] = x0(static_cast<int>(i));
  for (auto _ : state) {
    ec::Status s;
    if constexpr (kObserve == Observe::monitor) {
      s = stepper.step(net, x, kDt, monitor);
    } else if constexpr (kObserve == Observe::sums) {
      s = stepper.step(net, x, kDt, SumsSink{});
    } else {
      s = stepper.step(net, x, kDt);
    }
    if (s != ec::Status::ok) {
      state.SkipWithError(ec::to_string(s));
      break;
    }
    benchmark::DoNotOptimize(x.data());
  }
  if constexpr (kObserve == Observe::monitor) benchmark::DoNotOptimize(monitor.energy_mean());
}

template <int N, template <class> class Stepper, class Act, Observe kObserve>
void step_bench(benchmark::State& state) {
  using Net = ec::RateNetwork<N, 0, Act>;
  const Buffer J = couplings(N);
  const Net net(J.get());
  Stepper<Net> stepper;
  typename Net::State x;
  run_steps<kObserve>(state, net, stepper, x);
}

// The run-time-sized path (host/rate_network_run.hpp): Dynamic vectors, bind(J, n).
template <int N, class Act, Observe kObserve>
void dyn_step_bench(benchmark::State& state) {
  using Net = ec::RateNetwork<ec::Dynamic, 0, Act>;
  const Buffer J = couplings(N);
  Net net;
  if (net.bind(J.get(), N) != ec::Status::ok) std::abort();
  ec::Euler<Net> stepper;
  typename Net::State x(N);
  run_steps<kObserve>(state, net, stepper, x);
}

#if EDGECHAOS_MATVEC_DISPATCH
// One matvec variant forced for the run of a benchmark, the run-time choice restored after.
template <void (*Bench)(benchmark::State&)>
void with_kernel(benchmark::State& state, ec::detail::MatvecKernel k) {
  const ec::detail::MatvecKernel saved = ec::detail::matvec_kernel();
  if (ec::detail::set_matvec_kernel(k) != ec::Status::ok) {
    state.SkipWithError("variant not supported by this CPU");
    return;
  }
  Bench(state);
  (void)ec::detail::set_matvec_kernel(saved);
}
#endif

template <int N>
void ref_plain(benchmark::State& state) {
  const Buffer J = couplings(N);
  float x[N], phi[N], v[N];
  for (int i = 0; i < N; ++i) x[i] = x0(i);
  for (auto _ : state) {
    for (int i = 0; i < N; ++i) phi[i] = std::tanh(x[i]);
    for (int i = 0; i < N; ++i) {
      float s = 0.0f;
      for (int j = 0; j < N; ++j) s += J[i * N + j] * phi[j];
      v[i] = s - x[i];
    }
    for (int i = 0; i < N; ++i) x[i] += kDt * v[i];
    benchmark::DoNotOptimize(x);
  }
}

template <int N>
void ref_eigen(benchmark::State& state) {
  using Mat = Eigen::Matrix<float, N, N>;
  using Vec = Eigen::Matrix<float, N, 1>;
  const Buffer rowmajor = couplings(N);
  const Buffer storage = aligned_floats(N * N);
  for (int i = 0; i < N; ++i) {
    for (int j = 0; j < N; ++j) storage[i + j * N] = rowmajor[i * N + j];  // column-major
  }
  const Eigen::Map<const Mat, Eigen::Aligned64> J(storage.get());
  Vec x;
  for (int i = 0; i < N; ++i) x[i] = x0(i);
  for (auto _ : state) {
    x += kDt * (J * x.array().tanh().matrix() - x);
    benchmark::DoNotOptimize(x.data());
  }
}

// The EnergyMonitor's own update, fed 64 recorded-like sums in turn (no step): its cost
// per call when nothing else competes for the core.
void part_monitor(benchmark::State& state) {
  ec::StepSums sums[64];
  for (int k = 0; k < 64; ++k) {
    const float w = 1.0f + 0.01f * static_cast<float>(k);
    sums[k] = ec::StepSums{12.0f * w, 7.0f / w, 3.0f * w * w, 64};
  }
  ec::EnergyMonitor<float> monitor;
  int k = 0;
  for (auto _ : state) {
    monitor(sums[k]);
    k = (k + 1) & 63;
  }
  benchmark::DoNotOptimize(monitor.energy_mean());
}

// The two halves of a step, ours against Eigen's, to show where the time goes.
template <int N, class Act = ec::FastTanh>
void part_activate_fast(benchmark::State& state) {
  using Net = ec::RateNetwork<N, 0, Act>;
  const Buffer J = couplings(N);
  const Net net(J.get());
  typename Net::State x, phi;
  for (int i = 0; i < N; ++i) x[i] = x0(i);
  for (auto _ : state) {
    net.activate(x, phi);
    benchmark::DoNotOptimize(phi.data());
    benchmark::ClobberMemory();
  }
}

template <int N>
void part_activate_eigen(benchmark::State& state) {
  Eigen::Matrix<float, N, 1> x, phi;
  for (int i = 0; i < N; ++i) x[i] = x0(i);
  for (auto _ : state) {
    phi = x.array().tanh().matrix();
    benchmark::DoNotOptimize(phi.data());
    benchmark::ClobberMemory();
  }
}

template <int N>
void part_matvec_ours(benchmark::State& state) {
  const Buffer J = couplings(N);
  Eigen::Matrix<float, N, 1> r, y;
  for (int i = 0; i < N; ++i) r[i] = std::tanh(x0(i));
  for (auto _ : state) {
    ec::detail::matvec<N, N>(J.get(), r.data(), y.data(), N, N);
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
}

template <int N>
void part_matvec_eigen(benchmark::State& state) {
  using Mat = Eigen::Matrix<float, N, N>;
  const Buffer storage = couplings(N);  // the same numbers; layout does not matter here
  const Eigen::Map<const Mat, Eigen::Aligned64> J(storage.get());
  Eigen::Matrix<float, N, 1> r, y;
  for (int i = 0; i < N; ++i) r[i] = std::tanh(x0(i));
  for (auto _ : state) {
    y.noalias() = J * r;
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
}

// The time per member: the iteration's time divided by R (shown in seconds per vector).
benchmark::Counter per_vector(int r) {
  return benchmark::Counter(static_cast<double>(r), benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

template <int N, int R>
void batch_step_bench(benchmark::State& state) {
  using Net = ec::RateNetwork<N, 0, ec::FastTanh>;
  using Ens = ec::Ensemble<Net, R>;
  const Buffer J = couplings(N);
  const Net net(J.get());
  const Ens ens(net);
  ec::Euler<Ens> stepper;
  typename Ens::State X;
  for (int i = 0; i < N; ++i)
    for (int v = 0; v < R; ++v) X[v * N + i] = x0(i + 3 * v);  // distinct members
  for (auto _ : state) {
    const ec::Status s = stepper.step(ens, X, kDt);
    if (s != ec::Status::ok) {
      state.SkipWithError(ec::to_string(s));
      break;
    }
    benchmark::DoNotOptimize(X.data());
  }
  state.counters["per_vector"] = per_vector(R);
}

template <int N, int R>
void part_batch_matvec(benchmark::State& state) {
  const Buffer J = couplings(N);
  Eigen::Matrix<float, N * R, 1> X, Y;
  for (int i = 0; i < N; ++i)
    for (int v = 0; v < R; ++v) X[v * N + i] = std::tanh(x0(i + 3 * v));
  for (auto _ : state) {
    ec::detail::batch_matvec<R, N, N>(J.get(), X.data(), Y.data(), N, N);
    benchmark::DoNotOptimize(Y.data());
    benchmark::ClobberMemory();
  }
  state.counters["per_vector"] = per_vector(R);
}

template <int N, int R>
void register_batch() {
  const std::string tail = "/R" + std::to_string(R) + "/" + std::to_string(N);
  benchmark::RegisterBenchmark(("batch/Euler/FastTanh" + tail).c_str(), batch_step_bench<N, R>);
  benchmark::RegisterBenchmark(("part/batch_matvec" + tail).c_str(), part_batch_matvec<N, R>);
}

template <int N>
void register_batches() {
  register_batch<N, 1>();
  register_batch<N, 4>();
  register_batch<N, 8>();
}

// Widest integer vector of the build (GCC vector extension; this is the bound, not
// library code): four independent xor accumulators, so only the loads limit the loop.
#if defined(__AVX512F__)
constexpr int kReadBytes = 64;
#elif defined(__AVX__)
constexpr int kReadBytes = 32;
#else
constexpr int kReadBytes = 16;
#endif
typedef std::uint32_t ReadVec __attribute__((vector_size(kReadBytes)));

template <int N>
void bound_read(benchmark::State& state) {
  const Buffer J = couplings(N);
  constexpr int kBytes = N * N * static_cast<int>(sizeof(float));
  static_assert(kBytes % (4 * kReadBytes) == 0, "J must split into whole blocks");
  const unsigned char* p = reinterpret_cast<const unsigned char*>(J.get());
  for (auto _ : state) {
    ReadVec a0 = {}, a1 = {}, a2 = {}, a3 = {};
    for (int b = 0; b < kBytes; b += 4 * kReadBytes) {
      ReadVec v0, v1, v2, v3;
      std::memcpy(&v0, p + b, sizeof v0);
      std::memcpy(&v1, p + b + kReadBytes, sizeof v1);
      std::memcpy(&v2, p + b + 2 * kReadBytes, sizeof v2);
      std::memcpy(&v3, p + b + 3 * kReadBytes, sizeof v3);
      a0 ^= v0;
      a1 ^= v1;
      a2 ^= v2;
      a3 ^= v3;
    }
    ReadVec a = (a0 ^ a1) ^ (a2 ^ a3);
    benchmark::DoNotOptimize(a);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(kBytes));
}

#if EDGECHAOS_MATVEC_DISPATCH
// The same pass with 32-byte AVX2 loads (what the dispatched kernels load with): the load
// bound of a run-time-dispatched build on this CPU.
typedef std::uint32_t WideVec __attribute__((vector_size(32)));
template <int N>
__attribute__((target("avx2"))) void read_wide(const unsigned char* p, WideVec& out) {
  constexpr int kBytes = N * N * static_cast<int>(sizeof(float));
  static_assert(kBytes % 128 == 0, "J must split into whole blocks");
  WideVec a0 = {}, a1 = {}, a2 = {}, a3 = {};
  for (int b = 0; b < kBytes; b += 128) {
    WideVec v0, v1, v2, v3;
    std::memcpy(&v0, p + b, sizeof v0);
    std::memcpy(&v1, p + b + 32, sizeof v1);
    std::memcpy(&v2, p + b + 64, sizeof v2);
    std::memcpy(&v3, p + b + 96, sizeof v3);
    a0 ^= v0;
    a1 ^= v1;
    a2 ^= v2;
    a3 ^= v3;
  }
  out = (a0 ^ a1) ^ (a2 ^ a3);
}

template <int N>
void bound_read_wide(benchmark::State& state) {
  if (!ec::detail::matvec_kernel_supported(ec::detail::MatvecKernel::avx2)) {
    state.SkipWithError("no AVX2");
    return;
  }
  const Buffer J = couplings(N);
  const unsigned char* p = reinterpret_cast<const unsigned char*>(J.get());
  for (auto _ : state) {
    WideVec a;
    read_wide<N>(p, a);
    benchmark::DoNotOptimize(a);
  }
}
#endif

// 1000 dependent adds; the empty asm keeps the compiler from folding them.
void bound_clock(benchmark::State& state) {
  std::uint64_t a = 1;
  for (auto _ : state) {
    for (int i = 0; i < 1000; ++i) {
      a += 1;
      asm volatile("" : "+r"(a));
    }
  }
  benchmark::DoNotOptimize(a);
}

template <int N>
void register_size() {
  const std::string n = "/" + std::to_string(N);
  using Fast = ec::FastTanh;
  using Tanh = ec::Tanh;
  benchmark::RegisterBenchmark(("step/Euler/FastTanh/bare" + n).c_str(), step_bench<N, ec::Euler, Fast, Observe::bare>);
  benchmark::RegisterBenchmark(("step/Euler/FastTanh/monitor" + n).c_str(), step_bench<N, ec::Euler, Fast, Observe::monitor>);
  benchmark::RegisterBenchmark(("step/Euler/FastTanh/sums" + n).c_str(), step_bench<N, ec::Euler, Fast, Observe::sums>);
  benchmark::RegisterBenchmark(("step/Euler/Tanh/bare" + n).c_str(), step_bench<N, ec::Euler, Tanh, Observe::bare>);
  benchmark::RegisterBenchmark(("step/Euler/Tanh/monitor" + n).c_str(), step_bench<N, ec::Euler, Tanh, Observe::monitor>);
  benchmark::RegisterBenchmark(("step/Euler/SinhTanh5/bare" + n).c_str(), step_bench<N, ec::Euler, ec::SinhTanh<5>, Observe::bare>);
  benchmark::RegisterBenchmark(("step/Euler/TableTanh5/bare" + n).c_str(), step_bench<N, ec::Euler, ec::TableTanh<5>, Observe::bare>);
  benchmark::RegisterBenchmark(("step/RK4/FastTanh/bare" + n).c_str(), step_bench<N, ec::RK4, Fast, Observe::bare>);
  benchmark::RegisterBenchmark(("step/RK4/FastTanh/monitor" + n).c_str(), step_bench<N, ec::RK4, Fast, Observe::monitor>);
  benchmark::RegisterBenchmark(("step/RK4/Tanh/bare" + n).c_str(), step_bench<N, ec::RK4, Tanh, Observe::bare>);
  benchmark::RegisterBenchmark(("step/RK4/Tanh/monitor" + n).c_str(), step_bench<N, ec::RK4, Tanh, Observe::monitor>);
  benchmark::RegisterBenchmark(("ref_plain/Euler" + n).c_str(), ref_plain<N>);
  benchmark::RegisterBenchmark(("ref_eigen/Euler" + n).c_str(), ref_eigen<N>);
  benchmark::RegisterBenchmark(("bound/readJ" + n).c_str(), bound_read<N>);
  benchmark::RegisterBenchmark(("part/activate/FastTanh" + n).c_str(), part_activate_fast<N>);
  benchmark::RegisterBenchmark(("part/activate/SinhTanh5" + n).c_str(), part_activate_fast<N, ec::SinhTanh<5>>);
  benchmark::RegisterBenchmark(("part/activate/SinhTanh4" + n).c_str(), part_activate_fast<N, ec::SinhTanh<4>>);
  benchmark::RegisterBenchmark(("part/activate/TableTanh5" + n).c_str(), part_activate_fast<N, ec::TableTanh<5>>);
  benchmark::RegisterBenchmark(("part/activate/TableTanh6" + n).c_str(), part_activate_fast<N, ec::TableTanh<6>>);
  benchmark::RegisterBenchmark(("part/activate/EigenTanh" + n).c_str(), part_activate_eigen<N>);
  benchmark::RegisterBenchmark(("part/matvec/ours" + n).c_str(), part_matvec_ours<N>);
  benchmark::RegisterBenchmark(("part/matvec/Eigen" + n).c_str(), part_matvec_eigen<N>);
  benchmark::RegisterBenchmark(("dyn/Euler/FastTanh/bare" + n).c_str(), dyn_step_bench<N, Fast, Observe::bare>);
  benchmark::RegisterBenchmark(("dyn/Euler/FastTanh/monitor" + n).c_str(), dyn_step_bench<N, Fast, Observe::monitor>);
  benchmark::RegisterBenchmark(("dyn/Euler/Tanh/bare" + n).c_str(), dyn_step_bench<N, Tanh, Observe::bare>);
  benchmark::RegisterBenchmark(("dyn/Euler/Tanh/monitor" + n).c_str(), dyn_step_bench<N, Tanh, Observe::monitor>);
#if EDGECHAOS_MATVEC_DISPATCH
  using K = ec::detail::MatvecKernel;
  benchmark::RegisterBenchmark(("bound/readJ_avx2" + n).c_str(), bound_read_wide<N>);
  for (K k : {K::portable, K::avx2, K::avx2_fma, K::avx512}) {
    const std::string name = std::string("kernel/") + ec::detail::to_string(k);
    benchmark::RegisterBenchmark((name + "/Euler" + n).c_str(), with_kernel<step_bench<N, ec::Euler, Fast, Observe::bare>>, k);
    benchmark::RegisterBenchmark((name + "/Euler_monitor" + n).c_str(), with_kernel<step_bench<N, ec::Euler, Fast, Observe::monitor>>, k);
    benchmark::RegisterBenchmark((name + "/matvec" + n).c_str(), with_kernel<part_matvec_ours<N>>, k);
    benchmark::RegisterBenchmark((name + "/dyn_Euler" + n).c_str(), with_kernel<dyn_step_bench<N, Fast, Observe::bare>>, k);
  }
#endif
}

}  // namespace

int main(int argc, char** argv) {
  register_size<16>();
  register_size<32>();
  register_size<64>();
  register_size<128>();
  register_size<256>();
  register_size<512>();
  register_batches<64>();
  register_batches<128>();
  register_batches<256>();
  benchmark::RegisterBenchmark("bound/clock", bound_clock);
  benchmark::RegisterBenchmark("part/monitor", part_monitor);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
