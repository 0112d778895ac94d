// Desktop clock: monotonic nanoseconds for timing runs.
#pragma once

#include <time.h>

#include <chrono>
#include <cstdint>

namespace edgechaos::desktop {

inline std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// CPU time of the calling thread (POSIX CLOCK_THREAD_CPUTIME_ID): what a per-step cost
// should be measured in when other threads or processes share the cores (wall time there
// counts the waiting too).
inline std::int64_t thread_cpu_ns() {
  timespec ts{};
  if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0) return now_ns();
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + static_cast<std::int64_t>(ts.tv_nsec);
}

}  // namespace edgechaos::desktop
