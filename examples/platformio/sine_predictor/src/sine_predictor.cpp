// The reservoir part of the PlatformIO example, plain C++ (no framework header): an echo-state
// network x(t) = (1 - a) x(t-1) + a tanh(W x(t-1) + W_in u(t)) driven by the two-tone signal
// u(t) = 0.5 sin(0.3 t) + 0.3 sin(0.11 t); a linear readout of the state is trained on the
// device by the streaming ridge (no stored history) to give u(t + 3), then scored on new samples.
#include "sine_predictor.h"

#include <cmath>

#include "edgechaos/edgechaos.hpp"

namespace {

namespace ec = edgechaos;

constexpr int kN = 32;           // neurons (the features are the state: F = N)
constexpr int kAhead = 3;        // prediction horizon, in samples
constexpr int kWashout = 100;    // samples that only settle the state
constexpr int kTrain = 1000;     // samples streamed into the ridge
constexpr int kTest = 500;       // samples scored after the fit
constexpr float kAlpha = 1e-6f;  // ridge regularisation
constexpr unsigned kSeed = 7u;   // W, W_in: the same bits on every platform

using Net = ec::EchoState<kN, 1, ec::FastTanh>;
using Reservoir = ec::DrivenReservoir<Net, ec::MapStepper<Net>>;

// Static storage: nothing here lives on the stack or the heap.
ec::CouplingMatrix<kN> g_W;  // gain 0.9, gamma 0: spectral radius close to 0.9 (circular law)
float g_win[kN];
Net g_net;
Reservoir g_reservoir;
ec::StreamingRidge<kN, 1> g_ridge;
ec::ReadoutWeights<kN, 1> g_readout;

float signal(int t) {
  const float s = static_cast<float>(t);
  return 0.5f * std::sin(0.3f * s) + 0.3f * std::sin(0.11f * s);
}

float predict(const Net::State& x) {
  float y = g_readout.c[0];
  for (int j = 0; j < kN; ++j) y += g_readout.w[j] * x[j];
  return y;
}

ec::Status setup_reservoir() {
  // One call after another: the reservoir checks the network it is attached to.
  const ec::InputWeightParams in{0.5f, 1.0f, ec::InputWeightKind::bernoulli, kSeed + 1u};
  ec::Status s = ec::generate_couplings({0.9f, 0.0f, kSeed}, g_W);
  if (s == ec::Status::ok) s = g_net.bind(g_W.data(), kN);
  if (s == ec::Status::ok) s = ec::generate_input_weights(in, g_win, kN, 1);
  if (s == ec::Status::ok) s = g_net.set_input_weights(g_win, 1);
  if (s == ec::Status::ok) s = g_net.set_leak(0.5f);
  if (s == ec::Status::ok) s = g_reservoir.attach(g_net);
  return s;
}

// One pass over samples [0, end): advances the reservoir on u(t); from kWashout on, either
// streams (state, u(t + kAhead)) into the ridge (train) or scores the readout (score).
ec::Status pass(int end, bool train, int score_from, ec::ErrorStats<float>& score) {
  ec::Status s = g_reservoir.reset(Net::State::Zero());
  ec::Vector<1> u, y;
  for (int t = 0; t < end && s == ec::Status::ok; ++t) {
    u[0] = signal(t);
    s = g_reservoir.advance(u);
    if (s != ec::Status::ok || t < kWashout) continue;
    y[0] = signal(t + kAhead);
    if (train) {
      s = g_ridge.add(g_reservoir.state(), y);
    } else if (t >= score_from) {
      s = score.add(y[0], predict(g_reservoir.state()));
    }
  }
  return s;
}

}  // namespace

SinePredictorResult run_sine_predictor() {
  SinePredictorResult r{"ok", 0, 0.0f, 0.0f};
  ec::ErrorStats<float> fit, test, unused;
  ec::Status s = setup_reservoir();
  if (s == ec::Status::ok) s = pass(kWashout + kTrain, true, 0, unused);
  if (s == ec::Status::ok) s = g_ridge.solve(kAlpha, g_readout);
  // The same seed gives the same run: replay the training block to score the fit, then go on.
  if (s == ec::Status::ok) s = pass(kWashout + kTrain, false, kWashout, fit);
  if (s == ec::Status::ok) s = pass(kWashout + kTrain + kTest, false, kWashout + kTrain, test);
  if (s == ec::Status::ok) s = ec::first_error(fit.nrmse(r.nrmse_train), test.nrmse(r.nrmse_test));
  r.train_samples = g_ridge.count();
  if (s != ec::Status::ok) r.status = ec::to_string(s);
  return r;
}
