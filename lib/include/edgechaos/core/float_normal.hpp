/// \file
/// FloatNormalStream: standard normal variates in single precision, bit-identical on every
/// platform, and cheap on a single-precision FPU (stream version 2; NormalStream in
/// core/random.hpp, version 1, computes in double and stays as it is).
///
/// The ziggurat of Marsaglia & Tsang (2000) with 128 layers and constant float tables
/// (core/ziggurat_tables.hpp, written by tools/gen_ziggurat_tables.py). One 32-bit draw b
/// of Xoshiro128pp is split into disjoint bits, so layer, sign and value are independent
/// (the correlation Doornik (2005) found in the original, which reused the layer's bits):
///   layer i = b & 127, sign = bit 7, magnitude m = b >> 8 in [0, 2^24).
/// x = m w[i] (one correctly rounded product of exact operands). When m < k[i] (97.2 % of
/// the draws) x is returned with its sign; otherwise layer 0 samples the tail beyond r and
/// layers 1..127 test the wedge, drawing more uniforms, both through ln_unit below.
///
/// Only IEEE 754 operations that every platform rounds the same way are used: integer
/// arithmetic, u32 -> float conversions of values below 2^24 (exact), + - * / and
/// comparisons. A product that feeds an addition goes through rounded_product(), a volatile
/// store and load, so no compiler can contract it into a fused multiply-add: the stream is
/// the same with and without -ffp-contract=off, on cores with and without FMA.
#pragma once

#include <cstdint>
#include <cstring>

#include "edgechaos/core/random.hpp"
#include "edgechaos/core/ziggurat_tables.hpp"

namespace edgechaos {

namespace detail {

/// a * b rounded to float and stored: the value an addition then sees is that rounded
/// product, never an FMA's unrounded one (only the ziggurat's rare slow paths use it).
inline float rounded_product(float a, float b) {
  volatile float p = a * b;
  return p;
}

/// ln(u) for a float u in [2^-24, 1] (the uniforms below), within 4e-7 |ln u| + 2e-8
/// of the exact value (tests/host/test_float_normal.cpp checks against std::log; the worst
/// error is under half of that bound).
/// u = 2^e m with m in [sqrt(1/2), sqrt 2) taken from the bits (exact); then
/// ln m = 2 atanh(s), s = (m - 1) / (m + 1), |s| < 0.1716, by its series to s^9
/// (truncation below 1e-9), and ln u = e ln 2 + ln m.
inline float ln_unit(float u) {
  std::uint32_t bits = 0;
  std::memcpy(&bits, &u, sizeof bits);
  int e = static_cast<int>(bits >> 23) - 127;
  bits = (bits & 0x007FFFFFu) | 0x3F800000u;  // the mantissa as a float in [1, 2)
  float m = 0.0f;
  std::memcpy(&m, &bits, sizeof m);
  if (m > 1.41421356f) {
    m *= 0.5f;  // exact
    ++e;
  }
  const float s = (m - 1.0f) / (m + 1.0f);  // m - 1 exact (Sterbenz)
  const float z = s * s;
  float p = rounded_product(z, 2.0f / 9.0f) + 2.0f / 7.0f;
  p = rounded_product(z, p) + 2.0f / 5.0f;
  p = rounded_product(z, p) + 2.0f / 3.0f;
  p = rounded_product(z, p) + 2.0f;
  return rounded_product(static_cast<float>(e), 0.693147182f) + rounded_product(s, p);
}

}  // namespace detail

/// Standard normal variates in float from a Xoshiro128pp stream (the ziggurat above):
/// stream version 2, bit-identical on every platform and in every contraction mode.
class FloatNormalStream {
 public:
  static constexpr int kVersion = 2;  ///< NormalStream (double polar method) is version 1

  /// The stream of \p seed.
  explicit constexpr FloatNormalStream(std::uint64_t seed = 0) : rng_(seed) {}

  /// Restarts the stream of \p seed (the ziggurat keeps no pending variate).
  void reseed(std::uint64_t seed) { rng_.reseed(seed); }

  /// The next N(0, 1) variate.
  float next() {
    const std::uint32_t b = rng_.next_u32();
    const std::uint32_t layer = b & 127u;
    const std::uint32_t m = b >> 8;
    if (m < detail::kZigguratK[layer]) {
      const float x = static_cast<float>(m) * detail::kZigguratW[layer];
      return (b & 128u) != 0u ? -x : x;
    }
    return next_slow(b);
  }

  /// The underlying uniform generator (drawing from it shifts this normal stream).
  Xoshiro128pp& generator() { return rng_; }

 private:
  // A uniform in [0, 1) and one in (0, 1], both multiples of 2^-24 (exact in float).
  float uniform() { return static_cast<float>(rng_.next_u32() >> 8) * (1.0f / 16777216.0f); }
  float uniform_positive() { return static_cast<float>((rng_.next_u32() >> 8) + 1u) * (1.0f / 16777216.0f); }

  // The 2.8 % of draws outside the fast path, out of line so that the fast path keeps a small
  // frame: draw b is in the tail (layer 0) or a wedge; a rejected point starts over with a
  // new draw, which may take the fast path again (the same sequence as one loop over all).
  __attribute__((noinline)) float next_slow(std::uint32_t b) {
    for (;;) {
      const std::uint32_t layer = b & 127u;
      const std::uint32_t m = b >> 8;
      const float x = static_cast<float>(m) * detail::kZigguratW[layer];
      const bool negative = (b & 128u) != 0u;
      if (m < detail::kZigguratK[layer]) return negative ? -x : x;
      if (layer == 0u) return negative ? -tail() : tail();
      if (in_wedge(layer, x)) return negative ? -x : x;
      b = rng_.next_u32();
    }
  }

  // Layer i's wedge: x in [x_(i-1), x_i], y uniform between f[i] and f[i - 1]; the point is
  // under the curve when y < exp(-x^2/2), tested as ln y < -x^2/2.
  bool in_wedge(std::uint32_t layer, float x) {
    const float lo = detail::kZigguratF[layer];
    const float y = detail::rounded_product(uniform(), detail::kZigguratF[layer - 1u] - lo) + lo;
    return detail::ln_unit(y) < -0.5f * (x * x);
  }

  // Marsaglia's tail beyond r: a = -ln(u1) / r, b = -ln(u2), until 2b > a^2; then r + a.
  float tail() {
    for (;;) {
      const float a = detail::rounded_product(detail::ln_unit(uniform_positive()), -detail::kZigguratInvR);
      const float b = -detail::ln_unit(uniform_positive());
      if (b + b > detail::rounded_product(a, a)) return detail::kZigguratR + a;
    }
  }

  Xoshiro128pp rng_;
};

}  // namespace edgechaos
