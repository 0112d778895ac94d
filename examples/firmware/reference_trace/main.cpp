// Firmware: the NumPy reference model's golden trace on the device (QEMU or a board).
#include "cortexm/board.hpp"
#include "trace_report.hpp"

#ifndef EDGECHAOS_TARGET_NAME
#define EDGECHAOS_TARGET_NAME "cortex-m"
#endif

int main() { return run_trace_report(EDGECHAOS_TARGET_NAME); }
