// edgechaos trace MODEL --input U.npy --out TRACE.npz [--double]: the golden trace of the
// deploy loop. Runs a model (a model image or a ReservoirPy-shaped .npz) over an input
// series and writes its states and outputs, in float32 through the library's runner (the
// arithmetic a device runs), or in float64 with the weights as given (--double), so either
// can be held against NumPy's trace.
#include <cstdio>
#include <string>
#include <vector>

#include "args.hpp"
#include "command.hpp"
#include "deploy_model.hpp"
#include "edgechaos/host/any_model_runner.hpp"
#include "edgechaos/host/npy_writer.hpp"
#include "edgechaos/host/trace_double.hpp"
#include "files.hpp"
#include "json.hpp"

namespace edgechaos::cli {
namespace {

const char* const kHelp =
    "usage: edgechaos trace MODEL --input U.npy --out TRACE.npz [--double] [--sparse-W W.npz]\n"
    "\n"
    "Runs MODEL from the zero state over the input series U (a float .npy, T x M, or T when\n"
    "M = 1) and writes TRACE.npz with `states` (T x N) and `outputs` (T x K).\n"
    "  MODEL        a model image (edgechaos import/export --out, reservoir --save) or a\n"
    "               ReservoirPy-shaped NumPy .npz (see edgechaos import --help)\n"
    "  --double     float64 arithmetic with the weights as given (an .npz's float64 values; an\n"
    "               image's floats widened): the echo-state map only. Default: float32 through\n"
    "               the library's model runner, the arithmetic of a device\n"
    "  --sparse-W   W saved by scipy.sparse.save_npz, for an .npz MODEL without W\n"
    "Prints one JSON object: steps, n, m, k, precision, out. The output is written to a\n"
    "temporary name and renamed: a failed run leaves no file.\n"
    "exit codes: 0 written, 1 a step failed (non-finite state), 2 bad arguments or a bad file\n"
    "(one line on stderr).\n";

int run(const std::vector<std::string>& tokens) {
  Args args(tokens, {"double"});
  const std::string input = args.text("input", "");
  const std::string out_path = args.text("out", "");
  const std::string sparse_w = args.text("sparse-W", "");
  const bool use_double = args.flag("double");
  const std::vector<std::string> positional = args.take_positionals();
  if (positional.size() != 1) throw UsageError{"one MODEL file expected"};
  if (input.empty()) throw UsageError{"--input U.npy is required"};
  if (out_path.empty()) throw UsageError{"--out TRACE.npz is required"};
  args.finish();

  std::string why;
  LoadedModel model;
  if (load_model(positional[0], sparse_w, model, why) != Status::ok) return input_error("trace", why);
  const ModelSpec& s = model.spec;
  std::vector<double> u;
  std::size_t T = 0;
  if (load_inputs(input, s.m, u, T, why) != Status::ok) return input_error("trace", why);
  const std::size_t n = s.n, m = s.m, k = s.k;
  const std::vector<std::uint64_t> state_shape{T, n}, output_shape{T, k};
  std::vector<NpzInput> entries;
  Status st = Status::ok;
  std::size_t done = 0;
  if (use_double) {
    EchoStateDouble d;
    if (double_model(model, d, why) != Status::ok) return input_error("trace", positional[0] + ": " + why);
    std::vector<double> states(T * n), outputs(T * k);
    EchoStateDoubleRunner r;
    st = r.bind(d);
    for (; st == Status::ok && done < T; ++done) {
      st = r.step(m > 0 ? u.data() + done * m : nullptr, outputs.data() + done * k);
      if (st != Status::ok) break;
      for (std::size_t i = 0; i < n; ++i) states[done * n + i] = r.state()[i];
    }
    entries.push_back({"states", npy_bytes(states.data(), state_shape)});
    entries.push_back({"outputs", npy_bytes(outputs.data(), output_shape)});
  } else {
    AnyModelRunner r;
    st = r.bind(s);
    if (st != Status::ok)
      return input_error("trace", positional[0] + ": the runner refused the model: " + to_string(st));
    std::vector<float> states(T * n), outputs(T * k), uf(m);
    for (; done < T; ++done) {
      for (std::size_t j = 0; j < m; ++j) uf[j] = static_cast<float>(u[done * m + j]);
      st = r.step(uf.data(), outputs.data() + done * k);
      if (st != Status::ok) break;
      for (std::size_t i = 0; i < n; ++i) states[done * n + i] = r.state()[i];
    }
    entries.push_back({"states", npy_bytes(states.data(), state_shape)});
    entries.push_back({"outputs", npy_bytes(outputs.data(), output_shape)});
  }
  if (st != Status::ok) {
    std::fprintf(stderr, "edgechaos trace: step %zu: %s (no trace written)\n", done, to_string(st));
    return 1;
  }
  const std::vector<unsigned char> npz = npz_bytes(entries);
  if (npz.empty()) return input_error("trace", "the trace is too large for an .npz (4 GiB)");
  if (!write_file_atomically(out_path, npz, why)) return input_error("trace", why);
  JsonObject j;
  j.integer("steps", static_cast<long long>(T)).integer("n", static_cast<long long>(n));
  j.integer("m", static_cast<long long>(m)).integer("k", static_cast<long long>(k));
  j.string("precision", use_double ? "float64" : "float32").string("out", out_path);
  std::printf("%s\n", j.str().c_str());
  return 0;
}

const Registrar kRegistrar{Command{"trace",
                                   "run a model over an input .npy: states and outputs to .npz (golden traces)",
                                   kHelp, run}};

}  // namespace
}  // namespace edgechaos::cli
