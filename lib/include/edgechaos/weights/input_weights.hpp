/// \file
/// Input weights W_in (n x m, row-major: neuron i's weights from the m inputs are
/// contiguous) for a reservoir, from a seed (shared/RESERVOIR.md section 1):
/// <pre>
///   InputWeightKind::bernoulli  ReservoirPy's convention: each entry present with
///                               probability `connectivity`, then +-scaling with
///                               probability 1/2 each; absent entries are 0;
///   InputWeightKind::uniform    present entries uniform in [-scaling, scaling)
///                               (connectivity 1: dense, as RESERVOIR.md's protocol).
/// </pre>
/// Draw order (one Xoshiro128pp stream seeded with `seed`): entries in row-major order
/// (i = 0..n-1, then j = 0..m-1); per entry one uniform u1 (next_uniform) - present when
/// u1 < connectivity - then, only if present, one uniform u2: bernoulli gives -scaling
/// when u2 < 1/2, +scaling otherwise; uniform gives scaling * (2 u2 - 1) (2 u2 - 1 is exact
/// in float; one rounded product). The same bits on every platform.
/// (The Gaussian W_in of couplings.hpp, generate_input_weights(scale, seed, ...), remains.)
#pragma once

#include <cstdint>

#include "edgechaos/core/checks.hpp"
#include "edgechaos/core/config.hpp"
#include "edgechaos/core/random.hpp"
#include "edgechaos/core/status.hpp"

namespace edgechaos {

/// How a present W_in entry is drawn (see the top of this file).
enum class InputWeightKind : std::uint8_t {
  bernoulli,  ///< +-scaling with probability 1/2 each (ReservoirPy's convention)
  uniform     ///< uniform in [-scaling, scaling)
};

/// The parameters of a reservoir's W_in (generate_input_weights).
struct InputWeightParams {
  float scaling = 1.0f;       ///< input scaling, finite and >= 0
  float connectivity = 0.1f;  ///< probability that an entry is present, in (0, 1] (ReservoirPy's default)
  InputWeightKind kind = InputWeightKind::bernoulli;  ///< how a present entry is drawn
  std::uint64_t seed = 1u;    ///< stream seed (a run uses sub_seed(run, SeedStream::input_weights))
};

/// Status::invalid_argument unless scaling is in [0, 1e30], connectivity in (0, 1] and the
/// kind is known.
constexpr Status validate(const InputWeightParams& p) {
  if (!is_non_negative(p.scaling)) return Status::invalid_argument;  // NaN, Inf, < 0, > 1e30
  if (!(p.connectivity > 0.0f) || !(p.connectivity <= 1.0f)) return Status::invalid_argument;
  if (p.kind != InputWeightKind::bernoulli && p.kind != InputWeightKind::uniform) return Status::invalid_argument;
  return Status::ok;
}

/// Draws W_in into a caller's row-major n x m array. Nothing is written unless the
/// arguments are valid: Status::invalid_argument for a null \p W, \p n < 1, \p m < 0 or
/// parameters that fail validate().
inline Status generate_input_weights(const InputWeightParams& p, Scalar* W, Index n, Index m) {
  if (W == nullptr || n < 1 || m < 0) return Status::invalid_argument;
  const Status s = validate(p);
  if (s != Status::ok) return s;
  Xoshiro128pp rng(p.seed);
  for (Index k = 0; k < n * m; ++k) {
    Scalar w = 0.0f;
    if (rng.next_uniform() < p.connectivity) {
      const Scalar u = rng.next_uniform();
      w = p.kind == InputWeightKind::bernoulli ? (u < 0.5f ? -p.scaling : p.scaling) : p.scaling * (2.0f * u - 1.0f);
    }
    W[k] = w;
  }
  return Status::ok;
}

/// Draws W_in into owned Eigen storage (row-major n x m); a dynamic matrix is resized
/// (desktop only). Status::size_mismatch when a fixed size differs from \p n or \p m.
template <int N, int M>
Status generate_input_weights(const InputWeightParams& p, RowMajorMatrix<N, M>& W, Index n = N, Index m = M) {
  if ((N != Dynamic && n != N) || (M != Dynamic && m != M)) return Status::size_mismatch;
  if (n < 1 || m < 0) return Status::invalid_argument;
  const Status s = validate(p);
  if (s != Status::ok) return s;
  if constexpr (N == Dynamic || M == Dynamic) W.resize(n, m);
  return generate_input_weights(p, W.data(), W.rows(), W.cols());
}

}  // namespace edgechaos
