// Shared by the reservoir bindings (bind_reservoir*.cpp): the array checks (arrays.hpp) and
// how often a long run polls for Ctrl-C.
#pragma once

#include "arrays.hpp"

namespace edgechaos::python {

// Steps between two Ctrl-C polls: about a million multiply-adds of work each.
inline long long interrupt_period(long long work_per_step) {
  const long long w = work_per_step > 0 ? work_per_step : 1;
  return w >= (1 << 20) ? 1 : (1 << 20) / w;
}

}  // namespace edgechaos::python
