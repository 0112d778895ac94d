// edgechaos sweep: the (g, gamma, seed) grid on every core, one CSV row per network,
// appended (and flushed) as each finishes; an interrupted sweep resumes where it stopped.
// `--shard I/N` runs one deterministic part of the grid (batch schedulers, `merge` joins
// the parts); `--mpi` runs it over mpirun's ranks into one table (sweep_mpi.cpp).
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "args.hpp"
#include "command.hpp"
#include "edgechaos/desktop/clock.hpp"
#include "sweep_mpi.hpp"
#include "sweep_table.hpp"

namespace edgechaos::cli {
namespace {

const char* const kHelp =
    "usage: edgechaos sweep --g A:B:STEP --out FILE.csv [--gamma LIST] [--n N] [--seeds K]\n"
    "                       [--steps STEPS] [--transient STEPS] [--dt DT] [--integrator euler|rk4]\n"
    "                       [--activation tanh|fasttanh|sinhtanh] [--threads T] [--shard I/N]\n"
    "       mpirun -np K edgechaos sweep ... --mpi --out FILE.csv\n"
    "\n"
    "Runs one network per (g, gamma, seed) with the largest Lyapunov exponent (as `edgechaos\n"
    "run --lyapunov`), on T threads, and appends one CSV row per network as it finishes\n"
    "(flushed at once). If FILE.csv exists with the same header, rows already there (keyed by\n"
    "g, gamma, seed) are not run again: an interrupted sweep resumes; a truncated last row is\n"
    "dropped and redone. A progress bar is drawn on stderr when it is a terminal. At the end\n"
    "one JSON summary is printed on stdout.\n"
    "\n"
    "A row's values depend only on its (g, gamma, seed) and the options, never on the thread,\n"
    "shard or rank that ran it (only `seconds` differs).\n"
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
    "  --threads T        worker threads (default: every core, std::thread::hardware_concurrency;\n"
    "                     with --mpi one per rank: start more ranks instead)\n"
    "  --shard I/N        run only shard I of N (0 <= I < N): the grid points whose position in\n"
    "                     the order g, gamma, seed (seed fastest) is I mod N, so every shard gets\n"
    "                     every g. Each shard writes a full table header to its own FILE.csv and\n"
    "                     resumes like a full sweep; `edgechaos merge` joins the shards. For a\n"
    "                     Slurm array: --array=0-(N-1) and --shard $SLURM_ARRAY_TASK_ID/N\n"
    "  --mpi              run over the ranks of `mpirun -np K`: rank 0 owns FILE.csv (resuming\n"
    "                     it as above), hands out one grid point at a time to whichever rank asks\n"
    "                     (dynamic load balancing), computes on a thread of its own as well, and\n"
    "                     writes each row as it arrives; the JSON summary comes from rank 0 only\n"
    "  --out FILE.csv     the table (required)\n"
    "\n"
    "columns: g, gamma, seed, n, dt, steps, transient, activity (<|x|^2/N>), phi2, energy (<E/N>),\n"
    "  lambda_max, lambda_stderr, regime, status, seconds (wall time of this network),\n"
    "  g_critical (1/(1+gamma)), dmft_delta0 and dmft_lambda (the DMFT at gamma = 0; empty\n"
    "  otherwise).\n"
    "summary: out, rows_total (of this shard), rows_already_done, rows_written, threads, ranks,\n"
    "  shard, seconds, failures.\n"
    "exit codes: 0 done, 1 some network stopped on an error (see status), 2 bad arguments.\n";

// The number of ranks when this process was started by an MPI launcher (1 otherwise).
long long launcher_ranks() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE"}) {
    const char* v = std::getenv(name);
    if (v != nullptr) return std::max(1LL, std::atoll(v));
  }
  return 1;
}

int run(const std::vector<std::string>& tokens) {
  Args args(tokens, {"mpi"});
  const SweepGrid grid = parse_sweep_grid(args);
  const bool threads_given = args.has("threads");
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const int threads = static_cast<int>(args.integer("threads", cores, 1, 1024));
  const Shard shard = parse_shard(args.text("shard", "0/1"));
  const bool mpi = args.flag("mpi");
  const std::string out_path = args.text("out", "");
  if (out_path.empty()) throw UsageError{"--out FILE.csv is required"};
  if (mpi) require_mpi_build();
  if (mpi && threads_given && threads != 1) {
    throw UsageError{"--threads: --mpi runs one network at a time per rank; start more ranks instead"};
  }
  // Without --mpi or --shard, every rank would run the whole grid into the same file.
  if (!mpi && launcher_ranks() > 1 && shard.count == 1) {
    throw UsageError{"started by an MPI launcher with " + std::to_string(launcher_ranks()) +
                      " ranks but without --mpi (or --shard): every rank would run the whole grid into the same file"};
  }
  args.finish();

  if (mpi) return run_sweep_mpi(grid, shard, out_path);

  SweepOutput out(grid, shard, out_path);
  const std::vector<std::size_t>& todo = out.todo();
  const std::int64_t t0 = desktop::now_ns();
  DmftCache dmft;
  std::atomic<std::size_t> next{0};
  auto worker = [&]() {
    for (std::size_t i = next++; i < todo.size(); i = next++) {
      bool failed = false;
      const std::string row = compute_row(grid, grid.point(todo[i]), dmft, failed);
      out.write(row, failed);
    }
  };
  std::vector<std::thread> pool;
  const int used = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(threads), std::max<std::size_t>(todo.size(), 1)));
  for (int k = 0; k < used; ++k) pool.emplace_back(worker);
  for (auto& th : pool) th.join();
  out.close();
  return out.summarise(static_cast<double>(desktop::now_ns() - t0) * 1e-9, used, 1);
}

const Registrar kRegistrar{Command{"sweep", "phase-diagram sweep over (g, gamma, seed): threads, shards or MPI ranks (CSV)", kHelp, run}};

}  // namespace
}  // namespace edgechaos::cli
