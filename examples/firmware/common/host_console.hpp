// The host builds of the firmware reports (build-time tools, ports/cortex-m/host_tool.cmake):
// the same report source runs on the desktop with the board's console writing to a file,
// which the target's output is then compared with. No cycle counter on the host: a report
// leaves out its cost lines. Link host_console.cpp.
#pragma once

#include <cstdio>

namespace fw {

extern std::FILE* g_host_console;  // where cortexm::console_write goes in a host build

// Runs report() with the console writing to `path`: 2 if the file cannot be opened, 1 if the
// report fails or the file does not close, 0 otherwise.
template <class Report>
int run_host_report(const char* path, Report&& report) {
  g_host_console = std::fopen(path, "w");
  if (g_host_console == nullptr) return 2;
  const int rc = report();
  const bool closed = std::fclose(g_host_console) == 0;
  g_host_console = nullptr;
  return (closed && rc == 0) ? 0 : 1;
}

}  // namespace fw
