// edgechaos.simulate: one run of a run-time-sized rate network through the library's
// steppers (Euler, RK4, Euler-Maruyama; the Lyapunov tangent and the QR spectrum), with the
// energy monitor's statistics, the regime, and a sampled trajectory under a memory bound.
// The choice of model and stepper is the library's (host/rate_network_run.hpp, shared with
// the CLI); the loop is this front end's: the GIL released, Ctrl-C polled, the trace going to
// a NumPy array.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

#include "bind_network_common.hpp"
#include "edgechaos/chaos/regime.hpp"
#include "edgechaos/host/rate_network_run.hpp"
#include "edgechaos/monitors/energy_monitor.hpp"

namespace edgechaos::python {
namespace {

struct SimConfig {
  long long steps = 0, transient = 0, record_every = 0;
  double dt = 0.05, noise = 0.0;
  std::string integrator, activation;
  bool lyapunov = false;
  int spectrum = 0;
  std::uint64_t seed = 1;
  py::ssize_t record_neurons = 0;
};

// What a run produced; filled with the GIL released (plain C++ only).
struct SimOutcome {
  Status status = Status::ok;
  long long steps_done = 0;
  EnergyMonitor<double> monitor;
  double lyapunov_max = NAN, lyapunov_stderr = NAN;
  std::vector<double> spectrum, spectrum_stderr;
  long long samples = 0;
};

// Rows of the trajectory: x at steps 0, every, 2 every, ... <= steps.
long long record_rows(const SimConfig& c) { return c.record_every > 0 ? c.steps / c.record_every + 1 : 0; }

template <class Net, class Stepper>
void run_loop(const SimConfig& c, const Net& net, Stepper& stepper, Vector<Dynamic>& x, float* record,
              SimOutcome& out) {
  auto observer = [&](const StepSums& s) { out.monitor(s); };
  auto sample = [&](long long k) {
    if (record == nullptr || k % c.record_every != 0) return;
    float* row = record + out.samples * c.record_neurons;
    for (py::ssize_t i = 0; i < c.record_neurons; ++i) row[i] = x[static_cast<Index>(i)];
    ++out.samples;
  };
  // Poll Ctrl-C about every 50 ms of work whatever n: a step costs ~stages n^2 flops.
  const double work = static_cast<double>(net.size()) * static_cast<double>(net.size()) * (c.integrator == "rk4" ? 4 : 1);
  const long long every = static_cast<long long>(std::fmax(1.0, std::fmin(4096.0, 2e7 / work)));
  InterruptPoll poll(every);
  const float dt = static_cast<float>(c.dt);
  sample(0);
  for (long long k = 0; k < c.steps; ++k) {
    if (k == c.transient) {
      out.monitor.reset();
      if constexpr (has_lyapunov_statistics<Stepper>) stepper.reset_statistics();
    }
    const Status s = stepper.step(net, x, dt, observer);
    if (s != Status::ok) {
      out.status = s;
      if (s == Status::non_finite_result) out.monitor.note_failed_step();
      break;
    }
    ++out.steps_done;
    sample(k + 1);
    poll.tick();
  }
  if constexpr (has_lyapunov_spectrum<Stepper>) {
    out.spectrum = stepper.exponents();
    out.spectrum_stderr = stepper.standard_errors();
    out.lyapunov_max = out.spectrum.front();
    out.lyapunov_stderr = out.spectrum_stderr.front();
  } else if constexpr (has_lyapunov_statistics<Stepper>) {
    out.lyapunov_max = stepper.exponent();
    out.lyapunov_stderr = stepper.standard_error();
  }
}

// Every argument checked before anything runs; the message names the argument.
void validate_args(const SimConfig& c, Index n) {
  auto bad = [](const std::string& what) { raise_status(Status::invalid_argument, "simulate: " + what); };
  if (c.steps < 1) bad("steps must be >= 1");
  if (c.transient < 0 || c.transient >= c.steps) bad("transient must be in [0, steps)");
  if (!(c.dt > 0) || !std::isfinite(c.dt) || c.dt > 1e30) bad("dt must be a finite number > 0");
  if (!(c.noise >= 0) || !std::isfinite(c.noise)) bad("noise must be a finite number >= 0");
  if (c.integrator != "euler" && c.integrator != "rk4") bad("integrator must be 'euler' or 'rk4'");
  if (c.noise > 0 && c.integrator != "euler") bad("noise > 0 needs integrator='euler' (Euler-Maruyama)");
  if ((c.lyapunov || c.spectrum > 0) && c.noise > 0) bad("lyapunov/spectrum need a noiseless run (noise=0)");
  if (c.spectrum < 0 || c.spectrum > n) bad("spectrum must be in [0, n]");
  if (c.record_every < 0) bad("record_every must be >= 0");
  if (c.record_neurons < 1 || c.record_neurons > n) bad("record_neurons must be in [1, n]");
}

py::dict simulate(const py::object& J_in, int n, double g, double gamma, std::uint64_t seed, long long steps,
                  double dt, const std::string& integrator, double noise, const std::string& activation,
                  const py::object& x0, long long transient, long long record_every, const py::object& record_neurons,
                  double max_record_bytes, bool lyapunov, int spectrum) {
  const CouplingsArg J = couplings_arg(J_in, n, g, gamma, seed, "simulate");
  SimConfig c;
  c.steps = steps;
  c.transient = transient;
  c.record_every = record_every;
  c.dt = dt;
  c.noise = noise;
  c.integrator = integrator;
  c.activation = activation;
  c.lyapunov = lyapunov;
  c.spectrum = spectrum;
  c.seed = seed;
  c.record_neurons = record_neurons.is_none() ? J.n : py::cast<py::ssize_t>(record_neurons);
  validate_args(c, J.n);
  RunChoice choice;
  if (parse_activation(activation.c_str(), choice.activation) != Status::ok) {
    raise_status(Status::invalid_argument, "simulate: activation must be 'tanh', 'fasttanh' or 'sinhtanh'");
  }
  check(parse_integrator(integrator.c_str(), choice.integrator), "simulate: integrator must be 'euler' or 'rk4'");
  choice.noise = static_cast<float>(noise);
  choice.noise_seed = sub_seed(seed, SeedStream::noise);
  choice.lyapunov = lyapunov;
  choice.spectrum = spectrum;
  Vector<Dynamic> x = state_arg<Vector<Dynamic>>(x0, J.n, seed, "simulate: x0");

  const long long rows = record_rows(c);
  const double bytes = static_cast<double>(rows) * static_cast<double>(c.record_neurons) * 4.0;
  if (rows > 0 && !(bytes <= max_record_bytes)) {
    raise_status(Status::capacity_exceeded, "simulate: the trajectory needs " + std::to_string(bytes / 1048576.0) +
                                                " MiB > max_record_bytes; raise record_every, lower record_neurons "
                                                "or raise max_record_bytes");
  }
  py::array_t<float> trajectory(std::vector<py::ssize_t>{static_cast<py::ssize_t>(rows), c.record_neurons});
  float* record = rows > 0 ? trajectory.mutable_data() : nullptr;

  SimOutcome out;
  {
    py::gil_scoped_release release;
    const Status s = dispatch_rate_network(choice, J.J.data(), J.n, [&](const auto& net, auto& stepper) {
      run_loop(c, net, stepper, x, record, out);
      return out.status;
    });
    if (out.status == Status::ok) out.status = s;  // bind or configure refused
  }
  // A run that left the floats is a result (regime "divergent"); anything else is an error.
  if (out.status != Status::ok && out.status != Status::non_finite_result) check(out.status, "simulate");

  const auto& m = out.monitor;
  const RegimeEvidence regime = classify(m, out.lyapunov_max, out.lyapunov_stderr);
  py::dict r;
  r["n"] = J.n;
  r["g"] = J.drawn ? py::object(py::float_(g)) : py::object(py::none());
  r["gamma"] = J.drawn ? py::object(py::float_(gamma)) : py::object(py::none());
  r["seed"] = seed;
  r["dt"] = dt;
  r["steps"] = steps;
  r["transient"] = transient;
  r["integrator"] = integrator;
  r["noise"] = noise;
  r["activation"] = activation;
  r["activity_mean"] = m.activity_mean();
  r["phi2_mean"] = m.phi2_mean();
  r["energy_mean"] = m.energy_mean();
  r["energy_min"] = m.energy_min();
  r["energy_max"] = m.energy_max();
  r["energy_variance"] = m.energy_variance();
  r["speed_mean"] = m.speed_mean();
  r["energy_last"] = m.last_energy();
  r["monitored_steps"] = m.steps();
  r["fixed_point"] = m.at_fixed_point();
  r["diverged"] = m.diverged();
  r["steps_done"] = out.steps_done;
  r["status"] = to_string(out.status);
  r["regime"] = to_string(regime.regime);
  r["lyapunov_max"] = out.lyapunov_max;
  r["lyapunov_stderr"] = out.lyapunov_stderr;
  if (spectrum > 0) {
    r["lyapunov_spectrum"] = py::array_t<double>(static_cast<py::ssize_t>(out.spectrum.size()), out.spectrum.data());
    r["lyapunov_spectrum_stderr"] =
        py::array_t<double>(static_cast<py::ssize_t>(out.spectrum_stderr.size()), out.spectrum_stderr.data());
  }
  r["x"] = to_numpy(x);
  if (rows > 0) {
    // A run stopped early (divergence) keeps the rows it reached.
    py::array_t<float> kept(std::vector<py::ssize_t>{static_cast<py::ssize_t>(out.samples), c.record_neurons});
    std::copy(trajectory.data(), trajectory.data() + kept.size(), kept.mutable_data());
    py::array_t<double> t(static_cast<py::ssize_t>(out.samples));
    for (long long i = 0; i < out.samples; ++i) t.mutable_data()[i] = static_cast<double>(i * c.record_every) * dt;
    r["trajectory"] = kept;
    r["t"] = t;
  }
  return r;
}

const char* const kSimulateDoc = R"doc(Simulate dx/dt = -x + J phi(x) (+ sigma white noise) and return statistics.

The network is J (an (n, n) array, float32 used in place when C-contiguous, otherwise
converted) or the couplings drawn from (n, g, gamma, seed) exactly as `edgechaos run
--seed seed` draws them; x(0) is x0 or x_i ~ N(0, 1) from the seed's initial-state stream,
and the noise uses the seed's noise stream, so the same arguments give the CLI's numbers.

Arguments (names as the CLI's options):
  J            couplings, or None to draw them from n, g, gamma, seed
  n, g, gamma  size, gain (Var J_ij = g^2/n) and symmetry corr(J_ij, J_ji) of drawn couplings
  seed         run seed (J, x(0), noise streams)
  steps        total steps, transient included
  dt           time step
  integrator   'rk4' or 'euler'; 'euler' with noise > 0 is Euler-Maruyama
  noise        white-noise amplitude sigma >= 0
  activation   'tanh', 'fasttanh' or 'sinhtanh' (the device's cheaper tanh)
  x0           initial state, shape (n,), or None
  transient    steps run before the statistics (and the Lyapunov estimate) start
  record_every > 0: record x every k steps (rows at steps 0, k, 2k, ... <= steps)
  record_neurons  how many leading neurons to record (default all)
  max_record_bytes  the trajectory's memory bound; a larger request raises capacity_exceeded
  lyapunov     also estimate the largest Lyapunov exponent (tangent vector, same scheme)
  spectrum     K > 0: the K leading exponents by repeated QR

Returns a dict: activity_mean (<|x|^2/N> after the transient), phi2_mean, energy_mean
(<E/N>, E = 1/2 |dx/dt|^2), energy_min/max/variance/last, speed_mean, fixed_point, diverged,
regime ('fixed_point', 'periodic', 'chaotic', 'divergent', 'undetermined'), status ('ok' or
'non_finite_result' when the run left the floats), steps_done, lyapunov_max and
lyapunov_stderr (NaN unless measured), lyapunov_spectrum(_stderr) (float64 arrays, with
spectrum), x (the final state, float32), and with record_every: trajectory (rows, neurons)
float32 and t (float64). Statistics are float64.

The GIL is released during the run; Ctrl-C stops it between two steps (KeyboardInterrupt).
Bad arguments raise EdgechaosError ('invalid_argument: ...', 'size_mismatch: ...',
'non_finite_input: ...') before anything runs.)doc";

}  // namespace

void bind_simulate(py::module_& m) {
  m.def("simulate", &simulate, py::arg("J") = py::none(), py::kw_only(), py::arg("n") = 256, py::arg("g") = 1.5,
        py::arg("gamma") = 0.0, py::arg("seed") = 1u, py::arg("steps") = 10000, py::arg("dt") = 0.05,
        py::arg("integrator") = "rk4", py::arg("noise") = 0.0, py::arg("activation") = "tanh",
        py::arg("x0") = py::none(), py::arg("transient") = 0, py::arg("record_every") = 0,
        py::arg("record_neurons") = py::none(), py::arg("max_record_bytes") = 256.0 * 1048576.0,
        py::arg("lyapunov") = false, py::arg("spectrum") = 0, kSimulateDoc);
}

}  // namespace edgechaos::python
