// The fixed-point product's DSP kernels (detail/fixed_dot.hpp: SMLALD, SXTB16 + SMLAD,
// SMLAL on Cortex-M4/M7/M33) against the portable loop, bit for bit, in the same image:
// every length 1..130 (all the block and tail splits), word-aligned and misaligned pointers
// (the out-of-line portable path), the compile-time length 64 the models use, random raw
// values over the full range (the most negative included) and the extreme fills whose sums
// are known by hand. On a core without the DSP extension fixed_dot is the portable loop and
// the test checks the dispatch and the hand values.
#include <cstdint>

#include "cortexm/console.hpp"
#include "ectest.hpp"
#include "edgechaos/core/random.hpp"
#include "edgechaos/detail/fixed_dot.hpp"
#include "edgechaos/detail/fixed_dot_offset.hpp"
#include "edgechaos/models/fixed_rate_network.hpp"
#include "edgechaos/steppers/map_stepper.hpp"
#include "edgechaos/weights/fixed_offset_couplings.hpp"

namespace {

namespace d = edgechaos::detail;
using edgechaos::Index;

constexpr Index kLen = 130;   // lengths 1..130 for 16-bit weights and 32-bit states
constexpr Index kLen8 = 511;  // 8 x 16 into int32: the largest N the proof allows (kMaxTerms)

alignas(4) std::int16_t g_w16[kLen + 2];
alignas(4) std::int16_t g_s16[kLen8 + 2];
alignas(4) std::int8_t g_w8[kLen8 + 4];
alignas(4) std::int32_t g_s32[kLen + 1];

edgechaos::Xoshiro128pp g_rng(14u);

std::uint32_t bits() { return g_rng.next_u32(); }

void fill_random() {
  for (auto& v : g_w16) v = static_cast<std::int16_t>(static_cast<std::uint16_t>(bits() & 0xffffu));
  for (auto& v : g_s16) v = static_cast<std::int16_t>(static_cast<std::uint16_t>(bits() & 0xffffu));
  for (auto& v : g_w8) v = static_cast<std::int8_t>(static_cast<std::uint8_t>(bits() & 0xffu));
  for (auto& v : g_s32) v = static_cast<std::int32_t>(bits());
}

// Every length and both alignments of each pointer: the kernel equals the portable loop.
template <class Acc, class W, class S>
bool all_lengths_agree(const W* w, const S* s, Index max_len) {
  bool ok = true;
  for (Index wo = 0; wo < 2; ++wo) {
    for (Index so = 0; so < 2; ++so) {
      for (Index n = 1; n <= max_len; ++n) {
        const Acc k = d::fixed_dot<Acc>(w + wo, s + so, n);
        const Acc p = d::fixed_dot_portable<Acc>(w + wo, s + so, n);
        if (k != p) {
          cortexm::put("  mismatch at n = ");
          cortexm::put_int(static_cast<int>(n));
          cortexm::put(wo + so == 0 ? " (aligned)\n" : " (misaligned)\n");
          ok = false;
        }
      }
    }
  }
  return ok;
}

}  // namespace

EC_TEST(fixed_dot_kernel_is_selected) {
  cortexm::put(EDGECHAOS_FIXED_DSP ? "  DSP kernels\n" : "  portable loop\n");
#if defined(__ARM_FEATURE_DSP) && __ARM_FEATURE_DSP
  EC_CHECK(EDGECHAOS_FIXED_DSP == 1);
  EC_CHECK((d::kFixedDotHasKernel<std::int64_t, std::int16_t, std::int16_t>));
  EC_CHECK((d::kFixedDotHasKernel<std::int32_t, std::int8_t, std::int16_t>));
  EC_CHECK((d::kFixedDotHasKernel<std::int64_t, std::int16_t, std::int32_t>));
#else
  EC_CHECK(EDGECHAOS_FIXED_DSP == 0);
#endif
}

EC_TEST(fixed_dot_random_bit_identical) {
  for (int round = 0; round < 3; ++round) {
    fill_random();
    EC_CHECK((all_lengths_agree<std::int64_t>(g_w16, g_s16, kLen)));
    EC_CHECK((all_lengths_agree<std::int32_t>(g_w8, g_s16, kLen8)));
    EC_CHECK((all_lengths_agree<std::int64_t>(g_w16, g_s32, kLen)));
    // The models' call: compile-time N = 64 (fully unrolled kernel).
    EC_CHECK((d::fixed_dot<std::int64_t, 64>(g_w16, g_s16, 64) == d::fixed_dot_portable<std::int64_t>(g_w16, g_s16, 64)));
    EC_CHECK((d::fixed_dot<std::int32_t, 64>(g_w8, g_s16, 64) == d::fixed_dot_portable<std::int32_t>(g_w8, g_s16, 64)));
    EC_CHECK((d::fixed_dot<std::int64_t, 64>(g_w16, g_s32, 64) == d::fixed_dot_portable<std::int64_t>(g_w16, g_s32, 64)));
  }
}

