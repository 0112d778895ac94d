// Instantiates the quasi-potential, the Langevin sampler and the fixed-point finder at N = 32
// for Cortex-M4F: a compile-only check (not part of the host build) that they build
// freestanding and reference no heap. From the repository root:
//   arm-none-eabi-g++ -std=c++17 -mcpu=cortex-m4 -mthumb -mfpu=fpv4-sp-d16 -mfloat-abi=hard
//     -fno-exceptions -fno-rtti -DNDEBUG -O2 -Ilib/include -isystem /usr/include/eigen3
//     -Wall -Wextra -Wconversion -Wshadow -c tests/quasi/m4_compile_check.cpp -o /tmp/q.o
//   arm-none-eabi-nm -u /tmp/q.o     # must list no malloc, free, operator new or delete
// The M4F QEMU run of these classes belongs to tests/target.
#include "edgechaos/edgechaos.hpp"
#include "edgechaos/fixed_points.hpp"
#include "edgechaos/langevin.hpp"
#include "edgechaos/quasi_potential.hpp"

namespace ec = edgechaos;
using Net = ec::RateNetwork<32>;

alignas(8) static float J[32 * 32];
static ec::LangevinSampler<Net, 4, float> sampler;
static ec::FixedPointFinder<Net, 8> finder;  // device stability (power iteration)
static ec::QuasiPotential<Net> qp;

int quasi_entry() {
  ec::generate_couplings({1.2f, 0.0f, 1u}, J, 32);
  Net net(J);
  ec::LangevinConfig c;
  c.measure_steps = 100;
  c.blocks = 4;
  c.field = 0.01f;
  ec::LangevinResult r;
  int failures = 0;
  failures += sampler.configure(net, c) != ec::Status::ok;
  failures += sampler.run(net, r) != ec::Status::ok;
  ec::Vector<32> x = sampler.replica(0), grad;
  failures += qp.gradient(net, x, grad) != ec::Status::ok;
  failures += finder.configure(net, ec::FixedPointConfig{}) != ec::Status::ok;
  failures += finder.search(net, 4) == ec::Status::invalid_argument;
  return failures + static_cast<int>(r.energy_per_neuron > 1.0);
}
