// FORCE learning on the desktop (shared/RESERVOIR.md section 6): the library's float32
// trainer on the network of examples/force/force_network.hpp, and the double-precision
// reference of examples/force/force_reference.hpp on the same network and seed. The CLI's
// `edgechaos reservoir --task force` calls run_force(); tools/force_report.py drives the
// edgechaos_force program over seeds.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "edgechaos/core/status.hpp"

namespace edgechaos::cli {

struct ForceParams {
  int n = 1000;                 // 64, 128, 256, 500 or 1000 (fixed sizes compiled in)
  double period = 120.0;        // the target's period (30: the device variant)
  double g = 1.5;
  double p = 0.1;
  double dt = 0.1;
  double pre_time = 0;          // spontaneous time before training (w_o = 0), for plots
  double train_time = 1440;
  double test_time = 1440;
  std::uint64_t seed = 1;
  bool fast_tanh = true;        // FastTanh (the device's; bit-reproducible) or the C library's tanh
  bool trace = false;           // keep the per-step trace
  bool reference = false;       // also run the double-precision reference
};

struct ForceTracePoint {
  double t;
  float target;
  float output;
  int phase;  // 0 spontaneous, 1 train, 2 free run
};

struct ForceResult {
  Status status = Status::ok;
  double mae_train = 0, mae_test = 0;   // the float32 library
  double ref_mae_train = 0, ref_mae_test = 0;  // the double reference (when asked)
  bool ref_finite = true;
  long steps = 0, updates = 0;
  double ns_per_step = 0;    // a free-run step (model step + readout)
  double ns_per_update = 0;  // the RLS update alone: (train time - train steps x step cost) / updates
  double seconds = 0;        // wall time of the float32 run
  std::vector<ForceTracePoint> trace;
};

// invalid_argument for an n that is not compiled in or a bad parameter.
ForceResult run_force(const ForceParams& params);

// The trace as CSV: t,target,output,phase (phase: spontaneous|train|test).
bool write_force_trace(const std::string& path, const std::vector<ForceTracePoint>& trace);

}  // namespace edgechaos::cli
