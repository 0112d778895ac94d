// edgechaos import MODEL.npz --out MODEL.bin | --header FILE.hpp: a reservoir trained in
// Python (ReservoirPy 0.4's arrays, saved with numpy.savez) into the library's model image or
// an exported C++ header.
#include <string>
#include <vector>

#include "args.hpp"
#include "command.hpp"
#include "deploy_model.hpp"
#include "files.hpp"

namespace edgechaos::cli {
namespace {

const char* const kHelp =
    "usage: edgechaos import MODEL.npz (--out MODEL.bin | --header FILE.hpp) [--sparse-W W.npz]\n"
    "                        [--storage dense|sparse] [--max-flash BYTES] [--max-ram BYTES]\n"
    "                        [--form arrays|image|seed] [--namespace NS]\n"
    "\n"
    "Reads a model saved with numpy.savez in ReservoirPy 0.4's shapes: W (N x N), Win (N x M),\n"
    "bias (N or N x 1), Wout (N x K, Ridge's layout), bout (K or 1 x K), 0-d lr (the leak) and\n"
    "0-d activation ('tanh'); .npy format 1.0-3.0, float32/float64, either byte order, C or\n"
    "Fortran order. The model is the leaky echo-state map x' = (1 - lr) x + lr tanh(W x +\n"
    "Win u + bias), y = Wout^T x + bout (shared/RESERVOIR.md section 1).\n"
    "  --sparse-W W.npz   W as scipy.sparse.save_npz writes it (csr or csc, compressed or not),\n"
    "                     for a MODEL.npz without W\n"
    "  --out MODEL.bin    the model image (versioned, CRC-checked; read zero-copy on a device)\n"
    "  --header FILE.hpp  a C++ header: --form arrays (constexpr arrays, exact hex floats, the\n"
    "                     default), image (the image as a byte array) or seed (J and W_in\n"
    "                     regenerated on the device: refused for an imported J)\n"
    "  --namespace NS     the header's namespace (default: from FILE's name)\n"
    "  --storage S        re-store J: sparse (compressed rows of its non-zero entries, 16-bit\n"
    "                     indices when they fit; the same bits computed) or dense\n"
    "  --max-flash BYTES, --max-ram BYTES\n"
    "                     the target's budget: a form whose data does not fit is refused\n"
    "Prints one JSON object: sizes, image_bytes, and the flash and RAM bytes of each export form.\n"
    "Every output is written to a temporary name and renamed: a refused model leaves no file.\n"
    "exit codes: 0 written, 2 bad arguments or a bad file (one line on stderr).\n";

int run(const std::vector<std::string>& tokens) {
  Args args(tokens);
  const std::string sparse_w = args.text("sparse-W", "");
  ModelOutputs o = parse_model_outputs(args);
  const std::vector<std::string> positional = args.take_positionals();
  if (positional.size() != 1) throw UsageError{"one MODEL.npz expected"};
  if (o.image_path.empty() && o.header_path.empty())
    throw UsageError{"--out MODEL.bin or --header FILE.hpp is required"};
  args.finish();
  LoadedModel model;
  std::string why;
  if (load_model(positional[0], sparse_w, model, why) != Status::ok) return input_error("import", why);
  if (!model.from_npz)
    return input_error("import", positional[0] + ": not a NumPy .npz (a model image goes to edgechaos export)");
  return write_model_outputs("import", model.spec, positional[0], o);
}

const Registrar kRegistrar{
    Command{"import", "a NumPy/ReservoirPy model (.npz) -> model image or C++ header", kHelp, run}};

}  // namespace
}  // namespace edgechaos::cli
