// The balanced E/I binary network on the target: the same cases as the host generator,
// compared bit for bit (wiring, decision tables, state and counts after the run, the
// monitors' statistics), plus the incremental counts against a recount. Built in
// reproducible mode (edgechaos_reproducible()). Sizes: (64, 64, K = 8) everywhere, 5 KiB
// of network and 3 KiB of per-unit records (the microbit has 16 KiB); (128, 128, K = 16)
// on the mps2 boards.
#include "balanced_cases.hpp"
#include "balanced_golden.hpp"
#include "cortexm/console.hpp"
#include "ectest.hpp"

namespace {

edgechaos::FixedBalancedNetwork<64, 64, 8> g_small;
#if !EC_SMALL_RAM
edgechaos::FixedBalancedNetwork<128, 128, 16> g_large;
edgechaos::UnitRecord g_records[256];
#else
edgechaos::UnitRecord g_records[128];
#endif

bool same(const char* what, std::uint64_t got, std::uint64_t want) {
  cortexm::put("  ");
  cortexm::put(what);
  cortexm::put(" ");
  cortexm::put_hex(got, 16);
  cortexm::put(got == want ? " == host\n" : " != host\n");
  return got == want;
}

void check(const balanced_golden::Result& r, const balanced_golden::Expected& e) {
  EC_CHECK(same("wiring", r.wiring, e.wiring));
  EC_CHECK(same("tables", r.tables, e.tables));
  EC_CHECK(same("state ", r.state, e.state));
  EC_CHECK(same("stats ", r.stats, e.stats));
  EC_CHECK(r.flips == e.flips);
  EC_CHECK(r.active_e == e.active_e);
  EC_CHECK(r.active_i == e.active_i);
  EC_CHECK(r.counts_consistent);
  // Not silent, not saturated: the run did what the physics says (balanced rates ~0.1-0.3).
  EC_CHECK(r.m_e > 0.01 && r.m_e < 0.6);
  EC_CHECK(r.m_i > 0.01 && r.m_i < 0.6);
}

}  // namespace

EC_TEST(balanced_64x64_k8_bit_identical_to_host) {
  using namespace balanced_golden;
  check(run_case(g_small, g_records, kSeedSmall, kM0Small, kStepsSmall), kSmall);
}

#if !EC_SMALL_RAM
EC_TEST(balanced_128x128_k16_bit_identical_to_host) {
  using namespace balanced_golden;
  check(run_case(g_large, g_records, kSeedLarge, kM0Large, kStepsLarge), kLarge);
}
#endif

EC_TEST(balanced_bad_input_changes_nothing) {
  edgechaos::BalancedParams p;
  p.m0 = 1.5f;
  const std::uint16_t before = g_small.threshold(edgechaos::Population::excitatory, 2);
  EC_CHECK(g_small.set_params(p) == edgechaos::Status::invalid_argument);
  EC_CHECK(g_small.threshold(edgechaos::Population::excitatory, 2) == before);
  edgechaos::AsyncUpdate up;  // never reset: refuses to step
  EC_CHECK(up.step(g_small) == edgechaos::Status::invalid_argument);
}
