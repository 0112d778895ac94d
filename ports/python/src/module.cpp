// edgechaos._edgechaos: the native half of the Python package (edgechaos/__init__.py
// re-exports it). Each area binds itself in its own file.
#include <pybind11/pybind11.h>

#include "bindings.hpp"

namespace edgechaos::python {

namespace {
// A borrowed-forever reference: the type lives as long as the module, and a py::object
// here would be released after the interpreter has gone.
PyObject* error_type = nullptr;
}  // namespace

void register_errors(py::module_& m) {
  error_type = PyErr_NewException("edgechaos.EdgechaosError", PyExc_ValueError, nullptr);
  m.add_object("EdgechaosError", py::reinterpret_borrow<py::object>(error_type));
}

void raise_status(Status s, const std::string& context) {
  // Safe with the GIL released too (a check inside a long run): the error is set and
  // fetched under the GIL; the exception unwinds through the release, which retakes it.
  py::gil_scoped_acquire gil;
  PyErr_SetString(error_type, (std::string(to_string(s)) + ": " + context).c_str());
  throw py::error_already_set();
}

void InterruptPoll::poll() {
  py::gil_scoped_acquire gil;
  if (PyErr_CheckSignals() != 0) throw py::error_already_set();
}

}  // namespace edgechaos::python

PYBIND11_MODULE(_edgechaos, m) {
  namespace ecp = edgechaos::python;
  m.doc() = "edgechaos: random recurrent rate networks and reservoirs at the edge of chaos";
  ecp::register_errors(m);
  // For the tests: a status raised while the GIL is released (as inside a long run).
  m.def("_raise_released", [] {
    pybind11::gil_scoped_release released;
    ecp::raise_status(edgechaos::Status::non_finite_result, "raised with the GIL released");
  });
  ecp::bind_network(m);
  ecp::bind_analysis(m);
  ecp::bind_reservoir(m);
}
