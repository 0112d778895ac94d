// Forward Euler: x <- x + dt v(x, u). First order; one matrix-vector product per step.
#pragma once

#include "edgechaos/steppers/schemes.hpp"
#include "edgechaos/steppers/stepper.hpp"

namespace edgechaos {

template <class Net>
using Euler = Stepper<Net, EulerScheme>;

}  // namespace edgechaos
