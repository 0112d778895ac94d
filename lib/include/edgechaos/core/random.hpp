/// \file
/// A platform-independent random stream.
///
/// The same seed must give the same bits on x86-64, Cortex-M0 (soft float) and Cortex-M7
/// (double-precision FPU with FMA). So the integer generator is xoshiro128++ (32-bit
/// operations only), and the normal transform is Marsaglia's polar method built from
/// operations IEEE 754 rounds correctly on every platform: integer arithmetic, one
/// int->double conversion, one division, one square root and one multiplication. The
/// logarithm it needs is computed in fixed point with integers, and no expression offers
/// the compiler an a*b+c to contract into an FMA.
#pragma once

#include <cmath>
#include <cstdint>

namespace edgechaos {

/// SplitMix64: expands a 64-bit seed into well-mixed state words.
class SplitMix64 {
 public:
  /// Starts the sequence at \p seed (any value, 0 included).
  explicit constexpr SplitMix64(std::uint64_t seed) : state_(seed) {}
  /// The next 64-bit output.
  constexpr std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }

 private:
  std::uint64_t state_;
};

/// xoshiro128++ (Blackman & Vigna): 128-bit state, 32-bit output, fast on any 32-bit core.
class Xoshiro128pp {
 public:
  /// The stream of \p seed (see reseed).
  explicit constexpr Xoshiro128pp(std::uint64_t seed = 0) { reseed(seed); }

  /// Restarts at the state SplitMix64(\p seed) expands to; every seed, 0 included, is valid.
  constexpr void reseed(std::uint64_t seed) {
    SplitMix64 mix(seed);
    const std::uint64_t a = mix.next();
    const std::uint64_t b = mix.next();
    s_[0] = static_cast<std::uint32_t>(a);
    s_[1] = static_cast<std::uint32_t>(a >> 32);
    s_[2] = static_cast<std::uint32_t>(b);
    s_[3] = static_cast<std::uint32_t>(b >> 32);
    if ((s_[0] | s_[1] | s_[2] | s_[3]) == 0u) s_[0] = 1u;  // the all-zero state is a fixed point
  }

  /// The next 32 random bits.
  constexpr std::uint32_t next_u32() {
    const std::uint32_t result = rotl(s_[0] + s_[3], 7) + s_[0];
    const std::uint32_t t = s_[1] << 9;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 11);
    return result;
  }

  /// Uniform in [0, 1) with 24 random bits: exact in float on every platform.
  constexpr float next_uniform() {
    return static_cast<float>(next_u32() >> 8) * (1.0f / 16777216.0f);
  }

 private:
  static constexpr std::uint32_t rotl(std::uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }
  std::uint32_t s_[4] = {1u, 0u, 0u, 0u};
};

namespace detail {

// -ln(s) for s = m / 2^52 in (0, 1), m a positive integer below 2^52, returned in Q32
// fixed point (value * 2^32). Integer-only: identical on every platform.
// log2 by the classic bit-by-bit squaring of the mantissa (28 fraction bits), then times ln 2.
inline std::uint64_t neg_ln_q32(std::uint64_t m) {
  // m in [1, 2^52]; find e with 2^e <= m < 2^(e+1)
  int e = 63;
  while (((m >> e) & 1u) == 0u) --e;
  // mantissa in Q30: y in [1, 2)
  std::uint64_t y = e >= 30 ? (m >> (e - 30)) : (m << (30 - e));
  std::uint64_t frac = 0;  // log2(y) in Q28
  for (int bit = 27; bit >= 0; --bit) {
    y = (y * y) >> 30;  // y < 2^31, so y*y < 2^62: no overflow
    if (y >= (std::uint64_t{2} << 30)) {
      y >>= 1;
      frac |= std::uint64_t{1} << bit;
    }
  }
  // log2(s) = e - 52 + frac; -log2(s) = (52 - e) - frac  (>= 0), in Q28
  const std::uint64_t neg_log2_q28 = (static_cast<std::uint64_t>(52 - e) << 28) - frac;
  // times ln 2 in Q30 (744261118 / 2^30 = 0.6931471806): Q28 * Q30 >> 26 = Q32.
  // neg_log2 <= 50 * 2^28 (s' >= 2^-50), so the product stays below 2^64.
  constexpr std::uint64_t ln2_q30 = 744261118ull;
  return (neg_log2_q28 * ln2_q30) >> 26;
}

}  // namespace detail

/// Standard normal variates from a Xoshiro128pp stream, bit-identical on every platform.
class NormalStream {
 public:
  static constexpr int kVersion = 1;  ///< the stream's version (FloatNormalStream is 2)

  /// The stream of \p seed.
  explicit constexpr NormalStream(std::uint64_t seed = 0) : rng_(seed) {}

  /// Restarts the stream of \p seed (a pending second variate is dropped).
  void reseed(std::uint64_t seed) {
    rng_.reseed(seed);
    has_spare_ = false;
  }

  /// The next N(0, 1) variate (the polar method yields two per accepted pair; the second
  /// is returned by the next call).
  float next() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    for (;;) {
      // u, v uniform on (-1, 1) as integers in (-2^25, 2^25), 26-bit: squares fit 52 bits.
      const std::int64_t u = static_cast<std::int64_t>(rng_.next_u32() >> 6) - (std::int64_t{1} << 25);
      const std::int64_t v = static_cast<std::int64_t>(rng_.next_u32() >> 6) - (std::int64_t{1} << 25);
      const std::uint64_t s = static_cast<std::uint64_t>(u * u + v * v);  // s / 2^50 in [0, 2)
      if (s == 0 || s >= (std::uint64_t{1} << 50)) continue;              // reject outside the unit disc
      // factor = sqrt(-2 ln(s') / s') with s' = s / 2^50; the integer log takes s * 4 = s' * 2^52.
      const std::uint64_t neg_ln = detail::neg_ln_q32(s << 2);  // -ln(s') in Q32, < 2^38
      const double two_neg_ln = static_cast<double>(neg_ln) * (2.0 / 4294967296.0);  // exact: power of two
      const double s_prime = static_cast<double>(s) * (1.0 / 1125899906842624.0);    // exact: s < 2^53
      const double factor = std::sqrt(two_neg_ln / s_prime);  // division and sqrt: correctly rounded
      // u' = u / 2^25 (exact); each product is a single correctly rounded multiplication.
      spare_ = static_cast<float>(static_cast<double>(v) * (factor * (1.0 / 33554432.0)));
      has_spare_ = true;
      return static_cast<float>(static_cast<double>(u) * (factor * (1.0 / 33554432.0)));
    }
  }

  /// The underlying uniform generator (drawing from it shifts this normal stream).
  Xoshiro128pp& generator() { return rng_; }

 private:
  Xoshiro128pp rng_;
  float spare_ = 0.0f;
  bool has_spare_ = false;
};

}  // namespace edgechaos
