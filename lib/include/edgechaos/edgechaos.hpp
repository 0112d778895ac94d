// edgechaos: small random recurrent rate networks at the edge of chaos, no heap.
// The umbrella header for everything that runs on a device; each piece also stands alone.
// Desktop-only pieces (lyapunov_spectrum.hpp, theory/) are included separately.
#pragma once

#include "edgechaos/activation.hpp"
#include "edgechaos/config.hpp"
#include "edgechaos/couplings.hpp"
#include "edgechaos/energy_monitor.hpp"
#include "edgechaos/euler.hpp"
#include "edgechaos/euler_maruyama.hpp"
#include "edgechaos/fixed_points.hpp"
#include "edgechaos/langevin.hpp"
#include "edgechaos/lyapunov.hpp"
#include "edgechaos/quasi_potential.hpp"
#include "edgechaos/random.hpp"
#include "edgechaos/rate_network.hpp"
#include "edgechaos/regime.hpp"
#include "edgechaos/rk4.hpp"
#include "edgechaos/running_stats.hpp"
#include "edgechaos/status.hpp"
#include "edgechaos/step_sums.hpp"
#include "edgechaos/weight_blob.hpp"
