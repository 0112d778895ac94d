// Signed fixed-point (Q) formats and the three operations every integer model is made of:
// round-to-nearest right shifts, saturation, and the wide accumulator of a product.
//
// Scaling. QFormat<B, F> stores a real value v as the B-bit signed integer raw = v 2^F, so
// its step (one unit in the last place) is 2^-F and its range is [-(2^(B-1) - 1),
// 2^(B-1) - 1] 2^-F. Weights are 8 or 16 bits, states and activations 16 or 32 bits;
// "Q3.12" below is QFormat<16, 12> (3 integer bits, 12 fraction bits, one sign bit).
//
// Saturation is symmetric: a saturated value is clamped to [-kMax, kMax], never to the
// most negative raw value -2^(B-1). So negation of any value an operation produces is exact,
// and every operation is odd (op(-x) = -op(x)), which the network's symmetry x -> -x
// needs. The most negative raw value is still accepted as an input (from the caller).
//
// Rounding is to nearest, ties away from zero (2.5 -> 3, -2.5 -> -3): the one tie rule
// that is odd, again for the symmetry. It is computed on the magnitude in unsigned
// arithmetic, so no right shift of a negative value (implementation-defined in C++17) and
// no signed overflow occur anywhere: every operation here is defined behaviour in C++17.
//
// The accumulator. A product of a weight (|w| <= 2^(Wb-1), the most negative value
// included) and a state or input (|s| <= 2^(Sb-1)) has |w s| <= 2^(Wb+Sb-2). A sum of K such
// terms has |sum| <= K 2^(Wb+Sb-2), and so does every partial sum. It fits the signed
// A-bit accumulator when K 2^(Wb+Sb-2) <= 2^(A-1) - 1, i.e.
//   K <= kMaxTerms = floor((2^(A-1) - 1) / 2^(Wb+Sb-2)).
// A = 32 when Wb + Sb <= 24 (8 x 16: kMaxTerms = 511), else A = 64 (16 x 16: about 8.6e9;
// 8 x 32: about 3.4e7; 16 x 32: 131071). The models static_assert K <= kMaxTerms for their
// compile-time N and M, so a size that could overflow is a compile error.
#pragma once

#include <cstdint>
#include <limits>
#include <type_traits>

#include "edgechaos/core/checks.hpp"
#include "edgechaos/core/config.hpp"
#include "edgechaos/core/status.hpp"

namespace edgechaos {

/// A signed fixed-point format: a real v is stored as the Bits-bit integer raw = v 2^Frac.
template <int Bits, int Frac>
struct QFormat {
  static_assert(Bits == 8 || Bits == 16 || Bits == 32, "edgechaos: a Q format has 8, 16 or 32 bits");
  static_assert(Frac >= 0 && Frac < Bits, "edgechaos: a Q format's fraction bits are in [0, Bits - 1]");

  /// The integer type that holds one value.
  using raw_type = std::conditional_t<Bits == 8, std::int8_t, std::conditional_t<Bits == 16, std::int16_t, std::int32_t>>;
  static constexpr int kBits = Bits;  ///< total bits, the sign included
  static constexpr int kFrac = Frac;  ///< fraction bits: the step is 2^-Frac
  static constexpr raw_type kMax = std::numeric_limits<raw_type>::max();  ///< largest raw value, 2^(Bits-1) - 1
  static constexpr raw_type kMin = static_cast<raw_type>(-kMax);  ///< smallest value saturation produces (symmetric)
  static constexpr std::int64_t kOneRaw = std::int64_t{1} << Frac;  ///< 1.0 as a raw value (above kMax when Frac = Bits - 1)
  static constexpr double kScale = static_cast<double>(std::int64_t{1} << Frac);  ///< 2^Frac, raw per unit

