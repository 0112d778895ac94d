/// \file
/// One run seed, its separate random streams, and the initial state drawn from one of them.
///
/// A run is named by one 64-bit seed. The couplings J use it as it is (generate_couplings);
/// every other stream uses a sub-seed, the run seed XOR a fixed constant (the fractional
/// parts of sqrt(2), sqrt(3), the golden ratio and e, to 64 bits), so the streams are
/// separate: drawing more or fewer numbers from one never shifts another. The constants
/// are in every published number (the CLI's JSON, the figures, the golden tests): they
/// never change (tests/host/test_seeds.cpp pins them).
/// Device-safe: integer operations and NormalStream only, no heap.
#pragma once

#include <cstdint>

#include "edgechaos/core/checks.hpp"
#include "edgechaos/core/config.hpp"
#include "edgechaos/core/random.hpp"
#include "edgechaos/core/status.hpp"

namespace edgechaos {

/// The random streams of one run, each seeded by sub_seed().
enum class SeedStream : std::uint8_t {
  couplings,      ///< J: the run seed itself
  initial_state,  ///< x(0) ~ N(0, 1) (initial_state below)
  noise,          ///< Euler-Maruyama's white noise
  langevin,       ///< LangevinConfig::seed of the quasi-potential sampler
  fixed_points,   ///< FixedPointConfig::seed of the fixed-point finder's random starts
  input_weights,  ///< W_in of a driven reservoir (weights/input_weights.hpp)
  task,           ///< a benchmark task's input series (tasks/)
};

/// The seed of stream \p stream of the run \p run_seed (fixed constants: never change).
constexpr std::uint64_t sub_seed(std::uint64_t run_seed, SeedStream stream) {
  switch (stream) {
    case SeedStream::couplings: return run_seed;
    case SeedStream::initial_state: return run_seed ^ 0x6A09E667F3BCC909ull;
    case SeedStream::noise: return run_seed ^ 0xBB67AE8584CAA73Bull;
    case SeedStream::langevin: return run_seed ^ 0x9E3779B97F4A7C15ull;
    case SeedStream::fixed_points: return run_seed ^ 0xB7E151628AED2A6Bull;
    case SeedStream::input_weights: return run_seed ^ 0xA54FF53A5F1D36F1ull;  // frac(sqrt 7)
    case SeedStream::task: return run_seed ^ 0x510E527FADE682D1ull;           // frac(sqrt 11)
  }
  return run_seed;
}

/// Draws x_i = scale * z_i, z_i ~ N(0, 1) from NormalStream(seed), i = 0, 1, ... in order:
/// the same bits on every platform. \p x is a fixed-size or a (sized) dynamic vector.
/// Status::invalid_argument, with \p x unchanged, when \p scale is negative or not finite
/// or \p x is empty.
template <class Derived>
Status initial_state(Eigen::MatrixBase<Derived>& x, Scalar scale, std::uint64_t seed) {
  static_assert(Derived::IsVectorAtCompileTime, "initial_state: x must be a vector");
  if (!is_non_negative(scale) || x.size() < 1) return Status::invalid_argument;
  using Real = typename Derived::Scalar;
  NormalStream normal(seed);
  for (Index i = 0; i < x.size(); ++i) x.coeffRef(i) = static_cast<Real>(scale * normal.next());
  return Status::ok;
}

}  // namespace edgechaos
