// The balanced E/I network's pieces of the CLI, shared by `edgechaos balanced` and
// `edgechaos theory balanced` (both in cmd_balanced.cpp).
#pragma once

#include "args.hpp"

namespace edgechaos::cli {

// `edgechaos theory balanced ...`: the mean-field rates as JSON (called by cmd_theory.cpp).
int run_theory_balanced(Args& args);

}  // namespace edgechaos::cli
