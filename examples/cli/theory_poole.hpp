// `edgechaos theory poole` and `edgechaos theory poole-critical`: the mean-field theory of
// deep random tanh networks (theory/poole.hpp) as JSON. Dispatched from cmd_theory.cpp.
#pragma once

#include "args.hpp"

namespace edgechaos::cli {

int run_theory_poole(Args& args);
int run_theory_poole_critical(Args& args);

}  // namespace edgechaos::cli
