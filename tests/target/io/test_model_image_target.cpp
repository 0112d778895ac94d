// The model image and the runner on the target (every core, the microbit included: the
// image is under 1 KiB). A small model (n = 8, m = 1, k = 2, sparse 16-bit J, all features,
// b, c, W_fb) is built here, written into an image in RAM, read back zero-copy and run: the
// run from the image equals the run from the original spec bit for bit (same arrays, same
// code: the image must not change a bit). Every truncation and every single flipped bit is
// malformed_file, a version-1 weight blob is unsupported_version (the same answers as the
// host tests, tests/io/test_model_image.cpp, here with the target's compiler and alignment).
#include <cstdint>
#include <cstring>

#include "edgechaos/edgechaos.hpp"
#include "edgechaos/io/model_image.hpp"
#include "edgechaos/io/model_runner.hpp"
#include "ectest.hpp"

namespace ec = edgechaos;

namespace {

constexpr int kN = 8, kM = 1, kK = 2;
constexpr std::uint8_t kFeat = ec::feature_bits::all;
constexpr int kF = ec::model_feature_count(kN, kM, kFeat);
using Runner = ec::ModelRunner<kN, kM, kK, ec::ModelForm::echo_state, ec::IntegratorKind::none,
                               ec::ActivationKind::fast_tanh, 2, kFeat>;

std::uint16_t g_row[kN + 1], g_col[kN * kN];
float g_val[kN * kN], g_win[kN * kM], g_b[kN], g_wout[kK * kF], g_c[kK], g_wfb[kN * kK];
std::uint32_t g_image[256];  // 1 KiB, 4-byte aligned
std::uint32_t g_copy[256];
Runner g_a, g_b_runner;

ec::ModelSpec make_spec() {
  ec::Xoshiro128pp rng(3u);
  auto uni = [&](float s) { return s * (2.0f * rng.next_uniform() - 1.0f); };
  ec::Index nnz = 0;
  g_row[0] = 0;
  for (int i = 0; i < kN; ++i) {
    for (int j = 0; j < kN; ++j) {
      if (j != i && rng.next_uniform() < 0.4f) {
        g_col[nnz] = static_cast<std::uint16_t>(j);
        g_val[nnz++] = uni(0.5f);
      }
    }
    g_row[i + 1] = static_cast<std::uint16_t>(nnz);
  }
  for (float& w : g_win) w = uni(0.5f);
  for (float& w : g_b) w = uni(0.1f);
  for (float& w : g_wout) w = uni(1.0f);
  for (float& w : g_c) w = uni(0.2f);
  for (float& w : g_wfb) w = uni(0.1f);
  ec::ModelSpec s;
  s.activation = ec::ActivationKind::fast_tanh;
  s.storage = ec::CouplingStorage::sparse;
  s.features = kFeat;
  s.n = kN;
  s.m = kM;
  s.k = kK;
  s.leak = 0.6f;
  s.sparse.index_bytes = 2;
  s.sparse.row_ptr16 = g_row;
  s.sparse.col16 = g_col;
  s.sparse.val = g_val;
  s.sparse.nnz = static_cast<std::uint32_t>(nnz);
  s.W_in = g_win;
  s.b = g_b;
  s.W_out = g_wout;
  s.c = g_c;
  s.W_fb = g_wfb;
  return s;
}

const unsigned char* bytes(const std::uint32_t* w) { return reinterpret_cast<const unsigned char*>(w); }

}  // namespace

EC_TEST(image_runs_like_its_spec) {
  const ec::ModelSpec spec = make_spec();
  const std::size_t size = ec::model_image_size(spec);
  EC_CHECK(size > 0 && size <= sizeof g_image);
  EC_CHECK(ec::write_model_image(spec, reinterpret_cast<unsigned char*>(g_image), sizeof g_image) == ec::Status::ok);
  ec::ModelSpec view;
  EC_CHECK(ec::read_model_image(bytes(g_image), size, view) == ec::Status::ok);
  const auto* lo = bytes(g_image);
  const auto* w = reinterpret_cast<const unsigned char*>(view.W_out);
  EC_CHECK(w >= lo && w < lo + size);  // zero copy: the view points into the image
  EC_CHECK(g_a.bind(spec) == ec::Status::ok);
  EC_CHECK(g_b_runner.bind(view) == ec::Status::ok);
  for (int t = 0; t < 200; ++t) {
    const float u = 0.5f * static_cast<float>(t % 17) / 17.0f;
    float ya[kK], yb[kK];
    EC_CHECK(g_a.step(&u, ya) == ec::Status::ok);
    EC_CHECK(g_b_runner.step(&u, yb) == ec::Status::ok);
    EC_CHECK(std::memcmp(ya, yb, sizeof ya) == 0);
    EC_CHECK(std::memcmp(g_a.state(), g_b_runner.state(), kN * sizeof(float)) == 0);
  }
  // A failed step keeps the state.
  float before[kN];
  std::memcpy(before, g_a.state(), sizeof before);
  const float nan = __builtin_nanf("");
  float y[kK];
  EC_CHECK(g_a.step(&nan, y) == ec::Status::non_finite_input);
  EC_CHECK(std::memcmp(before, g_a.state(), sizeof before) == 0);
}

EC_TEST(every_truncation_and_flipped_bit_is_malformed) {
  const ec::ModelSpec spec = make_spec();
  const std::size_t size = ec::model_image_size(spec);
  EC_CHECK(ec::write_model_image(spec, reinterpret_cast<unsigned char*>(g_image), sizeof g_image) == ec::Status::ok);
  ec::ModelSpec view;
  int wrong = 0;
  for (std::size_t cut = 0; cut < size; ++cut) {
    if (ec::read_model_image(bytes(g_image), cut, view) != ec::Status::malformed_file) ++wrong;
  }
  std::memcpy(g_copy, g_image, sizeof g_copy);
  auto* c = reinterpret_cast<unsigned char*>(g_copy);
  for (std::size_t i = 0; i < size; ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      c[i] = static_cast<unsigned char>(c[i] ^ (1u << bit));
      if (ec::read_model_image(c, size, view) != ec::Status::malformed_file) ++wrong;
      c[i] = static_cast<unsigned char>(c[i] ^ (1u << bit));
    }
  }
  EC_CHECK(wrong == 0);
  EC_CHECK(ec::read_model_image(c, size, view) == ec::Status::ok);  // restored
}

EC_TEST(version_one_blob_is_unsupported_version) {
  const float J[4] = {0.0f, 0.5f, -0.5f, 0.0f}, W[2] = {1.0f, -1.0f}, b[2] = {0.1f, 0.2f};
  const std::size_t size = ec::weight_blob_size(2, 1);
  EC_CHECK(ec::write_weight_blob(J, W, b, 2, 1, reinterpret_cast<unsigned char*>(g_copy), sizeof g_copy) ==
           ec::Status::ok);
  ec::ModelSpec view;
  EC_CHECK(ec::read_model_image(bytes(g_copy), size, view) == ec::Status::unsupported_version);
}
