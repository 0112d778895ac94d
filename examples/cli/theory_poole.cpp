// edgechaos theory poole | poole-critical (see theory_poole.hpp).
#include "theory_poole.hpp"

#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "command.hpp"
#include "edgechaos/theory/poole.hpp"
#include "json.hpp"

namespace edgechaos::cli {

namespace {

constexpr double kMaxSigma = 100.0;

std::vector<double> values(Args& args, const char* name) {
  const std::string spec = args.text(name, "");
  if (spec.empty()) throw UsageError{std::string("--") + name + " is required"};
  std::vector<double> v = spec.find(':') != std::string::npos ? parse_range(spec, name) : parse_list(spec, name);
  for (const double x : v) {
    if (!(x >= 0.0 && x <= kMaxSigma)) throw UsageError{std::string("--") + name + " must be in [0, 100]"};
  }
  return v;
}

std::string point_json(double sw, double sb, const theory::Poole& p, int nodes) {
  const theory::PooleFixedPoint f = p.fixed_point();
  JsonObject o;
  o.number("sigma_w", sw).number("sigma_b", sb).number("q_star", f.q_star).number("c_star", f.c_star);
  o.number("chi1", f.chi1).number("chi_c", f.chi_c).number("depth_scale", f.depth_scale);
  o.string("phase", f.chi1 <= 1.0 ? "ordered" : "chaotic").integer("nodes", nodes);
  return o.str();
}

}  // namespace

int run_theory_poole(Args& args) {
  const std::vector<double> sws = values(args, "sigma-w");
  const std::vector<double> sbs = values(args, "sigma-b");
  // Each point is a quadrature solve and a line of JSON: a grid of 1e10 would run for days
  // and build its text in memory.
  if (sws.size() * sbs.size() > 100000) throw UsageError{"--sigma-w x --sigma-b: more than 100000 grid points"};
  args.finish();
  if (sws.size() == 1 && sbs.size() == 1) {
    const int nodes = theory::Poole::nodes_for(sws[0] * sws[0] + sbs[0] * sbs[0]);
    std::printf("%s\n", point_json(sws[0], sbs[0], theory::Poole(sws[0], sbs[0], nodes), nodes).c_str());
    return 0;
  }
  // A grid: one rule per node count (Golub-Welsch is an n^3 eigensolve), shared by the points.
  std::map<int, std::unique_ptr<theory::GaussHermite>> rules;
  std::string points = "[", critical = "[";
  for (const double sb : sbs) {
    for (const double sw : sws) {
      const int nodes = theory::Poole::nodes_for(sw * sw + sb * sb);
      auto& rule = rules[nodes];
      if (!rule) rule = std::make_unique<theory::GaussHermite>(nodes);
      points += (points.size() > 1 ? ",\n  " : "\n  ") + point_json(sw, sb, theory::Poole(sw, sb, *rule), nodes);
    }
    JsonObject c;
    c.number("sigma_b", sb).number("sigma_w_c", theory::critical_sigma_w(sb));
    critical += (critical.size() > 1 ? ", " : "") + c.str();
  }
  std::printf("{\"points\": %s\n], \"critical\": %s]}\n", points.c_str(), critical.c_str());
  return 0;
}

int run_theory_poole_critical(Args& args) {
  const double sb = args.required_number("sigma-b", 0.0, kMaxSigma);
  args.finish();
  JsonObject o;
  o.number("sigma_b", sb).number("sigma_w_c", theory::critical_sigma_w(sb));
  std::printf("%s\n", o.str().c_str());
  return 0;
}

}  // namespace edgechaos::cli
