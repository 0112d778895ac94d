// The FORCE firmware's report, shared by the image (console = semihosting or UART) and its
// host build (console = a file), so the two outputs can be compared line by line.
#pragma once

// Trains FORCE from scratch at N = 128 (period 30) and runs it free; prints JSON lines.
// Returns 0 if the run completed and the errors are finite, 1 otherwise.
int run_force_report(const char* platform);
