// Desktop console: a progress line on stderr, shown only when stderr is a terminal.
#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdio>

#include "edgechaos/desktop/clock.hpp"

namespace edgechaos::desktop {

inline bool stderr_is_terminal() { return isatty(STDERR_FILENO) == 1; }

class Progress {
 public:
  // Draws at most every 100 ms, and only on a terminal; `label` must outlive the bar.
  Progress(const char* label, std::int64_t total)
      : label_(label), total_(total > 0 ? total : 1), enabled_(stderr_is_terminal()) {}
  ~Progress() { finish(); }
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void update(std::int64_t done) {
    if (!enabled_) return;
    const std::int64_t t = now_ns();
    if (t - last_ns_ < 100'000'000 && done < total_) return;
    last_ns_ = t;
    const int width = 30;
    const int filled = static_cast<int>(width * done / total_);
    std::fprintf(stderr, "\r%s [", label_);
    for (int i = 0; i < width; ++i) std::fputc(i < filled ? '#' : '.', stderr);
    std::fprintf(stderr, "] %3d%%", static_cast<int>(100 * done / total_));
    std::fflush(stderr);
    drawn_ = true;
  }
  void finish() {
    if (drawn_) std::fputc('\n', stderr);
    drawn_ = false;
  }

 private:
  const char* label_;
  std::int64_t total_;
  bool enabled_;
  bool drawn_ = false;
  std::int64_t last_ns_ = 0;
};

}  // namespace edgechaos::desktop