// Hand values: every weight and state the most negative raw value, so every product is the
// largest positive one: n 2^30 (16 x 16), n 2^22 (8 x 16, n = 511: 2143289344, just below
// 2^31), n 2^46 (16 x 32); and the largest weight against the most negative state:
// -n 32767 32768 (16 x 16), -n 127 32768 (8 x 16).
EC_TEST(fixed_dot_extremes_by_hand) {
  for (auto& v : g_w16) v = INT16_MIN;
  for (auto& v : g_s16) v = INT16_MIN;
  for (auto& v : g_w8) v = INT8_MIN;
  for (auto& v : g_s32) v = INT32_MIN;
  EC_CHECK((d::fixed_dot<std::int64_t, 64>(g_w16, g_s16, 64) == std::int64_t{64} << 30));
  EC_CHECK((d::fixed_dot<std::int64_t>(g_w16, g_s16, kLen) == std::int64_t{kLen} << 30));
  EC_CHECK((d::fixed_dot<std::int32_t>(g_w8, g_s16, kLen8) == 2143289344));
  EC_CHECK((d::fixed_dot<std::int64_t, 64>(g_w16, g_s32, 64) == std::int64_t{64} << 46));
  EC_CHECK((d::fixed_dot<std::int64_t>(g_w16, g_s32, kLen) == std::int64_t{kLen} << 46));
  EC_CHECK((all_lengths_agree<std::int64_t>(g_w16, g_s16, kLen)));
  EC_CHECK((all_lengths_agree<std::int32_t>(g_w8, g_s16, kLen8)));
  EC_CHECK((all_lengths_agree<std::int64_t>(g_w16, g_s32, kLen)));
  for (auto& v : g_w16) v = INT16_MAX;
  for (auto& v : g_w8) v = INT8_MAX;
  EC_CHECK((d::fixed_dot<std::int64_t, 64>(g_w16, g_s16, 64) == -std::int64_t{64} * 32767 * 32768));
  EC_CHECK((d::fixed_dot<std::int32_t>(g_w8, g_s16, kLen8) == -511 * 127 * 32768));
  EC_CHECK((all_lengths_agree<std::int64_t>(g_w16, g_s16, kLen)));
  EC_CHECK((all_lengths_agree<std::int32_t>(g_w8, g_s16, kLen8)));
  // Alternating signs: the partial sums swing between the extremes, the total is small.
  for (Index j = 0; j < kLen8 + 2; ++j) g_s16[j] = (j % 2 == 0) ? INT16_MIN : INT16_MAX;
  EC_CHECK((d::fixed_dot<std::int64_t, 64>(g_w16, g_s16, 64) == std::int64_t{32} * 32767 * (32767 - 32768)));
  EC_CHECK((all_lengths_agree<std::int64_t>(g_w16, g_s16, kLen)));
  EC_CHECK((all_lengths_agree<std::int32_t>(g_w8, g_s16, kLen8)));
}

// Two rows at once (fixed_dot2: the M3's pairs that share each state load, written out at
// the compile-time N = 64; two fixed_dot calls on the DSP cores and the M0) against the
// portable loop row by row: lengths 1..130 (1..511 for 8 x 16), the second row one element
// (three for bytes) after the first, random values (3 rounds) and the extreme fills.
namespace {

template <class Acc, class W, class S>
bool pairs_agree(const W* w, Index wb_offset, const S* s, Index max_len) {
  bool ok = true;
  for (Index n = 1; n <= max_len; ++n) {
    Acc a = 1, b = 1;
    d::fixed_dot2<Acc>(w, w + wb_offset, s, n, a, b);
    if (a != d::fixed_dot_portable<Acc>(w, s, n) || b != d::fixed_dot_portable<Acc>(w + wb_offset, s, n)) {
      cortexm::put("  pair mismatch at n = ");
      cortexm::put_int(static_cast<int>(n));
      cortexm::put("\n");
      ok = false;
    }
  }
  // The models' call: compile-time 64, rows 64 apart (row-major).
  Acc a = 1, b = 1;
  d::fixed_dot2<Acc, 64>(w, w + 64, s, 64, a, b);
  ok = ok && a == d::fixed_dot_portable<Acc>(w, s, 64) && b == d::fixed_dot_portable<Acc>(w + 64, s, 64);
  return ok;
}

bool all_pairs_agree() {
  return pairs_agree<std::int64_t>(g_w16, 1, g_s16, kLen) && pairs_agree<std::int32_t>(g_w8, 3, g_s16, kLen8) &&
         pairs_agree<std::int64_t>(g_w16, 1, g_s32, kLen);
}

}  // namespace

