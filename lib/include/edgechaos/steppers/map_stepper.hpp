/// \file
/// Discrete-time models (the leaky echo-state map): x <- F(x, u), one evaluation per
/// step, through the same protocol as the flows (checks, finiteness, observer, commit).
#pragma once

#include "edgechaos/steppers/schemes.hpp"
#include "edgechaos/steppers/stepper.hpp"

namespace edgechaos {

/// The stepper of the discrete-time model \p Net (x <- F(x, u)).
template <class Net>
using MapStepper = Stepper<Net, MapIteration>;

}  // namespace edgechaos
