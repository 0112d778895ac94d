// Euler-Maruyama for the noisy network dx = v dt + sigma dW:
//   x <- x + dt v(x, u) + sigma sqrt(dt) xi,   xi ~ N(0, I)   (PHYSICS.md section 1)
// The stepper owns its seeded normal stream, so a run is reproducible from (J seed, noise
// seed). A failed step restores the stream too: nothing is lost.
#pragma once

#include <cmath>
#include <cstdint>

#include "edgechaos/core/config.hpp"
#include "edgechaos/detail/workspace.hpp"
#include "edgechaos/core/random.hpp"
#include "edgechaos/core/status.hpp"
#include "edgechaos/steppers/step_sums.hpp"

namespace edgechaos {

template <class Net>
class EulerMaruyama {
 public:
  using State = typename Net::State;
  using Input = typename Net::Input;

  explicit EulerMaruyama(Scalar sigma = 0.0f, std::uint64_t seed = 1u) : normal_(seed) {
    if (set_sigma(sigma) != Status::ok) sigma_ = 0.0f;
  }

  Status set_sigma(Scalar sigma) {
    if (!(sigma >= 0.0f) || !(sigma <= 1e30f)) return Status::invalid_argument;
    sigma_ = sigma;
    return Status::ok;
  }
  Scalar sigma() const { return sigma_; }
  void reseed(std::uint64_t seed) { normal_.reseed(seed); }

  template <class Observer = NoObserver>
  Status step(const Net& net, State& x, const Input& u, Scalar dt, Observer&& observer = Observer{}) {
    const Status s = detail::check_step(net, x, u, dt);
    if (s != Status::ok) return s;
    resize(x.size());
    net.velocity(x, u, v_, phi_);
    const NormalStream saved = normal_;
    const Scalar amplitude = sigma_ * std::sqrt(dt);
    for (Index i = 0; i < x.size(); ++i) noise_[i] = amplitude * normal_.next();
    StepSums sums;
    if (!detail::advance<observes_v<Observer>, true>(x, v_, dt, v_, phi_, &noise_, next_, sums)) {
      normal_ = saved;
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

  const State& velocity() const { return v_; }
  const State& phi() const { return phi_; }

 private:
  void resize(Index n) {
    for (State* w : {&v_, &phi_, &noise_, &next_}) detail::fit(*w, n);
  }

  Scalar sigma_ = 0.0f;
  NormalStream normal_;
  State v_ = detail::zeros<State>();
  State phi_ = detail::zeros<State>();
  State noise_ = detail::zeros<State>();
  State next_ = detail::zeros<State>();
  Input u0_ = detail::zeros<Input>();
};

}  // namespace edgechaos
