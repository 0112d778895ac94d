/// \file
/// What the fixed-point finder is asked for (FixedPointConfig) and what it reports for
/// each point (FixedPoint<N>). The finder's pieces: descent.hpp, newton.hpp,
/// stability.hpp, fixed_point_set.hpp, put together in fixed_point_finder.hpp.
#pragma once

#include <cstdint>

#include "edgechaos/core/checks.hpp"
#include "edgechaos/core/config.hpp"
#include "edgechaos/core/status.hpp"
#include "edgechaos/detail/workspace.hpp"

namespace edgechaos {

/// What FixedPointFinder::search does: its starts, the descent and Newton stages, when a
/// point counts as converged, distinct or trivial, and the stability estimate.
struct FixedPointConfig {
  Scalar descent_dt = 0.0f;            ///< 0: 1 / sigma_max(M)^2, half the stability limit
  std::uint32_t descent_steps = 200;     ///< gradient-descent steps before Newton
  std::uint32_t newton_iterations = 60;  ///< Newton (Levenberg-Marquardt) iterations at most
  Scalar tolerance = 2e-6f;            ///< converged when |v| / sqrt(N) is below this (float floor ~3e-7 at N = 600)
  Scalar distinct_distance = 1e-3f;    ///< |x - y| / sqrt(N) above this: distinct points
  Scalar trivial_x2 = 1e-8f;           ///< mean x^2 below this: the trivial point x = 0
  Scalar init_scale = 1.0f;            ///< random starts x_i ~ N(0, init_scale^2)
  std::uint32_t flow_steps = 0;        ///< > 0: starts are points of the noiseless flow (see search)
  Scalar flow_dt = 0.1f;               ///< Euler step of that flow
  std::uint64_t seed = 1u;             ///< the random starts' stream
  int power_iterations = 400;          ///< device stability estimate
  Scalar power_step = 0.2f;            ///< its propagator step h
};

/// The domain of every field: invalid_argument for the first one outside it.
inline Status validate(const FixedPointConfig& c) {
  return first_error(require(is_non_negative(c.descent_dt)), require(is_positive(c.tolerance)),
                     require(is_positive(c.distinct_distance)), require(is_non_negative(c.init_scale)),
                     require(is_positive(c.flow_dt)), require(is_non_negative(c.trivial_x2)),
                     require(is_positive(c.power_step)), require(c.power_iterations >= 2));
}

/// One fixed point x* of the flow (v(x*) = 0) of an N-neuron network, as the finder reports it.
template <int N>
struct FixedPoint {
  Vector<N> x = detail::zeros<Vector<N>>();  ///< x*
  Scalar energy = 0;     ///< E(x*)
  Scalar residual = 0;   ///< |v(x*)| / sqrt(N)
  Scalar abscissa = 0;   ///< max Re eig D(x*) (an estimate when not exact)
  Scalar C = 0;          ///< (1/N) sum phi(x*_i)^2
  Scalar x2 = 0;         ///< (1/N) sum x*_i^2
  bool stable = false;   ///< abscissa < 0
  bool trivial = false;  ///< x2 below trivial_x2
  std::uint32_t hits = 0;  ///< how many tries ended here
};

}  // namespace edgechaos
