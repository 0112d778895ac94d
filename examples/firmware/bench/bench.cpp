// Cost benchmark on the target: instruction counts per step under QEMU
// `-icount shift=10,align=off` (exact: EMBEDDED.md section 7), cycles on real silicon
// (DWT). One JSON line per case on stdout, e.g.
//   {"bench":"euler_step","target":"cortex-m4f","n":64,"monitor":false,"instructions":6789,"per_mac":1.66}
// These are instruction counts, not cycles: real M4/M7 pipelines, flash wait states and
// FPU latencies change the time per instruction. Use them for comparisons and regressions.
#include <cstdint>

#include "bench_tables.hpp"
#include "cortexm/board.hpp"
#include "cortexm/console.hpp"
#include "edgechaos/edgechaos.hpp"
#include "edgechaos/quasi/langevin.hpp"
#include "edgechaos/chaos/lyapunov.hpp"
#include "edgechaos/quasi/quasi_potential.hpp"

#ifndef EDGECHAOS_TARGET_NAME
#define EDGECHAOS_TARGET_NAME "cortex-m"
#endif

namespace {

namespace ec = edgechaos;
using cortexm::put;

using Fn = void (*)();

__attribute__((noinline)) void empty_case() { __asm volatile(""); }

// Units (instructions or cycles) of one call of fn, minus the cost of calling an empty
// function: what remains is the callee's body, prologue and epilogue included.
std::uint32_t g_overhead = 0;
__attribute__((noinline)) std::uint32_t measure_raw(Fn fn) {
  const std::uint32_t t0 = cortexm::counter_read();
  fn();
  const std::uint32_t t1 = cortexm::counter_read();
  return cortexm::counter_to_units(t1 - t0);
}
std::uint32_t measure(Fn fn) {
  fn();  // warm-up: the first step sizes nothing (fixed sizes) but fills the state
  fn();
  const std::uint32_t u = measure_raw(fn);
  return u > g_overhead ? u - g_overhead : 0u;
}

void emit(const char* bench, int n, int monitor, std::uint32_t units, std::uint32_t macs) {
  put("{\"bench\":\"");
  put(bench);
  put("\",\"target\":\"" EDGECHAOS_TARGET_NAME "\",\"n\":");
  cortexm::put_int(n);
  if (monitor >= 0) {
    put(",\"monitor\":");
    cortexm::put_bool(monitor != 0);
  }
  put(",\"");
  put(cortexm::counter_unit());
  put("\":");
  cortexm::put_uint(units);
  put(",\"per_mac\":");
  cortexm::put_fixed(static_cast<float>(units) / static_cast<float>(macs), 3);
  put("}\n");
}

template <int N>
struct Case {
  using Net = ec::RateNetwork<N, 0, ec::FastTanh>;
  static inline const float* J = nullptr;
  static inline Net net;
  static inline ec::Vector<N> x;
  static inline ec::Vector<N> tmp;
  static inline float r[N], y[N];
  static inline ec::Euler<Net> euler;
  static inline ec::RK4<Net> rk4;
  static inline ec::EnergyMonitor<float> monitor;
  static inline ec::Lyapunov<Net, ec::TangentScheme::rk4> lyapunov;
  static inline ec::QuasiPotential<Net> qp;
  static constexpr int kReplicas = 2;
  static inline ec::LangevinSampler<Net, kReplicas> langevin;
  static constexpr float kDt = 0.05f;

  static void reset() {
    ec::NormalStream z(5u);
    for (int i = 0; i < N; ++i) x[i] = r[i] = z.next();
  }
  static void euler_step() { (void)euler.step(net, x, kDt); }
  static void euler_step_monitor() { (void)euler.step(net, x, kDt, monitor); }
  static void rk4_step() { (void)rk4.step(net, x, kDt); }
  static void rk4_step_monitor() { (void)rk4.step(net, x, kDt, monitor); }
  static void matvec() { ec::detail::matvec<N, N>(J, r, y, N, N); }
  // RK4 of the state plus the RK4 tangent (4 velocities + 4 Jacobian products); the
  // renormalisation every 10th step is not in a single measured step.
  static void lyapunov_step() { (void)lyapunov.step(net, x, kDt); }
  // dE/dx of the quasi-potential: one product with J (inside velocity), one with J^T.
  static void gradient() { (void)qp.gradient(net, x, tmp); }
  // One sampler step: for each of the kReplicas replicas N normal variates, the gradient and
  // x <- x - dt grad + noise, plus the rollback copy of the noise streams; no response copies.
  static void langevin_step() { (void)langevin.step(net, 100.0f); }
  // The straightforward Eigen reference: noalias product into a fixed-size temporary
  // (no heap) with Eigen's own fast tanh, x += dt (J tanh(x) - x).
  static void eigen_euler_step() {
    const Eigen::Map<const ec::CouplingMatrix<N>> Jm(J);
    tmp.noalias() = Jm * x.array().tanh().matrix();
    x += kDt * (tmp - x);
  }

  static void run(const float* couplings) {
    J = couplings;
    (void)net.bind(J, N);
    const std::uint32_t mac = static_cast<std::uint32_t>(N) * N;
    reset();
    emit("matvec", N, -1, measure(&matvec), mac);
    reset();
    emit("euler_step", N, 0, measure(&euler_step), mac);
    reset();
    emit("euler_step", N, 1, measure(&euler_step_monitor), mac);
    reset();
    emit("rk4_step", N, 0, measure(&rk4_step), 4 * mac);
    reset();
    emit("rk4_step", N, 1, measure(&rk4_step_monitor), 4 * mac);
    reset();
    emit("eigen_reference_euler_step", N, 0, measure(&eigen_euler_step), mac);
    reset();
    emit("lyapunov_step", N, -1, measure(&lyapunov_step), 8 * mac);
    reset();
    emit("gradient", N, -1, measure(&gradient), 2 * mac);
    ec::LangevinConfig c;
    c.dt = 0.01f;  // below 1 / sigma_max(-I + J)^2 for these g = 1.5 couplings
    if (langevin.configure(net, c) == ec::Status::ok) {
      // reported per replica: the step of all kReplicas divided by kReplicas
      emit("langevin_step", N, -1, measure(&langevin_step) / kReplicas, 2 * mac);
    } else {
      put("bench: langevin configure failed\n");
    }
  }
};

}  // namespace

int main() {
  if (!cortexm::counter_available()) {
    put("bench: no counter on this board\n");
    return 0;
  }
  cortexm::counter_start();
  g_overhead = measure_raw(&empty_case);
  Case<16>::run(kJ16);
  Case<32>::run(kJ32);
  Case<64>::run(kJ64);
  Case<128>::run(kJ128);
  return 0;
}
