// Firmware: the exported Mackey–Glass predictor on the device (QEMU or a board).
#include "cortexm/board.hpp"
#include "report.hpp"

#ifndef EDGECHAOS_TARGET_NAME
#define EDGECHAOS_TARGET_NAME "cortex-m"
#endif

int main() {
  cortexm::counter_start();
  return run_predict_report(EDGECHAOS_TARGET_NAME);
}