EC_TEST(fixed_dot_row_pairs_bit_identical) {
  cortexm::put(d::kFixedDotPairs ? "  row pairs\n" : "  two single rows\n");
#if defined(__ARM_ARCH_7M__)
  EC_CHECK(d::kFixedDotPairs);
#endif
  for (int round = 0; round < 3; ++round) {
    fill_random();
    EC_CHECK(all_pairs_agree());
  }
  for (auto& v : g_w16) v = INT16_MIN;
  for (auto& v : g_s16) v = INT16_MIN;
  for (auto& v : g_w8) v = INT8_MIN;
  for (auto& v : g_s32) v = INT32_MIN;
  EC_CHECK(all_pairs_agree());
  std::int64_t a = 0, b = 0;  // by hand: 64 2^30 and 64 2^46
  d::fixed_dot2<std::int64_t, 64>(g_w16, g_w16 + 64, g_s16, 64, a, b);
  EC_CHECK(a == std::int64_t{64} << 30 && b == std::int64_t{64} << 30);
  d::fixed_dot2<std::int64_t, 64>(g_w16, g_w16 + 64, g_s32, 64, a, b);
  EC_CHECK(a == std::int64_t{64} << 46 && b == std::int64_t{64} << 46);
  for (auto& v : g_w16) v = INT16_MAX;
  EC_CHECK(all_pairs_agree());
}

// The offset-binary 8 x 16 product (detail/fixed_dot_offset.hpp: the M0's 4-instruction
// MAC, portable C++ on every core) against the signed portable loop: lengths 1..511 (the
// int32 bound), the compile-time 64 (written out in two blocks of 32 on Thumb-1), random
// values (3 rounds) and the extreme fills (511 (-128)(-32768) = 2143289344); and the pair
// offset_dot2 (Thumb-1 assembly for multiples of 32) against two offset_dot calls, lengths
// 1..63 and 64..224 in steps of 32, and the compile-time 64.
namespace {

alignas(4) std::uint8_t g_w8b[kLen8 + 4];
alignas(4) std::uint16_t g_s16b[kLen8 + 2];

bool offset_agrees() {
  for (Index j = 0; j < kLen8; ++j) {
    g_w8b[j] = d::offset_weight(g_w8[j]);
    g_s16b[j] = d::offset_state(g_s16[j]);
  }
  bool ok = true;
  std::uint32_t ssum = 0;
  for (Index n = 1; n <= kLen8; ++n) {
    ssum += g_s16b[n - 1];
    const std::int32_t v = d::offset_dot_value(d::offset_dot(g_w8b, g_s16b, n), d::offset_row_constant(g_w8, n), ssum << 7);
    if (v != d::fixed_dot_portable<std::int32_t>(g_w8, g_s16, n)) {
      cortexm::put("  offset mismatch at n = ");
      cortexm::put_int(static_cast<int>(n));
      cortexm::put("\n");
      ok = false;
    }
  }
  std::uint32_t s64 = 0;
  for (Index j = 0; j < 64; ++j) s64 += g_s16b[j];
  const std::int32_t v64 = d::offset_dot_value(d::offset_dot<64>(g_w8b, g_s16b, 64), d::offset_row_constant(g_w8, 64), s64 << 7);
  ok = ok && v64 == d::fixed_dot_portable<std::int32_t>(g_w8, g_s16, 64);
  // Two rows at once (offset_dot2: the Thumb-1 assembly pair for n a multiple of 32, two
  // offset_dot calls otherwise): rows w and w + n, both sums as offset_dot gives them.
  for (Index n = 1; 2 * n <= kLen8; n += (n < 64 ? 1 : 32)) {
    std::uint32_t a = 0x9E3779B9u, b = 7u;  // start values: the pair adds to them, mod 2^32
    d::offset_dot2(g_w8b, g_s16b, n, a, b);
    if (a != 0x9E3779B9u + d::offset_dot(g_w8b, g_s16b, n) || b != 7u + d::offset_dot(g_w8b + n, g_s16b, n)) {
      cortexm::put("  offset pair mismatch at n = ");
      cortexm::put_int(static_cast<int>(n));
      cortexm::put("\n");
      ok = false;
    }
  }
  std::uint32_t a64 = 0, b64 = 0;
  d::offset_dot2<64>(g_w8b, g_s16b, 64, a64, b64);
  return ok && a64 == d::offset_dot<64>(g_w8b, g_s16b, 64) && b64 == d::offset_dot<64>(g_w8b + 64, g_s16b, 64);
}

}  // namespace

