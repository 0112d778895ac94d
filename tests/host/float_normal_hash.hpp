// The bits of FloatNormalStream and its logarithm, as one FNV-1a 64 hash, computed the same
// way by the gtest built with FMA contraction on (test_float_normal_fma.cpp) and by the
// generator built with it off (gen_float_normal_hash.cpp): equal hashes = equal bits.
#pragma once

#include <cstdint>
#include <cstring>

#include "edgechaos/core/float_normal.hpp"

namespace float_normal_hash {

struct Fnv {
  std::uint64_t h = 0xcbf29ce484222325ull;
  void add(float v) {
    std::uint32_t b = 0;
    std::memcpy(&b, &v, sizeof b);
    for (int k = 0; k < 4; ++k) {
      h ^= (b >> (8 * k)) & 0xFFu;
      h *= 0x100000001b3ull;
    }
  }
};

// 2^18 variates of seeds 1..4 (about 7000 through the wedge, 150 through the tail), and
// ln_unit at every 61st multiple of 2^-24 in (0, 1].
inline std::uint64_t compute() {
  Fnv f;
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    edgechaos::FloatNormalStream z(seed);
    for (int i = 0; i < (1 << 16); ++i) f.add(z.next());
  }
  for (std::uint32_t k = 1; k <= (1u << 24); k += 61u) {
    f.add(edgechaos::detail::ln_unit(static_cast<float>(k) * (1.0f / 16777216.0f)));
  }
  return f.h;
}

}  // namespace float_normal_hash
