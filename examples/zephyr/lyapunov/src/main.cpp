// Zephyr example: the largest Lyapunov exponent of a random rate network below (g = 0.8) and
// well above (g = 3) the edge of chaos: negative below (perturbations die out), positive above
// (they grow: chaos). The network runs in lyapunov_demo.cpp (plain C++); this file prints.
#include <zephyr/kernel.h>
#include <zephyr/sys/printk.h>

#include "lyapunov_demo.h"

int main(void) {
  const float gains[] = {0.8f, 3.0f};
  for (const float g : gains) {
    const LyapunovResult r = run_lyapunov(g);
    printk("edgechaos: g = %.2f  status %s  lambda_max = %.4f +- %.4f per unit time\n", static_cast<double>(g),
           r.status, r.exponent, r.standard_error);
  }
  return 0;
}
