// The NARMA10 firmware's report, shared by the image (console = semihosting or UART) and its
// host build (console = a file), so the two outputs can be compared line by line.
#pragma once

namespace narma_fw {

// The protocol of shared/RESERVOIR.md section 4 (one run, no search) and the ESN's settings.
constexpr int kWashout = 100;
constexpr int kTrain = 2000;
constexpr int kTest = 1000;
constexpr float kAlpha = 1e-6f;         // ridge penalty (not scaled by the count)
constexpr float kInputScaling = 0.1f;   // W_in = +-0.1, dense (the protocol's W_in)
constexpr float kLeak = 1.0f;

// One washed-out sample of the training run, for the host build's double reference: the
// features (n floats), the target, and whether it is a training (else a test) sample.
struct Sample {
  const float* f;
  int n;
  float y;
  bool train;
};
using SampleSink = void (*)(const Sample& s, void* context);

}  // namespace narma_fw

// Trains a streaming-ridge readout for NARMA10 on the device and scores it; prints JSON
// lines. sink (host build only; nullptr on the device) sees every washed-out sample.
// Returns 0 if every step and the fit succeeded, 1 otherwise.
int run_narma_report(const char* platform, narma_fw::SampleSink sink = nullptr, void* context = nullptr);
