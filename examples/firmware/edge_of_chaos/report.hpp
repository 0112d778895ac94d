// The edge-of-chaos report, shared by the firmware (console = semihosting or UART) and
// its host build (console = a file), so the two outputs can be compared line by line.
#pragma once

// Runs N = 64 below (g = 0.8) and above (g = 1.5) the edge of chaos and prints the
// report; returns 0 if the physics came out as expected (decay below, finite activity
// above), 1 otherwise.
int run_edge_of_chaos_report(const char* platform);
