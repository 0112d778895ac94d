// host/langevin_run.hpp: the replica count chosen at run time, as the CLI and Python call it.
// N = 24, g = 1.2, seed 71; the stability estimate against the SVD of M = -I + J.
#include <gtest/gtest.h>

#include <Eigen/SVD>

#include "edgechaos/host/langevin_run.hpp"
#include "edgechaos/models/rate_network.hpp"
#include "edgechaos/weights/couplings.hpp"

namespace ec = edgechaos;

namespace {

constexpr int kN = 24;
using Net = ec::RateNetwork<ec::Dynamic>;

struct Fixture {
  Eigen::MatrixXf J = Eigen::MatrixXf::Zero(kN, kN);
  Net net;
  Fixture() {
    EXPECT_EQ(ec::generate_couplings({1.2f, 0.0f, 71u}, J.data(), kN), ec::Status::ok);
    EXPECT_EQ(net.bind(J.data(), kN), ec::Status::ok);
  }
  double sigma() const {
    const Eigen::MatrixXd M = J.cast<double>() - Eigen::MatrixXd::Identity(kN, kN);
    return Eigen::JacobiSVD<Eigen::MatrixXd>(M).singularValues()[0];
  }
};

}  // namespace

TEST(LangevinRun, ReplicaCountsOutsideTwoToEightAreRefused) {
  Fixture f;
  ec::LangevinConfig c;
  c.anneal_steps = 10;
  c.measure_steps = 20;
  for (int r : {-1, 0, 1, 9, 100}) EXPECT_EQ(ec::run_langevin(f.net, c, r).status, ec::Status::invalid_argument) << r;
}

TEST(LangevinRun, EveryReplicaCountRunsAndCountsItsSteps) {
  Fixture f;
  ec::LangevinConfig c;
  c.anneal_steps = 10;
  c.measure_steps = 20;
  c.blocks = 2;
  for (int r = ec::kLangevinMinReplicas; r <= ec::kLangevinMaxReplicas; ++r) {
    int calls = 0;
    const ec::LangevinResult out = ec::run_langevin(f.net, c, r, [&calls] { ++calls; });
    EXPECT_EQ(out.status, ec::Status::ok) << r;
    EXPECT_EQ(out.steps, 30u) << r;
    EXPECT_EQ(calls, 30) << r;  // the callback once per committed step
  }
}

TEST(LangevinRun, ARefusedStepReportsTheEstimateItWasRefusedOn) {
  Fixture f;
  const double sigma = f.sigma();
  ec::LangevinConfig c;
  c.dt = static_cast<float>(2.05 / (sigma * sigma));  // just above the stability limit
  const ec::LangevinResult out = ec::run_langevin(f.net, c, 4);
  EXPECT_EQ(out.status, ec::Status::step_too_large);
  // The power iteration approaches sigma_max from below (quasi/langevin.hpp).
  EXPECT_LE(out.sigma_max, sigma * 1.0001);
  EXPECT_GT(out.sigma_max, sigma * 0.95);
}
