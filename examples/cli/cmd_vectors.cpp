// edgechaos vectors: test vectors for hardware (issue 14 item 7). An integer model -- the rate
// network built from run's options, or a model file's echo-state map or Euler rate network --
// driven by an input series, written as hex text files an RTL testbench reads: the integer
// weights and, one row per step, the inputs, states and outputs.
// The layout is documented in docs/fixed_point.md ("Test vectors for hardware") and README.
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

#include "args.hpp"
#include "command.hpp"
#include "deploy_model.hpp"
#include "edgechaos/host/any_model_runner.hpp"
#include "edgechaos/core/seeds.hpp"
#include "edgechaos/edgechaos.hpp"
#include "edgechaos/io/npy.hpp"
#include "files.hpp"
#include "fixed_point_cli.hpp"
#include "simulation.hpp"

namespace edgechaos::cli {
namespace {

const char* const kHelp =
    "usage: edgechaos vectors [MODEL] --out DIR [--fixed-point WBITS:SBITS] [--scales S] [--steps STEPS]\n"
    "                         [--input FILE.npy | --input-seed S] [--sparse-W W.npz]\n"
    "                         [--n N] [--g G] [--gamma GAMMA] [--seed S] [--dt DT] [--input-scaling A]\n"
    "\n"
    "Writes test vectors of an integer model (docs/fixed_point.md) for an RTL testbench into the\n"
    "new directory DIR: the quantised weights (J, W_in, b, W_out, c, the per-row scales of J and\n"
    "W_out) and, one row per step, the inputs, states and outputs, as hex text (two's complement,\n"
    "fixed width per format), plus manifest.txt.\n"
    "Without MODEL, run's network (J, x(0) from --n --g --gamma --seed; one Euler step a row), with\n"
    "one input and one output:\n"
    "  W_in   n x 1 uniform in [-A, A) (A = --input-scaling), seed stream input_weights of --seed\n"
    "  b      0.1 N(0, 1), seed: that stream's seed + 2\n"
    "  W_out  1 x n uniform in [-1/sqrt(n), 1/sqrt(n)), seed: that stream's seed + 1;  c = 0\n"
    "With MODEL (a model image from import/export/reservoir --save, or a ReservoirPy-shaped .npz,\n"
    "as trace reads it), that model from x(0) = 0 with its m inputs and k outputs: the echo-state\n"
    "map (one map step a row, its leak) or the continuous model with the Euler integrator (its dt;\n"
    "one row = k_hold Euler steps with the input held). Refused (exit 2): RK4, an activation other\n"
    "than tanh, output feedback, readout features other than the state (a constant feature is\n"
    "folded into c), m = 0 or m > 64, n above the format's limit. A compressed-row J is written\n"
    "dense; a seed-form J is regenerated. --n --g --gamma --seed --dt --input-scaling are run's.\n"
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
    "  --steps STEPS      rows, 1..1000000 (default 100; with MODEL and --input: the file's rows);\n"
    "                     n x steps at most 5e7 ((n + m + k) x steps with MODEL)\n"
    "  --input FILE.npy   the input series: float32/float64, shape (STEPS,) or (STEPS, 1) or\n"
    "                     longer (the first STEPS values are used); with MODEL (T, m), or (T,)\n"
    "                     when m = 1, T >= STEPS\n"
    "  --input-seed S     or a generated series, uniform in [-1, 1) (default: --seed, 1 with\n"
    "                     MODEL), row by row\n"
    "  --input-scaling A  W_in's scale, in [0, 1.9] (default 0.5)\n"
    "  --sparse-W W.npz   MODEL: W saved by scipy.sparse.save_npz, for an .npz MODEL without W\n"
    "Prints one JSON object: the directory, sizes, formats, and the quantisation errors.\n"
    "exit codes: 0 written, 2 bad arguments, input or model (one line on stderr), 1 a write failed.\n";

struct VectorsConfig {
  RunConfig run;
  FixedFormat format;
  ScaleMode scales = ScaleMode::per_row;
  std::string out, input_path;
  std::string sparse_w;  // MODEL: an .npz's W saved by scipy.sparse.save_npz (as trace --sparse-W)
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

// The float model the vectors are made of, whichever way it came (row-major arrays; b, c
// and x0 always sized, zeros when the model has none).
struct FloatModel {
  bool echo_state = false;  // the leaky map (FixedEchoState), else the Euler rate network
  int n = 0, m = 0, k = 0;
  double rate = 0.1;        // the Euler dt, or the map's leak
  int k_hold = 1;           // integer steps per row: a continuous model holds each input k_hold steps
  std::vector<float> J, W_in, b, W_out, c, x0;
};

// The quantised model (sizes of the float model, not padded).
template <class QW, class QS>
struct QuantizedModel {
  std::vector<typename QW::raw_type> J, W_in, W_out;
  std::vector<std::int8_t> J_frac, W_out_frac;
  std::vector<typename QS::raw_type> b, c;
};

// The integer run of Net (capacity Cap neurons, MCap inputs; the model padded with zero rows
// and columns: fixed_point_cli.hpp says why that is exact) over `steps` rows of m raw inputs
// from x0: the n states and k outputs after each row, raw. One row is k_hold steps with the
// input held. Each output is its own one-row readout: the K rows of FixedLinearReadout are
// independent sums, so K one-row readouts compute the same bits for any K.
template <class Net, int Cap, int MCap, class QW, class QS>
Status run_integer(const FloatModel& f, const QuantizedModel<QW, QS>& q, const std::vector<typename QS::raw_type>& x0,
                   const std::vector<typename QS::raw_type>& u, long long steps,
                   std::vector<typename QS::raw_type>& states, std::vector<typename QS::raw_type>& outputs) {
  using W = typename QW::raw_type;
  using S = typename QS::raw_type;
  const auto n = static_cast<std::size_t>(f.n), m = static_cast<std::size_t>(f.m), k = static_cast<std::size_t>(f.k);
  if (n > static_cast<std::size_t>(Cap) || m > static_cast<std::size_t>(MCap)) return Status::size_mismatch;
  std::vector<W> Jp(static_cast<std::size_t>(Cap) * Cap, 0), Wp(static_cast<std::size_t>(Cap) * MCap, 0);
  std::vector<W> Op(k * static_cast<std::size_t>(Cap), 0);
  std::vector<std::int8_t> Jfp(static_cast<std::size_t>(Cap), static_cast<std::int8_t>(QW::kFrac));
  std::vector<S> bp(static_cast<std::size_t>(Cap), 0);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) Jp[i * Cap + j] = q.J[i * n + j];
    for (std::size_t j = 0; j < m; ++j) Wp[i * MCap + j] = q.W_in[i * m + j];
    Jfp[i] = q.J_frac[i];
    bp[i] = q.b[i];
  }
  for (std::size_t r = 0; r < k; ++r) {
    for (std::size_t j = 0; j < n; ++j) Op[r * Cap + j] = q.W_out[r * n + j];
  }
  FixedDenseCouplingsView<QW> view;
  Net net;
  Status st = view.set(Jp.data(), Cap, Jfp.data());
  if (st == Status::ok) st = net.bind(view);
  if (st == Status::ok) st = net.set_input_weights(Wp.data());
  if constexpr (std::is_same_v<Net, FixedEchoState<Cap, MCap, QW, QS>>) {
    if (st == Status::ok) st = net.set_leak(static_cast<Scalar>(f.rate));
  } else {
    if (st == Status::ok) st = net.set_dt(static_cast<Scalar>(f.rate));
  }
  std::vector<FixedLinearReadout<Cap, 1, QW, QS>> readouts(k);
  for (std::size_t r = 0; st == Status::ok && r < k; ++r) {
    st = readouts[r].bind(Op.data() + r * Cap, q.W_out_frac.data() + r, q.c.data() + r);
  }
  if (st != Status::ok) return st;
  net.set_bias(bp.data());
  typename Net::State x = Net::State::Zero();
  for (std::size_t i = 0; i < n; ++i) x[static_cast<Index>(i)] = x0[i];
  typename Net::Input in = Net::Input::Zero();
  typename FixedLinearReadout<Cap, 1, QW, QS>::Output y;
  MapStepper<Net> stepper;
  states.resize(static_cast<std::size_t>(steps) * n);
  outputs.resize(static_cast<std::size_t>(steps) * k);
  for (std::size_t t = 0; t < static_cast<std::size_t>(steps); ++t) {
    for (std::size_t j = 0; j < m; ++j) in[static_cast<Index>(j)] = u[t * m + j];
    for (int h = 0; h < f.k_hold; ++h) {
      st = stepper.step(net, x, in);
      if (st != Status::ok) return st;
    }
    for (std::size_t i = 0; i < n; ++i) states[t * n + i] = x[static_cast<Index>(i)];
    for (std::size_t r = 0; r < k; ++r) {
      st = readouts[r].predict(x, y);
      if (st != Status::ok) return st;
      outputs[t * k + r] = y[0];
    }
  }
  return Status::ok;
}

// Calls fn(std::integral_constant<int, MCap>{}) with the smallest input capacity MCap >= m;
// false above the largest (kMaxVectorInputs). Few sizes: each is an instantiation of both
// integer models per state capacity and format.
constexpr int kMaxVectorInputs = 64;
template <class Fn>
bool with_input_capacity(int m, Fn&& fn) {
  if (m <= 8) {  // unused input columns are zeros: exact sums, the same bits
    fn(std::integral_constant<int, 8>{});
  } else if (m <= kMaxVectorInputs) {
    fn(std::integral_constant<int, kMaxVectorInputs>{});
  } else {
    return false;
  }
  return true;
}

// What the manifest and the JSON say about where the model came from.
struct ModelOrigin {
  // run's generated network: the keys of layout 1 as they always were.
  const VectorsConfig* run = nullptr;
  // MODEL: the file, what it is, and its parts.
  std::string file, kind, storage, features;
};

template <class QW, class QS>
int write_vectors(const VectorsConfig& v, const FloatModel& f, const std::vector<float>& inputs, long long steps,
                  const ModelOrigin& origin) {
  using S = typename QS::raw_type;
  const auto un = static_cast<std::size_t>(f.n), um = static_cast<std::size_t>(f.m), uk = static_cast<std::size_t>(f.k);
  QuantizedModel<QW, QS> q;
  q.J.resize(un * un), q.J_frac.resize(un), q.W_in.resize(un * um), q.b.resize(un);
  q.W_out.resize(uk * un), q.W_out_frac.resize(uk), q.c.resize(uk);
  FloatModelView fv{f.J.data(), f.n, f.W_in.data(), f.m, f.b.data(), f.W_out.data(), f.k, f.c.data()};
  QuantizedModelView<QW, QS> qv{q.J.data(), q.J_frac.data(), q.W_in.data(), q.b.data(),
                                q.W_out.data(), q.W_out_frac.data(), q.c.data()};
  QuantizationReport rep;
  const Status qs = quantize_model<QW, QS>(fv, v.scales, qv, rep);
  if (qs != Status::ok) {
    return input_error("vectors", std::string("the model does not fit ") + v.format.spec() + " at " +
                                      scale_mode_name(v.scales) + " scales (" + to_string(qs) + ")");
  }
  std::vector<S> uq(inputs.size()), x0(un);
  for (std::size_t t = 0; t < inputs.size(); ++t) {
    if (to_fixed<QS>(static_cast<double>(inputs[t]), uq[t]) != Status::ok) {
      const std::string col = um > 1 ? " column " + std::to_string(t % um) : std::string();
      return input_error("vectors", "input " + std::to_string(t / (um > 0 ? um : 1)) + col +
                                        " is not finite or outside the state format");
    }
  }
  for (std::size_t i = 0; i < un; ++i) {
    if (to_fixed<QS>(static_cast<double>(f.x0[i]), x0[i]) != Status::ok) return input_error("vectors", "x(0) out of range");
  }
  std::uint32_t rate_raw = 0;
  if (rate_to_fixed(static_cast<Scalar>(f.rate), rate_raw) != Status::ok) {
    return input_error("vectors", std::string(f.echo_state ? "the leak" : "dt") + " is not in (0, 1] as a Q0.16 multiplier");
  }
  std::vector<S> states, outputs;
  Status run_status = Status::invalid_argument;
  int capacity = 0;
  const bool fits = with_capacity<QW, QS>(f.n, [&](auto cap) {
    constexpr int Cap = decltype(cap)::value;
    capacity = Cap;
    (void)with_input_capacity(f.m, [&](auto mcap) {
      constexpr int MCap = decltype(mcap)::value;
      run_status = f.echo_state
                       ? run_integer<FixedEchoState<Cap, MCap, QW, QS>, Cap, MCap>(f, q, x0, uq, steps, states, outputs)
                       : run_integer<FixedRateNetwork<Cap, MCap, QW, QS>, Cap, MCap>(f, q, x0, uq, steps, states, outputs);
    });
  });
  if (!fits) return input_error("vectors", "n = " + std::to_string(f.n) + " is above the largest size of the format");
  if (run_status != Status::ok) return input_error("vectors", std::string("the integer model failed: ") + to_string(run_status));

  // The files.
  std::string sJ, sJf, sWin, sb, sWout, sOf, sc, sx0, su, sx, sy;
  for (std::size_t i = 0; i < un; ++i) hex_row(sJ, q.J.data() + i * un, f.n, QW::kBits);
  hex_row(sJf, q.J_frac.data(), f.n, 8);
  for (std::size_t i = 0; i < un; ++i) hex_row(sWin, q.W_in.data() + i * um, f.m, QW::kBits);
  hex_row(sb, q.b.data(), f.n, QS::kBits);
  for (std::size_t r = 0; r < uk; ++r) hex_row(sWout, q.W_out.data() + r * un, f.n, QW::kBits);
  hex_row(sOf, q.W_out_frac.data(), f.k, 8);
  hex_row(sc, q.c.data(), f.k, QS::kBits);
  hex_row(sx0, x0.data(), f.n, QS::kBits);
  for (std::size_t t = 0; t < static_cast<std::size_t>(steps); ++t) {
    hex_row(su, uq.data() + t * um, f.m, QS::kBits);
    hex_row(sx, states.data() + t * un, f.n, QS::kBits);
    hex_row(sy, outputs.data() + t * uk, f.k, QS::kBits);
  }
  char line[160];
  std::string manifest = "# edgechaos vectors (docs/fixed_point.md, \"Test vectors for hardware\")\n";
  auto kv = [&](const char* key, const std::string& value) { manifest += std::string(key) + " " + value + "\n"; };
  kv("layout", "1");
  kv("model", f.echo_state ? "echo_state" : "rate_euler");
  kv("format", v.format.spec());
  kv("weight_bits", std::to_string(QW::kBits));
  kv("weight_frac", std::to_string(QW::kFrac));
  kv("state_bits", std::to_string(QS::kBits));
  kv("state_frac", std::to_string(QS::kFrac));
  kv("scales", scale_mode_name(v.scales));
  kv("n", std::to_string(f.n));
  kv("m", std::to_string(f.m));
  kv("k", std::to_string(f.k));
  kv("steps", std::to_string(steps));
  if (origin.run != nullptr) {
    kv("seed", std::to_string(v.run.seed));
    kv("g", json_number(v.run.g));
    kv("gamma", json_number(v.run.gamma));
    kv("dt", json_number(v.run.dt));
    kv("dt_raw", std::to_string(rate_raw));
    kv("input", v.input_path.empty() ? "generated" : "file");
    kv("input_seed", v.input_path.empty() ? std::to_string(v.input_seed) : "-");
    kv("input_scaling", json_number(v.input_scaling));
  } else {
    kv("model_file", origin.file);
    kv("model_file_kind", origin.kind);
    kv("form", f.echo_state ? "echo_state" : "continuous");
    kv("storage", origin.storage);
    kv("features", origin.features);
    if (f.echo_state) {
      kv("leak", json_number(f.rate));
      kv("leak_raw", std::to_string(rate_raw));
    } else {
      kv("dt", json_number(f.rate));
      kv("dt_raw", std::to_string(rate_raw));
      kv("k_hold", std::to_string(f.k_hold));
    }
    kv("input", v.input_path.empty() ? "generated" : "file");
    kv("input_seed", v.input_path.empty() ? std::to_string(v.input_seed) : "-");
    kv("input_file", v.input_path.empty() ? "-" : v.input_path);
  }
  std::snprintf(line, sizeof line, "%.9g %.9g %.9g", rep.J.max_abs, rep.W_in.max_abs, rep.W_out.max_abs);
  kv("max_abs_error_J_Win_Wout", line);

  Staging dir(v.out);
  std::string why;
  bool ok = dir.open(why);
  const char* const names[] = {"manifest.txt", "J.hex", "J_frac.hex", "W_in.hex", "b.hex", "W_out.hex",
                               "W_out_frac.hex", "c.hex", "x0.hex", "inputs.hex", "states.hex", "outputs.hex"};
  const std::string* texts[] = {&manifest, &sJ, &sJf, &sWin, &sb, &sWout, &sOf, &sc, &sx0, &su, &sx, &sy};
  for (int i = 0; ok && i < 12; ++i) ok = dir.write(names[i], *texts[i], why);
  if (ok) ok = dir.commit(why);
  if (!ok) {
    std::fprintf(stderr, "edgechaos vectors: %s\n", why.c_str());
    return 1;
  }
  JsonObject out;
  out.string("out", v.out);
  if (origin.run == nullptr) {
    out.string("model", origin.file).string("form", f.echo_state ? "echo_state" : "continuous");
  }
  out.string("format", v.format.spec()).string("scales", scale_mode_name(v.scales));
  out.integer("n", f.n);
  if (origin.run == nullptr) out.integer("m", f.m).integer("k", f.k);
  out.integer("steps", steps).integer("q_capacity", capacity);
  out.integer(f.echo_state ? "leak_raw" : "dt_raw", rate_raw);
  out.number("J_max_abs", rep.J.max_abs).number("J_max_rel", rep.J.max_rel);
  out.number("W_in_max_abs", rep.W_in.max_abs).number("b_max_abs", rep.b.max_abs);
  out.number("W_out_max_abs", rep.W_out.max_abs).number("W_out_max_rel", rep.W_out.max_rel);
  std::printf("%s\n", out.str().c_str());
  return 0;
}

// run's generated network (the help text's first paragraph): n x n J and x(0) as run draws
// them, one input, one output.
int run_model(const VectorsConfig& v, FloatModel& f) {
  const int n = v.run.n;
  const auto un = static_cast<std::size_t>(n);
  f.echo_state = false;
  f.n = n, f.m = 1, f.k = 1;
  f.rate = v.run.dt;
  f.J = make_couplings(n, v.run.g, v.run.gamma, v.run.seed);
  const std::uint64_t in_seed = sub_seed(v.run.seed, SeedStream::input_weights);
  f.W_in.assign(un, 0.0f), f.W_out.assign(un, 0.0f), f.b.assign(un, 0.0f), f.c.assign(1, 0.0f);
  const InputWeightParams pin{static_cast<float>(v.input_scaling), 1.0f, InputWeightKind::uniform, in_seed};
  const InputWeightParams pout{static_cast<float>(1.0 / std::sqrt(static_cast<double>(n))), 1.0f,
                               InputWeightKind::uniform, in_seed + 1u};
  if (generate_input_weights(pin, f.W_in.data(), n, 1) != Status::ok ||
      generate_input_weights(pout, f.W_out.data(), 1, n) != Status::ok) {
    return input_error("vectors", "the input or output weights could not be generated");
  }
  NormalStream z(in_seed + 2u);
  for (float& x : f.b) x = 0.1f * z.next();
  Vector<Dynamic> x0f(n);
  if (initial_state(x0f, 1.0f, sub_seed(v.run.seed, SeedStream::initial_state)) != Status::ok) {
    return input_error("vectors", "x(0) could not be drawn");
  }
  f.x0.assign(x0f.data(), x0f.data() + n);
  return 0;
}

const char* activation_name(ActivationKind a) {
  switch (a) {
    case ActivationKind::tanh: return "tanh";
    case ActivationKind::fast_tanh: return "fast_tanh";
    case ActivationKind::sinh_tanh5: return "sinh_tanh5";
  }
  return "?";
}

// MODEL's float model (the help text's MODEL paragraph), or the one line that says why not.
std::string file_model(const LoadedModel& loaded, const FixedFormat& format, FloatModel& f, ModelOrigin& origin) {
  const ModelSpec& given = loaded.spec;
  origin.kind = loaded.from_npz ? "npz" : "image";
  origin.storage = given.storage == CouplingStorage::dense    ? "dense"
                   : given.storage == CouplingStorage::sparse ? "sparse"
                                                              : "generated";
  const std::string supported =
      " (vectors supports the echo-state map and the continuous model with the Euler integrator, tanh, a readout"
      " of the state with an optional constant feature, no output feedback)";
  // Everything that decides whether the model is supported is checked on the spec as given
  // (cheap), before a seed-form J is regenerated or J densified.
  const Status vs = validate(given);
  if (vs != Status::ok) return std::string("not a valid model: ") + to_string(vs);
  if (given.form == ModelForm::continuous && given.integrator != IntegratorKind::euler)
    return "a continuous model integrated with RK4 has no integer form" + supported;
  if (given.activation != ActivationKind::tanh)
    return std::string("the activation is ") + activation_name(given.activation) + ", the integer models run tanh" +
           supported;
  if (given.W_fb != nullptr) return "the model feeds its output back (W_fb)" + supported;
  if ((given.features & (feature_bits::input | feature_bits::squares)) != 0)
    return "the readout uses the input or x^2 as features, the integer readout only the state" + supported;
  if (given.m < 1) return "the model has no input (vectors needs m >= 1)";
  if (given.m > static_cast<std::uint32_t>(kMaxVectorInputs))
    return "m = " + std::to_string(given.m) + " inputs: vectors supports at most " + std::to_string(kMaxVectorInputs);
  if (static_cast<long long>(given.n) > fixed_max_n(format))
    return "n = " + std::to_string(given.n) + " could overflow the accumulator of --fixed-point " + format.spec() +
           " (n <= " + std::to_string(fixed_max_n(format)) + ")";
  bool sized = false;  // within the largest capacity of the format (fixed_point_cli.hpp)
  with_fixed_formats(format, [&](auto qw, auto qs) {
    sized = with_capacity<decltype(qw), decltype(qs)>(static_cast<int>(given.n), [](auto) {});
  });
  if (!sized) return "n = " + std::to_string(given.n) + " is above the largest size vectors runs at " + format.spec();
  if (given.form == ModelForm::continuous && !(given.dt <= 1.0f))
    return "dt = " + json_number(given.dt) + ": the integer Euler step needs dt in (0, 1]";
  if (given.form == ModelForm::continuous && given.k_hold > 1000u)
    return "k_hold = " + std::to_string(given.k_hold) + ": vectors supports at most 1000 steps a row";
  // The runner regenerates a seed-form J and W_in (the generators a device runs: the same bits).
  AnyModelRunner runner;
  const Status bs = runner.bind(given);
  if (bs != Status::ok) return std::string("the model cannot be run: ") + to_string(bs);
  const ModelSpec& s = runner.spec();
  const std::size_t n = s.n, m = s.m, k = s.k, nf = s.feature_count();
  f.echo_state = s.form == ModelForm::echo_state;
  f.n = static_cast<int>(n), f.m = static_cast<int>(m), f.k = static_cast<int>(k);
  f.rate = f.echo_state ? static_cast<double>(s.leak) : static_cast<double>(s.dt);
  f.k_hold = f.echo_state ? 1 : static_cast<int>(s.k_hold);
  // J dense (a compressed-row J densified: n is within the dense capacity, checked above).
  if (s.storage == CouplingStorage::dense) {
    f.J.assign(s.J, s.J + n * n);
  } else {
    const SparseSpec& sp = s.sparse;
    f.J.assign(n * n, 0.0f);
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t lo = sp.index_bytes == 2 ? sp.row_ptr16[i] : sp.row_ptr32[i];
      const std::size_t hi = sp.index_bytes == 2 ? sp.row_ptr16[i + 1] : sp.row_ptr32[i + 1];
      for (std::size_t e = lo; e < hi; ++e) f.J[i * n + (sp.index_bytes == 2 ? sp.col16[e] : sp.col32[e])] = sp.val[e];
    }
  }
  f.W_in.assign(s.W_in, s.W_in + n * m);
  f.b = s.b != nullptr ? std::vector<float>(s.b, s.b + n) : std::vector<float>(n, 0.0f);
  // The readout: W_out's state columns; a constant feature's column is folded into c (y = w0 1 +
  // W x + c), summed in double and rounded once to float before the quantisation.
  const bool constant = (s.features & feature_bits::constant) != 0;
  f.W_out.resize(k * n);
  f.c.resize(k);
  for (std::size_t r = 0; r < k; ++r) {
    const Scalar* row = s.W_out + r * nf;
    for (std::size_t j = 0; j < n; ++j) f.W_out[r * n + j] = row[(constant ? 1 : 0) + j];
    const double c = s.c != nullptr ? static_cast<double>(s.c[r]) : 0.0;
    f.c[r] = static_cast<float>(c + (constant ? static_cast<double>(row[0]) : 0.0));
  }
  f.x0.assign(n, 0.0f);  // the deploy loop starts from x = 0 (trace, ModelRunner)
  origin.features = constant ? "constant,state" : "state";
  return {};
}

