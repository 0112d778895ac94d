// Compile-time memory budget of the footprint configuration: an N-neuron network with J
// in flash, FastTanh, one Euler stepper and one EnergyMonitor. Every object has a byte
// count derived from what it must hold; static_asserts in footprint.cpp hold the real
// sizeof() to it, and the footprint check (ctest) holds the linked image's RAM and the
// measured stack to it.
#pragma once

#include <cstddef>

namespace footprint {

template <int N>
struct Budget {
  static constexpr std::size_t kFloat = 4;
  // Flash: J, row-major N x N floats (the weights).
  static constexpr std::size_t couplings = kFloat * N * N;
  // RAM, per object:
  static constexpr std::size_t state = kFloat * N;               // x
  static constexpr std::size_t network = kFloat * N + 4 * 4;     // bias b; J and W_in views; n, m
  static constexpr std::size_t stepper = 3 * kFloat * N + 16;    // v, phi(x), next x; empty input
  // Monitor (sizeof 208 on the M4F and the host; 168 on the M4F before the statistics'
  // blocks): config (24),
  // thresholds (8), 4 channels x (mean and its compensation, m2 and its compensation, the
  // block's two sums, min, max) (128), the merged count and the block's count (12), last
  // sample (16), the 64-bit rest counter and the flag (16), plus up to 16 bytes of padding
  // because Eigen aligns its 16-byte fixed arrays to 16 bytes.
  static constexpr std::size_t monitor = 24 + 8 + 4 * 8 * 4 + 8 + 4 + 16 + 16 + 16;
  // The port and C library: the console handle, and on soft-float cores newlib's
  // reentrancy block (96 B) that libm's sqrtf reaches for errno.
  static constexpr std::size_t port = 128;
  static constexpr std::size_t ram = state + network + stepper + monitor + port;
  // Stack of one Euler step with the monitor: the step's locals (sums, a few scalars,
  // saved registers); no vector temporaries on the stack. Without an FPU every float
  // operation is a libgcc call with its own saved registers, and a fully unrolled small-N
  // loop keeps more values on the stack: twice the room there.
#if defined(__ARM_FP)
  static constexpr std::size_t step_stack = 256;
#else
  static constexpr std::size_t step_stack = 512;
#endif
};

}  // namespace footprint
