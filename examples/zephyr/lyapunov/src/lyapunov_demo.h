// The network part of the application behind a plain interface (no Eigen, no edgechaos):
// main.cpp needs only this and Zephyr's headers.
#pragma once

struct LyapunovResult {
  const char* status;     // "ok", or the name of the library's Status that stopped the run
  double exponent;        // the largest Lyapunov exponent, per unit time
  double standard_error;  // its batch-means standard error
};

// The largest Lyapunov exponent of dx/dt = -x + J tanh(x), N = 64, J from a fixed seed with
// gain g: 1000 RK4 steps (dt = 0.1) of transient, then 4000 measured.
LyapunovResult run_lyapunov(float g);
