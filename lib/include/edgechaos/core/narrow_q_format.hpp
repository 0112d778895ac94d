// A Q format of any width from 2 to 32 bits, held in 8-, 16- or 32-bit storage: how the
// fixed-point models compute what hardware of that width (an FPGA's W-bit weight register,
// an S-bit state register) would compute.
//
// NarrowQFormat<Storage, Bits, Frac> is a drop-in for QFormat<Storage, Frac> (core/
// q_format.hpp) with one difference: its largest value kMax is 2^(Bits-1) - 1, not
// 2^(Storage-1) - 1. Every operation of the fixed-point models is an exact integer sum
// followed by a rounding to nearest (ties away from zero) and a clamp to [-kMax, kMax]
// (saturate<Q>, relax_toward<Q>, IntTanh<Q>, to_fixed<Q>); none depends on the storage width
// except through kMax. So a model in NarrowQFormat<32, S, F> computes, bit for bit, what a
// model with S-bit registers of step 2^-F and range [-(2^(S-1) - 1), 2^(S-1) - 1] 2^-F
// computes, with an exact (wide enough) accumulator: tests/fixed/test_narrow_q_format.cpp
// checks it against the native QFormat<16, F> and QFormat<8, F> trajectories.
//
// kBits stays the storage width: the accumulator proof of core/q_format.hpp (QProduct) is then
// a bound on the storage values, which holds a fortiori for the narrower ones.
#pragma once

#include <cstdint>
#include <type_traits>

namespace edgechaos {

/// A Bits-bit signed Q format with Frac fraction bits, stored in a Storage-bit integer.
template <int Storage, int Bits, int Frac>
struct NarrowQFormat {
  static_assert(Storage == 8 || Storage == 16 || Storage == 32, "edgechaos: storage is 8, 16 or 32 bits");
  static_assert(Bits >= 2 && Bits <= Storage, "edgechaos: a narrow Q format has 2 .. Storage bits");
  static_assert(Frac >= 0 && Frac < Bits, "edgechaos: a Q format's fraction bits are in [0, Bits - 1]");

  /// The integer type that holds one value (the storage).
  using raw_type = std::conditional_t<Storage == 8, std::int8_t, std::conditional_t<Storage == 16, std::int16_t, std::int32_t>>;
  static constexpr int kBits = Storage;     ///< the storage width (the accumulator bound uses it)
  static constexpr int kValueBits = Bits;   ///< the emulated register width, the sign included
  static constexpr int kFrac = Frac;        ///< fraction bits: the step is 2^-Frac
  /// Largest raw value, 2^(Bits-1) - 1: saturation clamps here.
  static constexpr raw_type kMax = static_cast<raw_type>((std::int64_t{1} << (Bits - 1)) - 1);
  static constexpr raw_type kMin = static_cast<raw_type>(-kMax);  ///< smallest value saturation produces
  static constexpr std::int64_t kOneRaw = std::int64_t{1} << Frac;  ///< 1.0 as a raw value
  static constexpr double kScale = static_cast<double>(std::int64_t{1} << Frac);  ///< 2^Frac, raw per unit

  /// The real value of a raw value (exact).
  static constexpr double to_double(raw_type r) { return static_cast<double>(r) / kScale; }
};

}  // namespace edgechaos
