// Console and exit through semihosting: every QEMU board.
#include <cstring>

#include "cortexm/board.hpp"
#include "semihost.hpp"

namespace cortexm {

namespace {
std::int32_t g_stdout = -1;  // semihosting handle of ":tt" opened for writing (stdout)
}

void console_write(const char* s) {
  const std::uint32_t n = static_cast<std::uint32_t>(std::strlen(s));
  if (n == 0u) return;
  if (g_stdout < 0) {
    // SYS_OPEN(":tt", mode 4 = "w") is the host's stdout (SYS_WRITE0 would go to stderr).
    const std::uint32_t open_args[3] = {reinterpret_cast<std::uintptr_t>(":tt"), 4u, 3u};
    g_stdout = semihost::call(semihost::kOpen, open_args);
    if (g_stdout < 0) {
      semihost::call(semihost::kWrite0, s);
      return;
    }
  }
  const std::uint32_t args[3] = {static_cast<std::uint32_t>(g_stdout), reinterpret_cast<std::uintptr_t>(s), n};
  semihost::call(semihost::kWrite, args);
}

void board_exit(int code) {
  // SYS_EXIT_EXTENDED {ADP_Stopped_ApplicationExit, code}: QEMU exits with code & 0xFF.
  const std::uint32_t block[2] = {0x20026u, static_cast<std::uint32_t>(code)};
  semihost::call(semihost::kExitExtended, block);
  // Fallback: the legacy call only knows success or failure.
  semihost::call(semihost::kExit, reinterpret_cast<const void*>(code == 0 ? 0x20026u : 0x20023u));
  for (;;) {
  }
}

}  // namespace cortexm
