// The network part of the sketch behind a plain interface: no Eigen and no edgechaos here,
// since the .ino sees Arduino.h (whose macros must not meet Eigen's code).
#pragma once

struct EdgeOfChaosResult {
  const char* status;  // "ok", or the name of the library's Status that stopped the run
  float activity;      // mean |x|^2 / N over the second half of the run
  float energy;        // mean E/N = |dx/dt|^2 / (2N) over the same steps
  bool at_rest;        // E/N stayed below 1e-10 for the last 100 steps
};

// 2000 RK4 steps (dt = 0.1) of dx/dt = -x + J tanh(x), N = 32, J from a fixed seed with gain g.
EdgeOfChaosResult run_edge_of_chaos(float g);
