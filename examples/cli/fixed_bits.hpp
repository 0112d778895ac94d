// The experiment behind `edgechaos bits` (issue 14 item 8, "How many bits?"): the library's
// fixed-point models (models/fixed_rate_network.hpp, models/fixed_echo_state.hpp) at a grid
// of weight and state widths, next to a double-precision run of the same unquantised network.
//
// What a width means (what hardware of that width computes, bit for bit):
// - W-bit weights: J's entries are W-bit integers, |raw| <= 2^(W-1) - 1, with one power-of-two
//   scale for the whole matrix, the largest 2^f (f in [0, 40]) at which max |J_ij| still
//   rounds into range: J_ij = raw_ij 2^-f, raw = round(J_ij 2^f), ties away from zero (clamped
//   to the range when even f = 0 does not fit: |J_ij| > 2^(W-1) - 1, tiny W only). They are
//   held in int16 (the integer values are the W-bit ones; the product is an exact sum in int64
//   and the shift f is applied once per row, as the library's h_i = round(sum / 2^f)).
//   W_in (entries +-s) is held in Q0.15; its magnitude is first rounded to the W-bit grid
//   (the largest shift <= 15 at which s fits W bits), so it is the value a W-bit register holds.
// - S-bit states: core/narrow_q_format.hpp's NarrowQFormat<32, S, F>: step 2^-F, saturation
//   at +-(2^(S-1) - 1) 2^-F; F = S - 1 - I with I integer bits: I = 4 for the rate network
//   (range +-16: |x| reaches about 8 at g(1 + gamma) = 3), I = 1 for the echo-state map
//   (|x| <= 1). The activations (the integer tanh), inputs and bias share the state format,
//   as in the library. The accumulators are exact (int64): the hardware is assumed to have a
//   wide enough accumulator (W + S + log2 N bits).
// N is a run-time value; the models need it at compile time, so a network runs at the next
// size in {64, 128, 256, 512, 1024} with zero rows and columns: a padded neuron has x = 0,
// phi = 0, h = 0 and stays 0, and contributes nothing, so the first n states are those of
// the n-neuron network exactly.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace edgechaos::cli {

struct BitsConfig {
  std::string task = "activity";  // activity | narma10
  int n = 256;
  double g = 2.0;
  double gamma = 0.0;
  std::uint64_t seed = 1;
  int seeds = 1;
  std::vector<int> weight_bits;   // W, each in [2, 16]
  std::vector<int> state_bits;    // S, each in [8, 32]
  // activity: the Euler rate network dx/dt = -x + J tanh x, x(0) ~ N(0, 1)
  double dt = 0.1;
  long long steps = 2000;
  long long transient = 1000;
  // narma10: the echo-state map x' = tanh(J x + W_in u + b), J of gain g (spectral radius
  // about g for gamma = 0), W_in = +-input_scaling, b = +-bias, ridge readout in double
  double input_scaling = 0.1;
  double bias = 0.2;
  double ridge = 1e-6;
};

// Largest n a run accepts (the largest padded size).
constexpr int kBitsMaxN = 1024;
// Integer bits of the state formats (see above).
constexpr int kRateStateIntBits = 4;
constexpr int kEsnStateIntBits = 1;
// A network whose time-averaged (1/N)|x|^2 is below this is quiescent.
constexpr double kActiveThreshold = 1e-3;

// One measurement of one network (one seed).
struct BitsMeasure {
  double value = 0.0;     // activity (1/N)|x|^2 after the transient, or the test NRMSE
  double activity = 0.0;  // the autonomous network's activity (narma10: the map without input)
  double speed2 = 0.0;    // its mean (1/N)|x(t+1) - x(t)|^2 / dt^2 after the transient
  std::string regime;     // quiescent | fixed_point | chaotic (classify_regime)
  int weight_shift = 0;   // f of J = raw 2^-f (fixed runs)
};

// quiescent: activity below kActiveThreshold; fixed_point: active but not moving (the step's
// squared change below 1e-6 of the activity: a non-zero fixed point, which rounding creates
// at small widths); chaotic: active and moving (taken as the chaotic side of the edge; there
// is no Lyapunov estimate here, so a periodic orbit would also count).
std::string classify_regime(double activity, double speed2);

// The measurements of one seed: index 0 the double reference, then one per (W, S) in the
// order of the loops W outer, S inner. ok false (and a reason) when the seed cannot be run
// (NARMA10's recursion diverged for it).
struct BitsSeedResult {
  bool ok = true;
  std::string reason;
  BitsMeasure reference;
  std::vector<BitsMeasure> fixed;
};

BitsSeedResult run_bits_seed(const BitsConfig& config, std::uint64_t seed);

}  // namespace edgechaos::cli
