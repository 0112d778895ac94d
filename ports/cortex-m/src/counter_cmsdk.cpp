// Counter: the CMSDK APB timer0 of the QEMU mps2 boards, a 32-bit down-counter at the
// board clock. Under `-icount shift=10,align=off` each guest instruction advances the
// virtual clock by 1024 ns, i.e. ECM_TIMER_HZ * 1.024e-6 ticks (25.6 at 25 MHz, 20.48
// at 20 MHz): the tick difference converts exactly to instructions (EMBEDDED.md sec. 7).
#include "cortexm/board.hpp"

#ifndef ECM_TIMER_BASE
#error "ECM_TIMER_BASE (CMSDK timer0 address) must be defined by the board"
#endif
#ifndef ECM_TIMER_HZ
#error "ECM_TIMER_HZ must be defined by the board"
#endif

namespace cortexm {

namespace {
struct CmsdkTimer {
  volatile std::uint32_t ctrl, value, reload, intstatus;
};
CmsdkTimer& timer() { return *reinterpret_cast<CmsdkTimer*>(static_cast<std::uintptr_t>(ECM_TIMER_BASE)); }
}  // namespace

void counter_start() {
  timer().ctrl = 0u;
  timer().reload = 0xFFFFFFFFu;
  timer().value = 0xFFFFFFFFu;
  timer().ctrl = 1u;  // enable
}

std::uint32_t counter_read() { return 0xFFFFFFFFu - timer().value; }

std::uint32_t counter_to_units(std::uint32_t ticks) {
  // instructions = ticks / (Hz * 1024e-9), rounded: ticks * 1e9 / (Hz * 1024).
  const std::uint64_t den = static_cast<std::uint64_t>(ECM_TIMER_HZ) * 1024u;
  return static_cast<std::uint32_t>((static_cast<std::uint64_t>(ticks) * 1000000000u + den / 2u) / den);
}

const char* counter_unit() { return "instructions"; }
bool counter_available() { return true; }

}  // namespace cortexm
