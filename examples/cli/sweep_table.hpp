// The sweep's table, shared by `sweep` (threads, shards, MPI ranks) and `merge`: the
// (g, gamma, seed) grid and its one enumeration order, the shard split, the text of a row
// (computed the same way wherever it runs, so a row never depends on the process that
// computed it), reading a table back, and the resumable, appending output file.
#pragma once

#include <cstddef>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "args.hpp"
#include "edgechaos/desktop/console.hpp"
#include "simulation.hpp"

namespace edgechaos::cli {

extern const char* const kSweepHeader;

struct GridPoint {
  double g = 0, gamma = 0;
  long long seed = 1;
};

// The grid options of `sweep` (and of `merge`, which needs the same grid to know a row is
// missing). Enumeration order: g outer, gamma, seed inner; index = the position in it.
struct SweepGrid {
  std::vector<double> gs, gammas;
  long long seeds = 1;
  RunConfig base;  // n, dt, steps, transient, integrator, activation; lyapunov on

  std::size_t size() const { return gs.size() * gammas.size() * static_cast<std::size_t>(seeds); }
  GridPoint point(std::size_t index) const;
  // key text -> index; throws UsageError if two points print the same key (closer than 9 digits).
  std::unordered_map<std::string, std::size_t> index_by_key() const;
};

// Reads --g (required), --gamma, --n, --seeds, --steps, --transient, --dt, --integrator and
// --activation with the sweep's defaults, and validates them (UsageError).
SweepGrid parse_sweep_grid(Args& args);

// `--shard I/N`: grid point k belongs to shard k mod N (round-robin over the enumeration,
// so each shard gets every g, and cost, which grows with g, is balanced).
struct Shard {
  long long index = 0, count = 1;
  bool owns(std::size_t k) const { return static_cast<long long>(k % static_cast<std::size_t>(count)) == index; }
};
Shard parse_shard(const std::string& spec);  // "I/N", 0 <= I < N; UsageError otherwise

// "g,gamma,seed" exactly as a row prints them: a row is identified by its text, so the
// same point always finds its row (no re-parsing of rounded numbers).
std::string point_key(const GridPoint& p);
// The first seven columns a row of this grid must start with: the key, n, dt, steps, transient.
std::string row_prefix(const SweepGrid& grid, const GridPoint& p);
// The key (first three fields) of a row's text; empty if it has fewer fields.
std::string row_key(const std::string& row);
std::size_t column_count(const std::string& line);
// The row's status column is not "ok".
bool row_failed(const std::string& row);

// The DMFT (gamma = 0 only) once per g per process; safe to share between threads.
class DmftCache {
 public:
  std::pair<double, double> get(double g);  // (delta0, lambda_max)

 private:
  std::mutex lock_;
  std::map<double, std::pair<double, double>> values_;
};

// Simulates one network and returns its row (no newline). The same point gives the same
// text on any rank or thread, except the `seconds` column.
std::string compute_row(const SweepGrid& grid, const GridPoint& p, DmftCache& dmft, bool& failed);

// A table file's lines: complete lines (without '\n') and a torn last line (no '\n'; empty
// if none). A missing file reads as `exists` false; false with `why` if it cannot be read.
struct TableText {
  bool exists = false;
  std::vector<std::string> lines;
  std::string torn;
};
bool read_table(const std::string& path, TableText& table, std::string& why);

// The output of a sweep (one process, or rank 0 of an MPI run): resumes `path` (keeps its
// complete rows of this table, drops a torn last row), opens it for appending with the
// header, and writes one flushed row at a time, from any thread.
class SweepOutput {
 public:
  // Throws UsageError if `path` is not a sweep table of this version, holds a row of this
  // grid run with other n/dt/steps/transient, or cannot be opened.
  SweepOutput(const SweepGrid& grid, const Shard& shard, const std::string& path);
  ~SweepOutput();
  SweepOutput(const SweepOutput&) = delete;
  SweepOutput& operator=(const SweepOutput&) = delete;

  // Grid indices of this shard still to run, in grid order.
  const std::vector<std::size_t>& todo() const { return todo_; }
  void write(const std::string& row, bool failed);
  void close();
  // One JSON line on stdout (the summary of the run); exit code 0, or 1 if a network failed.
  int summarise(double seconds, int threads, int ranks) const;

 private:
  std::string path_;
  Shard shard_;
  std::size_t shard_total_ = 0, already_done_ = 0, written_ = 0;
  int failures_ = 0;
  std::vector<std::size_t> todo_;
  std::FILE* file_ = nullptr;
  std::unique_ptr<desktop::Progress> progress_;
  std::mutex lock_;
};

}  // namespace edgechaos::cli
