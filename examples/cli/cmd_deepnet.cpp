// edgechaos deepnet: two inputs through a deep random tanh network (models/deep_net.hpp),
// the length and correlation at every layer next to the mean-field theory (theory/poole.hpp).
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "args.hpp"
#include "command.hpp"
#include "edgechaos/edgechaos.hpp"
#include "edgechaos/theory/poole.hpp"
#include "json.hpp"

namespace edgechaos::cli {
namespace {

const char* const kHelp =
    "usage: edgechaos deepnet --sigma-w SW --sigma-b SB --width N --depth L [--seed S]\n"
    "                         [--q0 Q0] [--c0 C0] [--input-seed S]\n"
    "\n"
    "Propagates two inputs together through L layers of width N of a random tanh network,\n"
    "h^l = W^l tanh(h^(l-1)) + b^l, W_ij ~ N(0, SW^2/N), b_i ~ N(0, SB^2) (PHYSICS.md section 8;\n"
    "each layer's weights are drawn from (seed, layer), so depth costs no memory). The inputs\n"
    "are the pre-activations h^0 of a layer 0, of length Q0 and correlation C0.\n"
    "JSON fields: the parameters; arrays of L + 1 values indexed by layer (0 = the inputs):\n"
    "q ((q_a + q_b)/2, q = |h|^2/N), q_a, q_b, c (the correlation of the two h), q_theory and\n"
    "c_theory (the length and covariance maps iterated from Q0, C0); and the fixed point of the\n"
    "theory: q_star, c_star, chi1, chi_c, depth_scale (xi_c = -1/ln chi_c), phase.\n"
    "  --sigma-w SW     weight scale, >= 0 (required)\n"
    "  --sigma-b SB     bias scale, >= 0 (required)\n"
    "  --width N        layer width, 2 .. 100000 (required)\n"
    "  --depth L        number of layers, 0 .. 100000 (required)\n"
    "  --seed S         weight seed (default 1)\n"
    "  --q0 Q0          input length, >= 0 (default 1)\n"
    "  --c0 C0          input correlation in [-1, 1] (default 0.5)\n"
    "  --input-seed S   seed of the two input directions (default 2)\n"
    "exit codes: 0 done, 1 a layer overflowed, 2 bad arguments.\n";

std::vector<double> as_double(const std::vector<float>& v) { return {v.begin(), v.end()}; }

int run(const std::vector<std::string>& tokens) {
  Args args(tokens);
  const double huge = 1e300;
  const double sw = args.required_number("sigma-w", -huge, huge);
  const double sb = args.required_number("sigma-b", -huge, huge);
  const long long width = args.integer("width", 0, 2, 100000);
  const long long depth = args.integer("depth", -1, 0, 100000);
  const long long seed = args.integer("seed", 1, 0, 9223372036854775807LL);
  const double q0 = args.number("q0", 1.0, -huge, huge);
  const double c0 = args.number("c0", 0.5, -huge, huge);
  const long long input_seed = args.integer("input-seed", 2, 0, 9223372036854775807LL);
  if (!args.has("width") && width == 0) throw UsageError{"--width is required"};
  if (depth < 0) throw UsageError{"--depth is required"};

  // The library checks the parameters (a Status); the CLI turns a refusal into a usage error.
  DeepNet<Dynamic> net(static_cast<Index>(width));
  if (net.set_params({static_cast<float>(sw), static_cast<float>(sb), static_cast<std::uint64_t>(seed)}) != Status::ok)
    throw UsageError{"--sigma-w and --sigma-b must be finite, >= 0 and <= 1e30"};
  if (!(sw <= 100.0 && sb <= 100.0)) throw UsageError{"--sigma-w and --sigma-b must be <= 100 (the theory's range)"};
  if (net.set_input_pair(static_cast<float>(q0), static_cast<float>(c0), static_cast<std::uint64_t>(input_seed)) !=
      Status::ok)
    throw UsageError{"--q0 must be finite and >= 0, --c0 in [-1, 1]"};
  args.finish();

  std::vector<float> qa{net.stats().q_a}, qb{net.stats().q_b}, c{net.stats().c};
  const Status s = net.propagate(static_cast<std::uint32_t>(depth), [&](const DeepLayerStats& st) {
    qa.push_back(st.q_a);
    qb.push_back(st.q_b);
    c.push_back(st.c);
  });
  std::vector<double> q(qa.size());
  for (std::size_t l = 0; l < q.size(); ++l) q[l] = 0.5 * (static_cast<double>(qa[l]) + static_cast<double>(qb[l]));

  // The maps iterated from (q0, q0, c0) over the recorded layers; once they stop moving
  // (changes below 1e-13) the rest is the fixed point (no more 2-D rules).
  const theory::Poole theory(sw, sb, theory::Poole::nodes_for(std::fmax(sw * sw + sb * sb, q0)));
  std::vector<double> q_th{q0}, c_th{c0};
  double tq = q0, tc = c0;
  for (std::size_t l = 1; l < q.size(); ++l) {
    const double nq = theory.length_map(tq);
    const double nc = nq > 0.0 ? theory.covariance_map(tq, tq, tc) / nq : tc;
    const bool settled = std::fabs(nq - tq) < 1e-13 * (1.0 + nq) && std::fabs(nc - tc) < 1e-13;
    tq = nq;
    tc = nc;
    if (settled) {
      q_th.resize(q.size(), tq);
      c_th.resize(q.size(), tc);
      break;
    }
    q_th.push_back(tq);
    c_th.push_back(tc);
  }
  const theory::PooleFixedPoint f = theory.fixed_point();

  JsonObject out;
  out.number("sigma_w", sw).number("sigma_b", sb).integer("width", width).integer("depth", depth);
  out.integer("seed", seed).number("q0", q0).number("c0", c0).integer("input_seed", input_seed);
  out.integer("layers_done", static_cast<long long>(net.layer())).string("status", to_string(s));
  out.numbers("q", q).numbers("q_a", as_double(qa)).numbers("q_b", as_double(qb)).numbers("c", as_double(c));
  out.numbers("q_theory", q_th).numbers("c_theory", c_th);
  out.number("q_star", f.q_star).number("c_star", f.c_star).number("chi1", f.chi1).number("chi_c", f.chi_c);
  out.number("depth_scale", f.depth_scale).string("phase", f.chi1 <= 1.0 ? "ordered" : "chaotic");
  std::printf("%s\n", out.str().c_str());
  return s == Status::ok ? 0 : 1;
}

const Registrar kRegistrar{Command{"deepnet", "two inputs through a deep random network: q and c per layer, with theory (JSON)", kHelp, run}};

}  // namespace
}  // namespace edgechaos::cli
