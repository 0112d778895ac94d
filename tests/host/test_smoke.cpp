#include <gtest/gtest.h>

#include "edgechaos/edgechaos.hpp"

namespace ec = edgechaos;

// A network with J = 0 relaxes as x(t) = x0 e^{-t}; Euler gives (1 - dt)^k exactly.
TEST(Smoke, ZeroCouplingsDecayGeometricallyUnderEuler) {
  static ec::CouplingMatrix<8> J = ec::CouplingMatrix<8>::Zero();
  ec::RateNetwork<8> net(J);
  ec::Euler<ec::RateNetwork<8>> euler;
  ec::Vector<8> x = ec::Vector<8>::Constant(1.0f);
  for (int k = 0; k < 10; ++k) ASSERT_EQ(euler.step(net, x, 0.5f), ec::Status::ok);
  EXPECT_FLOAT_EQ(x[3], 1.0f / 1024.0f);
}
