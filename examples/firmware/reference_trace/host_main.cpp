// Host build of the reference_trace report (build-time tool): the desktop's run of the same
// header and source, written to argv[1]; the firmware's output is compared with it.
#include <cstdint>
#include <cstdio>

#include "cortexm/board.hpp"
#include "trace_report.hpp"

namespace {
std::FILE* g_out = nullptr;
}

namespace cortexm {
void console_write(const char* s) { std::fputs(s, g_out); }
bool counter_available() { return false; }
void counter_start() {}
std::uint32_t counter_read() { return 0; }
std::uint32_t counter_to_units(std::uint32_t ticks) { return ticks; }
const char* counter_unit() { return "none"; }
}  // namespace cortexm

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  g_out = std::fopen(argv[1], "w");
  if (g_out == nullptr) return 2;
  const int rc = run_trace_report("host");
  return (std::fclose(g_out) == 0 && rc == 0) ? 0 : 1;
}
