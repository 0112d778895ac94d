// The reservoir models on fixed sizes never touch the heap: sparse generation, the sparse
// rate network (Euler, RK4), input weights, the echo-state map and the driven reservoir,
// watched by the one harness (tests/support/no_alloc.hpp).
#include "support/no_alloc.hpp"  // first: it configures Eigen

#include "edgechaos/edgechaos.hpp"

namespace ec = edgechaos;
using no_alloc::expect_clean;
using no_alloc::Watch;

TEST(NoAlloc, SparseNetworkEchoStateAndDrivenReservoir) {
  constexpr int N = 32, kCap = 200, M = 2;
  using Net = ec::SparseRateNetwork<N, kCap, M>;
  using Esn = ec::SparseEchoState<N, kCap, M>;
  static ec::SparseCouplings<N, kCap> J;
  static float W_in[N * M];
  static Net net;
  static Esn esn;
  static ec::DrivenReservoir<Net, ec::RK4<Net>> res;
  static ec::DrivenReservoir<Esn, ec::MapStepper<Esn>> map;
  ec::Status s[8] = {};
  Watch w;
  w.start();
  s[0] = J.generate({1.5f, 0.1f, 3u});
  s[1] = ec::generate_input_weights(ec::InputWeightParams{0.5f, 0.5f, ec::InputWeightKind::bernoulli, 4u}, W_in, N, M);
  s[2] = net.bind(J.view());
  s[3] = net.set_input_weights(W_in);
  s[4] = esn.bind(J.view());
  s[5] = esn.set_input_weights(W_in);
  s[6] = res.attach(net, ec::DriveConfig{0.1f, 3u});
  s[7] = map.attach(esn);
  for (int t = 0; t < 20; ++t) {
    const ec::Vector<M> u(0.1f * static_cast<float>(t), 0.5f);
    if (res.advance(u) != ec::Status::ok) s[0] = ec::Status::not_converged;
    if (map.advance(u) != ec::Status::ok) s[0] = ec::Status::not_converged;
  }
  no_alloc::g_sink = res.state()[0] + map.state()[0];
  w.stop();
  for (ec::Status si : s) EXPECT_EQ(si, ec::Status::ok);
  expect_clean(w);
}
