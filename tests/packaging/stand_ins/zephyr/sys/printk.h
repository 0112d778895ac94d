// STAND-IN, not Zephyr's printk.h: printk declared as Zephyr declares it (printf-like, so
// that the compiler checks the format against the arguments). For the compile check of
// tests/packaging only; nothing is linked.
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

void printk(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

#ifdef __cplusplus
}
#endif
