// Single-bit faults for the fault-injection tests (host tests/faults and the target's
// tests/target/faults): one bit of a byte buffer, or of a float's representation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace edgechaos::test {

/// Flips bit `bit` of the buffer at p (bit 0 is the low bit of byte 0).
inline void flip_bit(void* p, std::size_t bit) {
  static_cast<unsigned char*>(p)[bit / 8] ^= static_cast<unsigned char>(1u << (bit % 8));
}

/// v with bit `bit` (0..31) of its binary32 representation flipped.
inline float flipped(float v, int bit) {
  std::uint32_t u;
  std::memcpy(&u, &v, 4);
  u ^= 1u << bit;
  std::memcpy(&v, &u, 4);
  return v;
}

}  // namespace edgechaos::test
