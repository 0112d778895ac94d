// Forward Euler: x <- x + dt v(x, u). First order; one matrix-vector product per step.
#pragma once

#include "edgechaos/core/config.hpp"
#include "edgechaos/detail/workspace.hpp"
#include "edgechaos/core/status.hpp"
#include "edgechaos/steppers/step_sums.hpp"

namespace edgechaos {

template <class Net>
class Euler {
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
    net.velocity(x, u, v_, phi_);
    StepSums sums;
    if (!detail::advance<observes_v<Observer>, false>(x, v_, dt, v_, phi_, static_cast<const State*>(nullptr), next_, sums)) {
      return detail::classify_failure(x, u);
    }
    x = next_;
    if constexpr (observes_v<Observer>) observer(sums);
    return Status::ok;
  }

  // Networks without inputs (or with the drive switched off): u = 0.
  template <class Observer = NoObserver>
  Status step(const Net& net, State& x, Scalar dt, Observer&& observer = Observer{}) {
    detail::fit(u0_, net.inputs());
    return step(net, x, u0_, dt, static_cast<Observer&&>(observer));
  }

  // What the last step computed at its start: v(x) and phi(x).
  const State& velocity() const { return v_; }
  const State& phi() const { return phi_; }

 private:
  void resize(Index n) {
    for (State* w : {&v_, &phi_, &next_}) detail::fit(*w, n);
  }
  State v_ = detail::zeros<State>();
  State phi_ = detail::zeros<State>();
  State next_ = detail::zeros<State>();
  Input u0_ = detail::zeros<Input>();
};

}  // namespace edgechaos
