// The reservoir_predict firmware (issue 11, item 6): a Mackey–Glass one-step predictor
// trained on the desktop (tools/make_reservoir_predict_model.cpp) and exported as a header,
// run on the device. Included by form_arrays.cpp, form_image.cpp and form_seed.cpp, which
// set PREDICT_FORM to the export form their image uses:
//   0 arrays  model_arrays.hpp: constexpr arrays in flash, Runner::bind(spec());
//   1 image   model_image.hpp: the model image in flash, read zero-copy and checked
//             (read_model_image: CRCs, fields, finiteness), then bound;
//   2 seed    model_seed.hpp: J and W_in regenerated into RAM from their seeds.
// The series is generated here (tasks/mackey_glass.hpp, double, from sub_seed(seed, task)),
// the model run over washout + training + test samples, the test block scored
// (ErrorStats<float>), every test prediction hashed (FNV-1a over its bits), three sampled.
// Built in reproducible mode (no FMA contraction; FastTanh): every line but the platform
// and cost lines equals the host build's bit for bit, and the three forms give one hash.
#include <cstdint>
#include <cstring>

#include "cortexm/board.hpp"
#include "cortexm/console.hpp"
#include "edgechaos/edgechaos.hpp"
#include "edgechaos/io/model_image.hpp"
#include "edgechaos/io/model_runner.hpp"
#include "report.hpp"
#include "task.hpp"

#if PREDICT_FORM == 0
#include "model_arrays.hpp"
#define PREDICT_FORM_NAME "arrays"
#elif PREDICT_FORM == 1 && defined(PREDICT_MODEL_HEADER)
#include PREDICT_MODEL_HEADER  // a model exported elsewhere (reservoir_predict_custom)
#define PREDICT_FORM_NAME "image"
#elif PREDICT_FORM == 1
#include "model_image.hpp"
#define PREDICT_FORM_NAME "image"
#elif PREDICT_FORM == 2
#include "model_seed.hpp"
#define PREDICT_FORM_NAME "seed"
#else
#error "PREDICT_FORM must be 0 (arrays), 1 (image) or 2 (seed)"
#endif

namespace {

namespace ec = edgechaos;
namespace rp = reservoir_predict;
namespace model = reservoir_predict_model;
using cortexm::put;

model::Runner g_runner;

std::uint32_t bits(float v) {
  std::uint32_t b;
  std::memcpy(&b, &v, sizeof b);
  return b;
}

struct Hash {  // FNV-1a over the bytes of each value's bits
  std::uint32_t h = 2166136261u;
  void add(float v) {
    const std::uint32_t b = bits(v);
    for (int i = 0; i < 4; ++i) {
      h ^= (b >> (8 * i)) & 0xFFu;
      h *= 16777619u;
    }
  }
};

void put_value(const char* key, float v) {
  put(",\"");
  put(key);
  put("\":");
  cortexm::put_sci(v, 7);
  put(",\"");
  put(key);
  put("_bits\":\"");
  cortexm::put_hex(bits(v), 8);
  put("\"");
}

void put_status(const char* what, ec::Status s) {
  put("{\"fw\":\"reservoir_predict\",\"form\":\"" PREDICT_FORM_NAME "\",\"status\":\"");
  put(ec::to_string(s));
  put("\",\"at\":\"");
  put(what);
  put("\"}\n");
}

ec::Status bind() {
#if PREDICT_FORM == 0
  return g_runner.bind(model::spec());
#elif PREDICT_FORM == 1
  ec::ModelSpec view;
  const ec::Status s = model::spec(view);  // checks the image where it lies (flash)
  return s != ec::Status::ok ? s : g_runner.bind(view);
#else
  return g_runner.bind(model::spec(), model::ram.view());
#endif
}

}  // namespace

int run_predict_report(const char* platform) {
  put("platform: ");
  put(platform);
  put("\n");
  ec::Status s = bind();
  if (s != ec::Status::ok) {
    put_status("bind", s);
    return 1;
  }
  ec::MackeyGlass<double> mg(ec::sub_seed(rp::kSeed, ec::SeedStream::task));
  double next = 0;
  s = mg.next(next);
  ec::ErrorStats<float> test;
  Hash hash;
  float sampled[3] = {0, 0, 0};
  for (int t = 0; t < rp::kTotal && s == ec::Status::ok; ++t) {
    const float u = static_cast<float>(next);
    s = mg.next(next);
    float y = 0;
    if (s == ec::Status::ok) s = g_runner.step(&u, &y);
    const int j = t - (rp::kWashout + rp::kTrain);
    if (s != ec::Status::ok || j < 0) continue;
    hash.add(y);
    for (int q = 0; q < 3; ++q) {
      if (rp::kSampled[q] == j) sampled[q] = y;
    }
    s = test.add(static_cast<float>(next), y);
  }
  float nrmse = 0;
  if (s == ec::Status::ok) s = test.nrmse(nrmse);
  if (s != ec::Status::ok) {
    put_status("run", s);
    return 1;
  }
  put("{\"fw\":\"reservoir_predict\",\"form\":\"" PREDICT_FORM_NAME "\",\"n\":");
  cortexm::put_int(model::kN);
  put(",\"m\":");
  cortexm::put_int(model::kM);
  put(",\"k\":");
  cortexm::put_int(model::kK);
  put(",\"washout\":");
  cortexm::put_int(rp::kWashout);
  put(",\"train\":");
  cortexm::put_int(rp::kTrain);
  put(",\"test\":");
  cortexm::put_int(rp::kTest);
  put(",\"status\":\"ok\",\"yhat_hash\":\"");
  cortexm::put_hex(hash.h, 8);
  put("\"");
  put_value("y_test_0", sampled[0]);
  put_value("y_test_250", sampled[1]);
  put_value("y_test_499", sampled[2]);
  put_value("nrmse_test", nrmse);
  put("}\n");

  // Cost (the host has no counter): instructions of one step under QEMU -icount (the mean
  // of 100), and the runner's RAM.
  if (cortexm::counter_available()) {
    constexpr int kSteps = 100;
    const float u = 1.0f;
    float y = 0;
    const std::uint32_t t0 = cortexm::counter_read();
    for (int k = 0; k < kSteps && s == ec::Status::ok; ++k) s = g_runner.step(&u, &y);
    const std::uint32_t t1 = cortexm::counter_read();
    put("{\"fw\":\"reservoir_predict_cost\",\"form\":\"" PREDICT_FORM_NAME "\",\"target\":\"");
    put(platform);
    put("\",\"unit\":\"");
    put(cortexm::counter_unit());
    put("\",\"step\":");
    cortexm::put_uint(cortexm::counter_to_units(t1 - t0) / kSteps);
    put(",\"runner_bytes\":");
    cortexm::put_uint(sizeof(model::Runner));
    put(",\"status\":\"");
    put(ec::to_string(s));
    put("\"}\n");
  }
  return 0;
}
