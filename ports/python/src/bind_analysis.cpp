// The quasi-potential E(x) = 1/2 |v(x)|^2 + eta |x|^2 and its gradient (quasi/quasi_potential.hpp);
// the Langevin sampler and the fixed-point finder (bind_analysis_quasi.cpp) and the theory
// solvers (bind_analysis_theory.cpp) bind themselves from here.
#include <string>
#include <utility>

#include "bind_network_common.hpp"
#include "bindings.hpp"
#include "edgechaos/models/rate_network.hpp"
#include "edgechaos/quasi/quasi_potential.hpp"

namespace edgechaos::python {
namespace {

using Net = RateNetwork<Dynamic>;

// One state (n,) or a batch (B, n) of states, checked before any evaluation.
FloatArray states_arg(const py::object& x, Index n, const std::string& fn) {
  FloatArray a = as_float32(x, fn + ": x");
  const bool ok_shape = (a.ndim() == 1 && a.shape(0) == n) || (a.ndim() == 2 && a.shape(1) == n);
  if (!ok_shape) raise_status(Status::size_mismatch, fn + ": x must have shape (n,) or (B, n) with n = " + std::to_string(n));
  require_finite(a, fn + ": x");
  return a;
}

// E(x) for each state; with want_gradient, dE/dx too. Float64 energies, float32 gradients.
py::object evaluate(const py::object& J_in, const py::object& x_in, double eta, double field, bool want_gradient,
                    const std::string& fn) {
  const CouplingsArg J = couplings_arg(J_in, 0, 0.0, 0.0, 0u, fn);
  const FloatArray x = states_arg(x_in, J.n, fn);
  QuasiPotential<Net> qp;
  check(qp.set_eta(static_cast<float>(eta)), fn + ": eta must be a finite number >= 0");
  if (!std::isfinite(field)) raise_status(Status::non_finite_input, fn + ": field is not finite");
  Net net;
  check(net.bind(J.J.data(), J.n), fn);
  const py::ssize_t rows = x.ndim() == 1 ? 1 : x.shape(0);
  py::array_t<double> energy(rows);
  FloatArray grad(std::vector<py::ssize_t>(x.shape(), x.shape() + x.ndim()));
  Vector<Dynamic> xi(J.n), gi(J.n);
  Field<Vector<Dynamic>> f;
  f.h = static_cast<float>(field);
  for (py::ssize_t r = 0; r < rows; ++r) {
    const float* src = x.data() + r * J.n;
    for (Index i = 0; i < J.n; ++i) xi[i] = src[i];
    float e = 0.0f;
    if (want_gradient) {
      check(qp.gradient(net, xi, gi, f), fn);
      e = qp.last_energy();
      for (Index i = 0; i < J.n; ++i) grad.mutable_data()[r * J.n + i] = gi[i];
    } else {
      check(qp.energy(net, xi, e), fn);
    }
    energy.mutable_data()[r] = static_cast<double>(e);
  }
  py::object E = x.ndim() == 1 ? py::object(py::float_(energy.data()[0])) : py::object(energy);
  if (!want_gradient) return E;
  return py::make_tuple(E, grad);
}

}  // namespace

void bind_analysis(py::module_& m) {
  m.def(
      "quasi_potential",
      [](const py::object& J, const py::object& x, double eta) { return evaluate(J, x, eta, 0.0, false, "quasi_potential"); },
      py::arg("J"), py::arg("x"), py::arg("eta") = 0.0,
      R"doc(The quasi-potential E(x) = 1/2 |v(x)|^2 + eta |x|^2, v = -x + J tanh(x) (PHYSICS.md section 5).

J: (n, n) couplings; x: one state (n,) -> a float, or a batch (B, n) -> a float64 array (B,).
E >= 0, and E = 0 exactly at the fixed points of the noiseless flow. Computed in float32
by the library (the device's precision). Errors: size_mismatch (shapes), non_finite_input.)doc");
  m.def(
      "gradient",
      [](const py::object& J, const py::object& x, double eta, double field) {
        return evaluate(J, x, eta, field, true, "gradient");
      },
      py::arg("J"), py::arg("x"), py::arg("eta") = 0.0, py::arg("field") = 0.0,
      R"doc(The quasi-potential and its gradient: returns (E, dE/dx).

dE/dx_k = -v_k + phi'(x_k) (J^T v)_k + 2 eta x_k - h phi'(x_k), with h = field (a uniform
field coupled to phi, the Langevin sampler's response term; E is reported without it).
x: (n,) -> (float, float32 (n,)); (B, n) -> (float64 (B,), float32 (B, n)).)doc");
  bind_quasi(m);
  bind_theory(m);
}

}  // namespace edgechaos::python
