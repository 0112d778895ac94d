// The deep-network cases run both by the host generator (gen_deepnet_golden.cpp, reproducible
// mode) and on the target (test_deepnet_target.cpp): the same code, hashed bit for bit.
// FastTanh, not Tanh: the C libraries' tanhf differ in their last bits (activation.hpp).
#pragma once

#include <cstdint>

#include "edgechaos/models/deep_net.hpp"
#include "fnv1a.hpp"

namespace deepnet_golden {

using Hash = fw::Fnv1a64;  // FNV-1a over the bytes of each 32-bit word

struct Case {
  float sigma_w, sigma_b;
  std::uint64_t seed;
  std::uint32_t depth;
  float q0, c0;
};

// Depth 1000 everywhere (depth costs no memory: the microbit runs it too): both phases at
// N = 8 (ordered: sigma_w = 1, sigma_b = 0.5, chi1 = 0.58; chaotic: sigma_w = 3,
// sigma_b = 0.3, chi1 = 1.84) and the chaotic point again at N = 32.
// At N = 8 the chaotic case does not stay decorrelated: c wanders near 1 (sampling spread
// about 0.35 per layer), the two activities come within rounding of each other and merge bit
// for bit (by layer 200 here), and identical inputs stay identical. A finite-width,
// finite-precision effect; at N = 32 c stays near c* = 0.07.
constexpr Case kCases8[] = {{1.0f, 0.5f, 11u, 1000u, 1.0f, 0.3f}, {3.0f, 0.3f, 12u, 1000u, 1.0f, 0.3f}};
constexpr Case kCase32 = {3.0f, 0.3f, 12u, 1000u, 1.0f, 0.3f};

struct Result {
  std::uint64_t hash = 0;  // over q_a, q_b, q_ab, c of every layer and the final activity
  std::uint32_t layers = 0;
  float last_c = 0.0f, last_q = 0.0f;
  float mean_c_last100 = 0.0f;  // c averaged over the last 100 layers
};

template <int N>
Result run(edgechaos::DeepNet<N, edgechaos::FastTanh>& net, const Case& k) {
  Result r;
  if (net.set_params({k.sigma_w, k.sigma_b, k.seed}) != edgechaos::Status::ok) return r;
  if (net.set_input_pair(k.q0, k.c0, k.seed + 100u) != edgechaos::Status::ok) return r;
  Hash h;
  const edgechaos::Status s = net.propagate(k.depth, [&](const edgechaos::DeepLayerStats& st) {
    h.add(st.q_a);
    h.add(st.q_b);
    h.add(st.q_ab);
    h.add(st.c);
    if (st.layer + 100u > k.depth) r.mean_c_last100 += 0.01f * st.c;
  });
  if (s != edgechaos::Status::ok) return r;
  for (int i = 0; i < N; ++i) {
    h.add(net.x_a()[i]);
    h.add(net.x_b()[i]);
  }
  r.hash = h.h;
  r.layers = net.layer();
  r.last_c = net.stats().c;
  r.last_q = 0.5f * (net.stats().q_a + net.stats().q_b);
  return r;
}

}  // namespace deepnet_golden
