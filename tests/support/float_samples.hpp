// Helpers of the bit-for-bit tests: a float's bits, N(0, 1) samples from the library's
// NormalStream (the same values on every platform, so a test's inputs are fixed by its
// seed), and detail::matvec's documented summation order written out literally.
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

/// row . r in detail/matvec.hpp's documented order, one scalar operation at a time: lane k
/// takes columns k, k + 8, ... from +0, the last n % 8 columns go to lanes 0, 1, ..., and
/// the lanes combine as ((l0 + l4) + (l1 + l5)) + ((l2 + l6) + (l3 + l7)).
inline float reference_dot(const float* row, const float* r, int n) {
  float lane[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  const int full = n - n % 8;
  for (int j = 0; j < full; ++j) lane[j % 8] = lane[j % 8] + row[j] * r[j];
  for (int j = full; j < n; ++j) lane[j - full] = lane[j - full] + row[j] * r[j];
  return ((lane[0] + lane[4]) + (lane[1] + lane[5])) + ((lane[2] + lane[6]) + (lane[3] + lane[7]));
}

}  // namespace edgechaos::test