EC_TEST(fixed_dot_offset_binary_bit_identical) {
  for (int round = 0; round < 3; ++round) {
    fill_random();
    EC_CHECK(offset_agrees());
  }
  for (auto& v : g_w8) v = INT8_MIN;
  for (auto& v : g_s16) v = INT16_MIN;
  EC_CHECK(offset_agrees());
  EC_CHECK((d::fixed_dot_portable<std::int32_t>(g_w8, g_s16, kLen8) == 2143289344));
  for (auto& v : g_w8) v = INT8_MAX;
  EC_CHECK(offset_agrees());
}

// A whole model on the target: FixedRateNetwork, N = 32 and 64, M = 0, 8-bit weights Q1.6
// (the random bytes above, per-row fractions 6), states Q3.12, 50 Euler steps (dt 0.1) from
// the same start with the signed view and with the offset view of the same J: every state
// bit for bit. (On Thumb-1 the offset view walks rows in pairs through the assembly
// kernel: one block of 32 columns at N = 32; N = 64 runs on the other cores.)
namespace {

template <int kNm>
bool offset_model_matches() {
  using QW = edgechaos::QFormat<8, 6>;
  using QS = edgechaos::QFormat<16, 12>;
  alignas(4) static std::int8_t Jm[kNm * kNm];
  alignas(4) static std::uint8_t Jmb[kNm * kNm];
  static std::uint32_t Cm[kNm];
  for (auto& v : Jm) v = static_cast<std::int8_t>(static_cast<int>(bits() % 33u) - 16);  // |J| <= 0.25
  bool ok = edgechaos::make_offset_couplings(Jm, kNm, Jmb, Cm) == edgechaos::Status::ok;
  edgechaos::FixedDenseCouplingsView<QW> dview;
  edgechaos::FixedOffsetCouplingsView<QW> oview;
  ok = ok && dview.set(Jm, kNm) == edgechaos::Status::ok && oview.set(Jmb, Cm, kNm) == edgechaos::Status::ok;
  static edgechaos::FixedRateNetwork<kNm, 0, QW, QS> dense;
  static edgechaos::FixedRateNetwork<kNm, 0, QW, QS, edgechaos::FixedOffsetCouplingsView<QW>> offset;
  ok = ok && dense.bind(dview) == edgechaos::Status::ok && offset.bind(oview) == edgechaos::Status::ok;
  static edgechaos::MapStepper<decltype(dense)> s1;
  static edgechaos::MapStepper<decltype(offset)> s2;
  static typename decltype(dense)::State x1, x2;
  for (int j = 0; j < kNm; ++j) x1[j] = static_cast<std::int16_t>(static_cast<int>(bits() % 8193u) - 4096);
  x2 = x1;
  const typename decltype(dense)::Input u;
  for (int t = 0; t < 50; ++t) {
    ok = ok && s1.step(dense, x1, u) == edgechaos::Status::ok && s2.step(offset, x2, u) == edgechaos::Status::ok;
    ok = ok && x1 == x2;
  }
  return ok && !(x1 == decltype(x1)::Zero());
}

}  // namespace

EC_TEST(fixed_offset_model_bit_identical) {
  EC_CHECK(offset_model_matches<32>());
#if !(defined(__ARM_ARCH_ISA_THUMB) && __ARM_ARCH_ISA_THUMB == 1)
  // Not on the microbit: its 16 KiB of RAM do not hold the 8 KiB of the two J at N = 64
  // next to the rest of this image (offset_agrees runs the pair kernel up to 7 blocks).
  EC_CHECK(offset_model_matches<64>());
#endif
}
