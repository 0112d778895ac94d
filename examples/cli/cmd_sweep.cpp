// edgechaos sweep: the (g, gamma, seed) grid on every core, one CSV row per network,
// appended (and flushed) as each finishes; an interrupted sweep resumes where it stopped.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "args.hpp"
#include "command.hpp"
#include "edgechaos/desktop/clock.hpp"
#include "edgechaos/desktop/console.hpp"
#include "edgechaos/theory/dmft.hpp"
#include "edgechaos/theory/edge.hpp"
#include "json.hpp"
#include "simulation.hpp"

namespace edgechaos::cli {
namespace {

const char* const kHelp =
    "usage: edgechaos sweep --g A:B:STEP --out FILE.csv [--gamma LIST] [--n N] [--seeds K]\n"
    "                       [--steps STEPS] [--transient STEPS] [--dt DT] [--integrator euler|rk4]\n"
    "                       [--activation tanh|fasttanh|sinhtanh] [--threads T]\n"
    "\n"
    "Runs one network per (g, gamma, seed) with the largest Lyapunov exponent (as `edgechaos\n"
    "run --lyapunov`), on T threads, and appends one CSV row per network as it finishes\n"
    "(flushed at once). If FILE.csv exists with the same header, rows already there (keyed by\n"
    "g, gamma, seed) are not run again: an interrupted sweep resumes; a truncated last row is\n"
    "dropped and redone. A progress bar is drawn on stderr when it is a terminal. At the end\n"
    "one JSON summary is printed on stdout.\n"
    "\n"
    "options:\n"
    "  --g A:B:STEP       gains A, A+STEP, ..., B (required)\n"
    "  --gamma LIST       comma-separated symmetry degrees in [-1, 1] (default 0)\n"
    "  --n N              neurons, 2..2048 (default 256)\n"
    "  --seeds K          seeds 1..K per grid point (default 1)\n"
    "  --steps STEPS      total steps per network, transient included (default 6000)\n"
    "  --transient STEPS  steps discarded before statistics and exponent (default 1000)\n"
    "  --dt DT            time step (default 0.1)\n"
    "  --integrator I     rk4 or euler (default rk4)\n"
    "  --activation A     tanh, fasttanh or sinhtanh (default tanh)\n"
    "  --threads T        worker threads (default: every core, std::thread::hardware_concurrency)\n"
    "  --out FILE.csv     the table (required)\n"
    "\n"
    "columns: g, gamma, seed, n, dt, steps, transient, activity (<|x|^2/N>), phi2, energy (<E/N>),\n"
    "  lambda_max, lambda_stderr, regime, status, seconds (wall time of this network),\n"
    "  g_critical (1/(1+gamma)), dmft_delta0 and dmft_lambda (the DMFT at gamma = 0; empty\n"
    "  otherwise).\n"
    "exit codes: 0 done, 1 some network stopped on an error (see status), 2 bad arguments.\n";

const char* const kHeader =
    "g,gamma,seed,n,dt,steps,transient,activity,phi2,energy,lambda_max,lambda_stderr,regime,status,seconds,"
    "g_critical,dmft_delta0,dmft_lambda";

std::string key(double g, double gamma, long long seed) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "%.10g|%.10g|%lld", g, gamma, seed);
  return buf;
}

std::string num(double v) {
  if (!std::isfinite(v)) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

// Reads the rows already in `path` (same header) and rewrites the file without a torn
// last line. Returns the keys found. Throws UsageError on a foreign file.
std::set<std::string> resume(const std::string& path) {
  std::set<std::string> done;
  std::FILE* f = std::fopen(path.c_str(), "r");
  if (!f) return done;
  std::vector<std::string> lines;
  std::string line;
  int ch;
  bool torn = false;
  while ((ch = std::fgetc(f)) != EOF) {
    if (ch == '\n') {
      lines.push_back(line);
      line.clear();
    } else {
      line.push_back(static_cast<char>(ch));
    }
  }
  if (!line.empty()) torn = true;  // the last row was being written when the sweep stopped
  std::fclose(f);
  if (lines.empty()) return done;
  if (lines.front() != kHeader) throw UsageError{"--out: '" + path + "' exists and is not a sweep table of this version"};
  const std::size_t columns = static_cast<std::size_t>(std::count(lines.front().begin(), lines.front().end(), ',')) + 1;
  std::vector<std::string> kept{lines.front()};
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    if (static_cast<std::size_t>(std::count(l.begin(), l.end(), ',')) + 1 != columns) continue;
    double g = 0, gamma = 0;
    long long seed = 0;
    if (std::sscanf(l.c_str(), "%lf,%lf,%lld", &g, &gamma, &seed) != 3) continue;
    done.insert(key(g, gamma, seed));
    kept.push_back(l);
  }
  if (torn || kept.size() != lines.size()) {
    std::FILE* w = std::fopen(path.c_str(), "w");
    if (!w) throw UsageError{"--out: cannot rewrite '" + path + "'"};
    for (const auto& l : kept) std::fprintf(w, "%s\n", l.c_str());
    std::fclose(w);
  }
  return done;
}

struct Task {
  double g, gamma;
  long long seed;
};

