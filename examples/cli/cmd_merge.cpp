// edgechaos merge: joins the tables of `sweep --shard I/N` into the one table the full
// sweep would have written. It takes the sweep's own grid options, so it knows every row
// that must be there: a shard file left out, a shard still running or killed mid-row, a
// row twice or a row of another grid is refused, and nothing is written.
#include <cstdio>
#include <string>
#include <vector>

#include "args.hpp"
#include "command.hpp"
#include "files.hpp"
#include "json.hpp"
#include "sweep_table.hpp"

namespace edgechaos::cli {
namespace {

const char* const kHelp =
    "usage: edgechaos merge --g A:B:STEP --out FILE.csv [--gamma LIST] [--n N] [--seeds K]\n"
    "                       [--steps STEPS] [--transient STEPS] [--dt DT] [--integrator I]\n"
    "                       [--activation A] SHARD.csv...\n"
    "\n"
    "Joins the tables written by `edgechaos sweep --shard I/N` (or any split of one sweep's rows\n"
    "into files) into one table, in the full sweep's row order, exactly as one `edgechaos sweep`\n"
    "with the same grid options would have written it (only `seconds`, the wall time of each\n"
    "network, differs). Give it the sweep's grid options: they say which rows must be there.\n"
    "--integrator and --activation are accepted so the sweep's command line can be reused; the\n"
    "table has no column for them, so they are not checked.\n"
    "\n"
    "Refused (exit 2, one line on stderr naming the file, FILE.csv not written or changed):\n"
    "  a file that is missing, or whose header is not the sweep table's; a last row without its\n"
    "  end of line (a shard killed mid-write: rerun that shard, it resumes); a row with the\n"
    "  wrong number of columns; a row twice (in one file or two); a row that is not a point of\n"
    "  the grid, or was run with another --n, --dt, --steps or --transient; a grid point with\n"
    "  no row (a shard file left out or not finished).\n"
    "FILE.csv is written through a temporary file and renamed into place when complete.\n"
    "\n"
    "options:\n"
    "  --g, --gamma, --n, --seeds, --steps, --transient, --dt, --integrator, --activation\n"
    "                     as for `edgechaos sweep` (same defaults)\n"
    "  --out FILE.csv     the merged table (required)\n"
    "\n"
    "prints one JSON object: out, inputs, rows, failures (rows whose status is not ok).\n"
    "exit codes: 0 merged, 2 bad arguments or a refused input.\n";

int run(const std::vector<std::string>& tokens) {
  Args args(tokens);
  const SweepGrid grid = parse_sweep_grid(args);
  const std::string out_path = args.text("out", "");
  const std::vector<std::string> inputs = args.take_positionals();
  if (out_path.empty()) throw UsageError{"--out FILE.csv is required"};
  if (inputs.empty()) throw UsageError{"no shard tables given"};
  args.finish();

  const auto index = grid.index_by_key();
  const std::size_t columns = column_count(kSweepHeader);
  std::vector<std::string> rows(grid.size());
  std::vector<std::string> origin(grid.size());  // "FILE line L" of each row found
  for (const std::string& path : inputs) {
    TableText table;
    std::string why;
    if (!read_table(path, table, why)) return input_error("merge", why);
    if (!table.exists) return input_error("merge", path + ": no such file");
    if (table.lines.empty()) return input_error("merge", path + ": no header line (not a sweep table, or empty)");
    if (table.lines.front() != kSweepHeader) {
      return input_error("merge", path + ": the header is not the sweep table's (" + kSweepHeader + ")");
    }
    if (!table.torn.empty()) {
      return input_error("merge", path + " line " + std::to_string(table.lines.size() + 1) +
                                      ": truncated row (no end of line; a shard stopped mid-write? rerun it to resume)");
    }
    for (std::size_t i = 1; i < table.lines.size(); ++i) {
      const std::string& l = table.lines[i];
      const std::string where = path + " line " + std::to_string(i + 1);
      if (column_count(l) != columns) {
        return input_error("merge", where + ": " + std::to_string(column_count(l)) + " columns, the header has " +
                                        std::to_string(columns));
      }
      const std::string key = row_key(l);
      const auto it = index.find(key);
      if (it == index.end()) return input_error("merge", where + ": g,gamma,seed = " + key + " is not a point of the grid given");
      const std::string prefix = row_prefix(grid, grid.point(it->second)) + ",";
      if (l.compare(0, prefix.size(), prefix) != 0) {
        return input_error("merge", where + ": g,gamma,seed = " + key +
                                        " was run with another --n, --dt, --steps or --transient than the grid given");
      }
      if (!origin[it->second].empty()) {
        return input_error("merge", where + ": duplicate row g,gamma,seed = " + key + " (also " + origin[it->second] + ")");
      }
      rows[it->second] = l;
      origin[it->second] = where;
    }
  }
  std::size_t missing = 0, first_missing = 0;
  for (std::size_t k = rows.size(); k-- > 0;) {
    if (origin[k].empty()) {
      ++missing;
      first_missing = k;
    }
  }
  if (missing > 0) {
    return input_error("merge", std::to_string(missing) + " of " + std::to_string(rows.size()) +
                                    " grid rows are missing, the first g,gamma,seed = " + point_key(grid.point(first_missing)) +
                                    " (grid position " + std::to_string(first_missing) +
                                    "; a shard file left out or not finished?)");
  }

  std::string text = std::string(kSweepHeader) + "\n";
  long long failures = 0;
  for (const std::string& r : rows) {
    text += r + "\n";
    if (row_failed(r)) ++failures;
  }
  std::string why;
  if (!write_file_atomically(out_path, text, why)) return input_error("merge", why);
  JsonObject summary;
  summary.string("out", out_path).integer("inputs", static_cast<long long>(inputs.size()));
  summary.integer("rows", static_cast<long long>(rows.size())).integer("failures", failures);
  std::printf("%s\n", summary.str().c_str());
  return 0;
}

const Registrar kRegistrar{Command{"merge", "join the tables of `sweep --shard I/N` into one (CSV)", kHelp, run}};

}  // namespace
}  // namespace edgechaos::cli
