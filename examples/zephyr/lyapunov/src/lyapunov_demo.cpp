// The network part of the Zephyr example, plain C++: the largest Lyapunov exponent as the
// library measures it, a tangent vector advanced by the same RK4 steps as the state and
// renormalised every 10 steps (chaos/lyapunov.hpp). At rest (g < 1) it is the top of the
// spectrum of -1 + J, near g - 1; above the edge of chaos it is positive (PHYSICS.md). A
// network this small needs g well above 1: near g = 1.5 it often settles on a cycle (0).
#include "lyapunov_demo.h"

#include "edgechaos/edgechaos.hpp"

namespace {

namespace ec = edgechaos;

constexpr int kN = 64;
constexpr float kDt = 0.1f;
constexpr int kTransient = 1000;
constexpr int kMeasured = 4000;

using Net = ec::RateNetwork<kN, 0, ec::FastTanh>;

// Static storage (about 19 KiB: J is 16 KiB): the stepper keeps the state's and the tangent's stages.
ec::CouplingMatrix<kN> g_J;
ec::Lyapunov<Net, ec::TangentScheme::rk4> g_lyapunov;

}  // namespace

LyapunovResult run_lyapunov(float g) {
  LyapunovResult r{"ok", 0.0, 0.0};
  ec::Status s = ec::generate_couplings({g, 0.0f, 1u}, g_J);  // gain g, gamma 0, seed 1
  if (s == ec::Status::ok) s = g_lyapunov.configure(ec::LyapunovConfig{});
  const Net net(g_J);
  Net::State x = Net::State::Constant(0.5f);
  for (int k = 0; k < kTransient + kMeasured && s == ec::Status::ok; ++k) {
    if (k == kTransient) g_lyapunov.reset_statistics();
    s = g_lyapunov.step(net, x, kDt);
  }
  if (s != ec::Status::ok) {
    r.status = ec::to_string(s);
    return r;
  }
  r.exponent = g_lyapunov.exponent();
  r.standard_error = g_lyapunov.standard_error();
  return r;
}
