// The smallest real use: a 16-neuron network, random couplings, RK4 with the energy monitor.
// Returns 0 only if every call succeeded and the run stayed finite.
#include <cstdio>

#include <edgechaos/edgechaos.hpp>

int main() {
  namespace ec = edgechaos;
  static ec::CouplingMatrix<16> J;
  if (ec::generate_couplings(ec::CouplingParams{1.5f, 0.0f, 42u}, J) != ec::Status::ok) return 1;
  ec::RateNetwork<16> net(J);
  ec::RK4<ec::RateNetwork<16>> rk4;
  ec::EnergyMonitor<float> monitor;
  ec::Vector<16> x = ec::Vector<16>::Constant(0.5f);
  for (int k = 0; k < 1000; ++k) {
    const ec::Status s = rk4.step(net, x, 0.05f, monitor);
    if (s != ec::Status::ok) {
      std::printf("step %d failed: %s\n", k, ec::to_string(s));
      return 2;
    }
  }
  if (monitor.steps() != 1000u || monitor.diverged() || !x.allFinite()) return 3;
  std::printf("consumer ok: E/N mean %.4g, activity %.4g\n", static_cast<double>(monitor.energy_mean()),
              static_cast<double>(monitor.activity_mean()));
  return 0;
}
