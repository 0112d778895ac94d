// trace_report.cpp with FastTanh in place of the C library's tanhf (the bit-identity image).
#define REFERENCE_TRACE_FAST_TANH 1
#include "trace_report.cpp"
