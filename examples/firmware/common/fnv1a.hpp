// FNV-1a over the little-endian bytes of 32-bit words: one number that differs if any bit
// of what was hashed differs, so "bit-identical to the host" is one comparison. Used by the
// firmware reports (32-bit) and the target golden cases (64-bit), on the device and in their
// host builds alike. Header-only, no I/O, nothing from the port.
#pragma once

#include <cstdint>
#include <cstring>
#include <type_traits>

namespace fw {

inline std::uint32_t bits(float v) {
  std::uint32_t b;
  std::memcpy(&b, &v, sizeof b);
  return b;
}

inline std::uint64_t bits(double v) {
  std::uint64_t b;
  std::memcpy(&b, &v, sizeof b);
  return b;
}

template <class Word, Word kBasis, Word kPrime>
struct Fnv1a {
  Word h = kBasis;

  void add_word(std::uint32_t w) {
    for (int b = 0; b < 4; ++b) {
      h ^= (w >> (8 * b)) & 0xFFu;
      h *= kPrime;
    }
  }
  // Any integer is hashed as the 32-bit word it converts to (counts, indices, flags).
  template <class I, std::enable_if_t<std::is_integral_v<I>, int> = 0>
  void add(I w) {
    add_word(static_cast<std::uint32_t>(w));
  }
  void add(float f) { add_word(bits(f)); }
  template <class I>
  void add(const float* p, I n) {
    for (I i = 0; i < n; ++i) add(p[i]);
  }
  void add64(std::uint64_t w) {  // low word first
    add_word(static_cast<std::uint32_t>(w));
    add_word(static_cast<std::uint32_t>(w >> 32));
  }
  void add_double(double d) { add64(bits(d)); }
};

// The two widths the recorded outputs use: the reports print 32 bits, the golden headers 64.
using Fnv1a32 = Fnv1a<std::uint32_t, 2166136261u, 16777619u>;
using Fnv1a64 = Fnv1a<std::uint64_t, 0xcbf29ce484222325ull, 0x100000001b3ull>;

}  // namespace fw
