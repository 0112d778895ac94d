// The reservoir part of the example behind a plain interface: no Eigen and no edgechaos
// here, since this header sits next to Arduino.h (whose macros must not meet Eigen's code).
#pragma once

struct SinePredictorResult {
  const char* status;  // "ok", or the name of the library's Status that stopped the run
  long train_samples;  // samples streamed into the ridge
  float nrmse_train;   // one-step-ahead error on the training block, after the fit
  float nrmse_test;    // the same on samples the fit never saw
};

// Runs the whole example once (about 4 million multiply-adds: a fraction of a second on a
// Cortex-M4F at 84 MHz). Static storage only: about 10 KiB of RAM.
SinePredictorResult run_sine_predictor();
