// The DWT cycle counter (CYCCNT) of an ARMv7-M / ARMv8-M core, probed before it is trusted:
// a core may be built without it (DWT_CTRL.NOCYCCNT), and an emulator may leave the DWT
// unimplemented (QEMU's reads are zero and the count never moves). A benchmark asks
// cycle_counter_enable() once and prints cycles only when it says `available`, never a 0.
#pragma once

#include <cstdint>

namespace cortexm {

enum class CycleCounter : std::uint8_t {
  available,        // CYCCNT counts core clock cycles
  not_implemented,  // DWT_CTRL.NOCYCCNT is set: the core has no cycle counter
  not_counting,     // enabled, but CYCCNTENA does not stick or the count does not advance (QEMU)
  no_dwt,           // not an ARMv7-M/ARMv8-M Mainline core (M0/M0+/M23 have no CYCCNT)
};

// Sets DEMCR.TRCENA, unlocks the DWT (the M7 needs the LAR key), sets DWT_CTRL.CYCCNTENA
// and checks that the count moves over a short busy loop. Safe to call more than once.
CycleCounter cycle_counter_enable();

// The last cycle_counter_enable()'s answer (no_dwt before the first call).
CycleCounter cycle_counter_state();

// CYCCNT (wraps at 2^32: differences of two reads are exact below 2^32 cycles). Only
// meaningful when the state is `available`; 0 otherwise.
std::uint32_t cycle_counter_read();

// "available", "not_implemented", "not_counting", "no_dwt".
const char* cycle_counter_name(CycleCounter c);

}  // namespace cortexm
