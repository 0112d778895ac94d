// Couplings, simulation and monitors.
#include <cstdint>

#include "bind_network_common.hpp"
#include "bindings.hpp"
#include "edgechaos/weights/couplings.hpp"

namespace edgechaos::python {

void bind_network(py::module_& m) {
  m.def(
      "couplings",
      [](int n, float g, float gamma, std::uint64_t seed) {
        if (n < 1) raise_status(Status::invalid_argument, "n must be at least 1");
        py::array_t<float, py::array::c_style> J({n, n});
        const CouplingParams params{g, gamma, seed};
        const Status s = generate_couplings(params, J.mutable_data(), Index{n});
        check(s, "couplings(n, g, gamma, seed)");
        return J;
      },
      py::arg("n"), py::arg("g"), py::arg("gamma") = 0.0f, py::arg("seed") = 1u,
      "The (n, n) float32 couplings J that the device generates from (g, gamma, seed), bit for bit.");
  bind_simulate(m);
}

}  // namespace edgechaos::python
