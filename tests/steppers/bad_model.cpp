// Must NOT compile: a model without velocity(). The ctest passes when the compiler's
// message names the missing piece (models/net_concept.hpp), not an error deep in a stepper.
#include "edgechaos/edgechaos.hpp"

struct NoVelocity {
  static constexpr int kNeurons = 4;
  static constexpr int kInputs = 0;
  using State = edgechaos::Vector<4>;
  using Input = edgechaos::Vector<0>;
  bool bound() const { return true; }
  edgechaos::Index size() const { return 4; }
  edgechaos::Index inputs() const { return 0; }
};

int main() {
  edgechaos::RK4<NoVelocity> stepper;
  (void)stepper;
}
