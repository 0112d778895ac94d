#include "ectest.hpp"

#include "cortexm/board.hpp"
#include "cortexm/console.hpp"

namespace ectest {

namespace {
struct Case {
  const char* name;
  TestFn fn;
};
constexpr int kMaxTests = 64;
Case g_cases[kMaxTests];
int g_count = 0;
bool g_overflow = false;
int g_failures_in_test = 0;
}  // namespace

bool add(const char* name, TestFn fn) {
  if (g_count == kMaxTests) {
    g_overflow = true;
    return false;
  }
  g_cases[g_count++] = Case{name, fn};
  return true;
}

void fail(const char* file, int line, const char* what) {
  ++g_failures_in_test;
  cortexm::put("  FAILED ");
  cortexm::put(file);
  cortexm::put(":");
  cortexm::put_int(line);
  cortexm::put(": ");
  cortexm::put(what);
  cortexm::newline();
}

void fail_near(const char* file, int line, const char* what, double a, double b, double tol) {
  fail(file, line, what);
  cortexm::put("    values ");
  cortexm::put_sci(static_cast<float>(a), 9);
  cortexm::put(" and ");
  cortexm::put_sci(static_cast<float>(b), 9);
  cortexm::put(", tolerance ");
  cortexm::put_sci(static_cast<float>(tol), 3);
  cortexm::newline();
}

int run_all() {
  int failed = 0;
  for (int i = 0; i < g_count; ++i) {
    g_failures_in_test = 0;
    cortexm::put("[ RUN  ] ");
    cortexm::put(g_cases[i].name);
    cortexm::newline();
    g_cases[i].fn();
    cortexm::put(g_failures_in_test == 0 ? "[  OK  ] " : "[ FAIL ] ");
    cortexm::put(g_cases[i].name);
    cortexm::newline();
    if (g_failures_in_test != 0) ++failed;
  }
  cortexm::put_int(g_count);
  cortexm::put(" tests, ");
  cortexm::put_int(failed);
  cortexm::put(" failed\n");
  if (g_overflow) cortexm::put("harness: too many tests registered\n");
  return (failed == 0 && !g_overflow && g_count > 0) ? cortexm::kExitPass : cortexm::kExitFail;
}

}  // namespace ectest

int main() { return ectest::run_all(); }
