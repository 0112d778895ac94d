// Host build of the FORCE report (build-time tool): the console writes to a file, which
// the target's output is compared with (tests/target/cmake/compare_output.cmake).

#include "host_console.hpp"
#include "report.hpp"

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  return fw::run_host_report(argv[1], [] { return run_force_report("host"); });
}
