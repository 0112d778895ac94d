// The reference_trace report, shared by the firmware (console = semihosting or UART) and its
// host build (console = a file), so the two outputs can be compared line by line.
#pragma once

// Runs the NumPy reference model (reference_model.hpp, exported by `edgechaos import`) over
// the reference input (reference_input.hpp) and prints JSON lines. 0 if every step succeeded.
int run_trace_report(const char* platform);
