// edgechaos fixedpoints: distinct fixed points of one random network (descent on the
// quasi-potential, then Newton), summarised as one JSON object.
#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "args.hpp"
#include "command.hpp"
#include "edgechaos/desktop/clock.hpp"
#include "edgechaos/core/seeds.hpp"
#include "edgechaos/weights/couplings.hpp"
#include "edgechaos/quasi/fixed_point_finder.hpp"
#include "edgechaos/models/rate_network.hpp"
#include "json.hpp"
#include "simulation.hpp"

namespace edgechaos::cli {
namespace {

const char* const kHelp =
    "usage: edgechaos fixedpoints [--n N] [--g G] [--gamma GAMMA] [--seed S] [--tries T]\n"
    "                             [--flow-steps K] [--init-scale A] [--tolerance TOL]\n"
    "\n"
    "Finds fixed points x = J tanh(x) of one random J (Var J_ij = g^2/N, corr(J_ij, J_ji) = gamma):\n"
    "from each start, gradient descent on E = 1/2 |-x + J tanh(x)|^2 and Newton refinement\n"
    "(Levenberg-Marquardt on E); distinct points (rms distance > 1e-3) are collected, up to 256.\n"
    "Stability: spectral abscissa of the Jacobian -I + J diag(1 - tanh^2 x*) from its eigenvalues.\n"
    "\n"
    "options:\n"
    "  --n N             neurons, 2..1024 (default 200)\n"
    "  --g G             gain, >= 0 (default 2)\n"
    "  --gamma GAMMA     symmetry degree in [-1, 1] (default 0)\n"
    "  --seed S          seed of J; the starts use a derived stream (default 1)\n"
    "  --tries T         number of starts, 1..100000 (default 10)\n"
    "  --flow-steps K    0: every start is a random state; K > 0: starts are points of one noiseless\n"
    "                    trajectory, K Euler steps of 0.1 apart (default 100)\n"
    "  --init-scale A    random states x_i ~ N(0, A^2) (default 1)\n"
    "  --tolerance TOL   converged when |v| / sqrt(N) < TOL (default 2e-6)\n"
    "\n"
    "output fields: n, g, gamma, seed, tries, tries_converged, count (distinct fixed points),\n"
    "  nontrivial (how many of them are not x = 0), trivial_found, and over the nontrivial points\n"
    "  (over all when there are none): C (mean tanh(x*)^2), x2 (mean x*^2), abscissa_mean;\n"
    "  over all points: energy_max (max E), residual_max (max |v|/sqrt(N)), stable_fraction\n"
    "  (fraction with abscissa < 0); status, seconds.\n"
    "exit codes: 0 ran (see status: not_converged if no start converged, capacity_exceeded if more\n"
    "  than 256 distinct points turned up), 2 bad arguments.\n";

using Net = RateNetwork<Dynamic>;
constexpr int kCapacity = 256;

int run(const std::vector<std::string>& tokens) {
  Args args(tokens);
  const int n = static_cast<int>(args.integer("n", 200, 2, 1024));
  const double g = args.number("g", 2.0, 0.0, 1e6);
  const double gamma = args.number("gamma", 0.0, -1.0, 1.0);
  const auto seed = static_cast<std::uint64_t>(args.integer("seed", 1, 0, 9007199254740991LL));
  const int tries = static_cast<int>(args.integer("tries", 10, 1, 100000));
  FixedPointConfig c;
  c.flow_steps = static_cast<std::uint32_t>(args.integer("flow-steps", 100, 0, 1000000));
  c.init_scale = static_cast<float>(args.number("init-scale", 1.0, 0.0, 1e6));
  c.tolerance = static_cast<float>(args.number("tolerance", 2e-6, 1e-9, 1.0));
  c.seed = sub_seed(seed, SeedStream::fixed_points);
  args.finish();

  const std::vector<float> J = make_couplings(n, g, gamma, seed);
  Net net;
  const Status bound = net.bind(J.data(), n);
  if (bound != Status::ok) throw UsageError{std::string("network: ") + to_string(bound)};

  const std::int64_t t0 = desktop::now_ns();
  auto finder = std::make_unique<FixedPointFinder<Net, kCapacity>>();
  Status s = finder->configure(net, c);
  if (s == Status::ok) s = finder->search(net, tries);
  const double seconds = 1e-9 * static_cast<double>(desktop::now_ns() - t0);

  int nontrivial = 0, stable = 0;
  bool trivial_found = false;
  double C = 0, x2 = 0, abscissa = 0, energy_max = 0, residual_max = 0;
  for (int k = 0; k < finder->size(); ++k) {
    const auto& p = (*finder)[k];
    trivial_found = trivial_found || p.trivial;
    stable += p.stable ? 1 : 0;
    energy_max = std::max(energy_max, static_cast<double>(p.energy));
    residual_max = std::max(residual_max, static_cast<double>(p.residual));
    if (!p.trivial) ++nontrivial;
  }
  const bool only_trivial = nontrivial == 0;
  int averaged = 0;
  for (int k = 0; k < finder->size(); ++k) {
    const auto& p = (*finder)[k];
    if (p.trivial && !only_trivial) continue;
    C += static_cast<double>(p.C);
    x2 += static_cast<double>(p.x2);
    abscissa += static_cast<double>(p.abscissa);
    ++averaged;
  }
  const int count = finder->size();
  JsonObject out;
  out.integer("n", n).number("g", g).number("gamma", gamma).integer("seed", static_cast<long long>(seed));
  out.integer("tries", tries).integer("tries_converged", finder->tries_converged());
  out.integer("count", count).integer("nontrivial", nontrivial).boolean("trivial_found", trivial_found);
  out.number("C", averaged ? C / averaged : 0.0).number("x2", averaged ? x2 / averaged : 0.0);
  out.number("abscissa_mean", averaged ? abscissa / averaged : 0.0);
  out.number("energy_max", energy_max).number("residual_max", residual_max);
  out.number("stable_fraction", count ? static_cast<double>(stable) / count : 0.0);
  out.string("status", to_string(s)).number("seconds", seconds);
  std::printf("%s\n", out.str().c_str());
  return (s == Status::ok || s == Status::capacity_exceeded || s == Status::not_converged) ? 0 : 1;
}

const Registrar kRegistrar{Command{"fixedpoints", "find the distinct fixed points of one network, summary as JSON", kHelp, run}};

}  // namespace
}  // namespace edgechaos::cli
