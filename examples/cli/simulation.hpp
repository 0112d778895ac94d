// One simulation run of a run-time-sized network: the glue the `run` and `sweep`
// subcommands share. Everything it computes comes from library calls.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "edgechaos/monitors/energy_monitor.hpp"
#include "edgechaos/chaos/regime.hpp"
#include "edgechaos/core/status.hpp"

namespace edgechaos::cli {

struct RunConfig {
  int n = 256;
  double g = 1.5;
  double gamma = 0.0;
  std::uint64_t seed = 1;  // the run seed: J, x(0) ~ N(0, 1) and the noise use its streams (core/seeds.hpp)
  double dt = 0.05;
  long long steps = 10000;
  long long transient = 0;
  std::string integrator = "rk4";  // euler | rk4 (noise > 0 with euler means Euler-Maruyama)
  std::string activation = "tanh";  // tanh | fasttanh
  double noise = 0.0;              // sigma
  bool lyapunov = false;           // largest Lyapunov exponent (tangent vector, same scheme)
  int spectrum = 0;                // K leading exponents by repeated QR (0: off)
};

struct TraceConfig {
  std::FILE* file = nullptr;  // CSV sink, or nullptr
  long long every = 1;        // sample every k-th step
  int neurons = 8;            // how many x_i columns
};

struct RunResult {
  Status status = Status::ok;
  long long steps_done = 0;
  EnergyMonitor<double> monitor;  // statistics after the transient
  double ns_per_step = 0.0;
  // With RunConfig::lyapunov or spectrum (after the transient); NaN otherwise.
  double lyapunov_max = NAN;
  double lyapunov_stderr = NAN;
  std::vector<double> spectrum, spectrum_stderr;
  RegimeEvidence regime;  // from the monitor and, when measured, the exponent
};

// J (row-major n x n) for the subcommands that build their own network; a rejected
// parameter is a UsageError naming the status.
std::vector<float> make_couplings(int n, double g, double gamma, std::uint64_t seed);

// Checks the configuration; the message says what is wrong (empty when fine).
std::string validate(const RunConfig& config);

RunResult simulate(const RunConfig& config, const TraceConfig& trace, bool show_progress);

}  // namespace edgechaos::cli
