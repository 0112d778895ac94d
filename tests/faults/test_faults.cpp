// Fault injection (docs/faults.md): single-bit flips in the model image, the state and the
// RLS matrix; what is detected, what is not, and that the documented recoveries work.
// Expected values come from outside the code under test: CRC-32 detects every single-bit
// error (a property of the polynomial), hand-computed row sums for the state range, the
// IEEE-754 layout for which bit positions can leave the range, and the reference run for
// recovery (the same model run without a fault).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

#include "edgechaos/core/random.hpp"
#include "edgechaos/io/image_verify.hpp"
#include "edgechaos/io/model_image.hpp"
#include "edgechaos/io/model_runner.hpp"
#include "edgechaos/models/echo_state.hpp"
#include "edgechaos/models/rate_network.hpp"
#include "edgechaos/models/state_range.hpp"
#include "edgechaos/readouts/rls.hpp"
#include "edgechaos/steppers/euler.hpp"
#include "edgechaos/steppers/map_stepper.hpp"
#include "edgechaos/steppers/rk4.hpp"
#include "edgechaos/weights/couplings.hpp"
#include "edgechaos/weights/input_weights.hpp"
#include "model_fixture.hpp"
#include "bit_flips.hpp"

namespace ec = edgechaos;
using edgechaos::test::flip_bit;
using edgechaos::test::flipped;

