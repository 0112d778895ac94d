// Must not compile: a readout row sums N + 1 terms (N products and the intercept term), and
// with 8-bit weights and 16-bit states the int32 accumulator holds 511 (core/q_format.hpp),
// so N = 511 could overflow. ctest fixed_readout_overflow_is_compile_error expects the message.
#include "edgechaos/readouts/fixed_linear_readout.hpp"

template class edgechaos::FixedLinearReadout<511, 1, edgechaos::QFormat<8, 6>, edgechaos::QFormat<16, 12>>;
