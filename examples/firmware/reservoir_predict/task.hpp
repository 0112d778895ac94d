// The reservoir_predict protocol, shared by the model's trainer on the desktop
// (tools/make_reservoir_predict_model.cpp) and the firmware that runs the exported model:
// one-step-ahead Mackey–Glass (tau = 17, tasks/mackey_glass.hpp, sampled every time unit,
// the series from sub_seed(kSeed, task)), u(t) = x(t), target x(t + 1).
#pragma once

#include <cstdint>

namespace reservoir_predict {

constexpr std::uint64_t kSeed = 1;
constexpr int kWashout = 100;
constexpr int kTrain = 1000;  // used on the desktop only
constexpr int kTest = 500;    // the device runs washout, then the test block right after training's
// The device replays the whole series from its start (the state must be the desktop's), so
// it runs kWashout + kTrain + kTest samples and scores the last kTest.
constexpr int kTotal = kWashout + kTrain + kTest;
// Samples whose prediction the report prints (indices into the test block).
constexpr int kSampled[3] = {0, 250, 499};

// The model (echo_state, sparse J drawn and not rescaled, so that the seed form can
// regenerate it): N neurons, J ~ p = 0.1 with gain kGain, W_in = +-kInputScaling (dense),
// leak kLeak, FastTanh (the same bits under every C library), features [u, x], ridge kAlpha.
constexpr int kN = 64;
constexpr float kGain = 1.0f;
constexpr float kDensity = 0.1f;
constexpr float kInputScaling = 0.5f;
constexpr float kLeak = 1.0f;
constexpr double kAlpha = 1e-8;

}  // namespace reservoir_predict
