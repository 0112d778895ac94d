// The FORCE experiment of shared/RESERVOIR.md section 6, shared by the desktop driver
// (examples/cli/force.hpp), the firmware (examples/firmware/force) and the tests: the
// network's random draws and the train / free-run protocol. Device-safe: no heap, fixed
// sizes, the platform-independent streams of core/random.hpp.
//
// The network (a local generator until weights/sparse_couplings.hpp lands; J is a dense
// row-major array with the p mask applied, so RateNetwork steps it):
//   J_ij = m_ij g / sqrt(p N) z_ij,  m_ij = [u_ij < p],  z_ij ~ N(0, 1),  every (i, j)
//          (the diagonal too, as in the original's sprandn);
//   w_f,i ~ U[-1, 1];  x_i(0) = 0.5 N(0, 1);  z(0) = 0.5 N(0, 1).
// Draw order (fixed: the same seed gives the same bits on every platform):
//   mask:   Xoshiro128pp(seed ^ kMaskSalt).next_uniform(), u_ij for i = 0.., j = 0.. (row-major,
//           one per entry);
//   values: NormalStream(seed).next(), one per kept entry, in the same row-major order;
//           J_ij = float(double(z) * (g / sqrt(p N))) (one rounding);
//   w_f:    Xoshiro128pp(seed ^ kFeedbackSalt): w_f,i = 2 u_i - 1 (exact), i = 0..;
//   start:  NormalStream(sub_seed(seed, initial_state)): x_i(0) = 0.5 z_i for i = 0..N-1, then
//           z(0) = 0.5 z_N.
#pragma once

#include <cmath>
#include <cstdint>

#include "edgechaos/core/random.hpp"
#include "edgechaos/core/seeds.hpp"
#include "edgechaos/core/status.hpp"
#include "edgechaos/readouts/force.hpp"
#include "edgechaos/steppers/euler.hpp"
#include "edgechaos/tasks/four_sine.hpp"

namespace edgechaos::force {

constexpr std::uint64_t kMaskSalt = 0x243F6A8885A308D3ull;      // pi's fraction, 64 bits
constexpr std::uint64_t kFeedbackSalt = 0x13198A2E03707344ull;  // its next 64 bits

struct NetworkParams {
  float g = 1.5f;             // gain: Var J_ij = g^2 / N over the kept entries' expectation
  float p = 0.1f;             // connection probability
  std::uint64_t seed = 1u;
};

// Fills J (row-major n x n), w_f (n), x0 (n) and z0. invalid_argument (nothing written) for
// null arrays, n < 1, g not in [0, 1e30] or p not in (0, 1].
inline Status generate_network(const NetworkParams& q, Index n, Scalar* J, Scalar* w_f, Scalar* x0, Scalar& z0) {
  if (J == nullptr || w_f == nullptr || x0 == nullptr || n < 1) return Status::invalid_argument;
  if (!(q.g >= 0.0f) || !(q.g <= 1e30f) || !(q.p > 0.0f) || !(q.p <= 1.0f)) return Status::invalid_argument;
  const double scale = static_cast<double>(q.g) / std::sqrt(static_cast<double>(q.p) * static_cast<double>(n));
  Xoshiro128pp mask(q.seed ^ kMaskSalt);
  NormalStream normal(q.seed);
  for (Index i = 0; i < n * n; ++i) {
    const bool kept = mask.next_uniform() < q.p;
    J[i] = kept ? static_cast<Scalar>(static_cast<double>(normal.next()) * scale) : 0.0f;
  }
  Xoshiro128pp feedback(q.seed ^ kFeedbackSalt);
  for (Index i = 0; i < n; ++i) w_f[i] = 2.0f * feedback.next_uniform() - 1.0f;
  NormalStream start(sub_seed(q.seed, SeedStream::initial_state));
  for (Index i = 0; i < n; ++i) x0[i] = 0.5f * start.next();
  z0 = 0.5f * start.next();
  return Status::ok;
}

// The protocol's lengths: Euler dt = 0.1, train then run free.
struct Protocol {
  double period = FourSine::kDefaultPeriod;
  double dt = 0.1;
  long pre_steps = 0;     // optional spontaneous steps with w_o = 0 before training (plots)
  long train_steps = 14400;  // 1440 time units
  long test_steps = 14400;   // 1440 time units free
};

enum class Phase : int { spontaneous = 0, train = 1, test = 2 };

struct PhaseResult {
  Status status = Status::ok;
  double mae_train = 0;  // mean |z - f| over the training steps (z the a-priori output)
  double mae_test = 0;   // mean |z - f| over the free run
  long steps = 0;        // steps made
  std::int64_t updates = 0;  // RLS updates made
};

// Runs the protocol from x (the state x0) and z0 with the trainer (configured; its readout
// restarted). on_step(k, t, f, z, phase) after each step: the state at time t = k dt.
// Stops at the first failed step and returns its status.
template <class Trainer, class Net, class OnStep>
PhaseResult run_protocol(Trainer& trainer, Euler<Net>& euler, const Net& net, typename Trainer::State& x,
                         Scalar z0, const Protocol& pr, OnStep&& on_step) {
  PhaseResult out;
  FourSine target;
  out.status = target.set_period(pr.period);
  if (out.status != Status::ok) return out;
  out.status = trainer.start(x, z0);
  if (out.status != Status::ok) return out;
  const Scalar dt = static_cast<Scalar>(pr.dt);
  double sum_train = 0, sum_test = 0;
  long k = 0;
  const long total = pr.pre_steps + pr.train_steps + pr.test_steps;
  for (; k < total; ++k) {
    const double t_next = static_cast<double>(k + 1) * pr.dt;
    const Scalar f = target(t_next);
    const Scalar t = static_cast<Scalar>(static_cast<double>(k) * pr.dt);
    Phase phase;
    if (k < pr.pre_steps) {
      phase = Phase::spontaneous;
      out.status = trainer.run_step(euler, net, x, t, dt);
    } else if (k < pr.pre_steps + pr.train_steps) {
      phase = Phase::train;
      out.status = trainer.train_step(euler, net, x, t, dt, f);
    } else {
      phase = Phase::test;
      out.status = trainer.run_step(euler, net, x, t, dt);
    }
    if (out.status != Status::ok) break;
    const double err = std::fabs(static_cast<double>(trainer.output()) - static_cast<double>(f));
    if (phase == Phase::train) sum_train += err;
    if (phase == Phase::test) sum_test += err;
    on_step(k + 1, t_next, f, trainer.output(), phase);
  }
  out.steps = k;
  out.updates = trainer.updates();
  if (pr.train_steps > 0) out.mae_train = sum_train / static_cast<double>(pr.train_steps);
  if (pr.test_steps > 0) out.mae_test = sum_test / static_cast<double>(pr.test_steps);
  return out;
}

}  // namespace edgechaos::force
