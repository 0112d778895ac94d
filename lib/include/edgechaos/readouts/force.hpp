/// \file
/// FORCE learning (Sussillo & Abbott 2009; shared/RESERVOIR.md section 6) on any model of
/// this library whose one input is the fed-back output:
///   x <- x + dt (-x + J r + w_f z),  r = phi(x),  z = w_o^T r,
/// i.e. the network is stepped with u = z through W_in = w_f (M = 1). ForceTrainer owns the
/// readout w_o (in an Rls<N, 1>), the rates r of the current state and the output z; the
/// caller owns the network, the stepper and the state x, as with every stepper.
///
/// One step, in the order of the original (and of its MATLAB code):
///   1. the stepper advances x with the input u = z (z of the current state), the trainer
///      observing the step: it computes r' = phi(x_next) from the view before the commit;
///   2. z' = w_o^T r' (the a-priori output);
///   3. while training, every `every`-th step: RLS on (r', f(t + dt)) with the a-priori
///      error z' - f, lambda and alpha from the configuration (FORCE: 1, 1, every 2nd step);
///   4. r = r', z = z' (the pre-update z, which the next step feeds back).
/// So train_step() and run_step() cost one model step, N activations and N multiply-adds,
/// plus the RLS update (O(N^2)) on training steps.
///
/// Nothing changed on failure: a non-finite target is refused before anything runs; a step
/// that fails leaves x as the stepper left it (unchanged) and the trainer unchanged; an RLS
/// update that fails (rls.hpp: not positive definite, overflow) restores x from a copy taken
/// before the step, so x, w_o, P, r and z are all as they were. (A stepper's hook that
/// advanced its own state, e.g. a noise stream, is not rewound: FORCE uses plain Euler.)
/// The copy is one N-vector against an O(N^2) step and update (tests/bench/bench_hot_loops:
/// 5 ns of a 6 us training step at N = 128): not worth a cleverer rollback.
///
/// Memory: the Rls triangle (N (N + 1) / 2 floats: 33 KB at N = 128) and four N-vectors.
/// The budget is a template parameter as for every trainer; a desktop N = 1000 passes a
/// larger one and keeps the object off the stack (about 2 MB).
#pragma once

#include <cstdint>

#include <cstddef>
#include <type_traits>

#include "edgechaos/core/checks.hpp"
#include "edgechaos/core/config.hpp"
#include "edgechaos/core/status.hpp"
#include "edgechaos/models/activation.hpp"
#include "edgechaos/readouts/rls.hpp"
#include "edgechaos/steppers/step_view.hpp"

namespace edgechaos {

/// The FORCE defaults: RLS with alpha = 1, no forgetting, every 2nd step.
constexpr RlsConfig kForceRls{1.0f, 1.0f, 2};

/// FORCE learning of an N-neuron network whose rates are \p Activation of the state: the
/// readout w_o (an Rls), the rates and the fed-back output; see the file comment.
/// \p kBudget bounds the object's bytes at compile time.
template <int N, class Activation = Tanh, std::size_t kBudget = kReadoutRamBudget>
class ForceTrainer {
  static_assert(N >= 1, "ForceTrainer: N must be a fixed size of at least 1");

 public:
  static constexpr int kNeurons = N;  ///< N
  using State = Vector<N>;             ///< The network's state x.
  using Input = Vector<1>;             ///< The fed-back input u = z.
  using Readout = Rls<N, 1, kBudget>;  ///< The trainer of w_o.
  /// The object's alignment (State's or the RLS counters', the larger), used in kRamBytes.
  static constexpr std::size_t kAlign =
      alignof(State) > alignof(std::int64_t) ? alignof(State) : alignof(std::int64_t);
  /// Bytes of one object: the RLS, the three N-vectors (r, the observed r', the saved x),
  /// u and z, with the padding of the members' alignment. The tests check it against sizeof.
  static constexpr std::size_t kRamBytes =
      detail::round_up(detail::round_up(Readout::kRamBytes, alignof(State)) + 3 * sizeof(State) + sizeof(Input) +
                           sizeof(Scalar),
                       kAlign);

  /// A trainer with FORCE's RLS settings (alpha = 1, no forgetting) and no weights yet.
  ForceTrainer() { static_cast<void>(rls_.configure(kForceRls)); }

