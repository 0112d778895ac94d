// The fixed-point network on the target, bit-identical to the host: the cases of
// fixed_cases.hpp (N = 32, 200 steps: Euler and the leaky map, 16- and 32-bit states, 8-
// and 16-bit weights, per-matrix and per-row scales, dense and sparse), each trajectory
// hashed and compared with the hash the host computed at build time (fixed_golden.hpp).
// The microbit (16 KiB RAM) skips the sparse case (its CSR arrays are 4.2 KiB).
// Built in the default (fast) mode on purpose: integer steps need no reproducible mode.
#include "cortexm/console.hpp"
#include "ectest.hpp"
#include "fixed_cases.hpp"
#include "fixed_golden.hpp"

namespace {

fixed_golden::FloatModel g_model;

bool report(const char* what, std::uint64_t got, std::uint64_t want) {
  cortexm::put("  ");
  cortexm::put(what);
  cortexm::put(" ");
  cortexm::put_hex(got, 16);
  cortexm::put(got == want ? " == host\n" : " != host\n");
  return got == want;
}

}  // namespace

EC_TEST(fixed_trajectories_bit_identical_to_host) {
  EC_CHECK(fixed_golden::draw(g_model));
  for (int c = 0; c < fixed_golden::kCasesOnTarget; ++c) {
    const fixed_golden::Result r = fixed_golden::run_case(g_model, c);
    EC_CHECK(report("weights", r.weights, fixed_golden::kWeights[c]));
    EC_CHECK(report(fixed_golden::kNames[c], r.hash, fixed_golden::kHash[c]));
  }
  // Dense and sparse forms of the same integer J: the same trajectory.
  EC_CHECK(fixed_golden::kHash[4] == fixed_golden::kHash[0]);
}

// The integer tanh's fixed points on the device: 0, saturation, oddness at the extremes.
EC_TEST(int_tanh_on_target) {
  using T = edgechaos::IntTanh<fixed_golden::QS16>;
  EC_CHECK(T::value(0) == 0);
  EC_CHECK(T::value(32767) == 4096);
  EC_CHECK(T::value(-32768) == -4096);
  EC_CHECK(T::value(2048) == -T::value(-2048));
}