  /// The real value of a raw value (exact: a double holds any 32-bit integer over a power of two).
  static constexpr double to_double(raw_type r) { return static_cast<double>(r) / kScale; }
};

/// The accumulator of products of a weight format QW and a state format QS, and how many
/// products it can sum without overflow (the proof is at the top of core/q_format.hpp).
template <class QW, class QS>
struct QProduct {
  static_assert(QW::kBits == 8 || QW::kBits == 16, "edgechaos: weights are 8 or 16 bits");
  static_assert(QS::kBits == 16 || QS::kBits == 32, "edgechaos: states are 16 or 32 bits");
  static constexpr int kProductBits = QW::kBits + QS::kBits - 2;  ///< |w s| <= 2^kProductBits
  /// int32 for 8 x 16, int64 otherwise.
  using acc_type = std::conditional_t<(QW::kBits + QS::kBits <= 24), std::int32_t, std::int64_t>;
  static constexpr int kAccBits = static_cast<int>(sizeof(acc_type)) * 8;  ///< accumulator width
  /// The largest number of products whose sum cannot overflow acc_type.
  static constexpr std::int64_t kMaxTerms =
      static_cast<std::int64_t>(std::numeric_limits<acc_type>::max()) / (std::int64_t{1} << kProductBits);
  static_assert(kMaxTerms >= 64, "edgechaos: the accumulator must hold at least 64 products");
};

/// v / 2^shift rounded to nearest, ties away from zero; shift in [0, 62]. Defined for every
/// int64 v (INT64_MIN included): the magnitude is shifted as an unsigned value.
constexpr std::int64_t round_shift_right(std::int64_t v, int shift) {
  if (shift <= 0) return v;
  // 0 - u is the magnitude in unsigned arithmetic (defined modulo 2^64, exact for INT64_MIN).
  const auto u = static_cast<std::uint64_t>(v);
  std::uint64_t mag = u;
  if (v < 0) mag = std::uint64_t{0} - u;
  const std::uint64_t half = std::uint64_t{1} << (shift - 1);
  // mag + half cannot wrap: mag <= 2^63 and half <= 2^61.
  const auto q = static_cast<std::int64_t>((mag + half) >> shift);  // <= 2^62: fits int64 either sign
  return v < 0 ? -q : q;
}

/// A non-negative \p mag below 2^53 rounded to the nearest integer, ties up (away from
/// zero for a magnitude). Not mag + 0.5 truncated: that sum can round up in double
/// (0.5 - 2^-54 + 0.5 is 1.0); the integer part and the remainder are exact.
inline std::int64_t round_magnitude(double mag) {
  const auto whole = static_cast<std::int64_t>(mag);
  return mag - static_cast<double>(whole) >= 0.5 ? whole + 1 : whole;
}

/// v clamped to Q's symmetric range [-kMax, kMax], as Q's raw type.
template <class Q>
constexpr typename Q::raw_type saturate(std::int64_t v) {
  constexpr std::int64_t hi = Q::kMax;
  return static_cast<typename Q::raw_type>(v > hi ? hi : (v < -hi ? -hi : v));
}

/// v 2^F rounded to nearest (ties away from zero) into Q. non_finite_input for NaN/Inf;
/// invalid_argument if the rounded value is outside [-kMax, kMax]. On an error out is unchanged.
template <class Q>
Status to_fixed(double v, typename Q::raw_type& out) {
  if (!is_finite(v)) return Status::non_finite_input;
  const double scaled = v * Q::kScale;  // exact: a power of two
  const double mag = scaled < 0.0 ? -scaled : scaled;
  if (!(mag < static_cast<double>(Q::kMax) + 0.5)) return Status::invalid_argument;
  const std::int64_t r = round_magnitude(mag);  // mag < 2^31 + 0.5
  out = static_cast<typename Q::raw_type>(scaled < 0.0 ? -r : r);
  return Status::ok;
}

/// n values into Q (to_fixed each). On an error nothing is written.
template <class Q>
Status to_fixed(const Scalar* v, Index n, typename Q::raw_type* out) {
  if (n < 0 || (n > 0 && (v == nullptr || out == nullptr))) return Status::invalid_argument;
  typename Q::raw_type probe = 0;
  for (Index i = 0; i < n; ++i) {
    const Status s = to_fixed<Q>(static_cast<double>(v[i]), probe);
    if (s != Status::ok) return s;
  }
  for (Index i = 0; i < n; ++i) (void)to_fixed<Q>(static_cast<double>(v[i]), out[i]);
  return Status::ok;
}

/// A rate in (0, 1] (an Euler dt, a leak) as an unsigned Q0.16 multiplier in [1, 2^16].
constexpr int kRateFrac = 16;

/// rate in (0, 1] to round(rate 2^16); invalid_argument for anything else (NaN included)
/// or a rate that rounds to 0. On an error out is unchanged.
inline Status rate_to_fixed(Scalar rate, std::uint32_t& out) {
  if (!(rate > 0.0f) || !(rate <= 1.0f)) return Status::invalid_argument;
  const auto q = static_cast<std::uint32_t>(round_magnitude(static_cast<double>(rate) * 65536.0));
  if (q == 0u) return Status::invalid_argument;
  out = q;
  return Status::ok;
}

/// x + rate (target - x) with rate = q / 2^16, q in [1, 2^16], the increment rounded to
/// nearest. For |x|, |target| <= kMax the exact value is a convex combination, inside the
/// range, and x + round(increment) is its nearest integer (x is one), so the result is in
/// range without saturation; the product is at most 2^32 2^16 in int64.
template <class Q>
constexpr typename Q::raw_type relax_toward(typename Q::raw_type x, std::int64_t target, std::uint32_t q) {
  const std::int64_t delta = target - static_cast<std::int64_t>(x);
  const std::int64_t step = round_shift_right(delta * static_cast<std::int64_t>(q), kRateFrac);
  return saturate<Q>(static_cast<std::int64_t>(x) + step);  // a no-op for in-range inputs; guards kMin
}

}  // namespace edgechaos
