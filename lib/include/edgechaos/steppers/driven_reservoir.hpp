/// \file
/// A driven reservoir: a model, its stepper, the state, dt and k_hold in one object, so a
/// task loop is `advance(u)` then read features from `state()` (readouts/features.hpp).
///
///   continuous model (a flow, RateNetwork): advance(u) holds the input sample u for k_hold
///     steps of dt (shared/RESERVOIR.md section 1); the state after the last of them is the
///     one the features are read from;
///   map (EchoState, MapStepper): advance(u) is one map step; dt and k_hold are not used.
/// advance returns the first failure's Status and then leaves the state as it was before
/// the call (a copy is kept when k_hold > 1; a single step is atomic by the step protocol).
/// The copy stays: a later sub-step can fail after earlier ones committed, and the protocol
/// steps in place. It is one N-vector per sample against k_hold O(N^2) steps (measured,
/// tests/bench/bench_hot_loops: 8 ns of a 3.4 us k_hold = 2 sample at N = 100, 0.2 %).
/// Not undone: a hook's own state for committed sub-steps (an Euler-Maruyama noise stream
/// advances by the sub-steps before the failing one).
///
/// It lives in steppers/ (not a layer of its own): it is a loop over a stepper, as
/// integrate_n is. Fixed sizes on the device; with a dynamic-size model (desktop) the
/// state is sized from the model on reset().
#pragma once

#include <cstdint>
#include <utility>

#include "edgechaos/core/checks.hpp"
#include "edgechaos/core/config.hpp"
#include "edgechaos/core/status.hpp"
#include "edgechaos/detail/workspace.hpp"
#include "edgechaos/steppers/step_view.hpp"

namespace edgechaos {

/// How a DrivenReservoir holds each input sample (flows only; maps ignore both).
struct DriveConfig {
  Scalar dt = 0.1f;          ///< the flow's step, in (0, 1e30]
  std::uint32_t k_hold = 1;  ///< steps per input sample, >= 1
};

/// Status::invalid_argument unless dt is positive and k_hold >= 1.
constexpr Status validate(const DriveConfig& c) {
  if (!is_positive(c.dt) || c.k_hold < 1u) return Status::invalid_argument;
  return Status::ok;
}

/// A model \p Net, its stepper \p StepperT, the state and the drive configuration in one
/// object (see the file comment). Holds a pointer to the model, not a copy.
template <class Net, class StepperT>
class DrivenReservoir {
 public:
  using State = typename Net::State;  ///< The model's state vector.
  using Input = typename Net::Input;  ///< The model's input vector.
  using net_type = Net;               ///< The model.
  using stepper_type = StepperT;      ///< The stepper.
  static constexpr bool kDiscrete = StepperT::scheme_type::kDiscrete;  ///< A map: no dt, no k_hold.

  DrivenReservoir() = default;
  /// The model must outlive the reservoir. The state starts at 0 (x(-1) = 0, ReservoirPy's
  /// convention); a dynamic-size state is sized to net.size() here. Errors (see attach())
  /// cannot be reported here: the reservoir is then left unattached and advance() refuses.
  explicit DrivenReservoir(const Net& net, DriveConfig config = DriveConfig{}) { static_cast<void>(attach(net, config)); }

  /// Attaches a bound model and a configuration and zeroes the state; on an error nothing
  /// changes: Status::invalid_argument for an unbound model or a bad \p config,
  /// Status::size_mismatch for a model of another size than a fixed-size State.
  Status attach(const Net& net, DriveConfig config = DriveConfig{}) {
    if (!net.bound()) return Status::invalid_argument;
    if (State::SizeAtCompileTime != Dynamic && net.size() != State::SizeAtCompileTime) return Status::size_mismatch;
    const Status s = validate(config);
    if (s != Status::ok) return s;
    net_ = &net;
    config_ = config;
    reset();
    return Status::ok;
  }

  /// A new dt and k_hold; Status::invalid_argument (nothing changed) for a bad \p config.
  Status configure(DriveConfig config) {
    const Status s = validate(config);
    if (s != Status::ok) return s;
    config_ = config;
    return Status::ok;
  }

  /// x = 0 (sized to the model) and the sample count to 0.
  void reset() {
    const Index n = net_ != nullptr ? net_->size() : x_.size();
    if constexpr (State::SizeAtCompileTime == Dynamic) x_.resize(n);
    x_.setZero();
    samples_ = 0;
  }
  /// x = x0 (finite, the model's size); on an error nothing changes: Status::invalid_argument
  /// when unattached, Status::size_mismatch, Status::non_finite_input.
  Status reset(const State& x0) {
    if (net_ == nullptr) return Status::invalid_argument;
    if (x0.size() != net_->size()) return Status::size_mismatch;
    if (!all_finite(x0)) return Status::non_finite_input;
    x_ = x0;
    samples_ = 0;
    return Status::ok;
  }

  /// One input sample: k_hold flow steps (or one map step) with u held. The observer sees
  /// every committed step (a failing call may have shown it earlier sub-steps). On an error
  /// (Status::invalid_argument when unattached, else the step's status) the state is as
  /// before the call.
  template <class Observer = NoObserver>
  Status advance(const Input& u, Observer&& observer = Observer{}) {
    if (net_ == nullptr) return Status::invalid_argument;
    Status s = Status::ok;
    if constexpr (kDiscrete) {
      s = stepper_.step(*net_, x_, u, observer);
    } else if (config_.k_hold == 1u) {
      s = stepper_.step(*net_, x_, u, config_.dt, observer);
    } else {
      backup_ = x_;
      for (std::uint32_t k = 0; k < config_.k_hold && s == Status::ok; ++k) {
        s = stepper_.step(*net_, x_, u, config_.dt, observer);
      }
      if (s != Status::ok) x_ = backup_;
    }
    if (s == Status::ok) ++samples_;
    return s;
  }

  const State& state() const { return x_; }              ///< The state features are read from.
  const Net* net() const { return net_; }                ///< The model, or nullptr when unattached.
  const DriveConfig& config() const { return config_; }  ///< The drive configuration.
  std::uint64_t samples() const { return samples_; }     ///< samples advanced since the reset
  StepperT& stepper() { return stepper_; }               ///< The stepper (an Euler-Maruyama's noise).

 private:
  const Net* net_ = nullptr;
  DriveConfig config_{};
  StepperT stepper_{};
  State x_ = detail::zeros<State>();
  State backup_ = detail::zeros<State>();
  std::uint64_t samples_ = 0;
};

}  // namespace edgechaos
