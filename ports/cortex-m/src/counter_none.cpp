// Boards without a usable counter under QEMU (microbit): the benchmark reports nothing.
#include "cortexm/board.hpp"

namespace cortexm {
void counter_start() {}
std::uint32_t counter_read() { return 0u; }
std::uint32_t counter_to_units(std::uint32_t ticks) { return ticks; }
const char* counter_unit() { return "none"; }
bool counter_available() { return false; }
}  // namespace cortexm
