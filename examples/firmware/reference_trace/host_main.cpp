// Host build of the reference_trace report (build-time tool): the desktop's run of the same
// header and source, written to argv[1]; the firmware's output is compared with it.

#include "host_console.hpp"
#include "trace_report.hpp"

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  return fw::run_host_report(argv[1], [] { return run_trace_report("host"); });
}
