// A test harness small enough for 16 KiB of RAM: a fixed table of test functions filled
// by static registration, checks that print file:line and carry on, and an exit code
// (semihosting) as the verdict. No heap, no exceptions, no printf.
#pragma once

#include <cstdint>

namespace ectest {

using TestFn = void (*)();
bool add(const char* name, TestFn fn);
void fail(const char* file, int line, const char* what);
void fail_near(const char* file, int line, const char* what, double a, double b, double tol);
int run_all();  // runs every registered test; returns the program's exit code

}  // namespace ectest

#define EC_TEST(name)                                                          \
  static void ectest_##name();                                                 \
  [[maybe_unused]] static const bool ectest_reg_##name = ::ectest::add(#name, ectest_##name); \
  static void ectest_##name()

#define EC_CHECK(cond)                                   \
  do {                                                   \
    if (!(cond)) ::ectest::fail(__FILE__, __LINE__, #cond); \
  } while (0)

// |a - b| <= tol, evaluated in double; NaN fails.
#define EC_CHECK_NEAR(a, b, tol)                                                         \
  do {                                                                                   \
    const double ec_a_ = static_cast<double>(a), ec_b_ = static_cast<double>(b);         \
    const double ec_t_ = static_cast<double>(tol);                                       \
    if (!(ec_a_ - ec_b_ <= ec_t_ && ec_b_ - ec_a_ <= ec_t_))                             \
      ::ectest::fail_near(__FILE__, __LINE__, #a " ~ " #b, ec_a_, ec_b_, ec_t_);         \
  } while (0)
