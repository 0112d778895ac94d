/// \file
/// The Langevin sampler with its replica count chosen at run time (2..8): the CLI's
/// `langevin` and the Python package's `langevin` call run_langevin() and get one
/// LangevinResult, the stability estimate filled in when configure() refused the step.
/// Desktop only: it instantiates the sampler for every replica count.
#pragma once

#include "edgechaos/host/host_only.hpp"  // desktop-only: stops a Cortex-M build here

#include <utility>

#include "edgechaos/core/progress.hpp"
#include "edgechaos/core/status.hpp"
#include "edgechaos/detail/workspace.hpp"
#include "edgechaos/quasi/langevin.hpp"

namespace edgechaos {

/// The replica counts run_langevin() accepts.
inline constexpr int kLangevinMinReplicas = 2;
/// \copydoc kLangevinMinReplicas
inline constexpr int kLangevinMaxReplicas = 8;

namespace detail {

template <int R, class Net, class OnStep>
LangevinResult sample_langevin(const Net& net, const LangevinConfig& c, OnStep&& on_step) {
  LangevinSampler<Net, R> sampler;
  LangevinResult r;
  r.status = sampler.configure(net, c);
  if (r.status != Status::ok) {
    // A refused step reports the estimate it was refused on (configure() keeps nothing).
    using State = typename Net::State;
    State work = zeros<State>(), tmp = zeros<State>();
    fit(work, net.size());
    fit(tmp, net.size());
    Scalar sigma = 0.0f;
    if (estimate_sigma_max(net, c.power_iterations, sigma, work, tmp) == Status::ok) {
      r.sigma_max = static_cast<double>(sigma);
    }
    return r;
  }
  static_cast<void>(sampler.run(net, r, std::forward<OnStep>(on_step)));  // r.status says how it ended
  return r;
}

}  // namespace detail

/// Configures and runs a LangevinSampler<Net, R> with R = \p replicas (invalid_argument in
/// the result's status outside [kLangevinMinReplicas, kLangevinMaxReplicas]); \p on_step is
/// the sampler's per-step callback (a Ctrl-C poll, a progress line).
template <class Net, class OnStep = NoProgress>
LangevinResult run_langevin(const Net& net, const LangevinConfig& c, int replicas, OnStep&& on_step = OnStep{}) {
  switch (replicas) {
    case 2: return detail::sample_langevin<2>(net, c, std::forward<OnStep>(on_step));
    case 3: return detail::sample_langevin<3>(net, c, std::forward<OnStep>(on_step));
    case 4: return detail::sample_langevin<4>(net, c, std::forward<OnStep>(on_step));
    case 5: return detail::sample_langevin<5>(net, c, std::forward<OnStep>(on_step));
    case 6: return detail::sample_langevin<6>(net, c, std::forward<OnStep>(on_step));
    case 7: return detail::sample_langevin<7>(net, c, std::forward<OnStep>(on_step));
    case 8: return detail::sample_langevin<8>(net, c, std::forward<OnStep>(on_step));
    default: {
      LangevinResult r;
      r.status = Status::invalid_argument;
      return r;
    }
  }
}

}  // namespace edgechaos
