// The desktop theory solvers (theory/): DMFT at gamma = 0, the transition line and the
// null-phase quantities, the cavity saddle and the replica theory of the quasi-potential.
// Each returns a dict of float64 numbers named as the C++ solution's fields.
#include <cmath>
#include <string>
#include <vector>

#include "bind_network_common.hpp"
#include "bindings.hpp"
#include "edgechaos/theory/cavity.hpp"
#include "edgechaos/theory/dmft.hpp"
#include "edgechaos/theory/edge.hpp"
#include "edgechaos/theory/replica.hpp"

namespace edgechaos::python {
namespace {

namespace th = edgechaos::theory;

py::array_t<double> to_numpy(const std::vector<double>& v) {
  return py::array_t<double>(static_cast<py::ssize_t>(v.size()), v.data());
}

void require_arg(bool ok, const std::string& what) {
  if (!ok) raise_status(Status::invalid_argument, what);
}
bool finite_non_negative(double v) { return std::isfinite(v) && v >= 0.0; }
bool is_gamma(double v) { return v >= -1.0 && v <= 1.0; }

py::dict dmft(double g, int nodes, bool tables) {
  require_arg(finite_non_negative(g), "dmft: g must be a finite number >= 0");
  require_arg(nodes >= 0 && nodes <= 1000, "dmft: nodes must be in [0, 1000] (0: automatic)");
  th::DmftOptions o;
  o.nodes = nodes;
  th::DmftSolution s;
  {
    py::gil_scoped_release release;
    s = th::solve_dmft(g, o);
  }
  py::dict r;
  r["g"] = s.g;
  r["delta0"] = s.delta0;
  r["phi2"] = s.phi2;
  r["lambda_max"] = s.lambda_max;
  r["tau_half"] = s.tau_half;
  r["kappa"] = s.kappa;
  r["e0"] = s.e0;
  r["e1"] = s.e1;
  r["check"] = s.check;
  if (tables) {
    r["tau"] = to_numpy(s.tau);
    r["delta"] = to_numpy(s.delta);
    r["c_phi"] = to_numpy(s.c_phi);
    r["c_dphi"] = to_numpy(s.c_dphi);
  }
  return r;
}

py::dict cavity(double g, double gamma) {
  require_arg(finite_non_negative(g), "cavity: g must be a finite number >= 0");
  require_arg(is_gamma(gamma), "cavity: gamma must be in [-1, 1]");
  th::CavitySolution s;
  {
    py::gil_scoped_release release;
    s = th::solve_cavity(g, gamma);
  }
  py::dict r;
  r["g"] = s.g;
  r["gamma"] = s.gamma;
  r["C"] = s.C;
  r["x2"] = s.x2;
  r["chi"] = s.chi;
  r["w"] = s.w;
  r["A"] = s.A;
  r["converged"] = s.converged;
  r["trivial"] = s.trivial;
  r["iterations"] = s.iterations;
  r["residual"] = s.residual;
  r["quadrature_error"] = s.quadrature_error;
  r["norm_error"] = s.norm_error;
  return r;
}

py::dict replica(double g, double gamma, double beta, double eta, bool general) {
  require_arg(finite_non_negative(g), "replica: g must be a finite number >= 0");
  require_arg(is_gamma(gamma), "replica: gamma must be in [-1, 1]");
  require_arg(std::isfinite(beta) && beta > 0.0, "replica: beta must be a finite number > 0");
  require_arg(finite_non_negative(eta), "replica: eta must be a finite number >= 0");
  th::ReplicaOptions o;
  o.general = general;
  th::ReplicaSolution s;
  {
    py::gil_scoped_release release;
    s = th::solve_replica(th::ReplicaParams{g, gamma, beta, eta}, o);
  }
  py::dict r;
  r["g"] = g;
  r["gamma"] = gamma;
  r["beta"] = beta;
  r["eta"] = eta;
  r["q"] = s.q;
  r["Q"] = s.Q;
  r["r"] = s.r;
  r["R"] = s.R;
  r["qhat"] = s.qhat;
  r["Qhat"] = s.Qhat;
  r["rhat"] = s.rhat;
  r["Rhat"] = s.Rhat;
  r["P"] = s.P;
  r["sigma_xphi"] = s.sigma_xphi;
  r["e_v"] = s.e_v;
  r["energy_per_neuron"] = s.energy_per_neuron;
  r["x2"] = s.x2;
  r["fluctuation"] = beta * (s.q - s.Q);
  r["branch"] = th::to_string(s.branch);
  r["converged"] = s.converged;
  r["residual"] = s.residual;
  r["iterations"] = s.iterations;
  r["quadrature_error"] = s.quadrature_error;
  r["closed_form_error"] = s.closed_form_error;
  return r;
}

}  // namespace

void bind_theory(py::module_& m) {
  m.def("dmft", &dmft, py::arg("g"), py::kw_only(), py::arg("nodes") = 0, py::arg("tables") = false,
        R"doc(Dynamic mean-field theory of dx/dt = -x + J tanh(x) at gamma = 0 (Sompolinsky-Crisanti-Sommers).

Returns a dict: delta0 (<x^2> = Delta(0); 0 for g <= 1), phi2 (<tanh(x)^2>), lambda_max
(the largest Lyapunov exponent; g - 1 below the transition), tau_half (Delta(tau_half) =
Delta0/2), kappa (the decay rate of Delta), e0, e1 and check = |e1 + 1| (the solver's own
consistency check). nodes: Gauss-Hermite nodes (0: automatic). tables=True adds the float64
arrays tau, delta, c_phi, c_dphi (the autocorrelations for tau >= 0).)doc");
  m.def("critical_gain", &th::critical_gain, py::arg("gamma") = 0.0,
        "The edge of chaos g_c(gamma) = 1 / (1 + gamma) (elliptic law; inf at gamma = -1).");
  m.def("null_phase_exponent", &th::null_phase_exponent, py::arg("g"), py::arg("gamma") = 0.0,
        "The largest Lyapunov exponent of x = 0 below the edge, -1 + g (1 + gamma) (large N).");
  m.def("null_susceptibility", &th::null_susceptibility, py::arg("g"), py::arg("gamma") = 0.0,
        "The static susceptibility (1/N) tr[(I-J)^-1 (I-J)^-T] of the null phase; inf at and beyond the edge.");
  m.def("cavity", &cavity, py::arg("g"), py::arg("gamma") = 0.0,
        R"doc(The cavity (static) theory of the fixed points for any gamma (theory/cavity.hpp).

Returns a dict: C (<phi^2>), x2 (<x^2>), chi, w = g^2 gamma chi, A, converged, trivial (the
C = 0 branch, g (1 + gamma) <= 1), iterations, residual, quadrature_error, norm_error.)doc");
  m.def("replica", &replica, py::arg("g"), py::arg("gamma") = 0.0, py::kw_only(), py::arg("beta"),
        py::arg("eta") = 0.0, py::arg("general") = true,
        R"doc(The replica theory of the Gibbs measure exp(-beta E) of the quasi-potential (theory/replica.hpp).

Returns a dict with the order parameters q, Q, r, R (and conjugates), sigma_xphi, e_v
(<|v|^2>/(2N)), energy_per_neuron, x2, fluctuation = beta (q - Q), the branch ('symmetric' or
'general'), converged, residual, iterations, quadrature_error and closed_form_error (gamma = 0,
eta = 0 only; -1 otherwise). Compare with langevin() on the same (g, gamma, beta, eta).)doc");
}

}  // namespace edgechaos::python
