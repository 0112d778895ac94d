// edgechaos run: simulate one network and print its statistics as one JSON object.
#include <cstdio>
#include <string>
#include <vector>

#include "args.hpp"
#include "command.hpp"
#include "edgechaos/desktop/console.hpp"
#include "fixed_point_cli.hpp"
#include "json.hpp"
#include "simulation.hpp"

namespace edgechaos::cli {
namespace {

const char* const kHelp =
    "usage: edgechaos run --n N --g G --gamma GAMMA --seed S --dt DT --steps STEPS\n"
    "                     --integrator euler|rk4 [--noise SIGMA] [--transient STEPS]\n"
    "                     [--trace FILE.csv] [--trace-every K] [--activation tanh|fasttanh|sinhtanh]\n"
    "                     [--lyapunov] [--spectrum K] [--fixed-point WBITS:SBITS [--scales S]]\n"
    "\n"
    "Simulates dx/dt = -x + J tanh(x) (+ noise) for a random J with Var J_ij = g^2/N and\n"
    "corr(J_ij, J_ji) = gamma, from x_i ~ N(0, 1), and prints one JSON object on stdout.\n"
    "\n"
    "options:\n"
    "  --n N              neurons, 2..2048 (default 256)\n"
    "  --g G              gain, >= 0 (default 1.5)\n"
    "  --gamma GAMMA      symmetry degree in [-1, 1] (default 0)\n"
    "  --seed S           seed of J (the initial state and noise use derived streams) (default 1)\n"
    "  --dt DT            time step, > 0 (default 0.05)\n"
    "  --steps STEPS      total steps, transient included (default 10000)\n"
    "  --integrator I     euler or rk4 (default rk4)\n"
    "  --noise SIGMA      white-noise amplitude sigma >= 0; > 0 needs euler (Euler-Maruyama) (default 0)\n"
    "  --transient STEPS  steps discarded before the statistics start (default 0)\n"
    "  --trace FILE.csv   write a CSV trace: header row, then one row per sampled step with\n"
    "                     step, t, energy_per_neuron, speed, activity, phi2, x0..x7\n"
    "  --trace-every K    sample every K-th step into the trace (default 1)\n"
    "  --activation A     tanh (C library), fasttanh (edgechaos::FastTanh) or sinhtanh\n"
    "                     (edgechaos::SinhTanh<5>, the cheaper device tanh) (default tanh)\n"
    "  --lyapunov         also estimate the largest Lyapunov exponent after the transient: a\n"
    "                     tangent vector advanced by the same scheme (Benettin, renormalised\n"
    "                     every 10 steps; standard error from batch means); needs --noise 0\n"
    "  --spectrum K       the K leading Lyapunov exponents by repeated QR (1 <= K <= n; the\n"
    "                     first one is then reported as lyapunov_max); needs --noise 0\n"
    "  --fixed-point W:S  run the integer network (docs/fixed_point.md) built from the same J\n"
    "                     and x(0): weights W bits (8: Q1.6, 16: Q1.14), states S bits (16:\n"
    "                     Q3.12, 32: Q7.24); one of 8:16, 8:32, 16:16, 16:32. One integer Euler\n"
    "                     step (integrator euler, activation tanh, no noise, dt <= 1); the\n"
    "                     statistics from the dequantised states; adds the q_* fields\n"
    "  --scales S         J's scales with --fixed-point: format, per-matrix or per-row (default)\n"
    "\n"
    "output fields: n, g, gamma, seed, dt, steps, transient, integrator, noise, activation,\n"
    "  activity_mean ((1/N)|x|^2 averaged after the transient), phi2_mean ((1/N)|tanh x|^2),\n"
    "  energy_mean (E/N with E = 1/2 |dx/dt|^2), energy_min, energy_max, speed_mean (|dx/dt|),\n"
    "  fixed_point (E/N below 1e-10 for the last 100 steps), diverged, steps_done,\n"
    "  status (ok or the error that stopped the run), ns_per_step,\n"
    "  regime (fixed_point, periodic, chaotic, divergent or undetermined: from E/N and, when\n"
    "  measured, lambda_max +- 3 standard errors; without an exponent a moving network is\n"
    "  undetermined); with --lyapunov or --spectrum: lyapunov_max, lyapunov_stderr; with\n"
    "  --spectrum: lyapunov_spectrum [K values], lyapunov_spectrum_stderr [K values]; with\n"
    "  --fixed-point: q_format (W:S), q_weights, q_states, q_scales, q_capacity (the compile-time N\n"
    "  the run used), q_dt_raw, q_J_max_abs, q_J_max_rel (J's quantisation error).\n"
    "exit codes: 0 ran (see status), 1 the run stopped on an error, 2 bad arguments.\n";

int run(const std::vector<std::string>& tokens) {
  Args args(tokens, {"lyapunov"});
  RunConfig c;
  c.n = static_cast<int>(args.integer("n", 256, 2, 2048));
  c.g = args.number("g", 1.5, 0.0, 1e6);
  c.gamma = args.number("gamma", 0.0, -1.0, 1.0);
  c.seed = static_cast<std::uint64_t>(args.integer("seed", 1, 0, 9007199254740991LL));
  c.dt = args.number("dt", 0.05, 1e-9, 1e6);
  c.steps = args.integer("steps", 10000, 1, 4000000000LL);
  const bool integrator_given = args.has("integrator");
  c.integrator = args.choice("integrator", "rk4", {"euler", "rk4"});
  c.noise = args.number("noise", 0.0, 0.0, 1e6);
  c.transient = args.integer("transient", 0, 0, 4000000000LL);
  c.activation = args.choice("activation", "tanh", {"tanh", "fasttanh", "sinhtanh"});
  c.lyapunov = args.flag("lyapunov");
  c.spectrum = static_cast<int>(args.integer("spectrum", 0, 1, 2048));
  const std::string trace_path = args.text("trace", "");
  TraceConfig trace;
  trace.every = args.integer("trace-every", 1, 1, 4000000000LL);
  const FixedRunOptions fixed = parse_fixed_run(args, c, integrator_given, !trace_path.empty());
  const std::string problem = validate(c);
  if (!problem.empty()) throw UsageError{problem};
  args.finish();

  if (!trace_path.empty()) {
    trace.file = std::fopen(trace_path.c_str(), "w");
    if (!trace.file) throw UsageError{"--trace: cannot open '" + trace_path + "' for writing"};
  }
  FixedRunExtras q;
  const RunResult r = fixed.format.on() ? simulate_fixed(c, fixed.format, fixed.scales, q)
                                        : simulate(c, trace, c.steps >= 200000 && desktop::stderr_is_terminal());
  if (trace.file) std::fclose(trace.file);

  const auto& m = r.monitor;
  JsonObject out;
  out.integer("n", c.n).number("g", c.g).number("gamma", c.gamma).integer("seed", static_cast<long long>(c.seed));
  out.number("dt", c.dt).integer("steps", c.steps).integer("transient", c.transient);
  out.string("integrator", c.integrator).number("noise", c.noise).string("activation", c.activation);
  out.number("activity_mean", m.activity_mean()).number("phi2_mean", m.phi2_mean());
  out.number("energy_mean", m.energy_mean()).number("energy_min", m.energy_min()).number("energy_max", m.energy_max());
  out.number("speed_mean", m.speed_mean());
  out.boolean("fixed_point", m.at_fixed_point()).boolean("diverged", m.diverged());
  out.integer("steps_done", r.steps_done).string("status", to_string(r.status));
  out.number("ns_per_step", r.ns_per_step);
  out.string("regime", to_string(r.regime.regime));
  if (c.lyapunov || c.spectrum > 0) {
    out.number("lyapunov_max", r.lyapunov_max).number("lyapunov_stderr", r.lyapunov_stderr);
  }
  if (c.spectrum > 0) out.numbers("lyapunov_spectrum", r.spectrum).numbers("lyapunov_spectrum_stderr", r.spectrum_stderr);
  if (fixed.format.on()) add_fixed_fields(out, fixed, q);
  std::printf("%s\n", out.str().c_str());
  return r.status == Status::ok ? 0 : 1;
}

const Registrar kRegistrar{Command{"run", "simulate one network, print statistics as JSON", kHelp, run}};

}  // namespace
}  // namespace edgechaos::cli
