// The models of test_model_header (shared by the build-time generator and the test).
#pragma once

#include <vector>

#include "edgechaos/weights/couplings.hpp"
#include "edgechaos/weights/input_weights.hpp"
#include "model_fixture.hpp"

namespace cases {

namespace ec = edgechaos;
constexpr int kN = 6, kM = 2, kK = 2;

inline fixture::Kind esn_kind() {
  fixture::Kind k;
  k.storage = ec::CouplingStorage::sparse;
  k.index_bytes = 2;
  k.features = ec::feature_bits::all;
  k.feedback = true;
  return k;
}
inline fixture::Kind rk4_kind() {
  fixture::Kind k;
  k.form = ec::ModelForm::continuous;
  k.integrator = ec::IntegratorKind::rk4;
  k.activation = ec::ActivationKind::fast_tanh;
  k.features = ec::feature_bits::constant | ec::feature_bits::input;
  k.c = false;
  return k;
}
inline fixture::Kind gen_kind() {
  fixture::Kind k;
  k.storage = ec::CouplingStorage::generated;
  k.sparse_p = 0.4f;
  return k;
}

// A dense model whose J and W_in are its generator's draws (generator_known: seed form).
struct KnownModel {
  fixture::Model base{fixture::Kind{}, kN, kM, kK, 21};
  std::vector<float> J = std::vector<float>(kN * kN), W_in = std::vector<float>(kN * kM);
  ec::ModelSpec spec = base.spec;
  KnownModel() {
    static_cast<void>(ec::generate_couplings(spec.generator.couplings, J.data(), kN));
    static_cast<void>(ec::generate_input_weights(spec.generator.input, W_in.data(), kN, kM));
    spec.J = J.data();
    spec.W_in = W_in.data();
    spec.generator_known = true;
  }
};

}  // namespace cases
