// Placeholder: the reservoir bindings are being written on their own branch.
#include "bindings.hpp"

namespace edgechaos::python {

void bind_reservoir(py::module_&) {}

}  // namespace edgechaos::python