  /// Sets the RLS parameters and restarts the readout (w_o = 0, P = I / alpha). The rates
  /// and the output are kept. invalid_argument (nothing changed) as Rls::configure.
  Status configure(const RlsConfig& config) { return rls_.configure(config); }
  const RlsConfig& config() const { return rls_.config(); }  ///< The RLS parameters.

  /// The start of a run: r = phi(x0) and z = z0 (FORCE draws z(0) ~ 0.5 N(0, 1)).
  /// non_finite_input (nothing changed) for a non-finite x0 or z0.
  Status start(const State& x0, Scalar z0) {
    if (!all_finite(x0) || !is_finite(z0)) return Status::non_finite_input;
    for (int i = 0; i < N; ++i) r_[i] = Activation::value(x0[i]);
    z_ = z0;
    return Status::ok;
  }

  /// One training step: x advanced by the stepper with u = z, then RLS towards `target`,
  /// f at the time of the state the step commits (t + dt). non_finite_input for a
  /// non-finite target, the stepper's status for a failed step, the RLS status for a
  /// failed update; nothing changed on any failure (see the top of the file).
  template <class Stepper, class Net>
  Status train_step(Stepper& stepper, const Net& net, State& x, Scalar t, Scalar dt, Scalar target) {
    if (!is_finite(target)) return Status::non_finite_input;
    return advance(stepper, net, x, t, dt, true, target);
  }

  /// One step with the readout frozen (the free run, or a run before training).
  template <class Stepper, class Net>
  Status run_step(Stepper& stepper, const Net& net, State& x, Scalar t, Scalar dt) {
    return advance(stepper, net, x, t, dt, false, Scalar(0));
  }

  Scalar output() const { return z_; }         ///< z of the current state
  const Input& input() const { return u_; }    ///< the feedback the next step applies: u = z
  const State& rates() const { return r_; }    ///< r = phi(x) of the current state
  const ReadoutWeights<N, 1>& weights() const { return rls_.weights(); }  ///< w_o
  const Readout& rls() const { return rls_; }      ///< The RLS trainer (P, counts).
  std::int64_t updates() const { return rls_.updates(); }  ///< RLS updates made.

 private:
  // The observer of the step: r' = phi(x_next), computed before the commit.
  struct Observe {
    static constexpr bool kWantsSums = false;
    State* r_next;
    void operator()(const StepView<State>& view) const {
      for (int i = 0; i < N; ++i) (*r_next)[i] = Activation::value(view.x_next[i]);
    }
  };

  template <class Stepper, class Net>
  Status advance(Stepper& stepper, const Net& net, State& x, Scalar t, Scalar dt, bool train, Scalar target) {
    static_assert(Net::kInputs == 1, "ForceTrainer: the network's one input is the fed-back output (M = 1, W_in = w_f)");
    static_assert(std::is_same_v<typename Net::State, State>, "ForceTrainer: the network's state is not Vector<N>");
    if (net.inputs() != 1) return Status::size_mismatch;
    if (train) saved_x_ = x;
    u_[0] = z_;
    Status s = stepper.step_at(net, x, u_, t, dt, Observe{&r_next_});
    if (s != Status::ok) return s;
    const Scalar z_next = dot(r_next_);
    if (train) {
      Vector<1> y;
      y[0] = target;
      s = rls_.update(r_next_, y);
      if (s != Status::ok) {
        x = saved_x_;
        u_[0] = z_;
        return s;
      }
    }
    r_ = r_next_;
    z_ = z_next;
    u_[0] = z_;
    return Status::ok;
  }

  // w_o^T r in the order Rls uses for its a-priori error (j = 0, 1, ...), so z - f here
  // is the error the update corrects.
  Scalar dot(const State& r) const {
    const ReadoutWeights<N, 1>& w = rls_.weights();
    Scalar sum = Scalar(0);
    for (int j = 0; j < N; ++j) sum += w(0, j) * r[j];
    return sum;
  }

  Readout rls_;
  State r_ = State::Zero();
  State r_next_ = State::Zero();
  State saved_x_ = State::Zero();
  Input u_ = Input::Zero();
  Scalar z_ = Scalar(0);
};

}  // namespace edgechaos
