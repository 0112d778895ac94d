// The device path of the balanced network (FixedBalancedNetwork, AsyncUpdate, the two
// monitors over static records) never touches the heap: wiring, parameters, state, a run
// with observers, and the refusals - watched by the one harness (tests/support/no_alloc.hpp;
// its control test, which proves each witness sees an allocation, lives with it).
#include "support/no_alloc.hpp"  // first: it configures Eigen

#include "edgechaos/models/balanced_network.hpp"
#include "edgechaos/monitors/population_monitor.hpp"
#include "edgechaos/monitors/unit_activity_monitor.hpp"
#include "edgechaos/steppers/async_update.hpp"

namespace ec = edgechaos;

TEST(BalancedNoAlloc, WireSetRunObserve) {
  static ec::FixedBalancedNetwork<64, 64, 8> net;
  static ec::UnitRecord records[128];
  ec::AsyncUpdate up;
  ec::PopulationMonitor pop;
  ec::UnitActivityMonitor units;
  ec::BalancedParams p;
  p.m0 = 0.4f;
  ec::BalancedParams bad = p;
  bad.m0 = 2;
  ec::Status s[7];
  ec::RunResult r;
  no_alloc::Watch w;
  w.start();
  s[0] = net.wire(1);
  s[1] = net.set_params(p);
  s[2] = net.set_random_state(0.2f, 2);
  s[3] = up.reset(net, 3);
  s[4] = units.attach(records, 128);
  r = up.run(net, 20000, ec::observe_all(pop, units));
  s[5] = net.set_params(bad);
  s[6] = up.step(net);
  no_alloc::g_sink = static_cast<float>(pop.mean_rate(net, ec::Population::excitatory) + units.cv_mean(0, 128));
  w.stop();
  for (int i = 0; i < 7; ++i) EXPECT_EQ(s[i], i == 5 ? ec::Status::invalid_argument : ec::Status::ok) << i;
  EXPECT_EQ(r.status, ec::Status::ok);
  no_alloc::expect_clean(w);
}
