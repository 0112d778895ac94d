// Classical fourth-order Runge-Kutta. The input u is held constant over the step
// (zero-order hold). Four matrix-vector products per step.
#pragma once

#include "edgechaos/core/config.hpp"
#include "edgechaos/detail/workspace.hpp"
#include "edgechaos/core/status.hpp"
#include "edgechaos/steppers/step_sums.hpp"

namespace edgechaos {

template <class Net>
class RK4 {
 public:
  using State = typename Net::State;
  using Input = typename Net::Input;

  // Advances x by dt. On any error x is left exactly as it was. The observer (if any)
  // is called once, on success, with the sums at the start of the step.
  template <class Observer = NoObserver>
  Status step(const Net& net, State& x, const Input& u, Scalar dt, Observer&& observer = Observer{}) {
    const Status s = detail::check_step(net, x, u, dt);
    if (s != Status::ok) return s;
    resize(x.size());
    const Scalar half = 0.5f * dt;
    net.velocity(x, u, k1_, phi_);                        // k1, kept for observers
    xs_ = x + half * k1_;
    net.velocity(xs_, u, k_, phi_stage_);                  // k2
    slope_ = k1_ + 2.0f * k_;
    xs_ = x + half * k_;
    net.velocity(xs_, u, k_, phi_stage_);                  // k3
    slope_ += 2.0f * k_;
    xs_ = x + dt * k_;
    net.velocity(xs_, u, k_, phi_stage_);                  // k4
    slope_ = (slope_ + k_) * (1.0f / 6.0f);
    StepSums sums;
    if (!detail::advance<observes_v<Observer>, false>(x, slope_, dt, k1_, phi_, static_cast<const State*>(nullptr), next_, sums)) {
      return detail::classify_failure(x, u);
    }
    x = next_;
    if constexpr (observes_v<Observer>) observer(sums);
    return Status::ok;
  }

  template <class Observer = NoObserver>
  Status step(const Net& net, State& x, Scalar dt, Observer&& observer = Observer{}) {
    detail::fit(u0_, net.inputs());
    return step(net, x, u0_, dt, static_cast<Observer&&>(observer));
  }

  const State& velocity() const { return k1_; }
  const State& phi() const { return phi_; }

 private:
  void resize(Index n) {
    for (State* w : {&k1_, &phi_, &k_, &phi_stage_, &xs_, &slope_, &next_}) detail::fit(*w, n);
  }

  State k1_ = detail::zeros<State>();
  State phi_ = detail::zeros<State>();
  State k_ = detail::zeros<State>();
  State phi_stage_ = detail::zeros<State>();
  State xs_ = detail::zeros<State>();
  State slope_ = detail::zeros<State>();
  State next_ = detail::zeros<State>();
  Input u0_ = detail::zeros<Input>();
};

}  // namespace edgechaos
