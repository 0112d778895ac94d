// The board interface every firmware and target test uses: console, exit, counter.
// One implementation per board (src/board_*.cpp), chosen by the toolchain file's
// EDGECHAOS_BOARD. No heap, no stdio: text goes out as NUL-terminated strings.
#pragma once

#include <cstdint>

namespace cortexm {

// Exit codes (QEMU passes them through semihosting as its own exit status).
constexpr int kExitPass = 0;
constexpr int kExitFail = 1;
constexpr int kExitFault = 99;  // any fault handler ends here

// Board setup before main(): clocks, console. Called by the reset handler.
void board_init();

// Writes a NUL-terminated string to the console (semihosting stdout under QEMU,
// a UART on real boards).
void console_write(const char* s);

// Ends the program with a code. Under QEMU: semihosting exit; on real boards: prints
// the code and parks the core.
[[noreturn]] void board_exit(int code);

// A free-running counter for cost measurements.
//   QEMU mps2: CMSDK timer0; under `-icount shift=10,align=off` every guest instruction
//              advances it by a fixed number of ticks, so counter_instructions() is an
//              exact instruction count (EMBEDDED.md section 7).
//   Real boards: DWT CYCCNT, i.e. core cycles.
void counter_start();
std::uint32_t counter_read();  // monotonic ticks since counter_start()
// Converts a tick difference to instructions (QEMU -icount) or cycles (DWT).
std::uint32_t counter_to_units(std::uint32_t ticks);
// "instructions" or "cycles": what counter_to_units() returns.
const char* counter_unit();
// True if the counter works on this board.
bool counter_available();

}  // namespace cortexm
