// The sampler and the finder on fixed sizes never touch the heap, watched by the one
// harness (tests/support/no_alloc.hpp; its control test lives with it).
#include "support/no_alloc.hpp"  // first: it configures Eigen

#include "edgechaos/edgechaos.hpp"
#include "edgechaos/quasi/fixed_point_finder.hpp"
#include "edgechaos/quasi/langevin.hpp"

namespace ec = edgechaos;
using no_alloc::expect_clean;
using no_alloc::Watch;

namespace {
constexpr int kN = 32;
using Net = ec::RateNetwork<kN>;
}  // namespace

TEST(NoAlloc, LangevinSamplerConfigureStepAndRun) {
  static ec::CouplingMatrix<kN> J;
  ASSERT_EQ(ec::generate_couplings({1.2f, 0.3f, 3u}, J), ec::Status::ok);
  Net net(J);
  static ec::LangevinSampler<Net, 4, float> sampler;
  ec::LangevinConfig c;
  c.anneal_steps = 50;
  c.measure_steps = 100;
  c.blocks = 4;
  c.field = 0.01f;
  ec::LangevinResult r;
  ec::Status s[3];
  Watch w;
  w.start();
  s[0] = sampler.configure(net, c);
  s[1] = sampler.step(net, 10.0f);
  s[2] = sampler.run(net, r);
  w.stop();
  for (ec::Status si : s) EXPECT_EQ(si, ec::Status::ok);
  expect_clean(w);
}

template <bool kExact>
void finder_without_heap() {
  static ec::CouplingMatrix<kN> J;
  ASSERT_EQ(ec::generate_couplings({2.0f, 0.0f, 4u}, J), ec::Status::ok);
  Net net(J);
  static ec::FixedPointFinder<Net, 8, kExact> finder;
  ec::FixedPointConfig c;
  c.flow_steps = 40;
  Watch w;
  w.start();
  const ec::Status configured = finder.configure(net, c);
  const ec::Status s = finder.search(net, 6);
  w.stop();
  EXPECT_EQ(configured, ec::Status::ok);
  EXPECT_TRUE(s == ec::Status::ok || s == ec::Status::capacity_exceeded) << ec::to_string(s);
  EXPECT_GE(finder.size(), 1);
  expect_clean(w);
}

TEST(NoAlloc, FixedPointFinderDeviceStability) { finder_without_heap<false>(); }
TEST(NoAlloc, FixedPointFinderEigenSolverStability) { finder_without_heap<true>(); }
