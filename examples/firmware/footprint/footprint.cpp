// Footprint probe: the smallest useful firmware - an N-neuron network (J in flash,
// FastTanh), Euler steps with the energy monitor - checked against its compile-time
// budget (budget.hpp). Prints one JSON line with the budget and the painted-stack depth
// of one step; tests/target/cmake/footprint_check.cmake adds flash and RAM from the ELF.
#include "budget.hpp"
#include "cortexm/console.hpp"
#include "cortexm/stack.hpp"
#include "edgechaos/edgechaos.hpp"
#include "footprint_tables.hpp"

#ifndef EC_FOOTPRINT_N
#error "EC_FOOTPRINT_N must be defined"
#endif
#ifndef EDGECHAOS_TARGET_NAME
#define EDGECHAOS_TARGET_NAME "cortex-m"
#endif

namespace {

namespace ec = edgechaos;
constexpr int kN = EC_FOOTPRINT_N;
using Net = ec::RateNetwork<kN, 0, ec::FastTanh>;
using Stepper = ec::Euler<Net>;
using Monitor = ec::EnergyMonitor<float>;
using B = footprint::Budget<kN>;

constexpr const float* couplings() {
  if constexpr (kN == 16) return kJ16;
  else if constexpr (kN == 64) return kJ64;
  else return kJ128;
}

static_assert(sizeof(ec::Vector<kN>) <= B::state, "state over budget");
static_assert(sizeof(Net) <= B::network, "network over budget");
static_assert(sizeof(Stepper) <= B::stepper, "stepper over budget");
static_assert(sizeof(Monitor) <= B::monitor, "monitor over budget");

Net g_net;
Stepper g_euler;
Monitor g_monitor;
ec::Vector<kN> g_x;

__attribute__((noinline)) ec::Status footprint_step() { return g_euler.step(g_net, g_x, 0.05f, g_monitor); }

void field(const char* name, std::size_t v) {
  cortexm::put(",\"");
  cortexm::put(name);
  cortexm::put("\":");
  cortexm::put_uint(v);
}

}  // namespace

int main() {
  if (g_net.bind(couplings(), kN) != ec::Status::ok) return 1;
  for (int i = 0; i < kN; ++i) g_x[i] = 0.25f * static_cast<float>(i % 7 - 3);  // any non-zero state
  bool ok = footprint_step() == ec::Status::ok;  // first step: nothing left to initialise
  const std::uintptr_t sp = cortexm::stack_paint();
  ok = ok && footprint_step() == ec::Status::ok;
  const std::size_t used = cortexm::stack_used(sp);
  cortexm::put("{\"footprint\":\"euler_monitor_fasttanh\",\"target\":\"" EDGECHAOS_TARGET_NAME "\"");
  field("n", kN);
  field("weights", B::couplings);
  field("budget_ram", B::ram);
  field("budget_stack", B::step_stack);
  field("stack_painted", used);
  cortexm::put("}\n");
  return ok && used <= B::step_stack ? 0 : 1;
}
