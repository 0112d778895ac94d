/// \file
/// Forward Euler: x <- x + dt v(x, u). First order; one matrix-vector product per step.
#pragma once

#include "edgechaos/steppers/schemes.hpp"
#include "edgechaos/steppers/stepper.hpp"

namespace edgechaos {

/// The forward-Euler stepper for the flow model \p Net.
template <class Net>
using Euler = Stepper<Net, EulerScheme>;

}  // namespace edgechaos
