/// \file
/// Status values: every fallible call in edgechaos returns one. No exceptions.
#pragma once

#include <cstdint>

namespace edgechaos {

/// The outcome of every fallible call; anything but ok means the call changed nothing it
/// was given (the state before a failed step or update is kept).
/// [[nodiscard]] on the type: a caller that drops a Status from any call gets a warning.
enum class [[nodiscard]] Status : std::uint8_t {
  ok = 0,             ///< success
  invalid_argument,   ///< a parameter outside its domain: dt <= 0, gamma outside [-1, 1], g < 0, sigma < 0, n < 1 ...
  non_finite_input,   ///< NaN or Inf in a vector or scalar the caller passed in; nothing was changed
  non_finite_result,  ///< the step would have left a non-finite state; the previous state is kept
  size_mismatch,      ///< run-time sizes disagree (dynamic sizes only; fixed sizes fail to compile)
  corrupted_blob,     ///< a serialized weight blob failed its magic, size or checksum test
  step_too_large,     ///< dt beyond the stability bound of the integrator (Langevin sampler)
  not_converged,      ///< an iterative solver ran out of iterations
  capacity_exceeded,  ///< a fixed-capacity container is full
  not_positive_definite,  ///< a factorisation met a pivot at or below its floor (singular to working precision)
  insufficient_data,      ///< too few samples for the fit asked for
  malformed_file,         ///< a file's bytes do not parse: bad magic, truncated, header inconsistent with its data
  unsupported_version,    ///< a well-formed file of a format version this build does not read (such as a version-1 weight blob)
  unsupported_format,     ///< a well-formed file whose content the library cannot use (dtype not float, object arrays, compression)
  corrupted_state,        ///< a health check failed: a state or trainer matrix is non-finite, out of its model's range or not positive definite (docs/faults.md)
};

/// The enumerator's name as written in the code ("ok", "invalid_argument", ...); the CLI
/// and the bindings print it.
constexpr const char* to_string(Status s) {
  switch (s) {
    case Status::ok: return "ok";
    case Status::invalid_argument: return "invalid_argument";
    case Status::non_finite_input: return "non_finite_input";
    case Status::non_finite_result: return "non_finite_result";
    case Status::size_mismatch: return "size_mismatch";
    case Status::corrupted_blob: return "corrupted_blob";
    case Status::step_too_large: return "step_too_large";
    case Status::not_converged: return "not_converged";
    case Status::capacity_exceeded: return "capacity_exceeded";
    case Status::not_positive_definite: return "not_positive_definite";
    case Status::insufficient_data: return "insufficient_data";
    case Status::malformed_file: return "malformed_file";
    case Status::unsupported_version: return "unsupported_version";
    case Status::unsupported_format: return "unsupported_format";
    case Status::corrupted_state: return "corrupted_state";
  }
  return "unknown";
}

/// True when \p s is Status::ok.
constexpr bool is_ok(Status s) { return s == Status::ok; }

}  // namespace edgechaos
