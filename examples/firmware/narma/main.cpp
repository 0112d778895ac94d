// Firmware: a NARMA10 readout trained on the device by the streaming ridge (QEMU or a board).
#include "cortexm/board.hpp"
#include "report.hpp"

#ifndef EDGECHAOS_TARGET_NAME
#define EDGECHAOS_TARGET_NAME "cortex-m"
#endif

int main() {
  cortexm::counter_start();
  return run_narma_report(EDGECHAOS_TARGET_NAME);
}
