// Worst case of every public step, update and solve on this core: one out-of-line entry
// per operation (ec_entry_*), whose stack the build bounds from GCC's call graph
// (tools/stack_bound.py over -fstack-usage and -fcallgraph-info) and whose painted-stack
// depth and instruction count this image measures. Each entry is measured from three
// starting data: a chaotic state (x ~ N(0, 1)), the null state (x = 0) and a state decayed
// into the subnormal range (x ~ 1e-39): a step without data-dependent loops costs the same
// instructions in all three. One JSON line per entry; the check is stack_bound.py's.
#include <cstdint>

#include "bench_harness.hpp"
#include "cortexm/board.hpp"
#include "cortexm/console.hpp"
#include "cortexm/stack.hpp"
#include "edgechaos/edgechaos.hpp"

#ifndef EC_WORST_CASE_N
#error "EC_WORST_CASE_N must be defined"
#endif
#ifndef EDGECHAOS_TARGET_NAME
#define EDGECHAOS_TARGET_NAME "cortex-m"
#endif

namespace ec = edgechaos;

namespace {

constexpr int kN = EC_WORST_CASE_N;
constexpr int kF = kN + 1;  // readout features: the state and a constant
constexpr float kDt = 0.05f;
using Net = ec::RateNetwork<kN, 0, ec::FastTanh>;
using Esn = ec::EchoState<kN, 1, ec::FastTanh>;  // a driven leaky reservoir

ec::CouplingMatrix<kN> g_J;  // generated at start (RAM): the same for every entry
Net g_net;
Esn g_esn;
ec::Vector<kN> g_x, g_tmp;
float g_w_in[kN];
ec::Vector<1> g_u;
ec::EnergyMonitor<float> g_monitor;
ec::Euler<Net> g_euler;
ec::RK4<Net> g_rk4;
ec::EulerMaruyama<Net> g_em;
ec::MapStepper<Esn> g_map;
ec::Lyapunov<Net, ec::TangentScheme::rk4> g_lyapunov;
ec::QuasiPotential<Net> g_qp;
ec::LangevinSampler<Net, 2> g_langevin;
ec::FixedPointFinder<Net, 2> g_finder;
ec::FixedPoint<kN> g_point;
ec::Rls<kF, 1> g_rls;
ec::StreamingRidge<kF, 1> g_ridge;
ec::ReadoutWeights<kF, 1> g_weights;
ec::LinearReadout<kF, 1, ec::StateFeatures<kF>> g_readout;
ec::Vector<kF> g_f;
ec::Vector<1> g_y;

}  // namespace

// The entries: C names, so the stack script finds them in the call graph and the ELF.
#define EC_ENTRY(name) extern "C" __attribute__((noinline, used)) ec::Status ec_entry_##name()
EC_ENTRY(euler_step) { return g_euler.step(g_net, g_x, kDt, g_monitor); }
EC_ENTRY(rk4_step) { return g_rk4.step(g_net, g_x, kDt, g_monitor); }
EC_ENTRY(euler_maruyama_step) { return g_em.step(g_net, g_x, kDt); }
EC_ENTRY(esn_map_step) { return g_map.step(g_esn, g_x, g_u); }
EC_ENTRY(lyapunov_step) { return g_lyapunov.step(g_net, g_x, kDt); }
EC_ENTRY(quasi_gradient) { return g_qp.gradient(g_net, g_x, g_tmp); }
EC_ENTRY(langevin_step) { return g_langevin.step(g_net, 100.0f); }
EC_ENTRY(fixed_point_refine) { return g_finder.refine(g_net, g_x, g_point); }
EC_ENTRY(rls_update) { return g_rls.update(g_f, g_y); }
EC_ENTRY(ridge_add) { return g_ridge.add(g_f, g_y); }
EC_ENTRY(ridge_solve) { return g_ridge.solve(1e-4f, g_weights); }
EC_ENTRY(readout_predict) { return g_readout.predict(g_f, g_y); }
#undef EC_ENTRY

