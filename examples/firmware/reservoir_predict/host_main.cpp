// Host build of the reservoir_predict report (build-time tool): the desktop's run of the
// same header, written to argv[1]; the firmware's output must equal it (check_output.cmake).

#include "host_console.hpp"
#include "report.hpp"

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  return fw::run_host_report(argv[1], [] { return run_predict_report("host"); });
}
