// The golden-model cases: the SAME code runs in the host generator (gen_golden.cpp,
// compiled with the host compiler in reproducible mode at build time) and in the target
// test (test_golden.cpp). The host's results become golden.hpp; the target must
// reproduce them bit for bit.
//
// Reproducible mode = fixed summation order (detail/matvec.hpp), no FMA contraction
// (-ffp-contract=off, EDGECHAOS_REPRODUCIBLE) and a deterministic activation (FastTanh:
// +, *, / only; SinhTanh: also sqrt, correctly rounded everywhere). Everything else in a step is IEEE-754 basic arithmetic, so every
// platform rounds identically.
#pragma once

#include <cstdint>
#include <cstring>

#include "edgechaos/edgechaos.hpp"
#include "fnv1a.hpp"

namespace golden {

// FNV-1a, 64 bit, over the little-endian bytes of 32-bit words (examples/firmware/common).
using Hash = fw::Fnv1a64;

struct CouplingCase {
  std::uint64_t seed;
  int n;
  float g;
  float gamma;
};

// Sizes up to 32 fit the microbit's 16 KiB RAM; the N = 64 cases run on the mps2 boards.
constexpr CouplingCase kCouplingCases[] = {
    {1u, 16, 1.0f, 0.0f},   {42u, 32, 1.5f, 0.5f}, {7u, 32, 0.8f, -1.0f},
    {3u, 32, 1.0f, 1.0f},   {2024u, 64, 1.5f, 0.0f}, {99u, 64, 2.0f, -0.5f},
};
constexpr int kCouplingCaseCount = sizeof(kCouplingCases) / sizeof(kCouplingCases[0]);

// The trajectory case of the issue: N = 64, g = 1.5 (chaotic: any last-bit difference
// grows until the hash differs), 10 000 Euler steps of dt = 0.05, FastTanh.
constexpr int kTrajN = 64;
constexpr std::uint64_t kTrajSeed = 2024u;  // = kCouplingCases[4]
constexpr float kTrajG = 1.5f;
constexpr int kTrajSteps = 10000;
constexpr float kTrajDt = 0.05f;
constexpr std::uint64_t kStateSeed = 77u;

inline std::uint64_t coupling_hash(const CouplingCase& c, float* buffer) {
  const edgechaos::Status s = edgechaos::generate_couplings({c.g, c.gamma, c.seed}, buffer, c.n);
  if (s != edgechaos::Status::ok) return 0u;
  Hash h;
  h.add(buffer, static_cast<edgechaos::Index>(c.n) * c.n);
  return h.h;
}

// 4096 normal variates of one stream.
inline std::uint64_t normal_hash(std::uint64_t seed) {
  edgechaos::NormalStream z(seed);
  Hash h;
  for (int i = 0; i < 4096; ++i) h.add(z.next());
  return h.h;
}

// 16384 variates of the single-precision stream (FloatNormalStream, version 2): about 450
// through the ziggurat's wedges and 10 through its tail, so the slow paths' logarithm is in.
inline std::uint64_t float_normal_hash(std::uint64_t seed) {
  edgechaos::FloatNormalStream z(seed);
  Hash h;
  for (int i = 0; i < 16384; ++i) h.add(z.next());
  return h.h;
}

// An activation (FastTanh, SinhTanh<5>) over +-(1 + k/64) 2^e for e in [-40, 4], k in
// [0, 64): every binade from tiny to saturated, both signs, plus zero.
template <class Activation>
inline std::uint64_t tanh_hash() {
  Hash h;
  h.add(Activation::value(0.0f));
  for (int e = -40; e <= 4; ++e) {
    for (int k = 0; k < 64; ++k) {
      float x = 1.0f + static_cast<float>(k) / 64.0f;
      for (int i = 0; i < e; ++i) x *= 2.0f;
      for (int i = 0; i > e; --i) x *= 0.5f;
      h.add(Activation::value(x));
      h.add(Activation::value(-x));
    }
  }
  return h.h;
}

// An activation at every 2^16-th float bit pattern from +0 to 16, both signs: every row of
// TableTanh<5, 6> several times (the rows are 2^18 and 2^17 bit patterns wide), so that the
// device's assembly path is compared with the host's portable one on every piece.
template <class Activation>
inline std::uint64_t dense_tanh_hash() {
  Hash h;
  for (std::uint32_t b = 0; b <= 0x41800000u; b += 0x10000u) {
    float x;
    std::memcpy(&x, &b, sizeof x);
    h.add(Activation::value(x));
    h.add(Activation::value(-x));
  }
  return h.h;
}

template <int N>
using Net = edgechaos::RateNetwork<N, 0, edgechaos::FastTanh>;

struct TrajectoryResult {
  std::uint64_t hash = 0;       // over every state along the trajectory
  std::uint64_t final_hash = 0; // the last state and the monitor's means
  int failed_steps = 0;
};

// Stepper: edgechaos::Euler, RK4 or EulerMaruyama over Net<N>. The monitor watches too.
template <int N, class Stepper>
TrajectoryResult trajectory(const float* J, Stepper& stepper, int steps, float dt, std::uint64_t state_seed) {
  const Net<N> net(J);
  edgechaos::Vector<N> x;
  edgechaos::EnergyMonitor<float> monitor;
  TrajectoryResult r;
  if (edgechaos::initial_state(x, 1.0f, state_seed) != edgechaos::Status::ok) {  // x_i ~ N(0, 1)
    r.failed_steps = steps;
    return r;
  }
  Hash h;
  for (int k = 0; k < steps; ++k) {
    if (stepper.step(net, x, dt, monitor) != edgechaos::Status::ok) ++r.failed_steps;
    h.add(x.data(), N);
  }
  r.hash = h.h;
  Hash f;
  f.add(x.data(), N);
  f.add(monitor.energy_mean());
  f.add(monitor.activity_mean());
  f.add(monitor.speed_mean());
  f.add(monitor.phi2_mean());
  r.final_hash = f.h;
  return r;
}

// Langevin sampling with the float stream: N = 32 couplings of kCouplingCases[1] (seed 42,
// g 1.5, gamma 0.5; fits the microbit), 2 replicas, beta 10, dt 0.01, seed 5, 200 steps,
// no response copies; the hash is over both replicas after every step.
constexpr int kLangevinSteps = 200;
inline std::uint64_t langevin_float_hash(const float* J32) {
  using LNet = Net<32>;
  static edgechaos::LangevinSampler<LNet, 2, float, edgechaos::FloatNormalStream> sampler;  // static: small stacks
  const LNet net(J32);
  edgechaos::LangevinConfig c;
  c.beta = 10.0f;
  c.dt = 0.01f;
  c.seed = 5u;
  c.measure_steps = 0;
  if (sampler.configure(net, c) != edgechaos::Status::ok) return 0u;
  Hash h;
  for (int k = 0; k < kLangevinSteps; ++k) {
    if (sampler.step(net, 10.0f) != edgechaos::Status::ok) return 1u;
    h.add(sampler.replica(0).data(), 32);
    h.add(sampler.replica(1).data(), 32);
  }
  return h.h;
}

}  // namespace golden
