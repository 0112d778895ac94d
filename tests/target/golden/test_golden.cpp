// Bit-exact golden model on the target: the same cases as the host generator, compared
// with the hashes the host computed at build time (golden.hpp). Built in reproducible
// mode (edgechaos_reproducible()). Prints every hash, so the docs can quote them.
#include "cortexm/console.hpp"
#include "ectest.hpp"
#include "golden.hpp"
#include "golden_cases.hpp"

namespace {

#if EC_SMALL_RAM
constexpr int kMaxN = 32;  // microbit: 16 KiB RAM; N = 64 couplings come from flash only
#else
constexpr int kMaxN = 64;
#endif
float g_J[kMaxN * kMaxN];

bool report(const char* what, std::uint64_t got, std::uint64_t want) {
  cortexm::put("  ");
  cortexm::put(what);
  cortexm::put(" ");
  cortexm::put_hex(got, 16);
  cortexm::put(got == want ? " == host\n" : " != host ");
  if (got != want) {
    cortexm::put_hex(want, 16);
    cortexm::newline();
  }
  return got == want;
}

}  // namespace

EC_TEST(couplings_bit_identical_to_host) {
  int compared = 0;
  for (int i = 0; i < golden::kCouplingCaseCount; ++i) {
    const golden::CouplingCase& c = golden::kCouplingCases[i];
    if (c.n > kMaxN) continue;
    EC_CHECK(report("J hash", golden::coupling_hash(c, g_J), golden::kCouplingHash[i]));
    ++compared;
  }
  EC_CHECK(compared >= (kMaxN >= 64 ? golden::kCouplingCaseCount : 4));
}

EC_TEST(flash_couplings_are_the_generated_ones) {
  // The N = 64 trajectory J in flash (host-written) hashes like J generated here.
  golden::Hash h;
  h.add(golden::kTrajCouplings, 64 * 64);
  EC_CHECK(report("flash J hash", h.h, golden::kCouplingHash[4]));
}

EC_TEST(normal_stream_bit_identical_to_host) {
  EC_CHECK(report("normal hash", golden::normal_hash(5u), golden::kNormalHash));
}

EC_TEST(float_normal_stream_bit_identical_to_host) {
  EC_CHECK(report("float normal hash", golden::float_normal_hash(5u), golden::kFloatNormalHash));
}

EC_TEST(fast_tanh_bit_identical_to_host) {
  EC_CHECK(report("FastTanh hash", golden::tanh_hash<edgechaos::FastTanh>(), golden::kFastTanhHash));
}

EC_TEST(sinh_tanh_bit_identical_to_host) {
  EC_CHECK(report("SinhTanh<5> hash", golden::tanh_hash<edgechaos::SinhTanh<5>>(), golden::kSinhTanh5Hash));
}

// The assembly path of TableTanh (FPv4/FPv5) or the portable one (M0, M3) against the host's.
EC_TEST(table_tanh_bit_identical_to_host) {
  EC_CHECK(report("TableTanh<5> hash", golden::dense_tanh_hash<edgechaos::TableTanh<5>>(), golden::kTableTanh5Hash));
  EC_CHECK(report("TableTanh<6> hash", golden::dense_tanh_hash<edgechaos::TableTanh<6>>(), golden::kTableTanh6Hash));
}

EC_TEST(euler_10000_steps_n64_bit_identical_to_host) {
  edgechaos::Euler<golden::Net<64>> euler;
  const auto r = golden::trajectory<64>(golden::kTrajCouplings, euler, golden::kTrajSteps, golden::kTrajDt,
                                        golden::kStateSeed);
  EC_CHECK(report("Euler trajectory hash", r.hash, golden::kEulerHash));
  EC_CHECK(report("Euler final hash", r.final_hash, golden::kEulerFinalHash));
  EC_CHECK(r.failed_steps == golden::kEulerFailed);
}

EC_TEST(rk4_1000_steps_n64_bit_identical_to_host) {
  edgechaos::RK4<golden::Net<64>> rk4;
  const auto r = golden::trajectory<64>(golden::kTrajCouplings, rk4, 1000, 0.1f, golden::kStateSeed);
  EC_CHECK(report("RK4 trajectory hash", r.hash, golden::kRK4Hash));
  EC_CHECK(report("RK4 final hash", r.final_hash, golden::kRK4FinalHash));
}

EC_TEST(euler_maruyama_1000_steps_n64_bit_identical_to_host) {
  edgechaos::EulerMaruyama<golden::Net<64>> em(0.3f, 11u);
  const auto r = golden::trajectory<64>(golden::kTrajCouplings, em, 1000, 0.05f, golden::kStateSeed);
  EC_CHECK(report("Euler-Maruyama trajectory hash", r.hash, golden::kEMHash));
  EC_CHECK(report("Euler-Maruyama final hash", r.final_hash, golden::kEMFinalHash));
}

EC_TEST(euler_maruyama_float_stream_1000_steps_n64_bit_identical_to_host) {
  edgechaos::EulerMaruyamaF32<golden::Net<64>> em(0.3f, 11u);
  const auto r = golden::trajectory<64>(golden::kTrajCouplings, em, 1000, 0.05f, golden::kStateSeed);
  EC_CHECK(report("Euler-Maruyama (float stream) trajectory hash", r.hash, golden::kEMFloatHash));
  EC_CHECK(report("Euler-Maruyama (float stream) final hash", r.final_hash, golden::kEMFloatFinalHash));
}

EC_TEST(langevin_float_stream_n32_bit_identical_to_host) {
  golden::coupling_hash(golden::kCouplingCases[1], g_J);  // N = 32: generated on every target
  EC_CHECK(report("Langevin (float stream) hash", golden::langevin_float_hash(g_J), golden::kLangevinFloatHash));
}
