// The reservoir bindings' input checks: NumPy arrays taken as C-contiguous float32 (no copy
// when they already are; float64 and other layouts converted) or float64, and their shapes
// and values checked before any C++ object is touched, each failure an EdgechaosError with
// the library's status name.
#pragma once

#include <string>

#include "bindings.hpp"
#include "edgechaos/core/checks.hpp"
#include "edgechaos/core/config.hpp"

namespace edgechaos::python {

using F32 = py::array_t<float, py::array::c_style | py::array::forcecast>;
using F64 = py::array_t<double, py::array::c_style | py::array::forcecast>;

template <class A>
void require_matrix(const A& a, const char* name) {
  if (a.ndim() != 2) raise_status(Status::size_mismatch, std::string(name) + " must be 2-D, got " + std::to_string(a.ndim()) + "-D");
  if (a.shape(0) < 1 || a.shape(1) < 1) raise_status(Status::size_mismatch, std::string(name) + " is empty");
}

template <class A>
void require_vector(const A& a, Index n, const char* name) {
  if (a.ndim() != 1 || a.shape(0) != n) {
    raise_status(Status::size_mismatch, std::string(name) + " must have shape (" + std::to_string(n) + ",)");
  }
}

template <class A>
void require_finite(const A& a, const char* name) {
  if (!all_finite(a.data(), static_cast<Index>(a.size()))) {
    raise_status(Status::non_finite_input, std::string(name) + " holds NaN or Inf");
  }
}

// Steps between two Ctrl-C polls: about a million multiply-adds of work each.
inline long long interrupt_period(long long work_per_step) {
  const long long w = work_per_step > 0 ? work_per_step : 1;
  return w >= (1 << 20) ? 1 : (1 << 20) / w;
}

}  // namespace edgechaos::python
