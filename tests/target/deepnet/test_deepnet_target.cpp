// Deep random networks on the target, bit-identical to the host: the cases of
// deepnet_cases.hpp (N = 8 in both phases and N = 32, all at depth 1000), hashed over
// every layer's statistics and compared with the hashes the host computed at build time
// (deepnet_golden.hpp). Depth costs no memory: the object is four vectors of N floats and
// the statistics whatever the depth (checked below), and the microbit runs depth 1000.
#include "cortexm/console.hpp"
#include "deepnet_cases.hpp"
#include "deepnet_golden.hpp"
#include "ectest.hpp"

namespace {

edgechaos::DeepNet<8, edgechaos::FastTanh> g_net8;
edgechaos::DeepNet<32, edgechaos::FastTanh> g_net32;

static_assert(sizeof(edgechaos::DeepNet<8, edgechaos::FastTanh>) <= 4 * 8 * sizeof(float) + 64, "RAM: four vectors");
static_assert(sizeof(edgechaos::DeepNet<32, edgechaos::FastTanh>) <= 4 * 32 * sizeof(float) + 64, "RAM: four vectors");

bool report(const char* what, std::uint64_t got, std::uint64_t want) {
  cortexm::put("  ");
  cortexm::put(what);
  cortexm::put(" ");
  cortexm::put_hex(got, 16);
  cortexm::put(got == want ? " == host\n" : " != host\n");
  return got == want;
}

}  // namespace

EC_TEST(depth_1000_bit_identical_to_host) {
  for (int i = 0; i < 2; ++i) {
    const deepnet_golden::Result r = deepnet_golden::run(g_net8, deepnet_golden::kCases8[i]);
    EC_CHECK(r.layers == 1000u);
    EC_CHECK(report("N 8 depth 1000", r.hash, deepnet_golden::kHash8[i]));
  }
}

// The two phases after 1000 layers, inputs of c0 = 0.3. Ordered (N = 8, chi1 = 0.58): the
// inputs have merged, c = 1 up to rounding. Chaotic (N = 32, sigma_w = 3, sigma_b = 0.3):
// c stays near c* = 0.07. Its sampling spread is (1 - c*^2)/sqrt(32) = 0.18 per layer,
// carried with chi_c = 0.80 (sd 0.3); the mean over the last 100 layers has sd about 0.1,
// so |mean - c*| < 0.4 (4 sd). Also the hash of the N = 32 run against the host's.
EC_TEST(phases_at_depth_1000_and_width_32_bit_identical) {
  const deepnet_golden::Result ordered = deepnet_golden::run(g_net8, deepnet_golden::kCases8[0]);
  EC_CHECK(ordered.last_c > 0.9999f);
  const deepnet_golden::Result chaotic = deepnet_golden::run(g_net32, deepnet_golden::kCase32);
  EC_CHECK(chaotic.layers == 1000u);
  EC_CHECK_NEAR(chaotic.mean_c_last100, 0.068, 0.4);
  EC_CHECK(report("N 32 depth 1000", chaotic.hash, deepnet_golden::kHash32));
}

// Bad parameters get a status on the device too, and leave the net as it was.
EC_TEST(bad_parameters) {
  edgechaos::DeepNet<8, edgechaos::FastTanh>& net = g_net8;
  EC_CHECK(net.set_params({1.5f, 0.1f, 1u}) == edgechaos::Status::ok);
  EC_CHECK(net.set_params({-1.0f, 0.1f, 1u}) == edgechaos::Status::invalid_argument);
  EC_CHECK(net.set_input_pair(1.0f, 2.0f, 1u) == edgechaos::Status::invalid_argument);
  EC_CHECK(net.params().sigma_w == 1.5f);
}
