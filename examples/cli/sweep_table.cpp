#include "sweep_table.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <unordered_set>

#include "command.hpp"
#include "edgechaos/desktop/clock.hpp"
#include "edgechaos/theory/dmft.hpp"
#include "edgechaos/theory/edge.hpp"
#include "files.hpp"
#include "json.hpp"

namespace edgechaos::cli {

const char* const kSweepHeader =
    "g,gamma,seed,n,dt,steps,transient,activity,phi2,energy,lambda_max,lambda_stderr,regime,status,seconds,"
    "g_critical,dmft_delta0,dmft_lambda";

namespace {

constexpr std::size_t kStatusColumn = 13;

std::string num(double v) {
  if (!std::isfinite(v)) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

// The i-th comma-separated field of a line (empty if there are fewer).
std::string field(const std::string& line, std::size_t i) {
  std::size_t start = 0;
  for (std::size_t k = 0; k < i; ++k) {
    start = line.find(',', start);
    if (start == std::string::npos) return "";
    ++start;
  }
  const std::size_t end = line.find(',', start);
  return line.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

bool parse_count(const std::string& s, long long& v) {
  if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos || s.size() > 12) return false;
  v = std::strtoll(s.c_str(), nullptr, 10);
  return true;
}

}  // namespace

GridPoint SweepGrid::point(std::size_t index) const {
  const std::size_t per_gamma = static_cast<std::size_t>(seeds);
  const std::size_t per_g = gammas.size() * per_gamma;
  GridPoint p;
  p.g = gs[index / per_g];
  p.gamma = gammas[(index % per_g) / per_gamma];
  p.seed = static_cast<long long>(index % per_gamma) + 1;
  return p;
}

std::unordered_map<std::string, std::size_t> SweepGrid::index_by_key() const {
  std::unordered_map<std::string, std::size_t> index;
  index.reserve(size());
  for (std::size_t k = 0; k < size(); ++k) {
    const std::string key = point_key(point(k));
    if (!index.emplace(key, k).second) {
      throw UsageError{"two grid points print as the same row key '" + key + "' (values closer than 9 digits)"};
    }
  }
  return index;
}

SweepGrid parse_sweep_grid(Args& args) {
  SweepGrid grid;
  if (!args.has("g")) throw UsageError{"--g A:B:STEP is required"};
  grid.gs = parse_range(args.text("g", ""), "--g");
  grid.gammas = parse_list(args.text("gamma", "0"), "--gamma");
  RunConfig& base = grid.base;
  base.n = static_cast<int>(args.integer("n", 256, 2, 2048));
  grid.seeds = args.integer("seeds", 1, 1, 1000000);
  base.steps = args.integer("steps", 6000, 1, 4000000000LL);
  base.transient = args.integer("transient", 1000, 0, 4000000000LL);
  base.dt = args.number("dt", 0.1, 1e-9, 1e6);
  base.integrator = args.choice("integrator", "rk4", {"euler", "rk4"});
  base.activation = args.choice("activation", "tanh", {"tanh", "fasttanh", "sinhtanh"});
  base.lyapunov = true;
  // Every point is enumerated before any work (the row index, the resume, merge's check):
  // a bounded grid (the argument fuzzer found 2.6 million points taking minutes, and more
  // running out of memory). A million networks is months of one core.
  if (static_cast<double>(grid.gs.size()) * static_cast<double>(grid.gammas.size()) * static_cast<double>(grid.seeds) >
      1e6) {
    throw UsageError{"more than 1000000 grid points (--g values x --gamma values x --seeds)"};
  }
  for (double gamma : grid.gammas) {
    if (!(gamma >= -1 && gamma <= 1)) throw UsageError{"--gamma values must be in [-1, 1]"};
  }
  // Two points print the same row key exactly when two --g or two --gamma values print alike
  // (the seed is an integer, num() writes no comma): checked on the values, not on every
  // point, so that validation stays cheap for a grid of 10^6 points (index_by_key checks
  // the points again where the table is read or written).
  for (const std::vector<double>* values : {&grid.gs, &grid.gammas}) {
    std::unordered_set<std::string> seen;
    for (const double v : *values) {
      if (!seen.insert(num(v)).second) {
        throw UsageError{std::string(values == &grid.gs ? "--g" : "--gamma") + ": two values print as '" + num(v) +
                         "' in the table (closer than 9 digits)"};
      }
    }
  }
  RunConfig probe = base;
  probe.g = grid.gs.front();
  probe.gamma = grid.gammas.front();
  const std::string problem = validate(probe);
  if (!problem.empty()) throw UsageError{problem};
  return grid;
}

Shard parse_shard(const std::string& spec) {
  const std::size_t slash = spec.find('/');
  Shard s;
  if (slash == std::string::npos || !parse_count(spec.substr(0, slash), s.index) ||
      !parse_count(spec.substr(slash + 1), s.count)) {
    throw UsageError{"--shard: expected I/N (0 <= I < N), got '" + spec + "'"};
  }
  if (s.count < 1 || s.index >= s.count) {
    throw UsageError{"--shard: need 0 <= I < N and N >= 1, got '" + spec + "' (shards are numbered from 0)"};
  }
  return s;
}

std::string point_key(const GridPoint& p) { return num(p.g) + "," + num(p.gamma) + "," + std::to_string(p.seed); }

std::string row_prefix(const SweepGrid& grid, const GridPoint& p) {
  const RunConfig& c = grid.base;
  return point_key(p) + "," + std::to_string(c.n) + "," + num(c.dt) + "," + std::to_string(c.steps) + "," +
         std::to_string(c.transient);
}

std::string row_key(const std::string& row) {
  std::size_t end = 0;
  for (int k = 0; k < 3; ++k) {
    end = row.find(',', end);
    if (end == std::string::npos) return k == 2 ? row : std::string();
    if (k < 2) ++end;
  }
  return row.substr(0, end);
}

std::size_t column_count(const std::string& line) {
  return static_cast<std::size_t>(std::count(line.begin(), line.end(), ',')) + 1;
}

bool row_failed(const std::string& row) { return field(row, kStatusColumn) != to_string(Status::ok); }

std::pair<double, double> DmftCache::get(double g) {
  {
    std::lock_guard<std::mutex> guard(lock_);
    const auto it = values_.find(g);
    if (it != values_.end()) return it->second;
  }
  // Solved outside the lock (two threads may both solve the same g: same values).
  const theory::DmftSolution s = theory::solve_dmft(g);
  std::lock_guard<std::mutex> guard(lock_);
  return values_.emplace(g, std::make_pair(s.delta0, s.lambda_max)).first->second;
}

std::string compute_row(const SweepGrid& grid, const GridPoint& p, DmftCache& dmft, bool& failed) {
  RunConfig c = grid.base;
  c.g = p.g;
  c.gamma = p.gamma;
  c.seed = static_cast<std::uint64_t>(p.seed);
  const std::int64_t s0 = desktop::now_ns();
  const RunResult r = simulate(c, TraceConfig{}, false);
  const double seconds = static_cast<double>(desktop::now_ns() - s0) * 1e-9;
  double d0 = NAN, dl = NAN;
  if (p.gamma == 0.0) {
    const auto d = dmft.get(p.g);
    d0 = d.first;
    dl = d.second;
  }
  const auto& m = r.monitor;
  failed = r.status != Status::ok;
  return row_prefix(grid, p) + "," + num(m.activity_mean()) + "," + num(m.phi2_mean()) + "," + num(m.energy_mean()) +
         "," + num(r.lyapunov_max) + "," + num(r.lyapunov_stderr) + "," + to_string(r.regime.regime) + "," +
         to_string(r.status) + "," + num(seconds) + "," + num(theory::critical_gain(p.gamma)) + "," + num(d0) + "," +
         num(dl);
}

bool read_table(const std::string& path, TableText& table, std::string& why) {
  table = TableText{};
  std::FILE* probe = std::fopen(path.c_str(), "rb");
  if (probe == nullptr) {
    if (errno == ENOENT) return true;
    why = path + ": " + std::strerror(errno);
    return false;
  }
  std::fclose(probe);
  std::vector<unsigned char> bytes;
  if (!read_whole_file(path, bytes, why)) return false;
  table.exists = true;
  std::string line;
  for (unsigned char ch : bytes) {
    if (ch == '\n') {
      table.lines.push_back(line);
      line.clear();
    } else {
      line.push_back(static_cast<char>(ch));
    }
  }
  table.torn = line;
  return true;
}

SweepOutput::SweepOutput(const SweepGrid& grid, const Shard& shard, const std::string& path)
    : path_(path), shard_(shard) {
  TableText table;
  std::string why;
  if (!read_table(path, table, why)) throw UsageError{"--out: " + why};
  const bool fresh = table.lines.empty();  // no complete header line yet
  if (fresh && table.exists && !table.torn.empty() && std::string(kSweepHeader).compare(0, table.torn.size(), table.torn) != 0) {
    throw UsageError{"--out: '" + path + "' exists and is not a sweep table of this version"};
  }
  if (!fresh && table.lines.front() != kSweepHeader) {
    throw UsageError{"--out: '" + path + "' exists and is not a sweep table of this version"};
  }
  const auto index = grid.index_by_key();
  std::vector<char> done(grid.size(), 0);
  std::string kept;
  bool dropped = !table.torn.empty();  // the last row was being written when the sweep stopped
  if (!fresh) {
    const std::size_t columns = column_count(kSweepHeader);
    kept = table.lines.front() + "\n";
    for (std::size_t i = 1; i < table.lines.size(); ++i) {
      const std::string& l = table.lines[i];
      if (column_count(l) != columns) {
        dropped = true;
        continue;
      }
      const auto it = index.find(row_key(l));
      if (it != index.end()) {
        const std::string prefix = row_prefix(grid, grid.point(it->second)) + ",";
        if (l.compare(0, prefix.size(), prefix) != 0) {
          throw UsageError{"--out: '" + path + "' line " + std::to_string(i + 1) +
                           " is this grid point run with another --n, --dt, --steps or --transient"};
        }
        done[it->second] = 1;
      }
      kept += l + "\n";  // rows outside this grid (another sweep's) are kept as they are
    }
  }
  if (fresh || dropped) {
    if (fresh) kept = std::string(kSweepHeader) + "\n";
    if (!write_file_atomically(path, kept, why)) throw UsageError{"--out: " + why};
  }
  for (std::size_t k = 0; k < grid.size(); ++k) {
    if (!shard.owns(k)) continue;
    ++shard_total_;
    if (done[k]) {
      ++already_done_;
    } else {
      todo_.push_back(k);
    }
  }
  file_ = std::fopen(path.c_str(), "a");
  if (file_ == nullptr) throw UsageError{"--out: cannot open '" + path + "' for appending: " + std::strerror(errno)};
  progress_ = std::make_unique<desktop::Progress>("sweep", static_cast<std::int64_t>(todo_.size()));
}

SweepOutput::~SweepOutput() { close(); }

void SweepOutput::write(const std::string& row, bool failed) {
  std::lock_guard<std::mutex> guard(lock_);
  std::fprintf(file_, "%s\n", row.c_str());
  std::fflush(file_);
  if (failed) ++failures_;
  progress_->update(static_cast<std::int64_t>(++written_));
}

void SweepOutput::close() {
  std::lock_guard<std::mutex> guard(lock_);
  if (progress_) progress_->finish();
  if (file_ != nullptr) std::fclose(file_);
  file_ = nullptr;
}

int SweepOutput::summarise(double seconds, int threads, int ranks) const {
  JsonObject summary;
  summary.string("out", path_).integer("rows_total", static_cast<long long>(shard_total_));
  summary.integer("rows_already_done", static_cast<long long>(already_done_));
  summary.integer("rows_written", static_cast<long long>(written_)).integer("threads", threads);
  summary.integer("ranks", ranks).string("shard", std::to_string(shard_.index) + "/" + std::to_string(shard_.count));
  summary.number("seconds", seconds);
  summary.integer("failures", failures_);
  std::printf("%s\n", summary.str().c_str());
  return failures_ == 0 ? 0 : 1;
}

}  // namespace edgechaos::cli
