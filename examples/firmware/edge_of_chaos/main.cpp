// Firmware: the edge-of-chaos report on a Cortex-M (QEMU or a real board).
#include "report.hpp"

#ifndef EDGECHAOS_TARGET_NAME
#define EDGECHAOS_TARGET_NAME "cortex-m"
#endif

int main() { return run_edge_of_chaos_report(EDGECHAOS_TARGET_NAME); }
