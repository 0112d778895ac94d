// Trains the model of examples/firmware/reservoir_predict on the desktop and exports it in
// the three forms (host/model_header.hpp): model_arrays.hpp, model_image.hpp and
// model_seed.hpp in the directory argv[1], plus model_costs.json (export_costs()).
// The protocol is examples/firmware/reservoir_predict/task.hpp: an echo-state network
// (J sparse from sub_seed(seed, couplings), W_in +-scaling from sub_seed(seed,
// input_weights): the generators of weights/), driven by Mackey–Glass, its features [u, x]
// collected by the desktop runner (host/any_model_runner.hpp) over the washed-out training
// block, W_out and c fitted by the double ridge (host/ridge.hpp) and rounded to float.
// The committed headers are this program's output: the host test
// `reservoir_predict_model_reproducible` runs it again and compares byte for byte.
//
// usage: make_reservoir_predict_model <out-dir>
#include <cstdio>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "edgechaos/core/seeds.hpp"
#include "edgechaos/host/any_model_runner.hpp"
#include "edgechaos/host/model_header.hpp"
#include "edgechaos/host/ridge.hpp"
#include "edgechaos/tasks/mackey_glass.hpp"
#include "edgechaos/tasks/metrics.hpp"
#include "edgechaos/weights/input_weights.hpp"
#include "edgechaos/weights/sparse_couplings.hpp"
#include "../examples/firmware/reservoir_predict/task.hpp"

namespace ec = edgechaos;
namespace rp = reservoir_predict;

namespace {

bool write_file(const std::string& path, const std::string& text) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return false;
  const bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  return std::fclose(f) == 0 && ok;
}

