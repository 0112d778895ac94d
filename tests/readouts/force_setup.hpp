// The N = 128 FORCE setup of the tests: the network of examples/force/force_network.hpp
// for one seed, run with the library's float32 trainer (FastTanh, as on the device).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "edgechaos/edgechaos.hpp"
#include "force_network.hpp"

namespace force_test {

namespace ec = edgechaos;
namespace force = edgechaos::force;

struct ForceSetup {
  static constexpr int kN = 128;
  using Net = ec::RateNetwork<kN, 1, ec::FastTanh>;
  std::vector<float> J = std::vector<float>(kN * kN), wf = std::vector<float>(kN), x0 = std::vector<float>(kN);
  float z0 = 0;
  explicit ForceSetup(std::uint64_t seed) {
    force::NetworkParams q;
    q.seed = seed;
    EXPECT_EQ(force::generate_network(q, kN, J.data(), wf.data(), x0.data(), z0), ec::Status::ok);
  }
  template <class OnStep>
  force::PhaseResult run(const force::Protocol& pr, OnStep&& on_step) {
    Net net(J.data());
    EXPECT_EQ(net.set_input_weights(wf.data(), 1), ec::Status::ok);
    auto trainer = std::make_unique<ec::ForceTrainer<kN, ec::FastTanh>>();
    auto euler = std::make_unique<ec::Euler<Net>>();
    ec::Vector<kN> x = Eigen::Map<const ec::Vector<kN>>(x0.data());
    return force::run_protocol(*trainer, *euler, net, x, z0, pr, on_step);
  }
};

}  // namespace force_test
