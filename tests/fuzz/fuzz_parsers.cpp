// libFuzzer target over every parser of untrusted bytes: .npy (io/npy.hpp), .npz
// (io/npz.hpp, and the desktop's inflating reader and ReservoirPy importer), and the model
// image (io/model_image.hpp, and a valid image run a few steps by the desktop runner). Built with clang's
// -fsanitize=fuzzer,address,undefined when EDGECHAOS_BUILD_FUZZERS is ON (tools/fuzz.sh);
// the same function replays tests/fuzz/regressions in the normal test build
// (replay_regressions.cpp). Any status is fine; a crash, a sanitizer report or a hang is not.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "edgechaos/host/npy_writer.hpp"
#include "edgechaos/host/npz_reader.hpp"
#include "edgechaos/host/reservoirpy_import.hpp"
#include "edgechaos/io/npy.hpp"
#include "edgechaos/io/npz.hpp"
#include "edgechaos/host/any_model_runner.hpp"
#include "edgechaos/io/model_image.hpp"

namespace ec = edgechaos;

namespace {

// Every copy function on a parsed array, into bounded buffers (capacity_exceeded beyond).
void exercise(const ec::NpyArray& a) {
  constexpr std::size_t kCap = 4096;
  static float f[kCap];
  static double d[kCap];
  static std::uint32_t idx[kCap];
  static char text[256];
  (void)ec::npy_copy_float(a, f, kCap);
  (void)ec::npy_copy_double(a, d, kCap);
  (void)ec::npy_copy_index(a, idx, kCap);
  (void)ec::npy_string(a, text, sizeof text);
}

// A valid 3-neuron model without its W, for the input to be the sparse W of.
const std::vector<unsigned char>& model_without_w() {
  static const std::vector<unsigned char> zip = [] {
    const double win[3] = {1, -1, 0.5}, wout[6] = {1, 2, 3, 4, 5, 6}, lr = 0.5;
    return ec::npz_bytes({{"Win", ec::npy_bytes(win, {3, 1})}, {"Wout", ec::npy_bytes(wout, {3, 2})},
                          {"lr", ec::npy_bytes(&lr, {})}, {"activation", ec::npy_string_bytes("tanh")}});
  }();
  return zip;
}

void parse_and_exercise(const unsigned char* data, std::size_t size) {
  ec::NpyArray a;
  if (ec::parse_npy(data, size, a) == ec::Status::ok) exercise(a);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // The bytes as one .npy file.
  parse_and_exercise(data, size);

  // The bytes as an .npz: every entry (inflated when DEFLATEd, on the desktop) as .npy.
  const std::vector<unsigned char> zip(data, data + size);
  (void)ec::npz_for_each(data, size, [&](const ec::NpzEntry& e) {
    std::vector<unsigned char> npy;
    if (ec::read_npz_entry(e, npy, std::size_t{1} << 24) == ec::Status::ok) parse_and_exercise(npy.data(), npy.size());
  });
  ec::NpzEntry e;
  (void)ec::npz_find(data, size, "W", e);

  // The bytes as a ReservoirPy model npz, and as the sparse W of a fixed valid model.
  ec::ImportedModel model;
  std::string why;
  (void)ec::import_reservoirpy(zip, nullptr, model, why);
  (void)ec::import_reservoirpy(model_without_w(), &zip, model, why);

  // The bytes as a model image (zero copy: the view points into them); a valid one (of a
  // size that runs in microseconds) bound and stepped by the desktop runner.
  ec::ModelSpec spec;
  if (ec::read_model_image(data, size, spec) == ec::Status::ok && ec::validate(spec) == ec::Status::ok &&
      spec.n <= 64 && spec.m <= 8 && spec.k <= 8) {
    ec::AnyModelRunner runner;
    if (runner.bind(spec) == ec::Status::ok) {
      const ec::Scalar u[8] = {0.5f, -0.25f, 1.0f, 0.0f, 2.0f, -1.0f, 0.125f, 3.0f};
      ec::Scalar y[8];
      for (int t = 0; t < 3; ++t) (void)runner.step(u, y);
    }
  }
  return 0;
}
