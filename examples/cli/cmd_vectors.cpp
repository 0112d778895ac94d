// edgechaos vectors: test vectors for hardware (issue 14 item 7). The integer rate network
// built from run's options, driven by an input series, written as hex text files an RTL
// testbench reads: the integer weights and, one row per step, the inputs, states and outputs.
// The layout is documented in docs/fixed_point.md ("Test vectors for hardware") and README.
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "args.hpp"
#include "command.hpp"
#include "edgechaos/core/seeds.hpp"
#include "edgechaos/edgechaos.hpp"
#include "edgechaos/io/npy.hpp"
#include "files.hpp"
#include "fixed_point_cli.hpp"
#include "simulation.hpp"

namespace edgechaos::cli {
namespace {

const char* const kHelp =
    "usage: edgechaos vectors --out DIR [--fixed-point WBITS:SBITS] [--scales S] [--n N] [--g G]\n"
    "                         [--gamma GAMMA] [--seed S] [--dt DT] [--steps STEPS]\n"
    "                         [--input FILE.npy | --input-seed S] [--input-scaling A]\n"
    "\n"
    "Writes test vectors of the integer rate network (one Euler step per row, docs/fixed_point.md)\n"
    "for an RTL testbench into the new directory DIR: the quantised weights (J, W_in, b, W_out,\n"
    "c, the per-row scales of J and W_out) and, one row per step, the inputs, states and\n"
    "outputs, as hex text (two's complement, fixed width per format), plus manifest.txt.\n"
    "The model is run's (J, x(0) from --n --g --gamma --seed), with one input and one output:\n"
    "  W_in   n x 1 uniform in [-A, A) (A = --input-scaling), seed stream input_weights of --seed\n"
    "  b      0.1 N(0, 1), seed: that stream's seed + 2\n"
    "  W_out  1 x n uniform in [-1/sqrt(n), 1/sqrt(n)), seed: that stream's seed + 1;  c = 0\n"
    "\n"
    "options:\n"
    "  --out DIR          the output directory; must not exist (written under a temporary\n"
    "                     name and renamed: a failure leaves nothing)\n"
    "  --fixed-point W:S  8:16, 8:32, 16:16 or 16:32 (default 16:32); weights Q1.6/Q1.14,\n"
    "                     states Q3.12/Q7.24\n"
    "  --scales S         format, per-matrix or per-row (default) for J and W_out\n"
    "  --n N              neurons, 2 .. the format's limit (default 32)\n"
    "  --g G, --gamma G, --seed S   as run (defaults 1.5, 0, 1)\n"
    "  --dt DT            the Euler step, in (0, 1] (default 0.1)\n"
    "  --steps STEPS      rows, 1..1000000 (default 100); n x steps at most 5e7\n"
    "  --input FILE.npy   the input series: float32/float64, shape (STEPS,) or (STEPS, 1) or\n"
    "                     longer (the first STEPS values are used)\n"
    "  --input-seed S     or a generated series, uniform in [-1, 1) (default: --seed)\n"
    "  --input-scaling A  W_in's scale, in [0, 1.9] (default 0.5)\n"
    "Prints one JSON object: the directory, sizes, formats, and the quantisation errors.\n"
    "exit codes: 0 written, 2 bad arguments or input (one line on stderr), 1 a write failed.\n";

struct VectorsConfig {
  RunConfig run;
  FixedFormat format;
  ScaleMode scales = ScaleMode::per_row;
  std::string out, input_path;
  std::uint64_t input_seed = 1;
  double input_scaling = 0.5;
};

// One row of raw values as fixed-width two's-complement hex, separated by spaces.
template <class T>
void hex_row(std::string& s, const T* v, long long count, int bits) {
  char buf[20];
  for (long long j = 0; j < count; ++j) {
    const auto u = static_cast<std::uint64_t>(static_cast<std::int64_t>(v[j])) &
                   (bits == 64 ? ~std::uint64_t{0} : ((std::uint64_t{1} << bits) - 1u));
    std::snprintf(buf, sizeof buf, "%0*llx", bits / 4, static_cast<unsigned long long>(u));
    if (j > 0) s += ' ';
    s += buf;
  }
  s += '\n';
}

// The directory of files, written under a temporary name beside DIR and renamed at the end.
class Staging {
 public:
  explicit Staging(const std::string& target) : target_(target) {}
  ~Staging() { discard(); }
  bool open(std::string& why) {
    std::string name = target_ + ".tmp-XXXXXX";
    if (::mkdtemp(name.data()) == nullptr) {
      why = target_ + ": cannot create a temporary directory beside it: " + std::strerror(errno);
      return false;
    }
    dir_ = name;
    return true;
  }
  bool write(const char* file, const std::string& text, std::string& why) {
    const std::string path = dir_ + "/" + file;
    std::FILE* f = std::fopen(path.c_str(), "w");
    if (f == nullptr) {
      why = path + ": " + std::strerror(errno);
      return false;
    }
    files_.push_back(path);
    const bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
    if (std::fclose(f) != 0 || !ok) {
      why = path + ": write failed";
      return false;
    }
    return true;
  }
  bool commit(std::string& why) {
    if (std::rename(dir_.c_str(), target_.c_str()) != 0) {
      why = target_ + ": cannot rename into place: " + std::strerror(errno);
      return false;
    }
    dir_.clear();
    files_.clear();
    return true;
  }

