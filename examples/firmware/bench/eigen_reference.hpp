// The straightforward Eigen reference of the cost benchmark's Euler step, compiled in a
// translation unit of its own (eigen_reference.cpp): in bench.cpp, GCC's unit-wide inlining
// budget made the reference's code depend on the library code beside it (the N = 16 step
// once grew by 148 instructions, its elementwise assignment outlined, when the library's
// step changed).
#pragma once

#include "edgechaos/core/config.hpp"
#include "edgechaos/weights/couplings.hpp"

namespace fw {

/// x += dt (J tanh(x) - x): a noalias product into a fixed-size temporary (no heap) with
/// Eigen's own fast tanh. J is N x N, row-major. Instantiated for N = 16, 32, 64, 128.
template <int N>
void eigen_reference_euler_step(const float* J, edgechaos::Vector<N>& x, edgechaos::Vector<N>& tmp, float dt);

}  // namespace fw
