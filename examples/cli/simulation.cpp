#include "simulation.hpp"

#include <cmath>

#include "edgechaos/desktop/clock.hpp"
#include "edgechaos/desktop/console.hpp"
#include "command.hpp"
#include "edgechaos/edgechaos.hpp"
#include "edgechaos/core/seeds.hpp"
#include "edgechaos/host/rate_network_run.hpp"
#include "edgechaos/monitors/step_quantities.hpp"

namespace edgechaos::cli {

std::vector<float> make_couplings(int n, double g, double gamma, std::uint64_t seed) {
  std::vector<float> J(static_cast<std::size_t>(n) * static_cast<std::size_t>(n));
  const Status s = generate_couplings(
      {static_cast<float>(g), static_cast<float>(gamma), sub_seed(seed, SeedStream::couplings)}, J.data(), n);
  if (s != Status::ok) throw UsageError{std::string("couplings: ") + to_string(s)};
  return J;
}

std::string validate(const RunConfig& c) {
  if (c.n < 2 || c.n > 2048) return "--n must be in [2, 2048]";
  if (!(c.g >= 0) || !std::isfinite(c.g)) return "--g must be >= 0";
  if (!(c.gamma >= -1 && c.gamma <= 1)) return "--gamma must be in [-1, 1]";
  if (!(c.dt > 0) || !std::isfinite(c.dt)) return "--dt must be > 0";
  if (c.steps < 1) return "--steps must be >= 1";
  if (c.transient < 0 || c.transient >= c.steps) return "--transient must be in [0, steps)";
  if (!(c.noise >= 0) || !std::isfinite(c.noise)) return "--noise must be >= 0";
  if (c.noise > 0 && c.integrator != "euler") return "--noise needs --integrator euler (Euler-Maruyama)";
  if (c.integrator != "euler" && c.integrator != "rk4") return "--integrator must be euler or rk4";
  if (c.activation != "tanh" && c.activation != "fasttanh" && c.activation != "sinhtanh") {
    return "--activation must be tanh, fasttanh or sinhtanh";
  }
  if ((c.lyapunov || c.spectrum > 0) && c.noise > 0) return "--lyapunov/--spectrum need a noiseless run (--noise 0)";
  if (c.spectrum < 0 || c.spectrum > c.n) return "--spectrum K must be in [1, n]";
  return {};
}

namespace {

template <class Net, class Stepper>
RunResult run_loop(const RunConfig& c, const Net& net, Stepper& stepper, const TraceConfig& trace, bool progress_on) {
  RunResult result;
  Vector<Dynamic> x(c.n);
  result.status = initial_state(x, 1.0f, sub_seed(c.seed, SeedStream::initial_state));
  if (result.status != Status::ok) return result;

  StepSums last;
  auto observer = [&](const StepSums& s) {
    result.monitor(s);
    last = s;
  };
  const int columns = trace.neurons < c.n ? trace.neurons : c.n;
  if (trace.file) {
    std::fprintf(trace.file, "step,t,energy_per_neuron,speed,activity,phi2");
    for (int i = 0; i < columns; ++i) std::fprintf(trace.file, ",x%d", i);
    std::fputc('\n', trace.file);
  }
  Vector<Dynamic> sample(columns);
  desktop::Progress progress("run", c.steps);
  const float dt = static_cast<float>(c.dt);
  const std::int64_t t0 = desktop::now_ns();
  for (long long k = 0; k < c.steps; ++k) {
    if (k == c.transient) {
      result.monitor.reset();
      if constexpr (has_lyapunov_statistics<Stepper>) stepper.reset_statistics();
    }
    const bool sampled = trace.file && k % trace.every == 0;
    if (sampled) sample = x.head(columns);
    const Status s = stepper.step(net, x, dt, observer);
    if (s != Status::ok) {
      result.status = s;
      if (s == Status::non_finite_result) result.monitor.note_failed_step();
      break;
    }
    ++result.steps_done;
    if (sampled) {
      const StepQuantities<double> q = step_quantities<double>(last);
      std::fprintf(trace.file, "%lld,%.6g,%.9g,%.9g,%.9g,%.9g", k, static_cast<double>(k) * c.dt,
                   q.energy_per_neuron, q.speed, q.activity, q.phi2);
      for (int i = 0; i < columns; ++i) std::fprintf(trace.file, ",%.9g", static_cast<double>(sample[i]));
      std::fputc('\n', trace.file);
    }
    if (progress_on && (k & 1023) == 0) progress.update(k);
  }
  const std::int64_t t1 = desktop::now_ns();
  if (progress_on) progress.update(c.steps);
  result.ns_per_step = result.steps_done > 0 ? static_cast<double>(t1 - t0) / static_cast<double>(result.steps_done) : 0.0;
  if constexpr (has_lyapunov_spectrum<Stepper>) {
    result.spectrum = stepper.exponents();
    result.spectrum_stderr = stepper.standard_errors();
    result.lyapunov_max = result.spectrum.front();
    result.lyapunov_stderr = result.spectrum_stderr.front();
  } else if constexpr (has_lyapunov_statistics<Stepper>) {
    result.lyapunov_max = stepper.exponent();
    result.lyapunov_stderr = stepper.standard_error();
  }
  result.regime = classify(result.monitor, result.lyapunov_max, result.lyapunov_stderr);
  return result;
}

}  // namespace

RunResult simulate(const RunConfig& config, const TraceConfig& trace, bool show_progress) {
  RunResult result;
  RunChoice choice;
  result.status = first_error(parse_activation(config.activation.c_str(), choice.activation),
                              parse_integrator(config.integrator.c_str(), choice.integrator));
  if (result.status != Status::ok) return result;
  choice.noise = static_cast<float>(config.noise);
  choice.noise_seed = sub_seed(config.seed, SeedStream::noise);
  choice.lyapunov = config.lyapunov;
  choice.spectrum = config.spectrum;
  CouplingMatrix<Dynamic> J;
  result.status = generate_couplings(CouplingParams{static_cast<float>(config.g), static_cast<float>(config.gamma),
                                                    sub_seed(config.seed, SeedStream::couplings)},
                                     J, config.n);
  if (result.status != Status::ok) return result;
  const Status s = dispatch_rate_network(choice, J.data(), config.n, [&](const auto& net, auto& stepper) {
    result = run_loop(config, net, stepper, trace, show_progress);
    return result.status;
  });
  if (result.status == Status::ok) result.status = s;  // bind or configure refused
  return result;
}

}  // namespace edgechaos::cli