int run(const std::vector<std::string>& tokens) {
  Args args(tokens);
  const std::vector<double> gs = parse_range(args.text("g", ""), "--g");
  const std::vector<double> gammas = parse_list(args.text("gamma", "0"), "--gamma");
  RunConfig base;
  base.n = static_cast<int>(args.integer("n", 256, 2, 2048));
  const long long seeds = args.integer("seeds", 1, 1, 1000000);
  base.steps = args.integer("steps", 6000, 1, 4000000000LL);
  base.transient = args.integer("transient", 1000, 0, 4000000000LL);
  base.dt = args.number("dt", 0.1, 1e-9, 1e6);
  base.integrator = args.choice("integrator", "rk4", {"euler", "rk4"});
  base.activation = args.choice("activation", "tanh", {"tanh", "fasttanh", "sinhtanh"});
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const int threads = static_cast<int>(args.integer("threads", cores, 1, 1024));
  const std::string out_path = args.text("out", "");
  args.finish();
  if (out_path.empty()) throw UsageError{"--out FILE.csv is required"};
  base.lyapunov = true;
  for (double gamma : gammas) {
    if (!(gamma >= -1 && gamma <= 1)) throw UsageError{"--gamma values must be in [-1, 1]"};
  }
  {
    RunConfig probe = base;
    probe.g = gs.front();
    probe.gamma = gammas.front();
    const std::string problem = validate(probe);
    if (!problem.empty()) throw UsageError{problem};
  }

  const std::set<std::string> done = resume(out_path);
  std::vector<Task> tasks;
  for (double g : gs)
    for (double gamma : gammas)
      for (long long s = 1; s <= seeds; ++s)
        if (!done.count(key(g, gamma, s))) tasks.push_back({g, gamma, s});
  const std::size_t total = gs.size() * gammas.size() * static_cast<std::size_t>(seeds);

  std::FILE* out = std::fopen(out_path.c_str(), "a");
  if (!out) throw UsageError{"--out: cannot open '" + out_path + "' for appending"};
  if (done.empty() && std::ftell(out) == 0) {
    std::fprintf(out, "%s\n", kHeader);
    std::fflush(out);
  }

  std::mutex lock;  // guards the file, the progress bar and the theory cache
  std::map<std::string, std::pair<double, double>> dmft;  // g -> (delta0, lambda_max)
  std::atomic<std::size_t> next{0};
  std::size_t finished = 0;
  int failures = 0;
  desktop::Progress progress("sweep", static_cast<std::int64_t>(tasks.size()));
  const std::int64_t t0 = desktop::now_ns();

  auto worker = [&]() {
    for (std::size_t i = next++; i < tasks.size(); i = next++) {
      const Task& t = tasks[i];
      RunConfig c = base;
      c.g = t.g;
      c.gamma = t.gamma;
      c.seed = static_cast<std::uint64_t>(t.seed);
      const std::int64_t s0 = desktop::now_ns();
      const RunResult r = simulate(c, TraceConfig{}, false);
      const double seconds = static_cast<double>(desktop::now_ns() - s0) * 1e-9;
      double d0 = NAN, dl = NAN;
      if (t.gamma == 0.0) {
        const std::string gk = key(t.g, 0, 0);
        bool have = false;
        {
          std::lock_guard<std::mutex> guard(lock);
          const auto it = dmft.find(gk);
          if (it != dmft.end()) {
            d0 = it->second.first;
            dl = it->second.second;
            have = true;
          }
        }
        if (!have) {
          const theory::DmftSolution s = theory::solve_dmft(t.g);
          d0 = s.delta0;
          dl = s.lambda_max;
          std::lock_guard<std::mutex> guard(lock);
          dmft[gk] = {d0, dl};
        }
      }
      const auto& m = r.monitor;
      std::string row = num(t.g) + "," + num(t.gamma) + "," + std::to_string(t.seed) + "," + std::to_string(c.n) + "," +
                        num(c.dt) + "," + std::to_string(c.steps) + "," + std::to_string(c.transient) + "," +
                        num(m.activity_mean()) + "," + num(m.phi2_mean()) + "," + num(m.energy_mean()) + "," +
                        num(r.lyapunov_max) + "," + num(r.lyapunov_stderr) + "," + to_string(r.regime.regime) + "," +
                        to_string(r.status) + "," + num(seconds) + "," + num(theory::critical_gain(t.gamma)) + "," +
                        num(d0) + "," + num(dl);
      std::lock_guard<std::mutex> guard(lock);
      std::fprintf(out, "%s\n", row.c_str());
      std::fflush(out);
      if (r.status != Status::ok) ++failures;
      progress.update(static_cast<std::int64_t>(++finished));
    }
  };
  std::vector<std::thread> pool;
  const int used = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(threads), std::max<std::size_t>(tasks.size(), 1)));
  for (int k = 0; k < used; ++k) pool.emplace_back(worker);
  for (auto& th : pool) th.join();
  progress.finish();
  std::fclose(out);

  JsonObject summary;
  summary.string("out", out_path).integer("rows_total", static_cast<long long>(total));
  summary.integer("rows_already_done", static_cast<long long>(done.size()));
  summary.integer("rows_written", static_cast<long long>(finished)).integer("threads", used);
  summary.number("seconds", static_cast<double>(desktop::now_ns() - t0) * 1e-9);
  summary.integer("failures", failures);
  std::printf("%s\n", summary.str().c_str());
  return failures == 0 ? 0 : 1;
}

const Registrar kRegistrar{Command{"sweep", "phase-diagram sweep over (g, gamma, seed) on every core (CSV)", kHelp, run}};

}  // namespace
}  // namespace edgechaos::cli