namespace {

using Entry = ec::Status (*)();
struct Case {
  const char* name;
  Entry entry;
};
const Case kCases[] = {
    {"euler_step", &ec_entry_euler_step},
    {"rk4_step", &ec_entry_rk4_step},
    {"euler_maruyama_step", &ec_entry_euler_maruyama_step},
    {"esn_map_step", &ec_entry_esn_map_step},
    {"lyapunov_step", &ec_entry_lyapunov_step},
    {"quasi_gradient", &ec_entry_quasi_gradient},
    {"langevin_step", &ec_entry_langevin_step},
    {"fixed_point_refine", &ec_entry_fixed_point_refine},
    {"rls_update", &ec_entry_rls_update},
    {"ridge_add", &ec_entry_ridge_add},
    {"ridge_solve", &ec_entry_ridge_solve},
    {"readout_predict", &ec_entry_readout_predict},
};

enum class Data { chaotic, null, subnormal };

// The data an entry starts from: the state, the features and the target all from it. The
// trainers are re-configured each time so that every measurement starts from the same P.
// The monitor one sample short of a full block, so the measured step is the one that also
// merges the block (core/running_stats.hpp): its costliest step, the same for every data.
// Out of line: inlined into prepare() it changed GCC's inlining elsewhere in this file (the
// M0's fixed_point_refine frame grew by 136 B).
__attribute__((noinline)) void prime_monitor() {
  g_monitor.reset();
  for (int k = 0; k + 1 < ec::EnergyMonitor<float>::Stats::kBlock; ++k) g_monitor(ec::StepSums{1.0f, 1.0f, 1.0f, kN});
}

bool prepare(Data d) {
  ec::NormalStream z(5u);
  const float scale = d == Data::chaotic ? 1.0f : d == Data::null ? 0.0f : 1e-39f;
  for (int i = 0; i < kN; ++i) g_x[i] = scale * z.next();
  g_f[0] = 1.0f;
  for (int i = 1; i < kF; ++i) g_f[i] = g_x[i - 1];
  g_y[0] = scale * 0.5f;
  g_u[0] = scale * 0.5f;
  ec::RlsConfig rc;
  rc.alpha = 1.0f;
  ec::LangevinConfig lc;
  lc.dt = 0.01f;
  ec::FixedPointConfig fc;
  fc.descent_steps = 20;  // a bounded solve: 20 descent steps, at most 10 Newton iterations
  fc.newton_iterations = 10;
  ec::LyapunovConfig yc;
  yc.renorm_every = 1;  // every step renormalises: the step measured is the costliest one
  ec::NoiseConfig nc;
  nc.sigma = 0.1f;
  nc.seed = 3u;
  prime_monitor();
  g_ridge.reset();
  for (int s = 0; s < 2 * kF; ++s) {  // a full-rank R for the solve
    ec::Vector<kF> f;
    f[0] = 1.0f;
    for (int i = 1; i < kF; ++i) f[i] = z.next();
    ec::Vector<1> y;
    y[0] = 0.1f * f[1];
    if (g_ridge.add(f, y) != ec::Status::ok) return false;
  }
  return g_rls.configure(rc) == ec::Status::ok && g_langevin.configure(g_net, lc) == ec::Status::ok &&
         g_finder.configure(g_net, fc) == ec::Status::ok && g_em.configure(nc) == ec::Status::ok &&
         g_lyapunov.configure(yc) == ec::Status::ok &&
         g_ridge.solve(1e-4f, g_weights) == ec::Status::ok && g_readout.bind(g_weights) == ec::Status::ok;
}

Entry g_current = nullptr;
void call_current() { (void)g_current(); }

void field(const char* name, std::uint64_t v) {
  cortexm::put(",\"");
  cortexm::put(name);
  cortexm::put("\":");
  cortexm::put_uint(v);
}

}  // namespace

int main() {
  if (ec::generate_couplings({1.5f, 0.0f, 1u}, g_J) != ec::Status::ok) return 1;
  for (int i = 0; i < kN; ++i) g_w_in[i] = 0.1f * static_cast<float>(i % 5 - 2);
  if (g_net.bind(g_J.data(), kN) != ec::Status::ok || g_esn.bind(g_J.data(), kN) != ec::Status::ok ||
      g_esn.set_input_weights(g_w_in) != ec::Status::ok || g_esn.set_leak(0.3f) != ec::Status::ok) {
    return 1;
  }
  const bool counter = cortexm::counter_available();
  if (counter) {
    cortexm::counter_start();
    fw::calibrate();
  }
  bool ok = true;
  for (const Case& c : kCases) {
    std::uint32_t instr[3] = {0, 0, 0};
    std::size_t painted = 0;
    ec::Status first = ec::Status::ok;
    for (int d = 0; d < 3; ++d) {
      if (!prepare(static_cast<Data>(d))) return 1;
      g_current = c.entry;
      if (d == 0) {  // the painted depth from the chaotic data
        const std::uintptr_t sp = cortexm::stack_paint();
        first = c.entry();
        painted = cortexm::stack_used(sp);
        if (!prepare(static_cast<Data>(d))) return 1;
      }
      if (counter) instr[d] = fw::minus_overhead(fw::measure_raw(&call_current));
    }
    cortexm::put("{\"worst_case\":\"");
    cortexm::put(c.name);
    cortexm::put("\",\"target\":\"" EDGECHAOS_TARGET_NAME "\"");
    field("n", kN);
    field("stack_painted", painted);
    if (counter) {
      field("instructions_chaotic", instr[0]);
      field("instructions_null", instr[1]);
      field("instructions_subnormal", instr[2]);
    }
    cortexm::put(",\"status\":\"");
    cortexm::put(ec::to_string(first));
    cortexm::put("\"}\n");
    ok = ok && (first == ec::Status::ok || first == ec::Status::not_converged);
  }
  return ok ? 0 : 1;
}
