// FORCE at the firmware's full length (label "physics": about 1 s optimised, 30 s under
// ASan): the float32 library against the double reference for the network and seed the
// firmware trains (examples/firmware/force: N = 128, period 30, seed 1, 1440 time units of
// training), the issue's "device float32 train MAE within 5 % of the double desktop result
// for the same network and seed". The firmware's output equals this float32 run bit for bit
// (fw_force_matches_host on M4F, M7, M33), so this is the device's number.
// Measured: f32 0.024993, f64 0.025343 (-1.4 %). Not every seed passes at this length: on
// seeds where FORCE does not lock on (train MAE above 0.1, e.g. seeds 9 and 20) the
// trajectory stays chaotic during training and the two precisions differ by 10-16 %
// (docs/force.md).
#include <gtest/gtest.h>

#include "force_reference.hpp"
#include "force_setup.hpp"

namespace {

using force_test::ForceSetup;
namespace force = edgechaos::force;

TEST(ForcePhysics, DeviceRunFloat32WithinFivePercentOfDouble) {
  ForceSetup run(1);
  force::Protocol pr;
  pr.period = 30;
  pr.train_steps = 14400;
  pr.test_steps = 0;
  const force::PhaseResult r = run.run(pr, [](long, double, float, float, force::Phase) {});
  ASSERT_EQ(r.status, edgechaos::Status::ok);
  const force::ReferenceResult ref =
      force::run_reference(run.J.data(), run.wf.data(), run.x0.data(), run.z0, ForceSetup::kN, pr);
  ASSERT_TRUE(ref.finite);
  EXPECT_NEAR(r.mae_train / ref.mae_train, 1.0, 0.05) << "f32 " << r.mae_train << ", f64 " << ref.mae_train;
}

}  // namespace
