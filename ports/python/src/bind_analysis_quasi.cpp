// The Langevin sampler of the quasi-potential (quasi/langevin.hpp) and the fixed-point
// finder (quasi/fixed_point_finder.hpp), on a run-time-sized tanh network, with the seed
// streams the CLI's `langevin` and `fixedpoints` use.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>

#include "bind_network_common.hpp"
#include "bindings.hpp"
#include "edgechaos/host/langevin_run.hpp"
#include "edgechaos/models/rate_network.hpp"
#include "edgechaos/quasi/fixed_point_finder.hpp"
#include "edgechaos/quasi/langevin.hpp"

namespace edgechaos::python {
namespace {

using Net = RateNetwork<Dynamic>;
constexpr int kFixedPointCapacity = 256;  // as the CLI's `fixedpoints`

py::dict langevin(const py::object& J_in, int n, double g, double gamma, std::uint64_t seed, double beta,
                  const py::object& beta0_in, double dt, long long anneal_steps, long long measure_steps, int replicas,
                  double field, long long blocks, double eta) {
  const CouplingsArg J = couplings_arg(J_in, n, g, gamma, seed, "langevin");
  const double beta0 = beta0_in.is_none() ? std::min(beta, 1.0) : py::cast<double>(beta0_in);
  auto bad = [](bool fails, const std::string& what) {
    if (fails) raise_status(Status::invalid_argument, "langevin: " + what);
  };
  bad(replicas < 2 || replicas > 8, "replicas must be in [2, 8]");
  bad(anneal_steps < 0 || anneal_steps > 4000000000LL, "anneal_steps must be in [0, 4e9]");
  bad(measure_steps < 1 || measure_steps > 4000000000LL, "measure_steps must be in [1, 4e9]");
  bad(blocks < 1 || blocks > measure_steps, "blocks must be in [1, measure_steps]");
  LangevinConfig c;
  c.beta = static_cast<float>(beta);
  c.beta0 = static_cast<float>(beta0);
  c.dt = static_cast<float>(dt);
  c.anneal_steps = static_cast<std::uint32_t>(anneal_steps);
  c.measure_steps = static_cast<std::uint32_t>(measure_steps);
  c.blocks = static_cast<std::uint32_t>(blocks);
  c.field = static_cast<float>(field);
  c.eta = static_cast<float>(eta);
  c.seed = sub_seed(seed, SeedStream::langevin);
  check(validate(c), "langevin: beta, beta0, dt must be > 0 and field, eta >= 0 (finite)");
  Net net;
  check(net.bind(J.J.data(), J.n), "langevin");
  LangevinResult r;
  {
    py::gil_scoped_release release;
    InterruptPoll poll;  // Ctrl-C stops the run between steps
    r = run_langevin(net, c, replicas, [&poll] { poll.tick(); });
  }
  if (r.status == Status::step_too_large) {
    raise_status(r.status, "langevin: dt (sigma_max^2 + 2 eta) >= 2 with sigma_max = " + std::to_string(r.sigma_max) +
                               "; use dt <= 1 / sigma_max^2");
  }
  check(r.status, "langevin");
  py::dict d;
  d["n"] = J.n;
  d["beta"] = beta;
  d["beta0"] = beta0;
  d["energy_per_neuron"] = r.energy_per_neuron;
  d["energy_per_neuron_err"] = r.energy_err;
  d["x2"] = r.x2;
  d["x2_err"] = r.x2_err;
  d["q"] = r.q;
  d["q_err"] = r.q_err;
  d["Q"] = r.Q;
  d["Q_err"] = r.Q_err;
  d["fluctuation"] = r.fluctuation;
  d["fluctuation_err"] = r.fluctuation_err;
  d["response"] = field > 0 ? py::object(py::float_(r.response)) : py::object(py::none());
  d["response_err"] = field > 0 ? py::object(py::float_(r.response_err)) : py::object(py::none());
  d["e_v"] = r.e_v;
  d["e_v_err"] = r.e_v_err;
  d["sigma_xphi"] = r.sigma_xphi;
  d["sigma_xphi_err"] = r.sigma_xphi_err;
  d["r"] = r.r;
  d["r_err"] = r.r_err;
  d["R"] = r.R;
  d["R_err"] = r.R_err;
  d["equipartition"] = 0.5 / beta;
  d["sigma_max"] = r.sigma_max;
  d["steps"] = r.steps;
  d["status"] = to_string(r.status);
  return d;
}

py::dict fixed_points(const py::object& J_in, int n, double g, double gamma, std::uint64_t seed, int tries,
                      long long flow_steps, double init_scale, double tolerance) {
  const CouplingsArg J = couplings_arg(J_in, n, g, gamma, seed, "fixed_points");
  if (tries < 1) raise_status(Status::invalid_argument, "fixed_points: tries must be >= 1");
  if (flow_steps < 0 || flow_steps > 100000000LL) raise_status(Status::invalid_argument, "fixed_points: flow_steps must be in [0, 1e8]");
  FixedPointConfig c;
  c.flow_steps = static_cast<std::uint32_t>(flow_steps);
  c.init_scale = static_cast<float>(init_scale);
  c.tolerance = static_cast<float>(tolerance);
  c.seed = sub_seed(seed, SeedStream::fixed_points);
  check(validate(c), "fixed_points: init_scale >= 0 and tolerance > 0 (finite)");
  Net net;
  check(net.bind(J.J.data(), J.n), "fixed_points");
  auto finder = std::make_unique<FixedPointFinder<Net, kFixedPointCapacity>>();
  check(finder->configure(net, c), "fixed_points");
  Status s;
  {
    py::gil_scoped_release release;
    InterruptPoll poll(64);  // tries and flow steps are long: poll more often
    s = finder->search(net, tries, [&poll] { poll.tick(); });
  }
  // Not converging or filling the collection is a result, not an error (as in the CLI).
  if (s != Status::ok && s != Status::capacity_exceeded && s != Status::not_converged) check(s, "fixed_points");
  const int count = finder->size();
  py::array_t<float> xs(std::vector<py::ssize_t>{count, static_cast<py::ssize_t>(J.n)});
  py::array_t<double> energy(count), residual(count), abscissa(count), C(count), x2(count);
  py::array_t<bool> stable(count), trivial(count);
  py::array_t<std::int64_t> hits(count);
  for (int k = 0; k < count; ++k) {
    const auto& p = (*finder)[k];
    for (Index i = 0; i < J.n; ++i) xs.mutable_data()[static_cast<Index>(k) * J.n + i] = p.x[i];
    energy.mutable_data()[k] = static_cast<double>(p.energy);
    residual.mutable_data()[k] = static_cast<double>(p.residual);
    abscissa.mutable_data()[k] = static_cast<double>(p.abscissa);
    C.mutable_data()[k] = static_cast<double>(p.C);
    x2.mutable_data()[k] = static_cast<double>(p.x2);
    stable.mutable_data()[k] = p.stable;
    trivial.mutable_data()[k] = p.trivial;
    hits.mutable_data()[k] = p.hits;
  }
  py::dict d;
  d["n"] = J.n;
  d["tries"] = tries;
  d["tries_converged"] = finder->tries_converged();
  d["count"] = count;
  d["x"] = xs;
  d["energy"] = energy;
  d["residual"] = residual;
  d["abscissa"] = abscissa;
  d["C"] = C;
  d["x2"] = x2;
  d["stable"] = stable;
  d["trivial"] = trivial;
  d["hits"] = hits;
  d["status"] = to_string(s);
  return d;
}

}  // namespace

void bind_quasi(py::module_& m) {
  m.def("langevin", &langevin, py::arg("J") = py::none(), py::kw_only(), py::arg("n") = 200, py::arg("g") = 0.8,
        py::arg("gamma") = 0.0, py::arg("seed") = 1u, py::arg("beta"), py::arg("beta0") = py::none(),
        py::arg("dt") = 0.01, py::arg("anneal_steps") = 5000, py::arg("measure_steps") = 20000,
        py::arg("replicas") = 4, py::arg("field") = 0.01, py::arg("blocks") = 20, py::arg("eta") = 0.0,
        R"doc(Langevin sampling of exp(-beta E) for the quasi-potential E (as `edgechaos langevin`).

x <- x - dt grad E + sqrt(2 dt / beta) xi for `replicas` copies sharing J, beta annealed
geometrically from beta0 (default min(beta, 1)) over anneal_steps, then measure_steps at beta
in `blocks` blocks (standard errors from block means). J, or (n, g, gamma, seed) as the CLI.
Returns a dict of float64: energy_per_neuron, x2, q, Q, fluctuation = beta (q - Q), response
(field > 0: the measured linear response; None otherwise), e_v, sigma_xphi, r, R, each with
*_err; equipartition (1/(2 beta)), sigma_max (the stability estimate), steps, status.
Raises step_too_large when dt is beyond the stability bound. The GIL is released during the
run; Ctrl-C takes effect when the sampler returns (its loop is one library call).)doc");
  m.def("fixed_points", &fixed_points, py::arg("J") = py::none(), py::kw_only(), py::arg("n") = 200,
        py::arg("g") = 2.0, py::arg("gamma") = 0.0, py::arg("seed") = 1u, py::arg("tries") = 10,
        py::arg("flow_steps") = 100, py::arg("init_scale") = 1.0, py::arg("tolerance") = 2e-6,
        R"doc(The distinct fixed points of one network (as `edgechaos fixedpoints`): descent on the
quasi-potential then Newton, from `tries` starts (points of the flow after flow_steps, or random
x ~ N(0, init_scale^2) when flow_steps = 0); at most 256 distinct points are kept.

Returns a dict: count, x (count, n) float32, and float64 arrays energy (E(x*)), residual
(|v(x*)|/sqrt(n)), abscissa (max Re eig of the Jacobian), C, x2; bool arrays stable and
trivial; hits; tries_converged; status ('ok', 'not_converged' when no try converged,
'capacity_exceeded' when the collection filled). The GIL is released during the search.)doc");
}

}  // namespace edgechaos::python
