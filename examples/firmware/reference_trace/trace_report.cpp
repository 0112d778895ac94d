// The golden trace on the device (issue 11, item 4): the contracting reference model of
// tests/deploy/reference_esn.py (N = 40, M = 1, K = 2, leak 0.5, tanh), exported to a
// header by `edgechaos import contracting.npz --header`, run in float32 over the reference
// input (T = 10 000). Prints every state and output at sampled steps as float bits (exact),
// and FNV-1a hashes over the bits of every state and every output of all T steps, so that
// tests/deploy/check_firmware_trace.py can hold the device against NumPy's float64 trace
// (the stated bound) and against the host build of this file (bit for bit, or not).
// Built with REFERENCE_TRACE_FAST_TANH the same model runs with FastTanh instead of the C
// library's tanhf (a different function: no NumPy comparison), which isolates the library's
// own arithmetic: that build must equal its host build bit for bit.
#include <cstdint>
#include <cstring>

#include "cortexm/console.hpp"
#include "edgechaos/io/model_runner.hpp"
#include "reference_input.hpp"
#include "reference_model.hpp"
#include "trace_report.hpp"

namespace {

namespace ec = edgechaos;
namespace model = reference_model;
namespace input = reference_input;
using cortexm::put;

static_assert(model::kM == input::kInputs, "the reference input has the model's M");

#ifdef REFERENCE_TRACE_FAST_TANH
constexpr const char* kVariant = "fast_tanh";
using Runner = ec::ModelRunner<model::kN, model::kM, model::kK, ec::ModelForm::echo_state, ec::IntegratorKind::none,
                               ec::ActivationKind::fast_tanh, 0, 0, false>;
constexpr ec::ModelSpec spec() {
  ec::ModelSpec s = model::spec();
  s.activation = ec::ActivationKind::fast_tanh;
  return s;
}
#else
constexpr const char* kVariant = "tanh";
using Runner = model::Runner;
constexpr ec::ModelSpec spec() { return model::spec(); }
#endif

Runner g_runner;

std::uint32_t bits(float v) {
  std::uint32_t b;
  std::memcpy(&b, &v, sizeof b);
  return b;
}

struct Hash {  // FNV-1a over the little-endian bytes of each value's bits
  std::uint32_t h = 2166136261u;
  void add(float v) {
    const std::uint32_t b = bits(v);
    for (int i = 0; i < 4; ++i) {
      h ^= (b >> (8 * i)) & 0xFFu;
      h *= 16777619u;
    }
  }
};

bool sampled(int t) { return t < 3 || t == 9 || t == 99 || (t + 1) % 500 == 0; }

void put_bits(const char* key, const float* v, int count) {
  put(",\"");
  put(key);
  put("\":[");
  for (int i = 0; i < count; ++i) {
    if (i > 0) put(",");
    put("\"");
    cortexm::put_hex(bits(v[i]), 8);
    put("\"");
  }
  put("]");
}

}  // namespace

int run_trace_report(const char* platform) {
  put("platform: ");
  put(platform);
  put("\n");
  ec::Status s = g_runner.bind(spec());
  Hash states, outputs;
  float y[model::kK] = {};
  int t = 0;
  for (; t < input::kSteps && s == ec::Status::ok; ++t) {
    s = g_runner.step(input::kU + t * input::kInputs, y);
    if (s != ec::Status::ok) break;
    const float* x = g_runner.state();
    for (int i = 0; i < model::kN; ++i) states.add(x[i]);
    for (int r = 0; r < model::kK; ++r) outputs.add(y[r]);
    if (sampled(t)) {
      put("{\"fw\":\"reference_trace\",\"t\":");
      cortexm::put_int(t);
      put_bits("y", y, model::kK);
      put_bits("x", x, model::kN);
      put("}\n");
    }
  }
  put("{\"fw\":\"reference_trace\",\"status\":\"");
  put(ec::to_string(s));
  put("\",\"activation\":\"");
  put(kVariant);
  put("\",\"steps\":");
  cortexm::put_int(t);
  put(",\"n\":");
  cortexm::put_int(model::kN);
  put(",\"k\":");
  cortexm::put_int(model::kK);
  put(",\"states_hash\":\"");
  cortexm::put_hex(states.h, 8);
  put("\",\"outputs_hash\":\"");
  cortexm::put_hex(outputs.h, 8);
  put("\"}\n");
  return s == ec::Status::ok ? 0 : 1;
}
