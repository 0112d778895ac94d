#include "eigen_reference.hpp"

namespace fw {

template <int N>
void eigen_reference_euler_step(const float* J, edgechaos::Vector<N>& x, edgechaos::Vector<N>& tmp, float dt) {
  const Eigen::Map<const edgechaos::CouplingMatrix<N>> Jm(J);
  tmp.noalias() = Jm * x.array().tanh().matrix();
  x += dt * (tmp - x);
}

template void eigen_reference_euler_step<16>(const float*, edgechaos::Vector<16>&, edgechaos::Vector<16>&, float);
template void eigen_reference_euler_step<32>(const float*, edgechaos::Vector<32>&, edgechaos::Vector<32>&, float);
template void eigen_reference_euler_step<64>(const float*, edgechaos::Vector<64>&, edgechaos::Vector<64>&, float);
template void eigen_reference_euler_step<128>(const float*, edgechaos::Vector<128>&, edgechaos::Vector<128>&,
                                              float);

}  // namespace fw
