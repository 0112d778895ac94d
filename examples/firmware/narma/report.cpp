// NARMA10 trained on the device (issue 10, item 6; shared/RESERVOIR.md sections 1-4): an
// echo-state network x(t) = tanh(W x(t-1) + W_in u(t)) (leak 1), W sparse and already scaled
// to spectral radius 0.9 on the host (narma_weights.hpp, generated at build time, in flash),
// W_in = +-0.1 dense from sub_seed(seed, input_weights) drawn here, the task drawn here by
// tasks/narma.hpp from the seed's task stream, sub_seed(seed, task) (the CLI's convention). Features:
// the state (F = N). 100 washout, 2000 training samples streamed into StreamingRidge<N, 1>
// (no history), one solve, then 1000 test samples scored by ErrorStats. The training NRMSE
// needs the fit first and no stored series, so the washout and training block are replayed
// (the same seed gives the same run) and scored.
//
// Built in reproducible mode (no FMA contraction; FastTanh, not the C library's tanh, whose
// last bits differ between newlib and glibc), so every line but the platform and cost lines
// equals the host build's bit for bit; the NRMSEs are printed with their float bits, and a
// hash of every test prediction. Then the trained W_out and c as dump lines (the issue's
// "and back": `edgechaos undump` turns them into .npy files).
#include "report.hpp"

#include <cstdint>
#include <cstring>

#include "cortexm/board.hpp"
#include "cortexm/console.hpp"
#include "dump_array.hpp"
#include "edgechaos/edgechaos.hpp"
#include "report_value.hpp"
#include "narma_weights.hpp"

namespace {

namespace ec = edgechaos;
using narma_fw::kN;
using cortexm::put;

using Net = ec::EchoState<kN, 1, ec::FastTanh, ec::SparseCouplingsView<narma_fw::WIndex>>;
using Reservoir = ec::DrivenReservoir<Net, ec::MapStepper<Net>>;
using Ridge = ec::StreamingRidge<kN, 1>;

Net g_net;
Reservoir g_reservoir;
Ridge g_ridge;
ec::ReadoutWeights<kN, 1> g_weights;
float g_win[kN];

using fw::put_value;
using Hash = fw::Fnv1a32;  // over the bits of every output: differs if any output differs

void put_status(const char* what, ec::Status s) {
  put("{\"fw\":\"narma10\",\"status\":\"");
  put(ec::to_string(s));
  put("\",\"at\":\"");
  put(what);
  put("\"}\n");
}

// y = W_out f + c, in a fixed order (the same bits on every core in reproducible mode).
float predict(const Net::State& f) {
  float y = g_weights.c[0];
  for (int j = 0; j < kN; ++j) y += g_weights.w[j] * f[j];
  return y;
}

ec::Status setup() {
  ec::SparseCouplingsView<narma_fw::WIndex> W;
  ec::Status s = W.set(narma_fw::kRowPtr, narma_fw::kCol, narma_fw::kVal, kN, narma_fw::kNnz);
  if (s != ec::Status::ok) return s;
  const ec::InputWeightParams in{narma_fw::kInputScaling, 1.0f, ec::InputWeightKind::bernoulli,
                                 ec::sub_seed(narma_fw::kSeed, ec::SeedStream::input_weights)};
  s = ec::first_error(g_net.bind(W), ec::generate_input_weights(in, g_win, kN, 1), g_net.set_input_weights(g_win, 1),
                      g_net.set_leak(narma_fw::kLeak));
  if (s != ec::Status::ok) return s;
  return g_reservoir.attach(g_net);
}

std::uint32_t units(std::uint32_t t0, std::uint32_t t1) { return cortexm::counter_to_units(t1 - t0); }

}  // namespace