int fail(const char* what, ec::Status s) {
  std::fprintf(stderr, "make_reservoir_predict_model: %s: %s\n", what, ec::to_string(s));
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: make_reservoir_predict_model <out-dir>\n");
    return 2;
  }
  const std::string dir = argv[1];
  constexpr int n = rp::kN, f = 1 + rp::kN;

  // The reservoir, from the generators.
  ec::ModelSpec spec;
  spec.form = ec::ModelForm::echo_state;
  spec.activation = ec::ActivationKind::fast_tanh;
  spec.features = ec::feature_bits::input;
  spec.n = n;
  spec.m = 1;
  spec.k = 1;
  spec.leak = rp::kLeak;
  spec.generator_known = true;
  spec.generator.couplings = ec::CouplingParams{rp::kGain, 0.0f, ec::sub_seed(rp::kSeed, ec::SeedStream::couplings)};
  spec.generator.sparse_p = rp::kDensity;
  spec.generator.input = ec::InputWeightParams{rp::kInputScaling, 1.0f, ec::InputWeightKind::bernoulli,
                                               ec::sub_seed(rp::kSeed, ec::SeedStream::input_weights)};
  const ec::SparseCouplingParams q{rp::kGain, rp::kDensity, spec.generator.couplings.seed};
  ec::Index nnz = 0;
  ec::Status s = ec::count_sparse_couplings(q, n, nnz);
  if (s != ec::Status::ok) return fail("count", s);
  std::vector<std::uint32_t> row32(n + 1), col32(static_cast<std::size_t>(nnz));
  std::vector<float> val(static_cast<std::size_t>(nnz)), W_in(n);
  s = ec::first_error(ec::generate_sparse_couplings(q, n, row32.data(), col32.data(), val.data(), nnz, nnz),
                      ec::generate_input_weights(spec.generator.input, W_in.data(), n, 1));
  if (s != ec::Status::ok) return fail("generate", s);
  std::vector<std::uint16_t> row16(row32.begin(), row32.end()), col16(col32.begin(), col32.end());
  spec.storage = ec::CouplingStorage::sparse;
  spec.sparse.index_bytes = 2;
  spec.sparse.row_ptr16 = row16.data();
  spec.sparse.col16 = col16.data();
  spec.sparse.val = val.data();
  spec.sparse.nnz = static_cast<std::uint32_t>(nnz);
  spec.W_in = W_in.data();
  std::vector<float> W_out(f, 0.0f), c(1, 0.0f);
  spec.W_out = W_out.data();
  spec.c = c.data();

  // The series (double, as the device computes it) and the features of the training block.
  ec::MackeyGlass<double> mg(ec::sub_seed(rp::kSeed, ec::SeedStream::task));
  std::vector<float> series(rp::kTotal + 1);
  for (float& v : series) {
    double x = 0;
    if ((s = mg.next(x)) != ec::Status::ok) return fail("mackey-glass", s);
    v = static_cast<float>(x);
  }
  ec::AnyModelRunner runner;
  if ((s = runner.bind(spec)) != ec::Status::ok) return fail("bind", s);
  Eigen::MatrixXf F(rp::kTrain, f);
  Eigen::VectorXf Y(rp::kTrain);
  for (int t = 0; t < rp::kWashout + rp::kTrain; ++t) {
    float y = 0;
    if ((s = runner.step(&series[static_cast<std::size_t>(t)], &y)) != ec::Status::ok) return fail("step", s);
    if (t < rp::kWashout) continue;
    const int r = t - rp::kWashout;
    F(r, 0) = series[static_cast<std::size_t>(t)];
    for (int i = 0; i < n; ++i) F(r, 1 + i) = runner.state()[i];
    Y(r) = series[static_cast<std::size_t>(t + 1)];
  }
  ec::RidgeFit fit;
  if ((s = ec::ridge_fit(F, Y, rp::kAlpha, fit)) != ec::Status::ok) return fail("ridge", s);
  for (int j = 0; j < f; ++j) W_out[static_cast<std::size_t>(j)] = static_cast<float>(fit.w(0, j));
  c[0] = static_cast<float>(fit.c(0));

  // The desktop's test NRMSE of the float model (for the record in the costs file).
  if ((s = runner.bind(spec)) != ec::Status::ok) return fail("bind", s);
  ec::ErrorStats<double> test;
  for (int t = 0; t < rp::kTotal; ++t) {
    float y = 0;
    if ((s = runner.step(&series[static_cast<std::size_t>(t)], &y)) != ec::Status::ok) return fail("step", s);
    if (t >= rp::kWashout + rp::kTrain) s = test.add(series[static_cast<std::size_t>(t + 1)], y);
    if (s != ec::Status::ok) return fail("score", s);
  }
  double nrmse = 0;
  if ((s = test.nrmse(nrmse)) != ec::Status::ok) return fail("nrmse", s);

  std::string arrays, image, seed;
  ec::ExportCosts costs;
  s = ec::first_error(ec::model_header(spec, "reservoir_predict_model", ec::HeaderForm::arrays, arrays),
                      ec::model_header(spec, "reservoir_predict_model", ec::HeaderForm::image, image),
                      ec::model_header(spec, "reservoir_predict_model", ec::HeaderForm::seed, seed),
                      ec::export_costs(spec, costs));
  if (s != ec::Status::ok) return fail("export", s);
  char json[512];
  std::snprintf(json, sizeof json,
                "{\"model\":\"reservoir_predict\",\"n\":%d,\"nnz\":%ld,\"nrmse_test_desktop\":%.6g,"
                "\"arrays\":{\"flash\":%zu,\"ram\":%zu},\"image\":{\"flash\":%zu,\"ram\":%zu},"
                "\"seed\":{\"flash\":%zu,\"ram\":%zu}}\n",
                n, static_cast<long>(nnz), nrmse, costs.arrays.flash_bytes, costs.arrays.ram_bytes,
                costs.image.flash_bytes, costs.image.ram_bytes, costs.seed.flash_bytes, costs.seed.ram_bytes);
  const bool ok = write_file(dir + "/model_arrays.hpp", arrays) && write_file(dir + "/model_image.hpp", image) &&
                  write_file(dir + "/model_seed.hpp", seed) && write_file(dir + "/model_costs.json", json);
  if (!ok) {
    std::fprintf(stderr, "make_reservoir_predict_model: cannot write into %s\n", dir.c_str());
    return 2;
  }
  std::fputs(json, stdout);
  return 0;
}
