// The main example: one network of N = 256 neurons just below (g = 0.8) and well above
// (g = 1.5) the edge of chaos g(1 + gamma) = 1, gamma = 0. Below, activity and energy die
// out (the null fixed point is stable); above, they stay finite (chaos).
// Everything is fixed-size and statically allocated, as on a microcontroller; the firmware
// example (examples/firmware/edge_of_chaos) prints the same report for N = 64.
#include <cstdio>

#include "edgechaos/edgechaos.hpp"

namespace ec = edgechaos;

namespace {

constexpr int kN = 256;
using Net = ec::RateNetwork<kN, 0, ec::FastTanh>;

// J is 256 KiB: kept in a plain static array and viewed (as a firmware keeps J in flash).
alignas(64) float g_couplings[kN * kN];

constexpr float kDt = 0.05f;
constexpr int kWindowSteps = 400;  // 20 time units per report line
constexpr int kWindows = 10;

void report(float g) {
  const ec::Status made = ec::generate_couplings(ec::CouplingParams{g, 0.0f, 2024u}, g_couplings, kN);
  if (made != ec::Status::ok) {
    std::printf("coupling generation failed: %s\n", ec::to_string(made));
    return;
  }
  Net net(g_couplings);
  ec::RK4<Net> rk4;
  Net::State x;
  const ec::Status drawn = ec::initial_state(x, 1.0f, 7u);  // x_i ~ N(0, 1)
  if (drawn != ec::Status::ok) {
    std::printf("initial state failed: %s\n", ec::to_string(drawn));
    return;
  }

  std::printf("\nN = %d, g = %.2f, gamma = 0: g(1+gamma) = %.2f, %s the edge of chaos\n", kN,
              static_cast<double>(g), static_cast<double>(g), g < 1.0f ? "below" : "above");
  ec::EnergyMonitor<double> window;
  for (int w = 0; w < kWindows; ++w) {
    window.reset();
    for (int k = 0; k < kWindowSteps; ++k) {
      const ec::Status s = rk4.step(net, x, kDt, window);
      if (s != ec::Status::ok) {
        std::printf("  step failed: %s\n", ec::to_string(s));
        return;
      }
    }
    const double t = (w + 1) * kWindowSteps * static_cast<double>(kDt);
    std::printf("  t = %.0f  activity %.4e  E/N %.4e  speed %.4e\n", t, window.activity_mean(),
                window.energy_mean(), window.speed_mean());
  }
  if (window.at_fixed_point()) {
    std::printf("  -> at rest: E/N stayed below %.0e for the last %u steps (null fixed point)\n",
                window.config().fixed_point_energy, window.config().fixed_point_window);
  } else {
    std::printf("  -> active: mean E/N %.2e over the last %.0f time units, min %.2e - it keeps moving\n",
                window.energy_mean(), kWindowSteps * static_cast<double>(kDt), window.energy_min());
  }
}

}  // namespace

int main() {
  std::printf("edgechaos main example: dx/dt = -x + J tanh(x), Var J_ij = g^2/N, RK4, dt = %.2f\n",
              static_cast<double>(kDt));
  std::printf("activity = (1/N)|x|^2, E/N = |dx/dt|^2 / (2N): averages over each 20-unit window\n");
  report(0.8f);
  report(1.5f);
  return 0;
}