// vectors MODEL: the model file, the input series (m columns a row), the files.
int run_file_model(VectorsConfig& v, const std::string& path, bool steps_given) {
  std::string why;
  LoadedModel loaded;
  if (load_model(path, v.sparse_w, loaded, why) != Status::ok) return input_error("vectors", why);
  FloatModel f;
  ModelOrigin origin;
  origin.file = path;
  const std::string refused = file_model(loaded, v.format, f, origin);
  if (!refused.empty()) return input_error("vectors", path + ": " + refused);
  const auto m = static_cast<std::size_t>(f.m);
  long long steps = v.run.steps;
  std::vector<float> inputs;
  if (v.input_path.empty()) {
    inputs.resize(static_cast<std::size_t>(steps) * m);
    Xoshiro128pp rng(v.input_seed);
    for (float& u : inputs) u = 2.0f * rng.next_uniform() - 1.0f;
  } else {
    std::vector<double> u;
    std::size_t T = 0;
    if (load_inputs(v.input_path, static_cast<std::uint32_t>(f.m), u, T, why) != Status::ok) {
      return input_error("vectors", why);
    }
    if (!steps_given && T > 1000000u) {
      return input_error("vectors", v.input_path + ": " + std::to_string(T) + " rows: give --steps (at most 1000000)");
    }
    if (!steps_given) steps = static_cast<long long>(T);
    if (static_cast<unsigned long long>(steps) > T) {
      return input_error("vectors", v.input_path + ": " + std::to_string(T) + " rows, --steps is " + std::to_string(steps));
    }
    inputs.resize(static_cast<std::size_t>(steps) * m);
    for (std::size_t i = 0; i < inputs.size(); ++i) inputs[i] = static_cast<float>(u[i]);
  }
  if (static_cast<long long>(f.n + f.m + f.k) * steps > 50000000LL) {
    return input_error("vectors", "(n + m + k) x steps must be at most 5e7 words (the files are built in memory)");
  }
  int code = 2;
  with_fixed_formats(v.format, [&](auto qw, auto qs) {
    code = write_vectors<decltype(qw), decltype(qs)>(v, f, inputs, steps, origin);
  });
  return code;
}

