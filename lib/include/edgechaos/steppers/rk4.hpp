/// \file
/// Classical fourth-order Runge-Kutta. The input u is held constant over the step
/// (zero-order hold). Four matrix-vector products per step.
#pragma once

#include "edgechaos/steppers/schemes.hpp"
#include "edgechaos/steppers/stepper.hpp"

namespace edgechaos {

/// The classical RK4 stepper for the flow model \p Net.
template <class Net>
using RK4 = Stepper<Net, RK4Scheme>;

}  // namespace edgechaos
