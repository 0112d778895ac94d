// The deploy commands' view of a model file: a model image (io/model_image.hpp, "ECMI") or a
// ReservoirPy-shaped NumPy .npz (host/reservoirpy_import.hpp), told apart by their first
// bytes; and the input series of `trace` (a .npy, T x M).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "edgechaos/core/status.hpp"
#include "edgechaos/host/reservoirpy_import.hpp"
#include "edgechaos/host/trace_double.hpp"
#include "edgechaos/io/model_spec.hpp"
#include "args.hpp"

namespace edgechaos::cli {

struct LoadedModel {
  std::vector<unsigned char> image;        // the file's bytes when it is a model image
  std::unique_ptr<ImportedModel> imported;  // set when it was a NumPy .npz
  ModelSpec spec;                           // views `image` or `imported`'s float arrays
  // The double arrays of --double: an import's values as given; an image's floats widened.
  std::vector<double> W, val, W_in, b, W_out, c;
  std::vector<std::uint32_t> row_ptr, col;
  bool from_npz = false;
};

// Reads MODEL (and, for an .npz, an optional scipy.sparse.save_npz W). On failure the status
// (malformed_file, unsupported_version, ...) and `why`, one line naming the file.
Status load_model(const std::string& path, const std::string& sparse_w_path, LoadedModel& out, std::string& why);

// The double model of `trace --double` (echo_state form, dense or compressed-row J;
// unsupported_format for others).
Status double_model(LoadedModel& model, EchoStateDouble& out, std::string& why);

// The input series: a float .npy of shape (T, M) or (T,) when M == 1, T >= 1, read as
// double (row-major). size_mismatch when M differs from `inputs`.
Status load_inputs(const std::string& path, std::uint32_t inputs, std::vector<double>& u, std::size_t& steps,
                   std::string& why);

}  // namespace edgechaos::cli

namespace edgechaos::cli {

// The outputs of import and export: a model image (`image_path`) and/or a C++ header
// (`header_path`, in `form`: arrays, image or seed, its declarations in `name_space`, empty:
// from the header's file name). `storage` re-stores J first: "dense", "sparse" (compressed
// rows of the non-zero entries, 16-bit indices when they fit: the product keeps the dense
// summation order, so the model computes the same bits) or "" (as it is). `max_flash` /
// `max_ram` (0: no limit) refuse a form whose data would not fit the target's budget.
// Everything is built in memory first, then each file is written to a temporary name and
// renamed. Prints one JSON object with the sizes and the flash/RAM of every export form
// (host/model_header.hpp's export_costs). Returns the exit code (2 with one line on stderr
// for a refused model or a failed write).
struct ModelOutputs {
  std::string image_path, header_path;
  std::string form = "arrays";
  std::string name_space;
  std::string storage;
  unsigned long long max_flash = 0, max_ram = 0;
};
int write_model_outputs(const char* command, const ModelSpec& spec, const std::string& source, ModelOutputs o);
// The output options import and export share: --out, --header, --form, --namespace,
// --storage, --max-flash, --max-ram (usage errors as UsageError, like Args).
ModelOutputs parse_model_outputs(Args& args);

}  // namespace edgechaos::cli
