// Helpers of the bit-for-bit tests: a float's bits, and N(0, 1) samples from the library's
// NormalStream (the same values on every platform, so a test's inputs are fixed by its seed).
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>

#include "edgechaos/core/random.hpp"

namespace edgechaos::test {

/// The bits of v (to compare floats bit for bit, -0 and NaN payloads included).
inline std::uint32_t bits(float v) {
  std::uint32_t u;
  std::memcpy(&u, &v, sizeof u);
  return u;
}

/// count values of NormalStream(seed).
inline std::vector<float> normals(int count, std::uint64_t seed) {
  NormalStream s(seed);
  std::vector<float> v(static_cast<std::size_t>(count));
  for (float& x : v) x = s.next();
  return v;
}

}  // namespace edgechaos::test
