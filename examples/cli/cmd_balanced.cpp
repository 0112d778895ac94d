// edgechaos balanced: a simulation of the balanced E/I binary network (PHYSICS.md section 7)
// with its mean-field theory next to it; also `edgechaos theory balanced` (the theory alone).
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "args.hpp"
#include "balanced_cli.hpp"
#include "command.hpp"
#include "edgechaos/host/balanced_host.hpp"
#include "edgechaos/monitors/population_monitor.hpp"
#include "edgechaos/monitors/unit_activity_monitor.hpp"
#include "edgechaos/steppers/async_update.hpp"
#include "edgechaos/theory/balanced_rates.hpp"
#include "json.hpp"

namespace edgechaos::cli {
namespace {

const char* const kHelp =
    "usage: edgechaos balanced --ne NE --ni NI --k K --m0 M0 [--e E --i I --je JE --ji JI\n"
    "                          --theta-e TE --theta-i TI --tau-e TAUE --tau-i TAUI]\n"
    "                          [--time T | --steps S] [--transient T0] [--bins B] [--seed S]\n"
    "\n"
    "Simulates the balanced network of binary units (van Vreeswijk-Sompolinsky; PHYSICS.md\n"
    "section 7): NE excitatory and NI inhibitory units, each with exactly K inputs from each\n"
    "population, couplings 1/sqrt(K) (E) and -J_k/sqrt(K) (I), external drive sqrt(K) E_k m0,\n"
    "thresholds theta_k, asynchronous updates (a unit of population k is updated at rate\n"
    "1/tau_k). Prints JSON: the time-averaged rates m_e, m_i; the mean and variance of the\n"
    "excitatory, inhibitory and net input of each population (in_e_exc_mean, ...); cv_e,\n"
    "cv_i and cv_mean (coefficient of variation of the intervals between a unit's 0 -> 1\n"
    "transitions); rate_hist_e, rate_hist_i (units per bin of [0, 1]); and the theory:\n"
    "m_e_theory, m_i_theory (finite-K mean field, Gaussian input with the fixed in-degree\n"
    "variance), m_e_theory_counts, m_i_theory_counts (the same equations with the exact\n"
    "count statistics of the graph and its tie rule: what the simulation approaches),\n"
    "m_e_balanced, m_i_balanced (large-K balance, linear in m0) and balance_condition\n"
    "(E/I > J_E/J_I > 1).\n"
    "\n"
    "  --ne, --ni N       population sizes (required, K <= N <= 10^7)\n"
    "  --k K              inputs per population (required, 1 .. 65535)\n"
    "  --m0 M0            external rate in [0, 1] (required)\n"
    "  --e, --i           external drive factors (default 1, 0.8)\n"
    "  --je, --ji         inhibitory strengths J_E, J_I (default 2, 1.8)\n"
    "  --theta-e, --theta-i  thresholds (default 1, 0.7)\n"
    "  --tau-e, --tau-i   population time constants (default 1, 0.9)\n"
    "  --time T           measured time in units of tau_E (default 100)\n"
    "  --steps S          measured micro-steps instead of --time\n"
    "  --transient T0     time run before measuring (default 20)\n"
    "  --bins B           histogram bins (default 20)\n"
    "  --seed S           run seed: wiring S, initial state S+1, update order S+2 (default 1)\n"
    "  --initial F        initial fraction of active units (default 0.1)\n";

BalancedParams read_params(Args& args) {
  const double huge = 1e30;
  BalancedParams p;
  p.m0 = static_cast<float>(args.required_number("m0", -huge, huge));
  p.e = static_cast<float>(args.number("e", p.e, -huge, huge));
  p.i = static_cast<float>(args.number("i", p.i, -huge, huge));
  p.je = static_cast<float>(args.number("je", p.je, -huge, huge));
  p.ji = static_cast<float>(args.number("ji", p.ji, -huge, huge));
  p.theta_e = static_cast<float>(args.number("theta-e", p.theta_e, -huge, huge));
  p.theta_i = static_cast<float>(args.number("theta-i", p.theta_i, -huge, huge));
  p.tau_e = static_cast<float>(args.number("tau-e", p.tau_e, -huge, huge));
  p.tau_i = static_cast<float>(args.number("tau-i", p.tau_i, -huge, huge));
  return p;
}

void check_params(const BalancedParams& p) {
  if (!(p.m0 >= 0 && p.m0 <= 1)) throw UsageError{"--m0 must be in [0, 1]"};
  if (!(p.e >= 0 && p.i >= 0)) throw UsageError{"--e and --i must be >= 0"};
  if (!(p.je >= 0 && p.ji >= 0)) throw UsageError{"--je and --ji must be >= 0"};
  if (!(p.tau_e > 0 && p.tau_i > 0)) throw UsageError{"--tau-e and --tau-i must be > 0"};
  if (validate(p) != Status::ok) throw UsageError{"parameters out of range"};
}

void add_theory(JsonObject& out, const BalancedParams& p, double k, double n_e, double n_i) {
  theory::BalancedTheoryConfig c;
  c.params = p;
  c.k = k;
  c.n_e = n_e;
  c.n_i = n_i;
  const theory::BalancedRates g = theory::balanced_rates(c);
  c.statistics = theory::InputStatistics::counts;
  const theory::BalancedRates n = theory::balanced_rates(c);
  const theory::BalancedLimit b = theory::balanced_limit(p);
  out.number("m_e_theory", g.count ? g.active().m_e : NAN).number("m_i_theory", g.count ? g.active().m_i : NAN);
  out.number("m_e_theory_counts", n.count ? n.active().m_e : NAN);
  out.number("m_i_theory_counts", n.count ? n.active().m_i : NAN);
  out.integer("theory_solutions", g.count).boolean("silent_only", g.silent_only);
  out.number("m_e_balanced", b.m_e).number("m_i_balanced", b.m_i);
  out.boolean("balance_condition", b.condition).boolean("balanced_positive", b.positive);
}

std::vector<double> to_doubles(const std::vector<std::uint32_t>& v) { return {v.begin(), v.end()}; }

// The parsed command line of `edgechaos balanced`.
struct Sim {
  long long n_e, n_i, k;
  BalancedParams p;
  bool by_steps;
  double duration;
  long long steps;
  double transient;
  long long bins;
  std::uint64_t seed;
  double initial;
};

template <class IndexT>
int simulate(const Sim& sim) {
  const auto n_e = sim.n_e, n_i = sim.n_i, k = sim.k, steps = sim.steps, bins = sim.bins;
  const BalancedParams& p = sim.p;
  const bool by_steps = sim.by_steps;
  const double duration = sim.duration, transient = sim.transient, initial = sim.initial;
  const std::uint64_t seed = sim.seed;
  host::BalancedHostNetwork<IndexT> net;
  if (net.create({n_e, n_i, k}) != Status::ok) throw UsageError{"network too large for 32-bit edge offsets"};
  const auto t0 = std::chrono::steady_clock::now();
  if (net.wire(seed) != Status::ok || net.set_params(p) != Status::ok ||
      net.set_random_state(static_cast<float>(initial), seed + 1) != Status::ok)
    throw UsageError{"bad network parameters"};
  AsyncUpdate up;
  if (up.reset(net, seed + 2) != Status::ok) throw UsageError{"bad network parameters"};
  const auto t1 = std::chrono::steady_clock::now();
  const RunResult warm = up.run(net, up.steps_for(transient));
  PopulationMonitor pop;
  host::UnitActivityHost units;
  if (units.create(net.units()) != Status::ok) return 1;
  std::uint64_t flips = 0;
  auto count_flips = [&](const UnitUpdate& u) { flips += u.before != u.after; };
  const std::uint64_t measured = by_steps ? static_cast<std::uint64_t>(steps) : up.steps_for(duration);
  const auto t2 = std::chrono::steady_clock::now();
  const RunResult r = up.run(net, measured, observe_all(pop, units, count_flips));
  const auto t3 = std::chrono::steady_clock::now();
  if (warm.status != Status::ok || r.status != Status::ok) return 1;

  JsonObject out;
  out.integer("ne", n_e).integer("ni", n_i).integer("k", k).number("m0", p.m0);
  out.number("e", p.e).number("i", p.i).number("je", p.je).number("ji", p.ji);
  out.number("theta_e", p.theta_e).number("theta_i", p.theta_i).number("tau_e", p.tau_e).number("tau_i", p.tau_i);
  out.integer("seed", static_cast<long long>(seed)).number("transient", transient);
  out.number("time", static_cast<double>(measured) * up.dt()).integer("steps", static_cast<long long>(measured));
  out.number("m_e", pop.mean_rate(net, Population::excitatory)).number("m_i", pop.mean_rate(net, Population::inhibitory));
  out.number("m_e_std", std::sqrt(pop.rate_variance(net, Population::excitatory)));
  out.number("m_i_std", std::sqrt(pop.rate_variance(net, Population::inhibitory)));
  for (int q = 0; q < 2; ++q) {
    const InputMoments m = pop.inputs(net, static_cast<Population>(q));
    const std::string pre = q == 0 ? "in_e_" : "in_i_";
    out.number((pre + "exc_mean").c_str(), m.mean_excitatory).number((pre + "exc_var").c_str(), m.var_excitatory);
    out.number((pre + "inh_mean").c_str(), m.mean_inhibitory).number((pre + "inh_var").c_str(), m.var_inhibitory);
    out.number((pre + "net_mean").c_str(), m.mean_net).number((pre + "net_var").c_str(), m.var_net);
  }
  Index counted_e = 0, counted_i = 0;
  const double cv_e = units.cv_mean(0, net.n_e(), &counted_e);
  const double cv_i = units.cv_mean(net.n_e(), net.units(), &counted_i);
  const double cv_all = counted_e + counted_i > 0
                            ? (cv_e * static_cast<double>(counted_e) + cv_i * static_cast<double>(counted_i)) /
                                  static_cast<double>(counted_e + counted_i)
                            : 0.0;
  out.number("cv_e", cv_e).number("cv_i", cv_i).number("cv_mean", cv_all);
  out.integer("cv_units", static_cast<long long>(counted_e + counted_i));
  std::vector<std::uint32_t> he(static_cast<std::size_t>(bins)), hi(static_cast<std::size_t>(bins));
  (void)units.rate_histogram(0, net.n_e(), he.data(), static_cast<int>(bins));
  (void)units.rate_histogram(net.n_e(), net.units(), hi.data(), static_cast<int>(bins));
  out.numbers("rate_hist_e", to_doubles(he)).numbers("rate_hist_i", to_doubles(hi));
  add_theory(out, p, static_cast<double>(k), static_cast<double>(n_e), static_cast<double>(n_i));
  const double run_ns = std::chrono::duration<double, std::nano>(t3 - t2).count();
  out.number("flips_per_update", static_cast<double>(flips) / static_cast<double>(measured ? measured : 1));
  out.number("wire_seconds", std::chrono::duration<double>(t1 - t0).count());
  out.number("ns_per_update_observed", run_ns / static_cast<double>(measured ? measured : 1));
  std::printf("%s\n", out.str().c_str());
  return 0;
}

int run(const std::vector<std::string>& tokens) {
  Args args(tokens);
  if (!args.has("ne") || !args.has("ni") || !args.has("k")) throw UsageError{"--ne, --ni and --k are required"};
  const auto n_e = args.integer("ne", 0, 1, 10000000);
  const auto n_i = args.integer("ni", 0, 1, 10000000);
  const auto k = args.integer("k", 0, 1, 65535);
  const BalancedParams p = read_params(args);
  const bool by_steps = args.has("steps");
  if (by_steps && args.has("time")) throw UsageError{"give --time or --steps, not both"};
  const double duration = args.number("time", 100.0, 1e-6, 1e9);
  const auto steps = args.integer("steps", 0, 1, 1LL << 50);
  const double transient = args.number("transient", 20.0, 0.0, 1e9);
  const auto bins = args.integer("bins", 20, 1, 10000);
  const auto seed = static_cast<std::uint64_t>(args.integer("seed", 1, 0, 1LL << 62));
  const double initial = args.number("initial", 0.1, 0.0, 1.0);
  check_params(p);
  if (k > n_e || k > n_i) throw UsageError{"--k must not exceed --ne or --ni"};
  args.finish();

  const Sim sim{n_e, n_i, k, p, by_steps, duration, steps, transient, bins, seed, initial};
  // 16-bit indices while every unit fits them: half the memory of the out-going rows
  return n_e + n_i <= 65536 ? simulate<std::uint16_t>(sim) : simulate<std::uint32_t>(sim);
}

const Registrar kRegistrar{Command{"balanced", "balanced E/I binary network: rates, input balance, CV, histogram, mean field (JSON)",
                                   kHelp, run}};

}  // namespace

int run_theory_balanced(Args& args) {
  const double k = args.required_number("k", 1, 65535);
  const double n_e = args.number("ne", 0, 0, 1e9);
  const double n_i = args.number("ni", 0, 0, 1e9);
  const BalancedParams p = read_params(args);
  const std::string stats = args.choice("statistics", "gaussian", {"gaussian", "counts"});
  const std::string variance = args.choice("variance", "fixed-in-degree", {"fixed-in-degree", "sparse"});
  check_params(p);
  if ((n_e > 0 && n_e < k) || (n_i > 0 && n_i < k)) throw UsageError{"--k must not exceed --ne or --ni"};
  if (stats == "counts" && k != std::floor(k)) throw UsageError{"--statistics counts needs an integer --k"};
  args.finish();
  theory::BalancedTheoryConfig c;
  c.params = p;
  c.k = k;
  c.n_e = n_e;
  c.n_i = n_i;
  c.statistics = stats == "counts" ? theory::InputStatistics::counts : theory::InputStatistics::gaussian;
  c.variance = variance == "sparse" ? theory::InputVariance::random_sparse : theory::InputVariance::fixed_in_degree;
  const theory::BalancedRates r = theory::balanced_rates(c);
  const theory::BalancedLimit b = theory::balanced_limit(p);
  JsonObject out;
  out.number("k", k).number("ne", n_e).number("ni", n_i).number("m0", p.m0);
  out.string("statistics", stats).string("variance", variance);
  if (r.status != Status::ok) {
    out.string("status", to_string(r.status));
    std::printf("%s\n", out.str().c_str());
    return 1;
  }
  out.number("m_e", r.active().m_e).number("m_i", r.active().m_i);
  out.number("mu_e", r.active().mu_e).number("mu_i", r.active().mu_i);
  out.number("alpha_e", r.active().alpha_e).number("alpha_i", r.active().alpha_i);
  std::vector<double> me, mi;
  for (int s = 0; s < r.count; ++s) me.push_back(r.solutions[s].m_e), mi.push_back(r.solutions[s].m_i);
  out.numbers("solutions_m_e", me).numbers("solutions_m_i", mi).boolean("silent_only", r.silent_only);
  out.number("m_e_balanced", b.m_e).number("m_i_balanced", b.m_i);
  out.number("slope_e_balanced", b.slope_e).number("slope_i_balanced", b.slope_i);
  out.boolean("balance_condition", b.condition).boolean("balanced_positive", b.positive);
  std::printf("%s\n", out.str().c_str());
  return 0;
}

}  // namespace edgechaos::cli
