// Issue 15 item 2: the inner loops whose cycles matter, one call each, on N = 16 and 64:
// the product J r (both lane forms on FPU cores: fused vfma, split vmul + vadd), the
// activation (FastTanh, TableTanh<5>), the Euler step with each, and the RLS update at
// F = 16 and 64. One JSON line per case:
//   {"bench":"matvec_split","target":"cortex-m4f","n":64,"instructions":9040,"dwt_cycles":"unavailable"}
// "instructions" is exact under QEMU -icount (EMBEDDED.md section 7; "cycles" on a board
// whose counter is the DWT); "dwt_cycles" is the DWT CYCCNT of the same call where the core
// has a working one (cortexm/cycle_counter.hpp), else "unavailable" (QEMU). The estimated
// M4/M7 cycles come from the host: tools/cortex_m_cycles.py trace <this elf> (every case
// function below is a "CycleCase<" symbol the script finds), docs/embedded.md "Cycles".
// Built twice: bench_cycles (the default lane form) and bench_cycles_split
// (EDGECHAOS_ARM_MATVEC_SPLIT=1: every matvec<N, N>, the Euler step's included, split).
#include <cstdint>

#include "bench_harness.hpp"
#include "bench_tables.hpp"
#include "cortexm/board.hpp"
#include "cortexm/console.hpp"
#include "cortexm/cycle_counter.hpp"
#include "edgechaos/edgechaos.hpp"

#ifndef EDGECHAOS_TARGET_NAME
#define EDGECHAOS_TARGET_NAME "cortex-m"
#endif
#ifndef EDGECHAOS_BENCH_VARIANT
#define EDGECHAOS_BENCH_VARIANT "default"
#endif

namespace {

namespace ec = edgechaos;
using cortexm::put;

#if defined(__ARM_FEATURE_FMA) && defined(__ARM_ARCH_PROFILE)
constexpr bool kArmKernel = true;  // matvec_arm.hpp is in use (M4F, M7, M33)
#else
constexpr bool kArmKernel = false;
#endif

// The same call again under the DWT, when it counts (one warm call before each).
std::uint32_t dwt_cycles(fw::BenchFn fn) {
  fn();
  const std::uint32_t t0 = cortexm::cycle_counter_read();
  fn();
  return cortexm::cycle_counter_read() - t0;
}

void emit(const char* bench, int n, std::uint32_t units, fw::BenchFn fn, const char* size_key = "n") {
  put("{\"bench\":\"");
  put(bench);
  put("\",\"target\":\"" EDGECHAOS_TARGET_NAME "\",\"variant\":\"" EDGECHAOS_BENCH_VARIANT "\",\"");
  put(size_key);
  put("\":");
  cortexm::put_int(n);
  put(",\"");
  put(cortexm::counter_unit());
  put("\":");
  cortexm::put_uint(units);
  put(",\"dwt_cycles\":");
  if (cortexm::cycle_counter_state() == cortexm::CycleCounter::available) {
    cortexm::put_uint(dwt_cycles(fn));
  } else {
    put("\"unavailable\"");
  }
  put("}\n");
}

template <int N>
struct CycleCase {
  using FastNet = ec::RateNetwork<N, 0, ec::FastTanh>;
  using TableNet = ec::RateNetwork<N, 0, ec::TableTanh<5>>;
  static inline const float* J = nullptr;
  static inline FastNet fast_net;
  static inline TableNet table_net;
  static inline ec::Euler<FastNet> fast_euler;
  static inline ec::Euler<TableNet> table_euler;
  static inline ec::Vector<N> x, tmp;
  static inline float r[N], y[N];
  static constexpr float kDt = 0.05f;

  static void reset() {
    ec::NormalStream z(5u);
    for (int i = 0; i < N; ++i) x[i] = r[i] = z.next();
  }
  static void matvec() { ec::detail::matvec<N, N>(J, r, y, N, N); }
#if defined(__ARM_FEATURE_FMA) && defined(__ARM_ARCH_PROFILE)
  static void matvec_fused() { ec::detail::matvec_arm<N, ec::detail::ArmMac::fused>(J, r, y, N, N); }
  static void matvec_split() { ec::detail::matvec_arm<N, ec::detail::ArmMac::split>(J, r, y, N, N); }
#endif
  static void activate_fast_tanh() { fast_net.activate(x, tmp); }
  static void activate_table_tanh5() { table_net.activate(x, tmp); }
  static void euler_step_fast_tanh() { (void)fast_euler.step(fast_net, x, kDt); }
  static void euler_step_table_tanh5() { (void)table_euler.step(table_net, x, kDt); }

  static void run(const float* couplings) {
    J = couplings;
    (void)fast_net.bind(J, N);
    (void)table_net.bind(J, N);
    reset();
    emit("matvec", N, fw::measure<2>(&matvec), &matvec);
#if defined(__ARM_FEATURE_FMA) && defined(__ARM_ARCH_PROFILE)
    emit("matvec_fused", N, fw::measure<2>(&matvec_fused), &matvec_fused);
    emit("matvec_split", N, fw::measure<2>(&matvec_split), &matvec_split);
#endif
    emit("activate_fast_tanh", N, fw::measure<2>(&activate_fast_tanh), &activate_fast_tanh);
    emit("activate_table_tanh5", N, fw::measure<2>(&activate_table_tanh5), &activate_table_tanh5);
    reset();
    emit("euler_step_fast_tanh", N, fw::measure<2>(&euler_step_fast_tanh), &euler_step_fast_tanh);
    reset();
    emit("euler_step_table_tanh5", N, fw::measure<2>(&euler_step_table_tanh5), &euler_step_table_tanh5);
  }
};

// The RLS update (readouts/rls.hpp, K = 1, lambda = 1) at F features on a fixed
// pseudo-random sequence (the bench's TrainerCase, smaller); a fresh sample per call.
template <int F>
struct RlsCycleCase {
  static inline ec::Rls<F, 1> rls;
  static inline ec::Vector<F> f;
  static inline ec::Vector<1> y;
  static inline ec::NormalStream z{11u};
  static void next_sample() {
    f[0] = 1.0f;
    for (int j = 1; j < F; ++j) f[j] = z.next();
    y[0] = 0.01f * f[F - 1];
  }
  static void rls_update() { (void)rls.update(f, y); }
  static void run() {
    ec::RlsConfig c;
    c.alpha = 1.0f;
    if (rls.configure(c) != ec::Status::ok) put("bench_cycles: rls configure failed\n");
    for (int s = 0; s < 4; ++s) {
      next_sample();
      rls_update();
    }
    next_sample();
    rls_update();
    next_sample();
    const std::uint32_t units = fw::minus_overhead(fw::measure_raw(&rls_update));
    next_sample();
    emit("rls_update", F, units, &rls_update, "f");
  }
};

}  // namespace

int main() {
  put("{\"cycle_counter\":\"");
  put(cortexm::cycle_counter_name(cortexm::cycle_counter_enable()));
  put("\",\"kernel\":\"");
  put(kArmKernel ? "arm" : "portable");
  put("\"}\n");
  if (!fw::start("bench_cycles")) return 0;
  CycleCase<16>::run(kJ16);
  CycleCase<64>::run(kJ64);
  RlsCycleCase<16>::run();
  RlsCycleCase<64>::run();
  return 0;
}
