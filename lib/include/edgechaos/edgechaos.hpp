/// \file
/// edgechaos: small random recurrent rate networks at the edge of chaos, no heap.
/// The umbrella header for everything that runs on a device, layer by layer; each piece
/// also stands alone. Desktop-only pieces (host/, theory/) are included separately; on a
/// Cortex-M they stop the compilation (host/host_only.hpp).
#pragma once

/// \namespace edgechaos
/// Everything public in the library; the namespace is flat (one name per idea, whatever its
/// folder), with `detail` for kernels and `theory` for the desktop-only solvers.
///
/// Conventions every name follows: sizes are template parameters (`N` neurons, `M` inputs)
/// or, with edgechaos::Dynamic, run-time sizes bounded by a capacity; storage is static
/// (no heap); a fallible call returns a edgechaos::Status and, when it is not ok, leaves
/// every state it was given exactly as it was; the same seed gives the same numbers bit
/// for bit on every platform (core/random.hpp, core/seeds.hpp).

#include "edgechaos/core/checks.hpp"
#include "edgechaos/core/config.hpp"
#include "edgechaos/core/float_normal.hpp"
#include "edgechaos/core/progress.hpp"
#include "edgechaos/core/random.hpp"
#include "edgechaos/core/running_stats.hpp"
#include "edgechaos/core/seeds.hpp"
#include "edgechaos/core/status.hpp"

#include "edgechaos/weights/couplings.hpp"
#include "edgechaos/weights/dense_couplings.hpp"
#include "edgechaos/weights/input_weights.hpp"
#include "edgechaos/weights/sparse_couplings.hpp"
#include "edgechaos/weights/weight_blob.hpp"

#include "edgechaos/models/activation.hpp"
#include "edgechaos/models/echo_state.hpp"
#include "edgechaos/models/deep_net.hpp"
#include "edgechaos/models/net_concept.hpp"
#include "edgechaos/models/rate_network.hpp"
#include "edgechaos/models/table_tanh.hpp"

#include "edgechaos/steppers/driven_reservoir.hpp"
#include "edgechaos/steppers/euler.hpp"
#include "edgechaos/steppers/euler_maruyama.hpp"
#include "edgechaos/steppers/integrate.hpp"
#include "edgechaos/steppers/map_stepper.hpp"
#include "edgechaos/steppers/rk4.hpp"
#include "edgechaos/steppers/schemes.hpp"
#include "edgechaos/steppers/step_view.hpp"
#include "edgechaos/steppers/stepper.hpp"

#include "edgechaos/monitors/energy_monitor.hpp"
#include "edgechaos/monitors/step_quantities.hpp"

#include "edgechaos/readouts/features.hpp"
#include "edgechaos/readouts/force.hpp"
#include "edgechaos/readouts/linear_readout.hpp"
#include "edgechaos/readouts/nvar_features.hpp"
#include "edgechaos/readouts/rls.hpp"
#include "edgechaos/readouts/streaming_ridge.hpp"

#include "edgechaos/tasks/lorenz.hpp"
#include "edgechaos/tasks/mackey_glass.hpp"
#include "edgechaos/tasks/memory_task.hpp"
#include "edgechaos/tasks/metrics.hpp"
#include "edgechaos/tasks/narma.hpp"

#include "edgechaos/chaos/lyapunov.hpp"
#include "edgechaos/chaos/regime.hpp"

#include "edgechaos/quasi/fixed_point_finder.hpp"
#include "edgechaos/quasi/langevin.hpp"
#include "edgechaos/quasi/quasi_potential.hpp"

// The balanced E/I binary network (weights, model, asynchronous stepper, monitors), one
// block so that parallel additions to this umbrella merge.
#include "edgechaos/weights/fixed_in_degree.hpp"
#include "edgechaos/models/balanced_network.hpp"
#include "edgechaos/steppers/async_update.hpp"
#include "edgechaos/monitors/population_monitor.hpp"
#include "edgechaos/monitors/unit_activity_monitor.hpp"

// Fixed point (issue 14): Q formats, the integer tanh, integer couplings and the integer
// rate network and leaky map, one block so that parallel additions to this umbrella merge.
#include "edgechaos/core/q_format.hpp"
#include "edgechaos/models/int_tanh.hpp"
#include "edgechaos/weights/fixed_couplings.hpp"
#include "edgechaos/weights/fixed_offset_couplings.hpp"
#include "edgechaos/models/fixed_network_weights.hpp"
#include "edgechaos/models/fixed_rate_network.hpp"
#include "edgechaos/models/fixed_echo_state.hpp"

// Fault detection (issue 16, docs/faults.md): the state range and its health check, one
// block so that parallel additions to this umbrella merge (io/image_verify.hpp, like io/,
// is included on its own).
#include "edgechaos/models/state_range.hpp"

// Fixed point, a whole model (issue 14 items 3, 6, 7): the quantiser of a float model and
// its readout, and the integer readout, one block so that parallel additions merge.
#include "edgechaos/weights/quantize_model.hpp"
#include "edgechaos/readouts/fixed_linear_readout.hpp"
