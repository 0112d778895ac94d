// PlatformIO example, Arduino framework: an echo-state reservoir of 32 neurons learns on the
// device to predict a two-tone signal three samples ahead (sine_predictor.cpp, plain C++),
// and setup() prints how well it does on samples it never trained on.
#include <Arduino.h>

#include "sine_predictor.h"

void setup() {
  Serial.begin(115200);
  const SinePredictorResult r = run_sine_predictor();
  Serial.print("edgechaos sine_predictor: status ");
  Serial.println(r.status);
  Serial.print("training samples ");
  Serial.println(r.train_samples);
  Serial.print("NRMSE train ");
  Serial.println(r.nrmse_train, 5);
  Serial.print("NRMSE test ");
  Serial.println(r.nrmse_test, 5);
}

void loop() {}