int run_narma_report(const char* platform, narma_fw::SampleSink sink, void* context) {
  put("platform: ");
  put(platform);
  put("\n");
  ec::Status s = setup();
  if (s != ec::Status::ok) {
    put_status("setup", s);
    return 1;
  }
  const Net::State zero = Net::State::Zero();
  ec::Vector<1> u, y;

  // Run 1: washout, training (accumulate), the fit, then the test block (scored).
  ec::Narma10<float> task(ec::sub_seed(narma_fw::kSeed, ec::SeedStream::task));
  ec::ErrorStats<float> test;
  Hash hash;
  s = g_reservoir.reset(zero);
  for (int t = 0; t < narma_fw::kWashout + narma_fw::kTrain + narma_fw::kTest && s == ec::Status::ok; ++t) {
    s = task.next(u[0], y[0]);
    if (s == ec::Status::ok) s = g_reservoir.advance(u);
    if (s != ec::Status::ok || t < narma_fw::kWashout) continue;
    const Net::State& f = g_reservoir.state();
    const bool train = t < narma_fw::kWashout + narma_fw::kTrain;
    if (sink != nullptr) sink(narma_fw::Sample{f.data(), kN, y[0], train}, context);
    if (train) {
      s = g_ridge.add(f, y);
      if (s == ec::Status::ok && t == narma_fw::kWashout + narma_fw::kTrain - 1) {
        s = g_ridge.solve(narma_fw::kAlpha, g_weights);
      }
    } else {
      const float yhat = predict(f);
      hash.add(yhat);
      s = test.add(y[0], yhat);
    }
  }
  if (s != ec::Status::ok) {
    put_status("train and test run", s);
    return 1;
  }
  // Run 2: the same washout and training block again, scored with the fit.
  ec::ErrorStats<float> fit;
  task.reset(ec::sub_seed(narma_fw::kSeed, ec::SeedStream::task));
  s = g_reservoir.reset(zero);
  for (int t = 0; t < narma_fw::kWashout + narma_fw::kTrain && s == ec::Status::ok; ++t) {
    s = task.next(u[0], y[0]);
    if (s == ec::Status::ok) s = g_reservoir.advance(u);
    if (s == ec::Status::ok && t >= narma_fw::kWashout) s = fit.add(y[0], predict(g_reservoir.state()));
  }
  float nrmse_train = 0, nrmse_test = 0;
  if (s == ec::Status::ok) s = ec::first_error(fit.nrmse(nrmse_train), test.nrmse(nrmse_test));
  if (s != ec::Status::ok) {
    put_status("scoring", s);
    return 1;
  }

  put("{\"fw\":\"narma10\",\"n\":");
  cortexm::put_int(kN);
  put(",\"nnz\":");
  cortexm::put_int(narma_fw::kNnz);
  put(",\"seed\":");
  cortexm::put_uint(narma_fw::kSeed);
  put(",\"sr\":");
  cortexm::put_fixed(static_cast<float>(narma_fw::kSpectralRadius), 2);
  put(",\"input_scaling\":");
  cortexm::put_fixed(narma_fw::kInputScaling, 2);
  put(",\"leak\":");
  cortexm::put_fixed(narma_fw::kLeak, 2);
  put(",\"alpha\":");
  cortexm::put_sci(narma_fw::kAlpha, 2);
  put(",\"washout\":");
  cortexm::put_int(narma_fw::kWashout);
  put(",\"train\":");
  cortexm::put_int(narma_fw::kTrain);
  put(",\"test\":");
  cortexm::put_int(narma_fw::kTest);
  put(",\"trainer\":\"streaming_ridge\",\"status\":\"ok\"");
  put_value("nrmse_train", nrmse_train);
  put_value("nrmse_test", nrmse_test);
  put(",\"w_out_c\":");
  cortexm::put_sci(g_weights.c[0], 7);
  put(",\"yhat_hash\":\"");
  cortexm::put_hex(hash.h, 8);
  put("\"}\n");
  // "And back": the device-trained readout as the agreed dump lines (examples/firmware/
  // common/dump_array.hpp), W_out (1 x N) and c (1), for `edgechaos undump`.
  fw::dump_array("W_out", g_weights.w, 1, kN);
  fw::dump_array("c", g_weights.c, 1);

  // Cost (a separate line: the host has no counter). Under QEMU with -icount these are
  // instruction counts: one reservoir step (the mean of 100), one accumulate (the mean of
  // 10, on the trainer the run left: its cost does not depend on the data), one solve.
  if (cortexm::counter_available()) {
    constexpr int kSteps = 100, kAdds = 10;
    std::uint32_t t0 = cortexm::counter_read();
    for (int k = 0; k < kSteps && s == ec::Status::ok; ++k) s = g_reservoir.advance(u);
    std::uint32_t t1 = cortexm::counter_read();
    const std::uint32_t step = units(t0, t1) / kSteps;
    t0 = cortexm::counter_read();
    for (int k = 0; k < kAdds && s == ec::Status::ok; ++k) s = g_ridge.add(g_reservoir.state(), y);
    t1 = cortexm::counter_read();
    const std::uint32_t add = units(t0, t1) / kAdds;
    t0 = cortexm::counter_read();
    if (s == ec::Status::ok) s = g_ridge.solve(narma_fw::kAlpha, g_weights);
    t1 = cortexm::counter_read();
    const std::uint32_t solve = units(t0, t1);
    put("{\"fw\":\"narma10_cost\",\"target\":\"");
    put(platform);
    put("\",\"n\":");
    cortexm::put_int(kN);
    put(",\"unit\":\"");
    put(cortexm::counter_unit());
    put("\",\"reservoir_step\":");
    cortexm::put_uint(step);
    put(",\"ridge_accumulate\":");
    cortexm::put_uint(add);
    put(",\"ridge_solve\":");
    cortexm::put_uint(solve);
    put(",\"trainer_bytes\":");
    cortexm::put_uint(sizeof(Ridge));
    put(",\"trainer_ram_figure\":");
    cortexm::put_uint(Ridge::kRamBytes);
    put(",\"w_flash_bytes\":");
    cortexm::put_uint(sizeof(narma_fw::kRowPtr) + sizeof(narma_fw::kCol) + sizeof(narma_fw::kVal));
    put(",\"status\":\"");
    put(ec::to_string(s));
    put("\"}\n");
  }
  return 0;
}
