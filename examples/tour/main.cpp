#include <cstdio>
#include "edgechaos/edgechaos.hpp"
namespace ec = edgechaos;

int main() {
  using Net = ec::RateNetwork<64, 0, ec::FastTanh>;      // N = 64 neurons, no inputs
  static ec::CouplingMatrix<64> J;                        // static storage: no heap
  if (ec::generate_couplings({2.0f, 0.0f, 1u}, J) != ec::Status::ok) return 1;  // g, gamma, seed
  Net net(J);                                             // a view: J could be const, in flash
  Net::State x = Net::State::Constant(0.5f);
  ec::RK4<Net> rk4;                                       // owns its fixed workspace
  ec::EnergyMonitor<> monitor;                            // streaming E/N, speed, activity
  for (int k = 0; k < 4000; ++k) {
    const ec::Status s = rk4.step(net, x, 0.05f, monitor);  // the monitor reuses the step's v
    if (s != ec::Status::ok) { std::printf("stopped: %s\n", ec::to_string(s)); return 1; }
  }
  std::printf("activity %.3f  E/N %.4f  fixed point: %s\n", double(monitor.activity_mean()),
              double(monitor.energy_mean()), monitor.at_fixed_point() ? "yes" : "no");
  return 0;
}