namespace {


// The model of the image tests: continuous RK4, dense J, n = 16, m = 2, k = 2, b and c
// (tests/io/model_fixture.hpp, seed 7): 96 + 4 (256 + 32 + 16 + 32 + 2) = 1448 bytes.
fixture::Kind rk4_kind() {
  fixture::Kind k;
  k.form = ec::ModelForm::continuous;
  k.integrator = ec::IntegratorKind::rk4;
  return k;
}
using Runner = ec::ModelRunner<16, 2, 2, ec::ModelForm::continuous, ec::IntegratorKind::rk4, ec::ActivationKind::tanh, 0, 0>;

struct Image {
  fixture::Model model{rk4_kind(), 16, 2, 2};
  std::vector<unsigned char> flash;  // the master copy ("flash")
  alignas(4) unsigned char ram[1448];
  ec::image::Layout layout;
  Image() {
    const std::size_t size = ec::model_image_size(model.spec);
    EXPECT_EQ(size, sizeof ram);
    EXPECT_EQ(ec::write_model_image(model.spec, ram, sizeof ram), ec::Status::ok);
    flash.assign(ram, ram + sizeof ram);
    layout = ec::image::layout(ec::CouplingStorage::dense, 0, ec::image::flags_of(model.spec), 16, 2, 2, 16, 0);
  }
  const char* region(std::size_t byte) const {
    if (byte < ec::image::kHeaderBytes) return "header";
    if (byte < layout.W_in) return "J";
    if (byte < layout.b) return "W_in";
    if (byte < layout.W_out) return "b";
    if (byte < layout.c) return "W_out";
    return "c";
  }
};

// CRC-32 detects every single-bit error: every one of the image's 11 584 bits is flipped
// in turn; the whole verify, the incremental verifier (61 bytes a call: not a divisor of the
// header's 92) and the reader all refuse it, and the restored image verifies again.
TEST(FaultsImage, EverySingleBitFlipIsCaughtByTheCrcs) {
  Image im;
  ASSERT_EQ(ec::verify_model_image(im.ram, sizeof im.ram), ec::Status::ok);
  struct Count {
    const char* name;
    long injected = 0, whole = 0, incremental = 0, reader = 0;
  } counts[6] = {{"header"}, {"J"}, {"W_in"}, {"b"}, {"W_out"}, {"c"}};
  ec::ImageVerifier v;
  ASSERT_EQ(v.start(im.ram, sizeof im.ram), ec::Status::ok);
  for (std::size_t bit = 0; bit < 8 * sizeof im.ram; ++bit) {
    flip_bit(im.ram, bit);
    Count* c = nullptr;
    for (Count& k : counts) {
      if (std::string(k.name) == im.region(bit / 8)) c = &k;
    }
    ASSERT_NE(c, nullptr);
    ++c->injected;
    if (ec::verify_model_image(im.ram, sizeof im.ram) == ec::Status::corrupted_blob) ++c->whole;
    v.restart();
    ec::VerifyProgress p = ec::VerifyProgress::in_progress;
    while (p == ec::VerifyProgress::in_progress) p = v.step(61);
    if (p == ec::VerifyProgress::corrupted && v.status() == ec::Status::corrupted_blob) ++c->incremental;
    ec::ModelSpec view;
    if (ec::read_model_image(im.ram, sizeof im.ram, view) != ec::Status::ok) ++c->reader;
    flip_bit(im.ram, bit);
  }
  long total = 0;
  for (const Count& c : counts) {
    EXPECT_GT(c.injected, 0) << c.name;
    EXPECT_EQ(c.whole, c.injected) << c.name;
    EXPECT_EQ(c.incremental, c.injected) << c.name;
    EXPECT_EQ(c.reader, c.injected) << c.name;
    total += c.injected;
    ::testing::Test::RecordProperty(std::string("flips_") + c.name, std::to_string(c.injected));
  }
  EXPECT_EQ(total, 8 * 1448);
  EXPECT_EQ(counts[1].injected, 8 * 4 * 256);  // J: 256 floats
  EXPECT_EQ(counts[2].injected, 8 * 4 * 32);   // W_in
  EXPECT_EQ(counts[4].injected, 8 * 4 * 32);   // W_out
  EXPECT_EQ(ec::verify_model_image(im.ram, sizeof im.ram), ec::Status::ok);
}

// Bursts up to 32 bits (CRC-32's guarantee): every burst of 2..32 adjacent bits set to
// their complement, at 40 positions spread over the payload.
TEST(FaultsImage, BurstsUpTo32BitsAreCaught) {
  Image im;
  for (std::size_t start = 8 * 96; start + 32 < 8 * sizeof im.ram; start += 8 * 36 + 3) {
    for (std::size_t len = 2; len <= 32; ++len) {
      for (std::size_t b = start; b < start + len; ++b) flip_bit(im.ram, b);
      EXPECT_EQ(ec::verify_model_image(im.ram, sizeof im.ram), ec::Status::corrupted_blob) << start << " " << len;
      for (std::size_t b = start; b < start + len; ++b) flip_bit(im.ram, b);
    }
  }
  EXPECT_EQ(ec::verify_model_image(im.ram, sizeof im.ram), ec::Status::ok);
}

// The incremental verifier's bound: each call advances at most max_bytes, a pass takes
// ceil((1448 - 4) / K) calls (the CRCs cover every byte but the stored header CRC; counted
// by hand: 1444, 207, 23, 16, 1), ends with ok, and the next call starts a new pass.
TEST(FaultsImage, IncrementalVerifierChecksAtMostKBytesPerCall) {
  Image im;
  const std::size_t ks[] = {1, 7, 64, 92, 4096};
  const std::size_t expected_calls[] = {1444, 207, 23, 16, 1};
  for (int c = 0; c < 5; ++c) {
    ec::ImageVerifier v;
    ASSERT_EQ(v.start(im.ram, sizeof im.ram), ec::Status::ok);
    EXPECT_EQ(ec::ImageVerifier::calls_per_pass(sizeof im.ram, ks[c]), expected_calls[c]);
    for (int pass = 1; pass <= 2; ++pass) {
      std::size_t calls = 0, hashed = 0;
      ec::VerifyProgress p = ec::VerifyProgress::in_progress;
      while (p == ec::VerifyProgress::in_progress) {
        const std::size_t before = v.position();
        p = v.step(ks[c]);
        ++calls;
        if (p == ec::VerifyProgress::in_progress) {
          // The stored header CRC (4 bytes) is skipped, not hashed.
          const std::size_t advanced = v.position() - before - (before < 92 && v.position() >= 96 ? 4 : 0);
          EXPECT_LE(advanced, ks[c]);
          hashed += advanced;
        }
        ASSERT_LE(calls, 2000u);
      }
      EXPECT_EQ(p, ec::VerifyProgress::ok);
      EXPECT_EQ(calls, expected_calls[c]) << "K = " << ks[c];
      EXPECT_LE(hashed, 1444u);
      EXPECT_EQ(v.passes(), static_cast<std::uint32_t>(pass));
      EXPECT_EQ(v.position(), 0u);
    }
  }
}

// Bad arguments, and a corrupted verdict is sticky until restart.
TEST(FaultsImage, VerifierArgumentsAndStickyVerdict) {
  Image im;
  ec::ImageVerifier v;
  EXPECT_EQ(v.status(), ec::Status::invalid_argument);
  EXPECT_EQ(v.step(64), ec::VerifyProgress::corrupted);
  EXPECT_EQ(v.start(nullptr, 1448), ec::Status::invalid_argument);
  EXPECT_EQ(v.start(im.ram, 95), ec::Status::invalid_argument);
  EXPECT_EQ(ec::verify_model_image(nullptr, 1448), ec::Status::invalid_argument);
  EXPECT_EQ(ec::verify_model_image(im.ram, 95), ec::Status::invalid_argument);
  // A size other than the image's own is corruption (the header's total field disagrees).
  EXPECT_EQ(ec::verify_model_image(im.ram, 1444), ec::Status::corrupted_blob);
  ASSERT_EQ(v.start(im.ram, sizeof im.ram), ec::Status::ok);
  flip_bit(im.ram, 8 * 500 + 3);
  ec::VerifyProgress p = ec::VerifyProgress::in_progress;
  while (p == ec::VerifyProgress::in_progress) p = v.step(100);
  EXPECT_EQ(p, ec::VerifyProgress::corrupted);
  flip_bit(im.ram, 8 * 500 + 3);  // repaired, but the verdict stays until restart()
  EXPECT_EQ(v.step(100), ec::VerifyProgress::corrupted);
  EXPECT_EQ(v.status(), ec::Status::corrupted_blob);
  v.restart();
  p = ec::VerifyProgress::in_progress;
  while (p == ec::VerifyProgress::in_progress) p = v.step(100);
  EXPECT_EQ(p, ec::VerifyProgress::ok);
}

// Recovery by reload: the runner runs from the image in RAM; a flip in J, W_in or W_out
// (every bit of 3 floats of each: 288 flips) is found by the incremental verifier within
// one pass of 64-byte calls, the image is copied again from its master ("flash"),
// verified, read and bound, the state reset, and the next 40 outputs equal the reference
// run's bit for bit.
TEST(FaultsImage, ReloadRecoversBitForBit) {
  Image im;
  float u[40][2], y_ref[40][2];
  for (int t = 0; t < 40; ++t) {
    u[t][0] = std::sin(0.3f * static_cast<float>(t));
    u[t][1] = std::cos(0.17f * static_cast<float>(t));
  }
  {
    ec::ModelSpec view;
    ASSERT_EQ(ec::read_model_image(im.flash.data(), im.flash.size(), view), ec::Status::ok);
    static Runner ref;
    ASSERT_EQ(ref.bind(view), ec::Status::ok);
    for (int t = 0; t < 40; ++t) ASSERT_EQ(ref.step(u[t], y_ref[t]), ec::Status::ok);
  }
  const std::uint64_t places[] = {im.layout.J + 4 * 17, im.layout.J + 4 * 200, im.layout.J + 4 * 255,
                                   im.layout.W_in + 4 * 3, im.layout.W_in + 4 * 20, im.layout.W_in + 4 * 31,
                                   im.layout.W_out + 0, im.layout.W_out + 4 * 15, im.layout.W_out + 4 * 31};
  long injected = 0, detected = 0, recovered = 0;
  static Runner runner;
  ec::ImageVerifier v;
  ASSERT_EQ(v.start(im.ram, sizeof im.ram), ec::Status::ok);
  for (std::uint64_t at : places) {
    for (int bit = 0; bit < 32; ++bit) {
      flip_bit(im.ram, static_cast<std::size_t>(8 * at) + static_cast<std::size_t>(bit));
      ++injected;
      v.restart();
      std::size_t calls = 0;
      ec::VerifyProgress p = ec::VerifyProgress::in_progress;
      while (p == ec::VerifyProgress::in_progress) {
        p = v.step(64);
        ++calls;
      }
      if (p != ec::VerifyProgress::corrupted) continue;
      EXPECT_LE(calls, ec::ImageVerifier::calls_per_pass(sizeof im.ram, 64));
      ++detected;
      // The recovery: reload, verify, read, bind, reset.
      std::memcpy(im.ram, im.flash.data(), sizeof im.ram);
      ASSERT_EQ(ec::verify_model_image(im.ram, sizeof im.ram), ec::Status::ok);
      ec::ModelSpec view;
      ASSERT_EQ(ec::read_model_image(im.ram, sizeof im.ram, view), ec::Status::ok);
      ASSERT_EQ(runner.bind(view), ec::Status::ok);
      ASSERT_EQ(runner.reset(), ec::Status::ok);
      bool same = true;
      for (int t = 0; t < 40; ++t) {
        float y[2];
        ASSERT_EQ(runner.step(u[t], y), ec::Status::ok);
        same = same && std::memcmp(y, y_ref[t], sizeof y) == 0;
      }
      if (same) ++recovered;
    }
  }
  EXPECT_EQ(injected, 9 * 32);
  EXPECT_EQ(detected, injected);
  EXPECT_EQ(recovered, injected);
}

// ---------------------------------------------------------------- the state range

// Hand computation: J = [[0, 2], [-1, 0.5]], W_in = [0.5, -3]^T, b = (0.1, -0.2), |u| <= 2:
// R_0 = 2 + 2 * 0.5 + 0.1 = 3.1, R_1 = 1.5 + 2 * 3 + 0.2 = 7.7; the stored bound is R
// times 1 + 2^-10 + 16 eps / dt (dt = 0.5: 1.0009804). The echo-state bound is 1 times
// 1 + 2^-10 + 8 eps / a (a = 0.5: 1.0009775).
TEST(FaultsState, RangeMatchesTheHandComputation) {
  static const float J[4] = {0.0f, 2.0f, -1.0f, 0.5f};
  static const float W[2] = {0.5f, -3.0f};
  ec::RateNetwork<2, 1> net(J);
  ASSERT_EQ(net.set_input_weights(W, 1), ec::Status::ok);
  ASSERT_EQ(net.set_bias(ec::Vector<2>(0.1f, -0.2f)), ec::Status::ok);
  ec::StateRange<2> range;
  EXPECT_FALSE(range.ready());
  EXPECT_EQ(range.check(ec::Vector<2>::Zero()), ec::Status::invalid_argument);
  ASSERT_EQ(range.set(net, 0.5f, 2.0f), ec::Status::ok);
  const double grow = 1.0 + 1.0 / 1024 + 16.0 / 16777216.0 / 0.5;
  EXPECT_NEAR(range.bound()[0], 3.1 * grow, 1e-5);
  EXPECT_NEAR(range.bound()[1], 7.7 * grow, 1e-5);
  EXPECT_EQ(range.check(ec::Vector<2>(3.1f, -7.7f)), ec::Status::ok);
  EXPECT_EQ(range.check(ec::Vector<2>(3.2f, 0.0f)), ec::Status::corrupted_state);
  EXPECT_EQ(range.check(ec::Vector<2>(0.0f, -7.8f)), ec::Status::corrupted_state);
  EXPECT_EQ(range.check(ec::Vector<2>(NAN, 0.0f)), ec::Status::corrupted_state);
  EXPECT_EQ(range.check(ec::Vector<2>(0.0f, INFINITY)), ec::Status::corrupted_state);
  // Refusals change nothing.
  const ec::Vector<2> before = range.bound();
  EXPECT_EQ(range.set(net, 1.5f, 2.0f), ec::Status::invalid_argument);  // dt > 1
  EXPECT_EQ(range.set(net, 0.0f, 2.0f), ec::Status::invalid_argument);
  EXPECT_EQ(range.set(net, 0.5f, -1.0f), ec::Status::invalid_argument);
  EXPECT_EQ(range.set(net, 0.5f, NAN), ec::Status::invalid_argument);
  static const float J_bad[4] = {0.0f, INFINITY, 0.0f, 0.0f};
  ec::RateNetwork<2, 1> bad(J_bad);
  EXPECT_EQ(range.set(bad, 0.5f), ec::Status::non_finite_input);
  EXPECT_EQ(range.set(ec::RateNetwork<2, 1>(), 0.5f), ec::Status::invalid_argument);
  EXPECT_EQ(range.widen(ec::Vector<2>(NAN, 0.0f)), ec::Status::non_finite_input);
  EXPECT_EQ(range.bound(), before);
  // widen: the initial state enters the max.
  ASSERT_EQ(range.widen(ec::Vector<2>(10.0f, 1.0f)), ec::Status::ok);
  EXPECT_NEAR(range.bound()[0], 10.0 * (1.0 + 1.0 / 1024), 1e-5);
  EXPECT_EQ(range.bound()[1], before[1]);

  ec::EchoState<2, 1> esn;
  ASSERT_EQ(esn.bind(J, 2), ec::Status::ok);
  ASSERT_EQ(esn.set_leak(0.5f), ec::Status::ok);
  ec::StateRange<2> er;
  ASSERT_EQ(er.set(esn), ec::Status::ok);
  EXPECT_NEAR(er.bound()[0], 1.0 + 1.0 / 1024 + 8.0 / 16777216.0 / 0.5, 1e-7);

  // Run-time sizes: a wrong-size state is size_mismatch.
  ec::RateNetwork<ec::Dynamic, ec::Dynamic> dyn;
  ASSERT_EQ(dyn.bind(J, 2), ec::Status::ok);
  ec::StateRange<ec::Dynamic> dr;
  ASSERT_EQ(dr.set(dyn, 0.5f), ec::Status::ok);
  EXPECT_EQ(dr.check(ec::Vector<ec::Dynamic>::Zero(3)), ec::Status::size_mismatch);
  EXPECT_NEAR(dr.bound()[1], 1.5 * grow, 1e-5);
}

// The bound is reached, so it cannot be lowered: J_ij = 0.5 for all i, j (N = 8), b_i = 0.25,
// no input: from x = 3 the network saturates (phi -> 1) and x_i -> the fixed point of
// x = 4 tanh(x) + 0.25, within 4e-4 of R_i = sum_j J_ij + b_i = 4.25. Euler at dt = 1 (the
// edge of the derivation) and RK4 at dt = 1, 500 steps: every state passes the check and
// the largest |x_i| ends at that fixed point (within 1e-5), at least 0.999 R_i.
TEST(FaultsState, TheBoundIsAttained) {
  static float J[64];
  for (float& v : J) v = 0.5f;
  ec::RateNetwork<8> net(J);
  ASSERT_EQ(net.set_bias(ec::Vector<8>::Constant(0.25f)), ec::Status::ok);
  ec::StateRange<8> range;
  ASSERT_EQ(range.set(net, 1.0f), ec::Status::ok);
  // The fixed point x = 4 tanh(x) + 0.25, solved in double by iteration (a contraction
  // there: 4 tanh'(4.25) = 8e-4): 4.24837 = R (1 - 3.8e-4).
  double fixed_point = 4.25;
  for (int k = 0; k < 20; ++k) fixed_point = 4.0 * std::tanh(fixed_point) + 0.25;
  ec::Euler<ec::RateNetwork<8>> euler;
  ec::RK4<ec::RateNetwork<8>> rk4;
  for (int scheme = 0; scheme < 2; ++scheme) {
    ec::Vector<8> x = ec::Vector<8>::Constant(3.0f);
    for (int t = 0; t < 500; ++t) {
      ASSERT_EQ(scheme == 0 ? euler.step(net, x, 1.0f) : rk4.step(net, x, 1.0f), ec::Status::ok);
      ASSERT_EQ(range.check(x), ec::Status::ok) << t;
    }
    EXPECT_NEAR(x.cwiseAbs().maxCoeff(), fixed_point, 1e-5);
    EXPECT_GE(x.cwiseAbs().maxCoeff(), 0.999 * 4.25);
  }
}

// The derivation on chaotic runs: g = 2 (N = 32, seed 3), two inputs |u| <= 1 (uniform W_in,
// scale 1, seed 4), b = 0.3, from a state 3 times the bound on neuron 0 (widen); Euler at
// dt = 1 and 0.1, RK4 at dt = 1 and 0.25; 2000 steps each, every state passes the check.
TEST(FaultsState, ChaoticRunsStayInRange) {
  using Net = ec::RateNetwork<32, 2>;
  static float J[32 * 32], W[32 * 2];
  ASSERT_EQ(ec::generate_couplings(ec::CouplingParams{2.0f, 0.0f, 3u}, J, 32), ec::Status::ok);
  ASSERT_EQ(ec::generate_input_weights(1.0f, 4u, W, 32, 2), ec::Status::ok);
  Net net(J);
  ASSERT_EQ(net.set_input_weights(W, 2), ec::Status::ok);
  ASSERT_EQ(net.set_bias(Net::State::Constant(0.3f)), ec::Status::ok);
  ec::Euler<Net> euler;
  ec::RK4<Net> rk4;
  const float dts[4] = {1.0f, 0.1f, 1.0f, 0.25f};
  for (int c = 0; c < 4; ++c) {
    ec::StateRange<32> range;
    ASSERT_EQ(range.set(net, dts[c], 1.0f), ec::Status::ok);
    Net::State x = Net::State::Constant(0.5f);
    x[0] = 3.0f * range.bound()[0];
    ASSERT_EQ(range.widen(x), ec::Status::ok);
    double largest = 0;
    for (int t = 0; t < 2000; ++t) {
      const float tt = static_cast<float>(t) * dts[c];
      const Net::Input u(std::sin(0.7f * tt), std::cos(1.3f * tt));
      ASSERT_EQ(c < 2 ? euler.step(net, x, u, dts[c]) : rk4.step(net, x, u, dts[c]), ec::Status::ok);
      ASSERT_EQ(range.check(x), ec::Status::ok) << c << " " << t;
      if (t > 200) largest = std::max(largest, static_cast<double>((x.cwiseAbs().array() / range.bound().array()).maxCoeff()));
    }
    ::testing::Test::RecordProperty("largest_fraction_of_bound_" + std::to_string(c), std::to_string(largest));
    EXPECT_GT(largest, 0.05);  // the chaotic state fills a fair part of its range
  }
}

// Bit classes of IEEE-754 binary32.
int bit_class(int bit) { return bit == 31 ? 0 : bit >= 23 ? 1 : bit >= 16 ? 2 : 3; }
const char* kClassName[4] = {"sign", "exponent", "mantissa_high", "mantissa_low"};

struct FlipCounts {
  long injected[32] = {}, detected[32] = {}, recovered[32] = {};
  // One line per run for docs/faults.md: detected/injected by bit position, and recovered.
  void print(const char* what) const {
    long inj = 0, det = 0, rec = 0;
    std::printf("%s detected by bit:", what);
    for (int b = 0; b < 32; ++b) {
      std::printf(" %d:%ld/%ld", b, detected[b], injected[b]);
      inj += injected[b];
      det += detected[b];
      rec += recovered[b];
    }
    std::printf("\n%s: injected %ld, detected %ld, recovered %ld\n", what, inj, det, rec);
  }
};

// State flips in a contracting driven rate network (g = 0.5, N = 16, seed 9, one input
// u = sin(0.4 t) through W_in (scale 1, seed 10), Euler dt = 0.2): at step 200, every bit
// 0..31 of neurons 0..7 is flipped (256 flips). Detected: the state is reset to 0 (the
// documented recovery); undetected: the run continues from the flipped state. Either way,
// every later step succeeds and passes the check, and after 400 more steps the state is
// within 1e-5 of the reference run's (the driven contracting network forgets its initial
// state: the perturbation decays like 0.9^t). Predicted from the float layout, with every
// |x_i| in (2^-20, R_i / 2): bit 30 always detected (x 2^128 is beyond any bound here),
// the sign bit never (|x| unchanged), mantissa bits never (they change |x| by less than a
// factor of 2, and |x| < R / 2).
TEST(FaultsState, StateFlipsContractingRateNetwork) {
  using Net = ec::RateNetwork<16, 1>;
  static float J[256], W[16];
  ASSERT_EQ(ec::generate_couplings(ec::CouplingParams{0.5f, 0.0f, 9u}, J, 16), ec::Status::ok);
  ASSERT_EQ(ec::generate_input_weights(1.0f, 10u, W, 16, 1), ec::Status::ok);
  Net net(J);
  ASSERT_EQ(net.set_input_weights(W, 1), ec::Status::ok);
  ec::StateRange<16> range;
  ASSERT_EQ(range.set(net, 0.2f, 1.0f), ec::Status::ok);
  ec::Euler<Net> euler;
  const auto input = [](int t) { return Net::Input(std::sin(0.4f * 0.2f * static_cast<float>(t))); };
  Net::State x0 = Net::State::Zero();
  for (int t = 0; t < 200; ++t) ASSERT_EQ(euler.step(net, x0, input(t), 0.2f), ec::Status::ok);
  for (int i = 0; i < 8; ++i) {
    ASSERT_GT(std::fabs(x0[i]), 1e-6f);
    ASSERT_LT(std::fabs(x0[i]), 0.5f * range.bound()[i]);
  }
  FlipCounts n;
  for (int i = 0; i < 8; ++i) {
    for (int bit = 0; bit < 32; ++bit) {
      Net::State x = x0, ref = x0;
      x[i] = flipped(x[i], bit);
      ++n.injected[bit];
      if (range.check(x) != ec::Status::ok) {
        ++n.detected[bit];
        x.setZero();  // recovery: reset the state
      }
      bool fine = true;
      for (int t = 200; t < 600; ++t) {
        fine = fine && euler.step(net, x, input(t), 0.2f) == ec::Status::ok && range.check(x) == ec::Status::ok;
        ASSERT_EQ(euler.step(net, ref, input(t), 0.2f), ec::Status::ok);
      }
      if (fine && (x - ref).cwiseAbs().maxCoeff() < 1e-5f) ++n.recovered[bit];
    }
  }
  long cls_inj[4] = {}, cls_det[4] = {};
  for (int bit = 0; bit < 32; ++bit) {
    EXPECT_EQ(n.recovered[bit], n.injected[bit]) << "bit " << bit;
    cls_inj[bit_class(bit)] += n.injected[bit];
    cls_det[bit_class(bit)] += n.detected[bit];
  }
  n.print("rate g=0.5");
  EXPECT_EQ(n.detected[30], 8);
  EXPECT_EQ(n.detected[31], 0);
  for (int bit = 0; bit < 23; ++bit) EXPECT_EQ(n.detected[bit], 0) << bit;
  for (int c = 0; c < 4; ++c) {
    ::testing::Test::RecordProperty(std::string("rate_") + kClassName[c],
                                    std::to_string(cls_det[c]) + "/" + std::to_string(cls_inj[c]));
  }
}

// The same in a chaotic network (g = 2, N = 16, seed 11, Euler dt = 0.1, no input, b = 0),
// at step 300, every bit of neurons 0..7: a chaotic trajectory never returns to the
// reference, so "recovered" here is that every later step (300 of them) succeeds and
// passes the check; the flips the check misses are within the range by definition, and
// bit 30 of any |x_i| < 2 is caught (x 2^128).
TEST(FaultsState, StateFlipsChaoticRateNetwork) {
  using Net = ec::RateNetwork<16>;
  static float J[256];
  ASSERT_EQ(ec::generate_couplings(ec::CouplingParams{2.0f, 0.0f, 11u}, J, 16), ec::Status::ok);
  Net net(J);
  ec::StateRange<16> range;
  ASSERT_EQ(range.set(net, 0.1f), ec::Status::ok);
  ec::Euler<Net> euler;
  Net::State x0 = Net::State::Constant(0.3f);
  for (int t = 0; t < 300; ++t) ASSERT_EQ(euler.step(net, x0, 0.1f), ec::Status::ok);
  FlipCounts n;
  for (int i = 0; i < 8; ++i) {
    for (int bit = 0; bit < 32; ++bit) {
      Net::State x = x0;
      x[i] = flipped(x[i], bit);
      ++n.injected[bit];
      const bool caught = range.check(x) != ec::Status::ok;
      if (caught) {
        ++n.detected[bit];
        x = Net::State::Constant(0.3f);
      }
      bool fine = true;
      for (int t = 0; t < 300; ++t) fine = fine && euler.step(net, x, 0.1f) == ec::Status::ok && range.check(x) == ec::Status::ok;
      if (fine) ++n.recovered[bit];
      if (std::fabs(x0[i]) < 2.0f && bit == 30) {
        EXPECT_TRUE(caught);
      }
      if (bit == 31) {
        EXPECT_FALSE(caught);
      }
    }
  }
  n.print("rate g=2");
  for (int bit = 0; bit < 32; ++bit) EXPECT_EQ(n.recovered[bit], n.injected[bit]) << bit;
}

// Echo-state map (N = 16, W with g = 0.5, seed 12, leak 0.5, one input sin(0.5 t), W_in
// scale 1, seed 13): the bound is 1 for any weights. At step 100 every bit of neurons
// 0..7 is flipped; as above, detected -> reset to 0; all recover to within 1e-5 of the
// reference after 300 steps. Predicted: bit 30 caught (|x| < 1 -> x 2^128), and bits 23..29
// caught exactly when they multiply |x| past 1 (an exponent bit that is 0 in x and raises it).
TEST(FaultsState, StateFlipsEchoState) {
  using Net = ec::EchoState<16, 1>;
  static float J[256], W[16];
  ASSERT_EQ(ec::generate_couplings(ec::CouplingParams{0.5f, 0.0f, 12u}, J, 16), ec::Status::ok);
  ASSERT_EQ(ec::generate_input_weights(1.0f, 13u, W, 16, 1), ec::Status::ok);
  Net net;
  ASSERT_EQ(net.bind(J, 16), ec::Status::ok);
  ASSERT_EQ(net.set_input_weights(W, 1), ec::Status::ok);
  ASSERT_EQ(net.set_leak(0.5f), ec::Status::ok);
  ec::StateRange<16> range;
  ASSERT_EQ(range.set(net), ec::Status::ok);
  ec::MapStepper<Net> map;
  const auto input = [](int t) { return Net::Input(std::sin(0.5f * static_cast<float>(t))); };
  Net::State x0 = Net::State::Zero();
  for (int t = 0; t < 100; ++t) ASSERT_EQ(map.step(net, x0, input(t)), ec::Status::ok);
  long detected = 0, recovered = 0, predicted = 0;
  FlipCounts n;
  for (int i = 0; i < 8; ++i) {
    for (int bit = 0; bit < 32; ++bit) {
      Net::State x = x0, ref = x0;
      x[i] = flipped(x[i], bit);
      ++n.injected[bit];
      // The prediction from the value alone: |flipped| > 1 (times the allowance) or not finite.
      if (!(std::fabs(x[i]) <= range.bound()[i])) ++predicted;
      if (range.check(x) != ec::Status::ok) {
        ++detected;
        ++n.detected[bit];
        x.setZero();
      }
      bool fine = true;
      for (int t = 100; t < 400; ++t) {
        fine = fine && map.step(net, x, input(t)) == ec::Status::ok && range.check(x) == ec::Status::ok;
        ASSERT_EQ(map.step(net, ref, input(t)), ec::Status::ok);
      }
      if (fine && (x - ref).cwiseAbs().maxCoeff() < 1e-5f) {
        ++recovered;
        ++n.recovered[bit];
      }
    }
  }
  n.print("esn a=0.5");
  EXPECT_EQ(detected, predicted);
  EXPECT_GE(detected, 8);  // bit 30 at least
  EXPECT_EQ(recovered, 256);
  ::testing::Test::RecordProperty("esn_detected", std::to_string(detected) + "/256");
}

// ---------------------------------------------------------------- the RLS matrix

constexpr int kF = 8;
using Trainer = ec::Rls<kF, 1>;
static_assert(std::is_standard_layout<Trainer>::value, "the flips below address P's triangle as the first member");

struct RlsData {
  float f[400][kF];
  float y[400];
  float w[kF];
  RlsData() {
    ec::Xoshiro128pp rng(21u);
    for (float& v : w) v = 2.0f * rng.next_uniform() - 1.0f;
    for (int s = 0; s < 400; ++s) {
      f[s][0] = 1.0f;
      for (int j = 1; j < kF; ++j) f[s][j] = 2.0f * rng.next_uniform() - 1.0f;
      double acc = 0;
      for (int j = 0; j < kF; ++j) acc += static_cast<double>(w[j]) * f[s][j];
      y[s] = static_cast<float>(acc);
    }
  }
  Trainer::FeatureVector feature(int s) const { return Eigen::Map<const Trainer::FeatureVector>(f[s]); }
  Trainer::Output target(int s) const { return Trainer::Output(y[s]); }
};

// P's packed triangle, where the flips go (the first member of a standard-layout Rls;
// the test checks the address against p(i, j) before using it).
float* triangle(Trainer& r) { return reinterpret_cast<float*>(&r); }

// Health of a trained RLS and its checks: a fresh and a trained P pass; a hand-made
// violation of each condition fails; restart_covariance keeps W, reset clears it.
TEST(FaultsRls, HealthCheckConditions) {
  static RlsData d;
  Trainer r;
  ASSERT_EQ(r.configure(ec::RlsConfig{0.5f, 1.0f, 1}), ec::Status::ok);
  EXPECT_EQ(r.check_health(), ec::Status::ok);
  for (int s = 0; s < 50; ++s) ASSERT_EQ(r.update(d.feature(s), d.target(s)), ec::Status::ok);
  EXPECT_EQ(r.check_health(), ec::Status::ok);
  float* q = triangle(r);
  ASSERT_EQ(q[0], r.p(0, 0));
  ASSERT_EQ(q[1], r.p(0, 1));
  ASSERT_EQ(q[kF], r.p(1, 1));  // row 1 starts after row 0's F entries
  const Trainer good = r;
  q[kF] = -q[kF];  // a negative diagonal
  EXPECT_EQ(r.check_health(), ec::Status::corrupted_state);
  r = good;
  q[kF] = 2.0f * 1.01f;  // above 1 / alpha (= 2) with lambda = 1
  EXPECT_EQ(r.check_health(), ec::Status::corrupted_state);
  r = good;
  q[1] = 1.1f * std::sqrt(q[0] * q[kF]);  // |P_01| > sqrt(P_00 P_11)
  EXPECT_EQ(r.check_health(), ec::Status::corrupted_state);
  r = good;
  q[3] = NAN;
  EXPECT_EQ(r.check_health(), ec::Status::corrupted_state);
  r = good;
  const float w0 = r.weights()(0, 0);
  q[0] = -1.0f;
  r.restart_covariance();
  EXPECT_EQ(r.check_health(), ec::Status::ok);
  EXPECT_EQ(r.p(0, 0), 2.0f);
  EXPECT_EQ(r.p(0, 1), 0.0f);
  EXPECT_EQ(r.weights()(0, 0), w0);
  EXPECT_EQ(r.updates(), 50);
  r.reset();
  EXPECT_EQ(r.weights()(0, 0), 0.0f);
  EXPECT_EQ(r.updates(), 0);
  EXPECT_EQ(r.p(3, 3), 2.0f);
}

// Every bit of every entry of P's triangle (36 entries x 32 bits = 1152 flips) after 60
// updates of an exact linear map (F = 8, alpha = 1e-4, lambda = 1, seed 21; the prior's
// bias on W is then about alpha / (samples Var f) = 1e-6). Then 300 more samples with the
// health check before each update (the documented loop). Detected by a check (at once, or
// later: a flip that passes can make P fail as it shrinks) or by an update refusing
// (not_positive_definite, non_finite_result): restart_covariance() (W kept). At the end
// W is within 1e-3 of the true map and P passes, every time (recovered). Predicted: the
// sign bit of each of the 8 diagonal entries is caught at once (a negative diagonal), and
// bit 30 of every entry (x 2^128: a diagonal past 1 / alpha, an off-diagonal past
// sqrt(P_ii P_jj)); mantissa bits 0..15 never (they change an entry by under 2^-7).
TEST(FaultsRls, EveryBitOfPIsCaughtOrHarmless) {
  static RlsData d;
  Trainer trained;
  ASSERT_EQ(trained.configure(ec::RlsConfig{1e-4f, 1.0f, 1}), ec::Status::ok);
  for (int s = 0; s < 60; ++s) ASSERT_EQ(trained.update(d.feature(s), d.target(s)), ec::Status::ok);
  {  // the unfaulted run's error, the baseline
    Trainer r = trained;
    for (int s = 60; s < 360; ++s) ASSERT_EQ(r.update(d.feature(s), d.target(s)), ec::Status::ok);
    for (int j = 0; j < kF; ++j) EXPECT_NEAR(r.weights()(0, j), d.w[j], 1e-4);
  }
  long injected = 0, by_check = 0, later = 0, by_update = 0, recovered = 0;
  long det_bit[32] = {}, inj_bit[32] = {};
  for (int e = 0; e < Trainer::kTriangle; ++e) {
    const bool diagonal = e == 0 || e == 8 || e == 15 || e == 21 || e == 26 || e == 30 || e == 33 || e == 35;
    for (int bit = 0; bit < 32; ++bit) {
      Trainer r = trained;
      triangle(r)[e] = flipped(triangle(r)[e], bit);
      ++injected;
      ++inj_bit[bit];
      bool caught = r.check_health() != ec::Status::ok;
      if (caught) {
        ++by_check;
        ++det_bit[bit];
        r.restart_covariance();
      }
      if (bit == 30) {
        EXPECT_TRUE(caught) << "entry " << e;
      }
      if (bit == 31 && diagonal) {
        EXPECT_TRUE(caught) << "entry " << e;
      }
      for (int s = 60; s < 360; ++s) {
        if (r.check_health() != ec::Status::ok) {  // the loop checks before each update
          ++later;
          r.restart_covariance();
        }
        const ec::Status st = r.update(d.feature(s), d.target(s));
        if (st != ec::Status::ok) {
          ASSERT_TRUE(st == ec::Status::not_positive_definite || st == ec::Status::non_finite_result) << ec::to_string(st);
          ++by_update;
          r.restart_covariance();
        }
      }
      double err = 0;
      for (int j = 0; j < kF; ++j) err = std::max(err, std::fabs(static_cast<double>(r.weights()(0, j)) - d.w[j]));
      if (err < 1e-3 && r.check_health() == ec::Status::ok) ++recovered;
    }
  }
  EXPECT_EQ(injected, 36 * 32);
  EXPECT_EQ(recovered, injected);
  std::printf("rls: injected %ld, by check %ld, by a later check %ld, by update %ld, recovered %ld\n", injected, by_check,
              later, by_update, recovered);
  for (int bit = 0; bit < 32; ++bit) std::printf("%d:%ld/%ld ", bit, det_bit[bit], inj_bit[bit]);
  std::printf("\n");
  for (int bit = 0; bit < 16; ++bit) EXPECT_EQ(det_bit[bit], 0) << bit;  // low mantissa: never out of range
  ::testing::Test::RecordProperty("rls_by_check", std::to_string(by_check));
  ::testing::Test::RecordProperty("rls_by_update", std::to_string(by_update));
  std::string per_bit;
  for (int bit = 0; bit < 32; ++bit) per_bit += std::to_string(det_bit[bit]) + (bit < 31 ? "," : "");
  ::testing::Test::RecordProperty("rls_detected_per_bit", per_bit);
}

}  // namespace
