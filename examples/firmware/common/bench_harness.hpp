// The firmware benches' one measurement: the counter's units (instructions under QEMU
// -icount, cycles with the DWT) of one call of fn, minus the cost of calling an empty
// function, so what remains is the callee's body, prologue and epilogue included.
// start() once (counter on, overhead calibrated), then measure<warm-ups>(fn).
#pragma once

#include <cstdint>

#include "cortexm/board.hpp"
#include "cortexm/console.hpp"

namespace fw {

using BenchFn = void (*)();

__attribute__((noinline)) inline void empty_case() { __asm volatile(""); }

inline std::uint32_t g_overhead = 0;  // the units of calling empty_case

// Out of line, so that every case is timed by the same instructions around the call.
__attribute__((noinline)) inline std::uint32_t measure_raw(BenchFn fn) {
  const std::uint32_t t0 = cortexm::counter_read();
  fn();
  const std::uint32_t t1 = cortexm::counter_read();
  return cortexm::counter_to_units(t1 - t0);
}

inline void calibrate() { g_overhead = measure_raw(&empty_case); }

// The counter started and calibrated; false (after a line naming the bench) on a board
// without one, where the bench ends with nothing to report.
inline bool start(const char* bench) {
  if (!cortexm::counter_available()) {
    cortexm::put(bench);
    cortexm::put(": no counter on this board\n");
    return false;
  }
  cortexm::counter_start();
  calibrate();
  return true;
}

inline std::uint32_t minus_overhead(std::uint32_t units) { return units > g_overhead ? units - g_overhead : 0u; }

// kWarmups unmeasured calls first (they fill the state the measured call starts from).
template <int kWarmups>
std::uint32_t measure(BenchFn fn) {
  for (int i = 0; i < kWarmups; ++i) fn();
  return minus_overhead(measure_raw(fn));
}

}  // namespace fw
