// The network part of the EdgeOfChaos sketch, plain C++ (no Arduino.h): dx/dt = -x + J tanh(x)
// with Var J_ij = g^2 / N. The null fixed point loses stability at g = 1 (PHYSICS.md): below,
// the state decays to rest; above, it wanders chaotically with an O(1) activity.
#include "edge_of_chaos_demo.h"

#include <edgechaos.h>

namespace {

namespace ec = edgechaos;

constexpr int kN = 32;
constexpr float kDt = 0.1f;
constexpr int kSteps = 2000;  // 200 time units; the second half is measured

using Net = ec::RateNetwork<kN, 0, ec::FastTanh>;

// Static storage (about 5 KiB): nothing here lives on the heap, little on the stack.
ec::CouplingMatrix<kN> g_J;
ec::RK4<Net> g_rk4;

}  // namespace

EdgeOfChaosResult run_edge_of_chaos(float g) {
  EdgeOfChaosResult r{"ok", 0.0f, 0.0f, false};
  ec::Status s = ec::generate_couplings({g, 0.0f, 1u}, g_J);  // gain g, gamma 0, seed 1
  const Net net(g_J);
  Net::State x = Net::State::Constant(0.5f);
  ec::EnergyMonitor<> monitor;
  for (int k = 0; k < kSteps && s == ec::Status::ok; ++k) {
    if (k == kSteps / 2) monitor.reset();  // forget the transient
    s = g_rk4.step(net, x, kDt, monitor);
  }
  if (s != ec::Status::ok) {
    r.status = ec::to_string(s);
    return r;
  }
  r.activity = monitor.activity_mean();
  r.energy = monitor.energy_mean();
  r.at_rest = monitor.at_fixed_point();
  return r;
}
