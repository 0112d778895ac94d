// Small ModelSpecs of every kind for the model-image and runner tests: the arrays are owned
// here (std::vector), the spec views them.
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>

#include "edgechaos/core/random.hpp"
#include "edgechaos/io/model_spec.hpp"
#include "edgechaos/weights/sparse_couplings.hpp"

namespace fixture {

namespace ec = edgechaos;

struct Kind {
  ec::ModelForm form = ec::ModelForm::echo_state;
  ec::IntegratorKind integrator = ec::IntegratorKind::none;
  ec::ActivationKind activation = ec::ActivationKind::tanh;
  ec::CouplingStorage storage = ec::CouplingStorage::dense;
  std::uint8_t index_bytes = 4;  // sparse
  float sparse_p = 1.0f;         // generated
  std::uint8_t features = 0;
  bool bias = true, c = true, feedback = false, generator_known = false;
};

// A model of n neurons, m inputs, k outputs with weights drawn from `seed` (J scaled to a
// contracting gain 0.8 / sqrt(n) per entry; about half of J's entries zero so the sparse
// form is sparse).
struct Model {
  std::vector<float> J, W_in, b, W_out, c, W_fb, val;
  std::vector<std::uint16_t> row16, col16;
  std::vector<std::uint32_t> row32, col32;
  ec::ModelSpec spec;

  Model(const Kind& kind, std::uint32_t n, std::uint32_t m, std::uint32_t k, std::uint64_t seed = 7) {
    ec::Xoshiro128pp rng(seed);
    const auto draw = [&rng](float scale) { return scale * (2.0f * rng.next_uniform() - 1.0f); };
    spec.form = kind.form;
    spec.integrator = kind.integrator;
    spec.activation = kind.activation;
    spec.storage = kind.storage;
    spec.features = kind.features;
    spec.n = n;
    spec.m = m;
    spec.k = k;
    spec.leak = 0.7f;
    spec.dt = 0.1f;
    spec.k_hold = 2;
    J.assign(n * n, 0.0f);
    for (std::uint32_t i = 0; i < n * n; ++i) {
      const float v = draw(1.6f / static_cast<float>(n));
      J[i] = rng.next_uniform() < 0.5f ? v : 0.0f;
    }
    W_in.resize(n * m);
    for (float& w : W_in) w = draw(0.5f);
    b.resize(n);
    for (float& w : b) w = draw(0.2f);
    const std::uint32_t f = spec.feature_count();
    W_out.resize(k * f);
    for (float& w : W_out) w = draw(1.0f);
    c.resize(k);
    for (float& w : c) w = draw(0.3f);
    W_fb.resize(n * k);
    for (float& w : W_fb) w = draw(0.1f);
    // The compressed rows of J (both index types).
    row32.push_back(0);
    for (std::uint32_t i = 0; i < n; ++i) {
      for (std::uint32_t j = 0; j < n; ++j) {
        if (J[i * n + j] != 0.0f) {
          col32.push_back(j);
          val.push_back(J[i * n + j]);
        }
      }
      row32.push_back(static_cast<std::uint32_t>(col32.size()));
    }
    for (std::uint32_t r : row32) row16.push_back(static_cast<std::uint16_t>(r));
    for (std::uint32_t cc : col32) col16.push_back(static_cast<std::uint16_t>(cc));

    if (kind.storage == ec::CouplingStorage::dense) spec.J = J.data();
    if (kind.storage == ec::CouplingStorage::sparse) {
      spec.sparse.index_bytes = kind.index_bytes;
      if (kind.index_bytes == 2) {
        spec.sparse.row_ptr16 = row16.data();
        spec.sparse.col16 = col16.data();
      } else {
        spec.sparse.row_ptr32 = row32.data();
        spec.sparse.col32 = col32.data();
      }
      spec.sparse.val = val.data();
      spec.sparse.nnz = static_cast<std::uint32_t>(val.size());
    }
    spec.generator.couplings = ec::CouplingParams{0.9f, 0.0f, seed + 11};
    spec.generator.sparse_p = kind.sparse_p;
    spec.generator.input = ec::InputWeightParams{0.4f, 1.0f, ec::InputWeightKind::uniform, seed + 13};
    spec.generator_known = kind.generator_known;
    if (kind.storage != ec::CouplingStorage::generated) spec.W_in = m > 0 ? W_in.data() : nullptr;
    spec.b = kind.bias ? b.data() : nullptr;
    spec.W_out = W_out.data();
    spec.c = kind.c ? c.data() : nullptr;
    spec.W_fb = kind.feedback ? W_fb.data() : nullptr;
  }
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;
};

// Every form and integrator: echo_state, continuous Euler, continuous RK4.
inline std::vector<Kind> forms() {
  Kind e;
  Kind eu;
  eu.form = ec::ModelForm::continuous;
  eu.integrator = ec::IntegratorKind::euler;
  Kind rk = eu;
  rk.integrator = ec::IntegratorKind::rk4;
  return {e, eu, rk};
}

// Every storage: dense, sparse 16/32-bit, generated dense and sparse.
inline std::vector<Kind> storages(Kind base) {
  std::vector<Kind> out;
  base.storage = ec::CouplingStorage::dense;
  out.push_back(base);
  base.storage = ec::CouplingStorage::sparse;
  base.index_bytes = 2;
  out.push_back(base);
  base.index_bytes = 4;
  out.push_back(base);
  base.storage = ec::CouplingStorage::generated;
  base.sparse_p = 1.0f;
  out.push_back(base);
  base.sparse_p = 0.3f;
  out.push_back(base);
  return out;
}

}  // namespace fixture
