// Must NOT compile (tests/fixed/CMakeLists.txt: fixed_overflow_is_compile_error): 512
// products of 8-bit weights and 16-bit states could overflow the int32 accumulator
// (core/q_format.hpp: at most 511). N = 511 compiles.
#include "edgechaos/models/fixed_rate_network.hpp"

namespace ec = edgechaos;

ec::FixedRateNetwork<511, 0, ec::QFormat<8, 6>, ec::QFormat<16, 12>>* fits = nullptr;
ec::FixedRateNetwork<512, 0, ec::QFormat<8, 6>, ec::QFormat<16, 12>> too_large;
