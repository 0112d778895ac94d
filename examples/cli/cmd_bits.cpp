// edgechaos bits: how many bits do the weights and the states need (issue 14 item 8)? The
// integer network at a grid of widths next to a double-precision run of the same network.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "args.hpp"
#include "command.hpp"
#include "fixed_bits.hpp"
#include "json.hpp"

namespace edgechaos::cli {
namespace {

const char* const kHelp =
    "usage: edgechaos bits [--task activity|narma10] [--weight-bits A:B[:STEP]|A,B,..] [--state-bits ...]\n"
    "                      [--n N] [--g G] [--gamma GAMMA] [--seed S] [--seeds COUNT]\n"
    "                      [--dt DT] [--steps STEPS] [--transient STEPS]\n"
    "                      [--input-scaling S] [--bias B] [--ridge ALPHA]\n"
    "\n"
    "Runs the library's fixed-point network at every (weight bits W, state bits S) of the grid and a\n"
    "double-precision run of the same unquantised network, and prints one JSON object.\n"
    "W-bit weights: J = raw 2^-f with |raw| <= 2^(W-1) - 1 and one power-of-two scale per matrix\n"
    "(the largest that fits max |J_ij|); S-bit states: step 2^-F, saturation at +-(2^(S-1) - 1) 2^-F,\n"
    "F = S - 5 (rate network, range +-16) or S - 2 (echo-state map, range +-2); exact accumulators.\n"
    "This is what hardware with W- and S-bit registers computes (docs/fixed_point_bits.md).\n"
    "\n"
    "tasks:\n"
    "  activity  the rate network dx/dt = -x + J tanh x (Euler, dt), J with Var J_ij = g^2/N and\n"
    "            corr(J_ij, J_ji) = gamma, x(0) ~ N(0, 1); activity = (1/N)|x|^2 averaged over the\n"
    "            steps after the transient\n"
    "  narma10   the echo-state map x' = tanh(J x + W_in u + b) (J of gain g: spectral radius about g),\n"
    "            W_in = +-S, b = +-B; 100 washout, 2000 train, 1000 test samples; ridge readout in\n"
    "            double on the network's states (dequantised), intercept unpenalised; test NRMSE\n"
    "\n"
    "options:\n"
    "  --task T             activity (default) or narma10\n"
    "  --weight-bits A:B    weight widths A..B (step 1, or A:B:STEP; a single A), each in [2, 16]\n"
    "                       (default 4:16:4)\n"
    "  --state-bits A:B     state widths, each in [8, 32] (default 8:32:8)\n"
    "  --n N                neurons, 2..1024 (default 256; narma10: 100)\n"
    "  --g G                gain in [0, 10] (default 2; narma10: 0.9)\n"
    "  --gamma GAMMA        symmetry degree in [-1, 1] (default 0)\n"
    "  --seed S, --seeds C  seeds S..S+C-1 (default 1, 1); a seed draws J, x(0), W_in, b, the series\n"
    "  --dt DT              activity: Euler step in (0, 1] (default 0.1)\n"
    "  --steps STEPS        activity: steps (default 2000)\n"
    "  --transient STEPS    activity: steps before the average starts (default 1000)\n"
    "  --input-scaling S    narma10: |W_in| in (0, 0.99] (default 0.1)\n"
    "  --bias B             narma10: |b| in [0, 0.99] (default 0.2)\n"
    "  --ridge ALPHA        narma10: ridge penalty (default 1e-6)\n"
    "\n"
    "output: task, the parameters, state_integer_bits, activity_threshold, `float` (the double run:\n"
    "  value, value_std over seeds, per_seed, regime) and `results`, one entry per (W, S):\n"
    "  weight_bits, state_bits, state_frac, weight_shift (f of the first seed), value (activity or\n"
    "  nrmse_test, mean over seeds), value_std, per_seed, float_value, relative_to_float\n"
    "  (value / float_value - 1), regime (quiescent, fixed_point or chaotic: the activity above\n"
    "  1e-3 and the state still moving; narma10: the map without input) and regimes per seed;\n"
    "  narma10 also within_float_std (|value - float_value| <= the float's seed std).\n"
    "exit codes: 0 done, 1 no seed could be run, 2 bad arguments.\n";

// "A", "A:B", "A:B:STEP" or a list "A,B,C" of integers in [lo, hi].
std::vector<int> parse_int_range(const std::string& spec, const char* option, int lo, int hi) {
  if (spec.find(',') != std::string::npos) {
    std::vector<int> out;
    for (double v : parse_list(spec, option)) {
      if (v != std::floor(v) || v < lo || v > hi) {
        throw UsageError{std::string(option) + ": each width must be an integer in [" + std::to_string(lo) + ", " +
                         std::to_string(hi) + "], got '" + spec + "'"};
      }
      out.push_back(static_cast<int>(v));
    }
    return out;
  }
  std::vector<long long> parts;
  std::size_t start = 0;
  while (true) {
    const auto colon = spec.find(':', start);
    const std::string item = spec.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
    char* end = nullptr;
    const long long v = std::strtoll(item.c_str(), &end, 10);
    if (item.empty() || end != item.c_str() + item.size()) {
      throw UsageError{std::string(option) + ": expected A, A:B or A:B:STEP of integers, got '" + spec + "'"};
    }
    parts.push_back(v);
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  if (parts.size() > 3) throw UsageError{std::string(option) + ": expected A, A:B or A:B:STEP, got '" + spec + "'"};
  const long long a = parts[0], b = parts.size() > 1 ? parts[1] : parts[0], step = parts.size() > 2 ? parts[2] : 1;
  if (a < lo || b > hi || b < a || step < 1) {
    throw UsageError{std::string(option) + ": need " + std::to_string(lo) + " <= A <= B <= " + std::to_string(hi) +
                     " and STEP >= 1 in '" + spec + "'"};
  }
  std::vector<int> out;
  // Counted, not v += step: a huge STEP would overflow v (found by fuzz_cli_args).
  const long long count = (b - a) / step + 1;
  for (long long k = 0; k < count; ++k) out.push_back(static_cast<int>(a + k * step));
  return out;
}

double mean_of(const std::vector<double>& v) {
  double s = 0.0;
  for (double x : v) s += x;
  return v.empty() ? NAN : s / static_cast<double>(v.size());
}

double std_of(const std::vector<double>& v) {
  if (v.size() < 2) return 0.0;
  const double m = mean_of(v);
  double s = 0.0;
  for (double x : v) s += (x - m) * (x - m);
  return std::sqrt(s / static_cast<double>(v.size() - 1));
}

std::string strings_json(const std::vector<std::string>& v) {
  std::string s = "[";
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + json_escape(v[i]);
  return s + "]";
}

// One regime for all seeds, or "mixed".
std::string common_regime(const std::vector<std::string>& v) {
  for (const auto& r : v) {
    if (r != v.front()) return "mixed";
  }
  return v.empty() ? "none" : v.front();
}

int run(const std::vector<std::string>& tokens) {
  Args args(tokens);
  BitsConfig c;
  c.task = args.choice("task", "activity", {"activity", "narma10"});
  const bool narma = c.task == "narma10";
  c.weight_bits = parse_int_range(args.text("weight-bits", "4:16:4"), "--weight-bits", 2, 16);
  c.state_bits = parse_int_range(args.text("state-bits", "8:32:8"), "--state-bits", 8, 32);
  c.n = static_cast<int>(args.integer("n", narma ? 100 : 256, 2, kBitsMaxN));
  c.g = args.number("g", narma ? 0.9 : 2.0, 0.0, 10.0);
  c.gamma = args.number("gamma", 0.0, -1.0, 1.0);
  c.seed = static_cast<std::uint64_t>(args.integer("seed", 1, 0, 9007199254740991LL));
  c.seeds = static_cast<int>(args.integer("seeds", 1, 1, 1000));
  c.dt = args.number("dt", 0.1, 1.0 / 65536.0, 1.0);
  c.steps = args.integer("steps", 2000, 1, 100000000LL);
  c.transient = args.integer("transient", 1000, 0, 100000000LL);
  c.input_scaling = args.number("input-scaling", 0.1, 1e-6, 0.99);
  c.bias = args.number("bias", 0.2, 0.0, 0.99);
  c.ridge = args.number("ridge", 1e-6, 0.0, 1e6);
  if (c.transient >= c.steps) throw UsageError{"--transient must be below --steps"};
  if (narma && c.n < 8) throw UsageError{"--task narma10 needs --n >= 8"};
  args.finish();

  std::vector<std::vector<double>> values(c.weight_bits.size() * c.state_bits.size());
  std::vector<std::vector<std::string>> regimes(values.size());
  std::vector<int> shifts(c.weight_bits.size(), 0);
  std::vector<double> ref_values;
  std::vector<std::string> ref_regimes, skipped;
  for (int k = 0; k < c.seeds; ++k) {
    const std::uint64_t seed = c.seed + static_cast<std::uint64_t>(k);
    const BitsSeedResult r = run_bits_seed(c, seed);
    if (!r.ok) {
      skipped.push_back(std::to_string(seed) + ": " + r.reason);
      continue;
    }
    ref_values.push_back(r.reference.value);
    ref_regimes.push_back(r.reference.regime);
    for (std::size_t i = 0; i < r.fixed.size(); ++i) {
      values[i].push_back(r.fixed[i].value);
      regimes[i].push_back(r.fixed[i].regime);
      if (ref_values.size() == 1) shifts[i / c.state_bits.size()] = r.fixed[i].weight_shift;
    }
  }

  const double ref_mean = mean_of(ref_values), ref_std = std_of(ref_values);
  JsonObject out;
  out.string("task", c.task).integer("n", c.n).number("g", c.g).number("gamma", c.gamma);
  out.integer("seed", static_cast<long long>(c.seed)).integer("seeds", c.seeds);
  out.integer("seeds_run", static_cast<long long>(ref_values.size()));
  if (!skipped.empty()) out.raw("seeds_skipped", strings_json(skipped));
  if (narma) {
    out.number("input_scaling", c.input_scaling).number("bias", c.bias).number("ridge", c.ridge).number("leak", 1.0);
    out.integer("washout", 100).integer("train", 2000).integer("test", 1000);
    out.string("value", "nrmse_test").integer("state_integer_bits", kEsnStateIntBits);
  } else {
    out.number("dt", c.dt).integer("steps", c.steps).integer("transient", c.transient);
    out.string("value", "activity").integer("state_integer_bits", kRateStateIntBits);
  }
  out.number("activity_threshold", kActiveThreshold);
  JsonObject ref;
  ref.number("value", ref_mean).number("value_std", ref_std).numbers("per_seed", ref_values);
  ref.string("regime", common_regime(ref_regimes)).raw("regimes", strings_json(ref_regimes));
  out.raw("float", ref.str());
  std::string results = "[";
  for (std::size_t wi = 0; wi < c.weight_bits.size(); ++wi) {
    for (std::size_t si = 0; si < c.state_bits.size(); ++si) {
      const std::size_t i = wi * c.state_bits.size() + si;
      const int s_bits = c.state_bits[si];
      const double v = mean_of(values[i]);
      JsonObject e;
      e.integer("weight_bits", c.weight_bits[wi]).integer("state_bits", s_bits);
      e.integer("state_frac", s_bits - 1 - (narma ? kEsnStateIntBits : kRateStateIntBits));
      e.integer("weight_shift", shifts[wi]);
      e.number("value", v).number("value_std", std_of(values[i])).numbers("per_seed", values[i]);
      e.number("float_value", ref_mean).number("relative_to_float", v / ref_mean - 1.0);
      if (narma) e.boolean("within_float_std", std::fabs(v - ref_mean) <= ref_std);
      e.string("regime", common_regime(regimes[i])).raw("regimes", strings_json(regimes[i]));
      results += (i ? ", " : "") + e.str();
    }
  }
  out.raw("results", results + "]");
  out.string("status", ref_values.empty() ? "no_seed_ran" : "ok");
  std::printf("%s\n", out.str().c_str());
  return ref_values.empty() ? 1 : 0;
}

const Registrar kRegistrar{Command{"bits", "the integer network at a grid of weight/state widths against float", kHelp, run}};

}  // namespace
}  // namespace edgechaos::cli
