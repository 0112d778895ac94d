// Glue shared by the network and analysis bindings (bind_network*.cpp, bind_analysis*.cpp):
// NumPy arrays to the library's views and states, and the couplings of a call (given or
// drawn from a seed as the CLI draws them).
#pragma once

#include <cstdint>
#include <string>

#include "arrays.hpp"
#include "edgechaos/core/seeds.hpp"
#include "edgechaos/weights/couplings.hpp"

namespace edgechaos::python {

// The binders of the extra source files (bind_network() and bind_analysis() call them).
void bind_simulate(py::module_& m);          // bind_network_simulate.cpp
void bind_quasi(py::module_& m);             // bind_analysis_quasi.cpp: Langevin, fixed points
void bind_theory(py::module_& m);            // bind_analysis_theory.cpp

// The couplings of one call: the caller's J (checked: square, finite; used in place when it
// is C-contiguous float32) or J drawn from (n, g, gamma, seed) with the CLI's seed streams,
// so `simulate(n=..., seed=s)` is `edgechaos run --seed s`.
struct CouplingsArg {
  FloatArray J;
  Index n = 0;
  bool drawn = false;
};

inline CouplingsArg couplings_arg(const py::object& J, int n, double g, double gamma, std::uint64_t seed,
                                  const std::string& fn) {
  CouplingsArg c;
  if (!J.is_none()) {
    c.J = as_float32(J, fn + ": J");
    if (c.J.ndim() != 2 || c.J.shape(0) != c.J.shape(1) || c.J.shape(0) < 1) {
      raise_status(Status::size_mismatch, fn + ": J must be a square (n, n) array");
    }
    require_finite(c.J, fn + ": J");
    c.n = static_cast<Index>(c.J.shape(0));
    return c;
  }
  if (n < 1) raise_status(Status::invalid_argument, fn + ": n must be at least 1");
  c.J = FloatArray({n, n});
  const CouplingParams params{static_cast<float>(g), static_cast<float>(gamma), sub_seed(seed, SeedStream::couplings)};
  check(generate_couplings(params, c.J.mutable_data(), Index{n}), fn + ": couplings(n, g, gamma, seed)");
  c.n = n;
  c.drawn = true;
  return c;
}

// A state vector of size n: the caller's x (copied: the run owns and advances it), or
// x_i ~ N(0, 1) from the run seed's initial-state stream (as the CLI draws x(0)).
template <class State>
State state_arg(const py::object& x0, Index n, std::uint64_t seed, const std::string& what) {
  State x(n);
  if (x0.is_none()) {
    check(initial_state(x, 1.0f, sub_seed(seed, SeedStream::initial_state)), what);
    return x;
  }
  const FloatArray a = as_float32(x0, what);
  require_vector(a, n, what);
  require_finite(a, what);
  for (Index i = 0; i < n; ++i) x[i] = a.data()[i];
  return x;
}

template <class State>
py::array_t<float> to_numpy(const State& x) {
  py::array_t<float> out(static_cast<py::ssize_t>(x.size()));
  for (Index i = 0; i < x.size(); ++i) out.mutable_data()[i] = x[i];
  return out;
}

}  // namespace edgechaos::python
