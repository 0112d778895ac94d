// Placeholder: the analysis bindings are being written on their own branch.
#include "bindings.hpp"

namespace edgechaos::python {

void bind_analysis(py::module_&) {}

}  // namespace edgechaos::python
