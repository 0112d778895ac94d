// Counter on real Cortex-M3/M4/M7/M33 silicon: DWT CYCCNT, core clock cycles.
#include "cortexm/board.hpp"

namespace cortexm {

namespace {
volatile std::uint32_t& reg(std::uintptr_t a) { return *reinterpret_cast<volatile std::uint32_t*>(a); }
constexpr std::uintptr_t kDemcr = 0xE000EDFCu, kDwtCtrl = 0xE0001000u, kDwtCyccnt = 0xE0001004u;
}  // namespace

void counter_start() {
  reg(kDemcr) = reg(kDemcr) | (1u << 24);  // TRCENA
  reg(kDwtCyccnt) = 0u;
  reg(kDwtCtrl) = reg(kDwtCtrl) | 1u;      // CYCCNTENA
}
std::uint32_t counter_read() { return reg(kDwtCyccnt); }
std::uint32_t counter_to_units(std::uint32_t ticks) { return ticks; }
const char* counter_unit() { return "cycles"; }
bool counter_available() { return true; }

}  // namespace cortexm
