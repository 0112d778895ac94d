// STAND-IN, not Zephyr's kernel.h: the edgechaos Zephyr example uses nothing from it but
// what the real one also brings in (printk). For the compile check of tests/packaging only.
#pragma once

#include <zephyr/sys/printk.h>