int run(const std::vector<std::string>& tokens) {
  Args args(tokens);
  VectorsConfig v;
  const std::vector<std::string> positional = args.take_positionals();
  if (positional.size() > 1) throw UsageError{"at most one MODEL file"};
  const std::string model_path = positional.empty() ? std::string() : positional[0];
  if (!model_path.empty()) {
    for (const char* o : {"n", "g", "gamma", "seed", "dt", "input-scaling"}) {
      if (args.has(o)) {
        throw UsageError{std::string("--") + o + " belongs to run's generated network; MODEL brings its own"};
      }
    }
  }
  const bool steps_given = args.has("steps");
  v.sparse_w = args.text("sparse-W", "");
  if (model_path.empty() && !v.sparse_w.empty()) throw UsageError{"--sparse-W belongs to an .npz MODEL"};
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
  if (model_path.empty() && v.run.n > fixed_max_n(v.format)) {
    throw UsageError{"--n " + std::to_string(v.run.n) + " could overflow the accumulator of --fixed-point " +
                     v.format.spec() + " (n <= " + std::to_string(fixed_max_n(v.format)) + ")"};
  }
  if (model_path.empty() && static_cast<long long>(v.run.n) * v.run.steps > 50000000LL) {
    throw UsageError{"--n x --steps must be at most 5e7 state words (the files are built in memory)"};
  }
  args.finish();

  if (!model_path.empty()) return run_file_model(v, model_path, steps_given);

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
  FloatModel f;
  const int made = run_model(v, f);
  if (made != 0) return made;
  ModelOrigin origin;
  origin.run = &v;
  int code = 2;
  with_fixed_formats(v.format, [&](auto qw, auto qs) {
    code = write_vectors<decltype(qw), decltype(qs)>(v, f, inputs, v.run.steps, origin);
  });
  return code;
}

const Registrar kRegistrar{Command{"vectors", "hex test vectors of the integer network for an RTL testbench", kHelp, run}};

}  // namespace
}  // namespace edgechaos::cli
