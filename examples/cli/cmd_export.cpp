// edgechaos export MODEL.bin --header FILE.hpp [--form arrays|image|seed] | --out FILE.bin:
// a model image (from import, or reservoir --save) as the C++ header a firmware includes, or
// as an image again; prints what each export form costs in flash and RAM.
#include <string>
#include <vector>

#include "args.hpp"
#include "command.hpp"
#include "deploy_model.hpp"
#include "files.hpp"

namespace edgechaos::cli {
namespace {

const char* const kHelp =
    "usage: edgechaos export MODEL.bin (--header FILE.hpp | --out FILE.bin) [--form arrays|image|seed]\n"
    "                        [--storage dense|sparse] [--max-flash BYTES] [--max-ram BYTES]\n"
    "                        [--namespace NS]\n"
    "\n"
    "Reads a model image (edgechaos import --out, edgechaos reservoir --save) and writes\n"
    "  --header FILE.hpp  a C++ header a firmware includes (see host/model_header.hpp):\n"
    "                     --form arrays  constexpr arrays in flash, exact hex float literals, J\n"
    "                                    dense or in compressed rows (the default)\n"
    "                     --form image   the model image as an aligned byte array (zero copy)\n"
    "                     --form seed    only the seeds and parameters of J and W_in, regenerated\n"
    "                                    into RAM on the device (only for a model whose J and\n"
    "                                    W_in are exactly their generator's)\n"
    "  --out FILE.bin     the model image again (byte-identical to a well-formed input)\n"
    "  --namespace NS     the header's namespace (default: from FILE's name)\n"
    "  --storage S        re-store J: sparse (compressed rows of its non-zero entries, 16-bit\n"
    "                     indices when they fit; the same bits computed) or dense\n"
    "  --max-flash BYTES, --max-ram BYTES\n"
    "                     the target's budget: a form whose data does not fit is refused\n"
    "Prints one JSON object: sizes, image_bytes, and costs: the flash and RAM bytes of the\n"
    "model's data in each form (the runner's own state, sizeof(Runner), comes on top in every\n"
    "form). Outputs are written to a temporary name and renamed: a refused model leaves no file.\n"
    "exit codes: 0 written, 2 bad arguments or a bad file (one line on stderr).\n";

int run(const std::vector<std::string>& tokens) {
  Args args(tokens);
  ModelOutputs o = parse_model_outputs(args);
  const std::vector<std::string> positional = args.take_positionals();
  if (positional.size() != 1) throw UsageError{"one MODEL.bin expected"};
  if (o.image_path.empty() && o.header_path.empty())
    throw UsageError{"--header FILE.hpp or --out FILE.bin is required"};
  args.finish();
  LoadedModel model;
  std::string why;
  if (load_model(positional[0], "", model, why) != Status::ok) return input_error("export", why);
  if (model.from_npz) return input_error("export", positional[0] + ": a NumPy .npz: use edgechaos import");
  return write_model_outputs("export", model.spec, positional[0], o);
}

const Registrar kRegistrar{Command{"export",
                                   "a model image -> C++ header (arrays, image, seed) or image; flash/RAM costs",
                                   kHelp, run}};

}  // namespace
}  // namespace edgechaos::cli
