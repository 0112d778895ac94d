// No heap: fixed-size coupling generation, every stepper of the step protocol (Euler,
// RK4, Euler-Maruyama, both Lyapunov schemes), integrate_n with composed observers and
// the monitor run without a single allocation, watched by the one harness
// (tests/support/no_alloc.hpp). The quasi-potential cases are in tests/quasi.
#include "support/no_alloc.hpp"  // first: it configures Eigen

#include <limits>

#include "edgechaos/edgechaos.hpp"

namespace ec = edgechaos;
using no_alloc::expect_clean;
using no_alloc::g_sink;
using no_alloc::Watch;

namespace {

constexpr int kN = 32, kM = 4;

// Builds a fixed-size network and runs one stepper through successful and failing steps,
// all inside a watched region. Static storage keeps the matrices off the test's stack.
template <template <class> class Stepper, class Act>
Watch run_stepper(float dt) {
  using Net = ec::RateNetwork<kN, kM, Act>;
  static ec::CouplingMatrix<kN> J;
  static float W[kN * kM];
  static float Jraw[kN * kN];
  Watch w;
  w.start();
  {
    ec::Status s = ec::generate_couplings(ec::CouplingParams{1.5f, 0.2f, 3u}, J);
    s = ec::generate_couplings(ec::CouplingParams{1.5f, 0.2f, 3u}, Jraw, kN);
    s = ec::generate_input_weights(0.5f, 4u, W, kN, kM);
    Net net(J);
    s = net.set_input_weights(W);
    s = net.set_bias(ec::Vector<kN>::Constant(0.01f));
    Stepper<Net> stepper;
    ec::EnergyMonitor<float> monitor;
    s = monitor.configure(ec::MonitorConfig{});
    ec::Vector<kN> x = ec::Vector<kN>::LinSpaced(-1.0f, 1.0f);
    const ec::Vector<kM> u(0.1f, 0.2f, 0.3f, 0.4f);
    for (int k = 0; k < 100; ++k) s = stepper.step(net, x, u, dt, monitor);
    for (int k = 0; k < 10; ++k) s = stepper.step(net, x, dt, monitor);  // the u = 0 overload
    s = stepper.step(net, x, u, -1.0f, monitor);                          // failure paths
    ec::Vector<kN> bad = x;
    bad[0] = std::numeric_limits<float>::quiet_NaN();
    s = stepper.step(net, bad, u, dt, monitor);
    ec::Vector<kN> out, scratch;  // the Jacobian product of Lyapunov estimators
    net.jacobian_times(stepper.phi(), x, out, scratch);
    g_sink = out.sum() + stepper.velocity().sum() + monitor.energy_mean() + static_cast<float>(s);
  }
  w.stop();
  return w;
}

// EulerMaruyama needs a sigma to draw noise: a subclass with a default constructor.
template <class Net>
struct NoisyEM : ec::EulerMaruyama<Net> {
  NoisyEM() : ec::EulerMaruyama<Net>(0.2f, 9u) {}
};

}  // namespace

TEST(NoAlloc, EulerWithTanh) { expect_clean(run_stepper<ec::Euler, ec::Tanh>(0.05f)); }
TEST(NoAlloc, Rk4WithTanh) { expect_clean(run_stepper<ec::RK4, ec::Tanh>(0.1f)); }
TEST(NoAlloc, EulerMaruyamaWithTanh) { expect_clean(run_stepper<NoisyEM, ec::Tanh>(0.05f)); }
TEST(NoAlloc, Rk4WithFastTanh) { expect_clean(run_stepper<ec::RK4, ec::FastTanh>(0.1f)); }
TEST(NoAlloc, EulerWithLinear) { expect_clean(run_stepper<ec::Euler, ec::Linear>(0.01f)); }

TEST(NoAlloc, RunningStatsAndNormalStream) {
  Watch w;
  w.start();
  {
    ec::RunningStats<3, double> stats;
    ec::NormalStream normal(5u);
    for (int k = 0; k < 1000; ++k) stats.add(ec::RunningStats<3, double>::Values(normal.next(), normal.next(), 1.0));
    g_sink = static_cast<float>(stats.variance().sum());
  }
  w.stop();
  expect_clean(w);
}

template <class Net>
using LyapunovEuler = ec::Lyapunov<Net, ec::TangentScheme::euler>;
TEST(NoAlloc, LyapunovRk4WithTanh) { expect_clean(run_stepper<ec::Lyapunov, ec::Tanh>(0.1f)); }
TEST(NoAlloc, LyapunovEulerWithFastTanh) { expect_clean(run_stepper<LyapunovEuler, ec::FastTanh>(0.05f)); }

TEST(NoAlloc, IntegrateNWithADriveAndComposedObservers) {
  using Net = ec::RateNetwork<kN, kM>;
  static ec::CouplingMatrix<kN> J;
  static float W[kN * kM];
  Watch w;
  w.start();
  {
    ec::Status s = ec::generate_couplings(ec::CouplingParams{1.5f, 0.0f, 5u}, J);
    s = ec::generate_input_weights(0.5f, 6u, W, kN, kM);
    Net net(J);
    s = net.set_input_weights(W);
    ec::RK4<Net> rk4;
    ec::EnergyMonitor<float> monitor;
    float last_t = 0.0f;
    auto clock = [&](const ec::StepView<ec::Vector<kN>>& view) { last_t = view.t; };
    auto both = ec::observe_all(monitor, clock);
    auto drive = [](std::uint64_t k, ec::Scalar) { return ec::Vector<kM>::Constant(0.01f * static_cast<float>(k % 7)); };
    ec::Vector<kN> x = ec::Vector<kN>::LinSpaced(-1.0f, 1.0f);
    const ec::RunResult r = ec::integrate_n(rk4, net, x, drive, 0.05f, 200, both);
    g_sink = x.sum() + monitor.energy_mean() + last_t + static_cast<float>(r.steps) + static_cast<float>(s);
  }
  w.stop();
  expect_clean(w);
}
