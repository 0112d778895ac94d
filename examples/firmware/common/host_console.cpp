// The board functions a report calls, for its host build (host_console.hpp).
#include "host_console.hpp"

#include <cstdint>

#include "cortexm/board.hpp"

namespace fw {
std::FILE* g_host_console = nullptr;
}  // namespace fw

namespace cortexm {
void console_write(const char* s) {
  if (fw::g_host_console != nullptr) std::fputs(s, fw::g_host_console);
}
bool counter_available() { return false; }
void counter_start() {}
std::uint32_t counter_read() { return 0; }
std::uint32_t counter_to_units(std::uint32_t ticks) { return ticks; }
const char* counter_unit() { return "none"; }
}  // namespace cortexm
