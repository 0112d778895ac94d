// Desktop clock: monotonic nanoseconds for timing runs.
#pragma once

#include <chrono>
#include <cstdint>

namespace edgechaos::desktop {

inline std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace edgechaos::desktop
