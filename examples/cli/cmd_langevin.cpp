// edgechaos langevin: Langevin sampling of the quasi-potential of one random network,
// annealed to beta; prints the order parameters as one JSON object.
#include <cstdio>
#include <string>
#include <vector>

#include "args.hpp"
#include "command.hpp"
#include "edgechaos/desktop/clock.hpp"
#include "edgechaos/core/seeds.hpp"
#include "edgechaos/host/langevin_run.hpp"
#include "edgechaos/weights/couplings.hpp"
#include "edgechaos/quasi/langevin.hpp"
#include "edgechaos/models/rate_network.hpp"
#include "json.hpp"
#include "simulation.hpp"

namespace edgechaos::cli {
namespace {

const char* const kHelp =
    "usage: edgechaos langevin --beta BETA [--n N] [--g G] [--gamma GAMMA] [--seed S]\n"
    "                          [--beta0 B0] [--dt DT] [--anneal-steps A] [--measure-steps M]\n"
    "                          [--replicas R] [--field H] [--blocks K] [--eta ETA]\n"
    "\n"
    "Samples exp(-beta E(x)), E = 1/2 |-x + J tanh(x)|^2 (+ eta |x|^2), by Euler-Maruyama\n"
    "x <- x - dt grad E + sqrt(2 dt / beta) xi for R replicas of one random J (Var J_ij = g^2/N,\n"
    "corr(J_ij, J_ji) = gamma), raising beta geometrically from B0 to BETA over A steps, then\n"
    "measuring M steps at BETA. Prints one JSON object on stdout.\n"
    "\n"
    "options:\n"
    "  --beta BETA         final inverse temperature, > 0 (required)\n"
    "  --n N               neurons, 2..2048 (default 200)\n"
    "  --g G               gain, >= 0 (default 0.8)\n"
    "  --gamma GAMMA       symmetry degree in [-1, 1] (default 0)\n"
    "  --seed S            seed of J; replicas, sign patterns and noise use derived streams (default 1)\n"
    "  --beta0 B0          start of the annealing, > 0 (default min(1, BETA))\n"
    "  --dt DT             step, > 0; refused (status step_too_large) if dt >= 2/sigma_max(M)^2 (default 0.01)\n"
    "  --anneal-steps A    annealing steps, >= 0 (default 5000)\n"
    "  --measure-steps M   measured steps, >= blocks (default 20000)\n"
    "  --replicas R        replicas sharing J, 2..8 (default 4)\n"
    "  --field H           field of the response copies (E -/+ H sum_i s_i tanh(x_i), random signs s);\n"
    "                      0 switches the response off and triples the speed (default 0.01)\n"
    "  --blocks K          measurement blocks for the standard errors, >= 2 (default 20)\n"
    "  --eta ETA           confinement eta |x|^2 added to E, >= 0 (default 0)\n"
    "\n"
    "output fields: n, g, gamma, seed, beta, beta0, dt, anneal_steps, measure_steps, replicas, field,\n"
    "  energy_per_neuron (<E>/N), x2 (<|x|^2>/N), q (<tanh(x^a)^2>), Q (<tanh(x^a) tanh(x^b)>, a != b),\n"
    "  fluctuation (beta (q - Q)), response ((1/N) sum_i s_i d<tanh x_i>/dh by central difference),\n"
    "  e_v (<|v|^2>/(2N)), sigma_xphi ((1/N) sum_i Cov(x_i, tanh x_i), from replica pairs),\n"
    "  r and R (-sqrt(beta) <v^a . tanh x^a>/N and the same for a != b: the response overlaps\n"
    "  of the replica theory, `edgechaos theory replica` prints the same names),\n"
    "  each with a standard error *_err from the block means; equipartition (1/(2 beta), the\n"
    "  low-temperature law for <E>/N), sigma_max (the stability estimate), steps, status, seconds.\n"
    "exit codes: 0 ran (see status), 1 the run stopped on an error, 2 bad arguments.\n";

using Net = RateNetwork<Dynamic>;

int run(const std::vector<std::string>& tokens) {
  Args args(tokens);
  const double beta = args.required_number("beta", 1e-9, 1e12);
  const int n = static_cast<int>(args.integer("n", 200, 2, 2048));
  const double g = args.number("g", 0.8, 0.0, 1e6);
  const double gamma = args.number("gamma", 0.0, -1.0, 1.0);
  const auto seed = static_cast<std::uint64_t>(args.integer("seed", 1, 0, 9007199254740991LL));
  const double beta0 = args.number("beta0", beta < 1.0 ? beta : 1.0, 1e-9, 1e12);
  LangevinConfig c;
  c.beta = static_cast<float>(beta);
  c.beta0 = static_cast<float>(beta0);
  c.dt = static_cast<float>(args.number("dt", 0.01, 1e-9, 1e6));
  c.anneal_steps = static_cast<std::uint32_t>(args.integer("anneal-steps", 5000, 0, 4000000000LL));
  c.measure_steps = static_cast<std::uint32_t>(args.integer("measure-steps", 20000, 2, 4000000000LL));
  const int replicas = static_cast<int>(args.integer("replicas", 4, 2, 8));
  c.field = static_cast<float>(args.number("field", 0.01, 0.0, 1e3));
  c.blocks = static_cast<std::uint32_t>(args.integer("blocks", 20, 2, 100000));
  c.eta = static_cast<float>(args.number("eta", 0.0, 0.0, 1e6));
  c.seed = sub_seed(seed, SeedStream::langevin);
  if (c.measure_steps < c.blocks) throw UsageError{"--measure-steps must be at least --blocks"};
  args.finish();

  const std::vector<float> J = make_couplings(n, g, gamma, seed);
  Net net;
  const Status bound = net.bind(J.data(), n);
  if (bound != Status::ok) throw UsageError{std::string("network: ") + to_string(bound)};

  const std::int64_t t0 = desktop::now_ns();
  const LangevinResult r = run_langevin(net, c, replicas);
  const double seconds = 1e-9 * static_cast<double>(desktop::now_ns() - t0);

  JsonObject out;
  out.integer("n", n).number("g", g).number("gamma", gamma).integer("seed", static_cast<long long>(seed));
  out.number("beta", beta).number("beta0", beta0).number("dt", static_cast<double>(c.dt));
  out.integer("anneal_steps", c.anneal_steps).integer("measure_steps", c.measure_steps);
  out.integer("replicas", replicas).number("field", static_cast<double>(c.field));
  out.number("energy_per_neuron", r.energy_per_neuron).number("energy_per_neuron_err", r.energy_err);
  out.number("x2", r.x2).number("x2_err", r.x2_err).number("q", r.q).number("q_err", r.q_err);
  out.number("Q", r.Q).number("Q_err", r.Q_err);
  out.number("fluctuation", r.fluctuation).number("fluctuation_err", r.fluctuation_err);
  if (c.field > 0.0f) {
    out.number("response", r.response).number("response_err", r.response_err);
  } else {
    out.raw("response", "null").raw("response_err", "null");
  }
  // the replica theory's fields, named as in `edgechaos theory replica`
  out.number("e_v", r.e_v).number("e_v_err", r.e_v_err).number("sigma_xphi", r.sigma_xphi);
  out.number("sigma_xphi_err", r.sigma_xphi_err).number("r", r.r).number("r_err", r.r_err);
  out.number("R", r.R).number("R_err", r.R_err);
  out.number("equipartition", 0.5 / beta).number("sigma_max", r.sigma_max);
  out.integer("steps", static_cast<long long>(r.steps)).string("status", to_string(r.status));
  out.number("seconds", seconds);
  std::printf("%s\n", out.str().c_str());
  return r.status == Status::ok ? 0 : 1;
}

const Registrar kRegistrar{Command{"langevin", "Langevin sampling of the quasi-potential, order parameters as JSON", kHelp, run}};

}  // namespace
}  // namespace edgechaos::cli
