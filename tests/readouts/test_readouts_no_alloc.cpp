// The device readouts and trainers on fixed sizes never touch the heap, watched by the one
// harness (tests/support/no_alloc.hpp; its control test lives with it).
#include "support/no_alloc.hpp"  // first: it configures Eigen

#include "edgechaos/edgechaos.hpp"

namespace ec = edgechaos;
using no_alloc::expect_clean;
using no_alloc::Watch;

namespace {
constexpr int kF = 16, kK = 2;
}  // namespace

TEST(NoAlloc, StreamingRidgeAddAndSolve) {
  static ec::StreamingRidge<kF, kK> sr;
  static ec::ReadoutWeights<kF, kK> out;
  ec::Xoshiro128pp rng(1);
  ec::Vector<kF> f;
  ec::Vector<kK> y;
  ec::Status s[3] = {ec::Status::ok, ec::Status::ok, ec::Status::ok};
  Watch w;
  w.start();
  sr.reset();
  for (int i = 0; i < 100; ++i) {
    for (int j = 0; j < kF; ++j) f[j] = rng.next_uniform();
    y[0] = f.sum();
    y[1] = f[0] - f[1];
    const ec::Status si = sr.add(f, y);
    if (si != ec::Status::ok) s[0] = si;
  }
  s[1] = sr.solve(1e-6f, out);
  s[2] = sr.solve(-1.0f, out);  // the refusal path too
  w.stop();
  EXPECT_EQ(s[0], ec::Status::ok);
  EXPECT_EQ(s[1], ec::Status::ok);
  EXPECT_EQ(s[2], ec::Status::invalid_argument);
  expect_clean(w);
}

TEST(NoAlloc, RlsConfigureAndUpdate) {
  static ec::Rls<kF, kK> rls;
  ec::Xoshiro128pp rng(2);
  ec::Vector<kF> f;
  ec::Vector<kK> y;
  ec::Status s[2] = {ec::Status::ok, ec::Status::ok};
  Watch w;
  w.start();
  s[0] = rls.configure({1.0f, 0.999f, 2});
  for (int i = 0; i < 100; ++i) {
    for (int j = 0; j < kF; ++j) f[j] = rng.next_uniform();
    y[0] = f.sum();
    y[1] = f[0];
    const ec::Status si = rls.update(f, y);
    if (si != ec::Status::ok) s[1] = si;
  }
  w.stop();
  EXPECT_EQ(s[0], ec::Status::ok);
  EXPECT_EQ(s[1], ec::Status::ok);
  expect_clean(w);
}

TEST(NoAlloc, LinearReadoutObservingRk4) {
  constexpr int kN = kF;
  using Net = ec::RateNetwork<kN>;
  static ec::CouplingMatrix<kN> J;
  ASSERT_EQ(ec::generate_couplings({1.5f, 0.0f, 3u}, J), ec::Status::ok);
  Net net(J);
  static ec::ReadoutWeights<kF, kK> weights;
  for (int i = 0; i < kF * kK; ++i) weights.w[i] = 0.01f * static_cast<float>(i);
  ec::LinearReadout<kF, kK> readout(weights);
  ec::RK4<Net> rk4;
  ec::Vector<kN> x = ec::Vector<kN>::Constant(0.1f);
  ec::Vector<kK> y = ec::Vector<kK>::Zero();
  ec::Status p = ec::Status::ok;
  Watch w;
  w.start();
  const ec::RunResult r = ec::integrate_n(rk4, net, x, ec::NoDrive{}, 0.05f, 50, readout);
  p = readout.predict(x, y);
  no_alloc::g_sink = y[0];
  w.stop();
  EXPECT_EQ(r.status, ec::Status::ok);
  EXPECT_EQ(p, ec::Status::ok);
  EXPECT_EQ(readout.observed(), 50);
  expect_clean(w);
}
