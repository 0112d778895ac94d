// NumPy arrays in and out of the bindings: C-contiguous float32/float64 views (no copy when the
// caller's array already is one, a converted copy otherwise), and the shape and value checks
// every binder runs before it touches a C++ object; each failure is an EdgechaosError that
// names the array and the library's status.
#pragma once

#include <string>

#include "bindings.hpp"
#include "edgechaos/core/checks.hpp"
#include "edgechaos/core/config.hpp"

namespace edgechaos::python {

using FloatArray = py::array_t<float, py::array::c_style | py::array::forcecast>;
using DoubleArray = py::array_t<double, py::array::c_style | py::array::forcecast>;

// A Python object as FloatArray; anything NumPy cannot turn into numbers is invalid_argument.
inline FloatArray as_float32(const py::handle& obj, const std::string& what) {
  if (obj.is_none()) raise_status(Status::invalid_argument, what + " is None");
  FloatArray a;
  try {
    a = py::cast<FloatArray>(obj);
  } catch (const py::cast_error&) {
    raise_status(Status::invalid_argument, what + " is not an array of numbers");
  } catch (const py::error_already_set&) {  // NumPy refused the conversion (strings, ragged lists)
    raise_status(Status::invalid_argument, what + " is not an array of numbers");
  }
  if (!a) {
    PyErr_Clear();
    raise_status(Status::invalid_argument, what + " is not an array of numbers");
  }
  return a;
}

template <class A>
void require_matrix(const A& a, const std::string& what) {
  if (a.ndim() != 2) raise_status(Status::size_mismatch, what + " must be 2-D, got " + std::to_string(a.ndim()) + "-D");
  if (a.shape(0) < 1 || a.shape(1) < 1) raise_status(Status::size_mismatch, what + " is empty");
}

template <class A>
void require_vector(const A& a, Index n, const std::string& what) {
  if (a.ndim() != 1 || a.shape(0) != n) {
    raise_status(Status::size_mismatch, what + " must have shape (" + std::to_string(n) + ",)");
  }
}

template <class A>
void require_finite(const A& a, const std::string& what) {
  if (!all_finite(a.data(), static_cast<Index>(a.size()))) {
    raise_status(Status::non_finite_input, what + " has NaN or Inf");
  }
}

}  // namespace edgechaos::python
