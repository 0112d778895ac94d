// The desktop side of a reservoir experiment, for the `reservoir` subcommand: a run-time
// sized reservoir built from the library's models (the echo-state map or the driven rate
// network), the task series, and the protocol of shared/RESERVOIR.md section 4 (washout,
// train, validate, test; the hyper-parameter grid).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "edgechaos/core/config.hpp"
#include "edgechaos/core/status.hpp"
#include "edgechaos/io/model_spec.hpp"
#include "reservoir_training.hpp"

namespace edgechaos::cli {

struct ReservoirSpec {
  std::string model = "esn";  // esn | rate
  int n = 100;
  double sr = 0.9;            // esn: spectral radius of W
  double g = 0.9;             // rate: gain of J
  double gamma = 0.0;         // rate: symmetry of J
  double dt = 0.5;            // rate: Euler step
  int hold = 2;               // rate: steps per input sample
  double connectivity = 0.1;  // density of W / J (1: dense)
  double input_scaling = 0.5;
  double input_connectivity = 1.0;
  double leak = 1.0;          // esn: leak rate a
  // The bias b of both models: b_i = +-bias (Bernoulli 1/2) from its own seed stream (0: no
  // bias, RESERVOIR.md section 1's ESN). tanh is odd, so without a bias a reservoir driven near
  // zero has no even-order terms, and NARMA10's products u(t-1) u(t-10) need them.
  double bias = 0.0;
  // Subtracted from every input before W_in (u - offset): centres an input that is all
  // positive (Mackey-Glass: 0.4..1.3). Features and targets keep the raw input.
  double input_offset = 0.0;
  std::string features = "state";  // state | state-input | augmented (RESERVOIR.md section 2)
  std::uint64_t seed = 1;
};

// Checks a specification; the message names the option (empty when fine).
std::string validate(const ReservoirSpec& spec);

// One reservoir with its state; advance() feeds one input sample (M values).
class DesktopReservoir {
 public:
  virtual ~DesktopReservoir() = default;
  virtual Status advance(const float* u) = 0;
  virtual const float* state() const = 0;
  virtual int size() const = 0;
  virtual long long steps_per_sample() const = 0;
  // The model as a ModelSpec viewing this reservoir's arrays (form, sizes, J, W_in; no
  // readout: W_out and c are the caller's), for `reservoir --save`.
  virtual Status describe(ModelSpec& spec) const = 0;
};

// Builds the reservoir of `spec` with M inputs (status of the first library call that fails).
Status make_reservoir(const ReservoirSpec& spec, int inputs, std::unique_ptr<DesktopReservoir>& out);

// Drives a fresh reservoir with u (T x M): the feature rows after each sample (make_features)
// and the time per reservoir step (ns).
Status harvest(const ReservoirSpec& spec, const Eigen::MatrixXf& u, Eigen::MatrixXf& states, double& ns_per_step);

// The feature rows of RESERVOIR.md section 2 from the states (T x N) and inputs (T x M):
// state: x; state-input: [x, u]; augmented: [x, x^2, u] (Jaeger's augmented state).
Eigen::MatrixXf make_features(const ReservoirSpec& spec, const Eigen::MatrixXf& states, const Eigen::MatrixXf& u);

// The series of a task: inputs (T x M) and targets (T x K).
struct TaskSeries {
  Eigen::MatrixXf u;
  Eigen::MatrixXf y;
};

}  // namespace edgechaos::cli