 private:
  void discard() {
    for (const std::string& f : files_) ::unlink(f.c_str());
    if (!dir_.empty()) ::rmdir(dir_.c_str());
  }
  std::string target_, dir_;
  std::vector<std::string> files_;
};

template <int Cap, class QW, class QS>
int write_vectors(const VectorsConfig& v, const std::vector<float>& inputs) {
  using Net = FixedRateNetwork<Cap, 1, QW, QS>;
  using W = typename QW::raw_type;
  using S = typename QS::raw_type;
  const int n = v.run.n;
  const auto un = static_cast<std::size_t>(n);
  const long long steps = v.run.steps;
  // The float model (the file comment of this command).
  const std::vector<float> J = make_couplings(n, v.run.g, v.run.gamma, v.run.seed);
  const std::uint64_t in_seed = sub_seed(v.run.seed, SeedStream::input_weights);
  std::vector<float> W_in(un), W_out(un), b(un);
  const InputWeightParams pin{static_cast<float>(v.input_scaling), 1.0f, InputWeightKind::uniform, in_seed};
  const InputWeightParams pout{static_cast<float>(1.0 / std::sqrt(static_cast<double>(n))), 1.0f,
                               InputWeightKind::uniform, in_seed + 1u};
  if (generate_input_weights(pin, W_in.data(), n, 1) != Status::ok ||
      generate_input_weights(pout, W_out.data(), 1, n) != Status::ok) {
    return input_error("vectors", "the input or output weights could not be generated");
  }
  NormalStream z(in_seed + 2u);
  for (float& x : b) x = 0.1f * z.next();
  Vector<Dynamic> x0f(n);
  if (initial_state(x0f, 1.0f, sub_seed(v.run.seed, SeedStream::initial_state)) != Status::ok) {
    return input_error("vectors", "x(0) could not be drawn");
  }

  std::vector<W> Jq(un * un), Wq(un), Oq(un);
  std::vector<std::int8_t> Jf(un), Of(1);
  std::vector<S> bq(un), cq(1);
  FloatModelView fv{J.data(), n, W_in.data(), 1, b.data(), W_out.data(), 1, nullptr};
  QuantizedModelView<QW, QS> qv{Jq.data(), Jf.data(), Wq.data(), bq.data(), Oq.data(), Of.data(), cq.data()};
  QuantizationReport rep;
  const Status qs = quantize_model<QW, QS>(fv, v.scales, qv, rep);
  if (qs != Status::ok) {
    return input_error("vectors", std::string("the model does not fit ") + v.format.spec() + " at " +
                                      scale_mode_name(v.scales) + " scales (" + to_string(qs) + ")");
  }
  std::vector<S> uq(static_cast<std::size_t>(steps));
  for (long long t = 0; t < steps; ++t) {
    if (to_fixed<QS>(static_cast<double>(inputs[static_cast<std::size_t>(t)]), uq[static_cast<std::size_t>(t)]) !=
        Status::ok) {
      return input_error("vectors", "input " + std::to_string(t) + " is not finite or outside the state format");
    }
  }
  // Padded to the capacity (fixed_point_cli.hpp).
  std::vector<W> Jp(static_cast<std::size_t>(Cap) * Cap, 0), Wp(static_cast<std::size_t>(Cap), 0),
      Op(static_cast<std::size_t>(Cap), 0);
  std::vector<std::int8_t> Jfp(static_cast<std::size_t>(Cap), static_cast<std::int8_t>(QW::kFrac));
  std::vector<S> bp(static_cast<std::size_t>(Cap), 0);
  for (std::size_t i = 0; i < un; ++i) {
    for (std::size_t j = 0; j < un; ++j) Jp[i * Cap + j] = Jq[i * un + j];
    Jfp[i] = Jf[i];
    Wp[i] = Wq[i];
    Op[i] = Oq[i];
    bp[i] = bq[i];
  }
  FixedDenseCouplingsView<QW> view;
  Net net;
  FixedLinearReadout<Cap, 1, QW, QS> readout;
  if (view.set(Jp.data(), Cap, Jfp.data()) != Status::ok || net.bind(view) != Status::ok ||
      net.set_input_weights(Wp.data()) != Status::ok || net.set_dt(static_cast<Scalar>(v.run.dt)) != Status::ok ||
      readout.bind(Op.data(), Of.data(), cq.data()) != Status::ok) {
    return input_error("vectors", "the integer model could not be bound");
  }
  net.set_bias(bp.data());
  typename Net::State x = Net::State::Zero();
  for (int i = 0; i < n; ++i) {
    if (to_fixed<QS>(static_cast<double>(x0f[i]), x[i]) != Status::ok) return input_error("vectors", "x(0) out of range");
  }

  // The files.
  std::string sJ, sJf, sWin, sb, sWout, sOf, sc, sx0, su, sx, sy;
  for (std::size_t i = 0; i < un; ++i) hex_row(sJ, Jq.data() + i * un, n, QW::kBits);
  hex_row(sJf, Jf.data(), n, 8);
  for (std::size_t i = 0; i < un; ++i) hex_row(sWin, Wq.data() + i, 1, QW::kBits);
  hex_row(sb, bq.data(), n, QS::kBits);
  hex_row(sWout, Oq.data(), n, QW::kBits);
  hex_row(sOf, Of.data(), 1, 8);
  hex_row(sc, cq.data(), 1, QS::kBits);
  hex_row(sx0, x.data(), n, QS::kBits);
  MapStepper<Net> stepper;
  typename Net::Input u;
  for (long long t = 0; t < steps; ++t) {
    u[0] = uq[static_cast<std::size_t>(t)];
    if (stepper.step(net, x, u, readout) != Status::ok) return input_error("vectors", "a step failed");
    hex_row(su, u.data(), 1, QS::kBits);
    hex_row(sx, x.data(), n, QS::kBits);
    hex_row(sy, readout.output().data(), 1, QS::kBits);
  }
  char line[160];
  std::string manifest = "# edgechaos vectors (docs/fixed_point.md, \"Test vectors for hardware\")\n";
  auto kv = [&](const char* key, const std::string& value) { manifest += std::string(key) + " " + value + "\n"; };
  kv("layout", "1");
  kv("model", "rate_euler");
  kv("format", v.format.spec());
  kv("weight_bits", std::to_string(QW::kBits));
  kv("weight_frac", std::to_string(QW::kFrac));
  kv("state_bits", std::to_string(QS::kBits));
  kv("state_frac", std::to_string(QS::kFrac));
  kv("scales", scale_mode_name(v.scales));
  kv("n", std::to_string(n));
  kv("m", "1");
  kv("k", "1");
  kv("steps", std::to_string(steps));
  kv("seed", std::to_string(v.run.seed));
  kv("g", json_number(v.run.g));
  kv("gamma", json_number(v.run.gamma));
  kv("dt", json_number(v.run.dt));
  kv("dt_raw", std::to_string(net.dt_raw()));
  kv("input", v.input_path.empty() ? "generated" : "file");
  kv("input_seed", v.input_path.empty() ? std::to_string(v.input_seed) : "-");
  kv("input_scaling", json_number(v.input_scaling));
  std::snprintf(line, sizeof line, "%.9g %.9g %.9g", rep.J.max_abs, rep.W_in.max_abs, rep.W_out.max_abs);
  kv("max_abs_error_J_Win_Wout", line);

  Staging dir(v.out);
  std::string why;
  bool ok = dir.open(why);
  const char* const names[] = {"manifest.txt", "J.hex", "J_frac.hex", "W_in.hex", "b.hex", "W_out.hex",
                               "W_out_frac.hex", "c.hex", "x0.hex", "inputs.hex", "states.hex", "outputs.hex"};
  const std::string* texts[] = {&manifest, &sJ, &sJf, &sWin, &sb, &sWout, &sOf, &sc, &sx0, &su, &sx, &sy};
  for (int f = 0; ok && f < 12; ++f) ok = dir.write(names[f], *texts[f], why);
  if (ok) ok = dir.commit(why);
  if (!ok) {
    std::fprintf(stderr, "edgechaos vectors: %s\n", why.c_str());
    return 1;
  }
  JsonObject out;
  out.string("out", v.out).string("format", v.format.spec()).string("scales", scale_mode_name(v.scales));
  out.integer("n", n).integer("steps", steps).integer("q_capacity", Cap).integer("dt_raw", net.dt_raw());
  out.number("J_max_abs", rep.J.max_abs).number("J_max_rel", rep.J.max_rel);
  out.number("W_in_max_abs", rep.W_in.max_abs).number("b_max_abs", rep.b.max_abs);
  out.number("W_out_max_abs", rep.W_out.max_abs).number("W_out_max_rel", rep.W_out.max_rel);
  std::printf("%s\n", out.str().c_str());
  return 0;
}

int run(const std::vector<std::string>& tokens) {
  Args args(tokens);
  VectorsConfig v;
  v.run.n = static_cast<int>(args.integer("n", 32, 2, 2048));
  v.run.g = args.number("g", 1.5, 0.0, 1e6);
  v.run.gamma = args.number("gamma", 0.0, -1.0, 1.0);
  v.run.seed = static_cast<std::uint64_t>(args.integer("seed", 1, 0, 9007199254740991LL));
  v.run.dt = args.number("dt", 0.1, 1e-9, 1.0);
  v.run.steps = args.integer("steps", 100, 1, 1000000);
  v.format = parse_fixed_format(args.text("fixed-point", "16:32"), "fixed-point");
  v.scales = parse_scale_mode(args.text("scales", "per-row"));
  v.out = args.text("out", "");
  const bool seed_given = args.has("input-seed");
  v.input_path = args.text("input", "");
  v.input_seed = static_cast<std::uint64_t>(args.integer("input-seed", static_cast<long long>(v.run.seed), 0,
                                                         9007199254740991LL));
  v.input_scaling = args.number("input-scaling", 0.5, 0.0, 1.9);
  if (v.out.empty()) throw UsageError{"--out DIR is required"};
  struct stat st;
  if (::stat(v.out.c_str(), &st) == 0) throw UsageError{"--out " + v.out + " exists (vectors writes a new directory)"};
  if (seed_given && !v.input_path.empty()) throw UsageError{"--input and --input-seed exclude each other"};
  if (v.run.n > fixed_max_n(v.format)) {
    throw UsageError{"--n " + std::to_string(v.run.n) + " could overflow the accumulator of --fixed-point " +
                     v.format.spec() + " (n <= " + std::to_string(fixed_max_n(v.format)) + ")"};
  }
  if (static_cast<long long>(v.run.n) * v.run.steps > 50000000LL) {
    throw UsageError{"--n x --steps must be at most 5e7 state words (the files are built in memory)"};
  }
  args.finish();

  // The input series.
  std::vector<float> inputs(static_cast<std::size_t>(v.run.steps));
  if (v.input_path.empty()) {
    Xoshiro128pp rng(v.input_seed);
    for (float& u : inputs) u = 2.0f * rng.next_uniform() - 1.0f;
  } else {
    std::vector<unsigned char> bytes;
    std::string why;
    if (!read_whole_file(v.input_path, bytes, why)) return input_error("vectors", why);
    NpyArray a;
    if (parse_npy(bytes.data(), bytes.size(), a) != Status::ok) return input_error("vectors", v.input_path + ": not a .npy file");
    const bool shape_ok = a.ndim == 1 || (a.ndim == 2 && a.shape[1] == 1);
    if (!shape_ok || a.count < static_cast<std::uint64_t>(v.run.steps)) {
      return input_error("vectors", v.input_path + ": expected shape (T,) or (T, 1) with T >= --steps");
    }
    std::vector<float> all(static_cast<std::size_t>(a.count));
    if (npy_copy_float(a, all.data(), all.size()) != Status::ok) {
      return input_error("vectors", v.input_path + ": expected float32 or float64 values");
    }
    for (std::size_t t = 0; t < inputs.size(); ++t) inputs[t] = all[t];
  }
  int code = 2;
  with_fixed_formats(v.format, [&](auto qw, auto qs) {
    using QW = decltype(qw);
    using QS = decltype(qs);
    const bool fits = with_capacity<QW, QS>(v.run.n, [&](auto cap) {
      code = write_vectors<decltype(cap)::value, QW, QS>(v, inputs);
    });
    if (!fits) code = input_error("vectors", "--n is above the largest size of the format");
  });
  return code;
}

const Registrar kRegistrar{Command{"vectors", "hex test vectors of the integer network for an RTL testbench", kHelp, run}};

}  // namespace
}  // namespace edgechaos::cli
