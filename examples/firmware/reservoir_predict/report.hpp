// The reservoir_predict report, shared by the firmware (console = semihosting or UART) and
// its host build (console = a file), so the two outputs can be compared line by line.
#pragma once

// Runs the exported Mackey–Glass model (the form this translation unit was built with:
// arrays, image or seed) over the protocol of task.hpp and prints JSON lines. Returns 0 if
// every step succeeded, 1 otherwise.
int run_predict_report(const char* platform);
