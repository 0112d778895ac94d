// The Python module's shared glue: one exception type for every Status, the GIL released
// around long loops with Ctrl-C polled, and the per-area binders the module calls.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <string>

#include "edgechaos/core/status.hpp"

namespace edgechaos::python {

namespace py = pybind11;

// edgechaos.EdgechaosError (a ValueError): raised for every Status other than ok, with the
// status name first in the message ("non_finite_input: ...") so scripts can match it.
// raise_status and check may be called with or without the GIL held.
void register_errors(py::module_& m);
[[noreturn]] void raise_status(Status s, const std::string& context);
inline void check(Status s, const std::string& context) {
  if (s != Status::ok) raise_status(s, context);
}

// Long C++ loops run with the GIL released (other Python threads go on) and call poll()
// every few milliseconds of work: it takes the GIL back briefly and, if Ctrl-C (or any
// signal handler) raised, throws so the loop unwinds cleanly and Python sees
// KeyboardInterrupt. State the loop owns stays consistent because it stops between steps.
class InterruptPoll {
 public:
  explicit InterruptPoll(long long every = 4096) : every_(every) {}
  void tick() {
    if (++count_ % every_ == 0) poll();
  }
  static void poll();

 private:
  long long every_;
  long long count_ = 0;
};

// The binders, one per source file, called by the module in this order.
void bind_network(py::module_& m);    // couplings, simulate, monitors (bind_network.cpp)
void bind_analysis(py::module_& m);   // Lyapunov, regime, quasi-potential, Langevin, fixed points, theory
void bind_reservoir(py::module_& m);  // reservoirs, readouts, tasks, metrics, export/import

}  // namespace edgechaos::python
