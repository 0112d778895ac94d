// The one no-allocation harness. Every test of "no heap" includes this header first (it
// must come before any Eigen header) and runs the code under test between Watch::start()
// and Watch::stop(). Three independent witnesses watch the calls:
//  1. Eigen's own runtime check (EIGEN_RUNTIME_NO_MALLOC + set_is_malloc_allowed(false));
//     its eigen_assert is redirected to a counter so that it also works with NDEBUG;
//  2. a replaced global operator new / new[] (all forms) that counts calls;
//  3. malloc / calloc / realloc wrapped at link time (-Wl,--wrap=...), counting calls
//     made from this program's objects (Eigen's allocator is inline code, so it is here).
// The definitions live in no_alloc.cpp, which also holds the control test proving that
// each witness sees an allocation, so a zero is real. The executable that links it must
// link with --wrap=malloc,--wrap=calloc,--wrap=realloc (tests/CMakeLists.txt).
#pragma once

#define EIGEN_RUNTIME_NO_MALLOC
extern int g_eigen_assert_failures;
#define eigen_assert(x)                    \
  do {                                     \
    if (!(x)) ++g_eigen_assert_failures;   \
  } while (false)

#include <Eigen/Core>
#include <gtest/gtest.h>

namespace no_alloc {

// Everything between start() and stop() is watched. No gtest call in between.
struct Watch {
  long news = 0, mallocs = 0;
  int eigen = 0;
  void start();
  void stop();
};

inline void expect_clean(const Watch& w) {
  EXPECT_EQ(w.eigen, 0) << "Eigen's no-malloc check fired";
  EXPECT_EQ(w.news, 0) << "operator new was called";
  EXPECT_EQ(w.mallocs, 0) << "malloc/calloc/realloc was called";
}

// Defeats dead-code elimination of computed results.
extern volatile float g_sink;

}  // namespace no_alloc
