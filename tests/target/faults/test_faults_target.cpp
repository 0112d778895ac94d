// Fault injection on the target (docs/faults.md; the host form is tests/faults): single-bit
// flips in a model image in RAM (J, W_in, W_out), in a rate network's state and in an RLS
// matrix, with the target's compiler, alignment and float unit; every core, the microbit
// included (about 6 KiB of RAM: a 1384-byte image, its master copy, J).
// Expected values: CRC-32 detects every single-bit error (a property of the polynomial);
// the recoveries are judged against the unfaulted run on the same core.
#include <cmath>
#include <cstdint>
#include <cstring>

#include "cortexm/board.hpp"
#include "cortexm/console.hpp"
#include "ectest.hpp"
#include "edgechaos/edgechaos.hpp"
#include "edgechaos/io/image_verify.hpp"
#include "edgechaos/io/model_image.hpp"
#include "edgechaos/io/model_runner.hpp"
#include "bit_flips.hpp"

namespace ec = edgechaos;
using edgechaos::test::flip_bit;
using edgechaos::test::flipped;

namespace {

// The model: continuous Euler, dense J, n = 16, m = 1, k = 2, b and c, features = the state.
// Image: 96 + 4 (256 + 16 + 16 + 32 + 2) = 1384 bytes.
constexpr int kN = 16, kM = 1, kK = 2;
constexpr std::size_t kImageBytes = 1384;
using Runner = ec::ModelRunner<kN, kM, kK, ec::ModelForm::continuous, ec::IntegratorKind::euler, ec::ActivationKind::tanh, 0, 0>;

float g_J[kN * kN], g_win[kN * kM], g_b[kN], g_wout[kK * kN], g_c[kK];
std::uint32_t g_image[kImageBytes / 4];   // the image in RAM (4-byte aligned)
std::uint32_t g_master[kImageBytes / 4];  // its master copy (in a real device: flash)
ec::image::Layout g_layout;
Runner g_runner;

unsigned char* image() { return reinterpret_cast<unsigned char*>(g_image); }

// J with g = 0.5 (seed 31), W_in scale 1 (seed 32), b, W_out, c uniform (seed 33).
bool make_image() {
  static bool made = false;
  if (made) return true;
  if (ec::generate_couplings(ec::CouplingParams{0.5f, 0.0f, 31u}, g_J, kN) != ec::Status::ok) return false;
  if (ec::generate_input_weights(1.0f, 32u, g_win, kN, kM) != ec::Status::ok) return false;
  ec::Xoshiro128pp rng(33u);
  auto uni = [&](float s) { return s * (2.0f * rng.next_uniform() - 1.0f); };
  for (float& w : g_b) w = uni(0.2f);
  for (float& w : g_wout) w = uni(1.0f);
  for (float& w : g_c) w = uni(0.3f);
  ec::ModelSpec s;
  s.form = ec::ModelForm::continuous;
  s.integrator = ec::IntegratorKind::euler;
  s.activation = ec::ActivationKind::tanh;
  s.storage = ec::CouplingStorage::dense;
  s.n = kN;
  s.m = kM;
  s.k = kK;
  s.dt = 0.2f;
  s.k_hold = 1;
  s.J = g_J;
  s.W_in = g_win;
  s.b = g_b;
  s.W_out = g_wout;
  s.c = g_c;
  if (ec::model_image_size(s) != kImageBytes) return false;
  if (ec::write_model_image(s, image(), kImageBytes) != ec::Status::ok) return false;
  std::memcpy(g_master, g_image, kImageBytes);
  g_layout = ec::image::layout(s.storage, 0, ec::image::flags_of(s), kN, kM, kK, kN, 0);
  made = true;
  return true;
}

// Prints the counter units of one call of fn (instructions under QEMU -icount on the mps2
// boards), with the cost of reading the counter taken off; where there is no counter, fn
// is called and nothing printed.
template <class Fn>
void report_cost(const char* what, Fn&& fn) {
  if (!cortexm::counter_available()) {
    fn();
    return;
  }
  cortexm::counter_start();
  const std::uint32_t e0 = cortexm::counter_read();
  const std::uint32_t e1 = cortexm::counter_read();
  const std::uint32_t t0 = cortexm::counter_read();
  fn();
  const std::uint32_t t1 = cortexm::counter_read();
  const std::uint32_t empty = cortexm::counter_to_units(e1 - e0), units = cortexm::counter_to_units(t1 - t0);
  cortexm::put("faults: cost of ");
  cortexm::put(what);
  cortexm::put(": ");
  cortexm::put_uint(units > empty ? units - empty : 0u);
  cortexm::put(" ");
  cortexm::put(cortexm::counter_unit());
  cortexm::put("\n");
}


}  // namespace

// Every bit of J, W_in and W_out in the image (8192 + 512 + 1024 flips): the whole verify
// refuses each one, the incremental verifier (64 bytes a call) refuses each one of W_in's
// and W_out's within one pass, and the restored image verifies again.
EC_TEST(image_every_bit_of_J_Win_Wout) {
  EC_CHECK(make_image());
  EC_CHECK(g_layout.J == 96 && g_layout.W_in == 96 + 1024 && g_layout.W_out == 96 + 1024 + 64 + 64);
  EC_CHECK(ec::verify_model_image(image(), kImageBytes) == ec::Status::ok);
  struct Region {
    std::uint64_t at, bytes;
  } regions[3] = {{g_layout.J, 4u * kN * kN}, {g_layout.W_in, 4u * kN * kM}, {g_layout.W_out, 4u * kK * kN}};
  long injected = 0, whole = 0, incremental = 0, incremental_tried = 0;
  ec::ImageVerifier v;
  EC_CHECK(v.start(image(), kImageBytes) == ec::Status::ok);
  for (int r = 0; r < 3; ++r) {
    for (std::uint64_t bit = 8 * regions[r].at; bit < 8 * (regions[r].at + regions[r].bytes); ++bit) {
      flip_bit(image(), static_cast<std::size_t>(bit));
      ++injected;
      if (ec::verify_model_image(image(), kImageBytes) == ec::Status::corrupted_blob) ++whole;
      if (r > 0) {
        ++incremental_tried;
        v.restart();
        ec::VerifyProgress p = ec::VerifyProgress::in_progress;
        while (p == ec::VerifyProgress::in_progress) p = v.step(64);
        if (p == ec::VerifyProgress::corrupted) ++incremental;
      }
      flip_bit(image(), static_cast<std::size_t>(bit));
    }
  }
  EC_CHECK(injected == 8 * 4 * (256 + 16 + 32));
  EC_CHECK(whole == injected);
  EC_CHECK(incremental == incremental_tried);
  EC_CHECK(ec::verify_model_image(image(), kImageBytes) == ec::Status::ok);
  cortexm::put("faults: image flips injected ");
  cortexm::put_int(injected);
  cortexm::put(" detected ");
  cortexm::put_int(whole);
  cortexm::put("\n");
}

// The incremental verifier's bound: ceil(1380 / 64) = 22 calls a pass, and the cost of
// one 64-byte call and of a whole verify in counter units (instructions under QEMU -icount
// on the mps2 boards; printed, not asserted: speed is for the benchmarks).
EC_TEST(image_incremental_cost) {
  EC_CHECK(make_image());
  ec::ImageVerifier v;
  EC_CHECK(v.start(image(), kImageBytes) == ec::Status::ok);
  EC_CHECK(ec::ImageVerifier::calls_per_pass(kImageBytes, 64) == 22);
  int calls = 0;
  std::uint32_t largest = 0;
  const bool timed = cortexm::counter_available();
  if (timed) cortexm::counter_start();
  ec::VerifyProgress p = ec::VerifyProgress::in_progress;
  while (p == ec::VerifyProgress::in_progress) {
    const std::uint32_t t0 = timed ? cortexm::counter_read() : 0u;
    p = v.step(64);
    const std::uint32_t t1 = timed ? cortexm::counter_read() : 0u;
    const std::uint32_t units = cortexm::counter_to_units(t1 - t0);
    if (units > largest) largest = units;
    ++calls;
  }
  EC_CHECK(p == ec::VerifyProgress::ok);
  EC_CHECK(calls == 22);
  const std::uint32_t t0 = timed ? cortexm::counter_read() : 0u;
  const ec::Status whole = ec::verify_model_image(image(), kImageBytes);
  const std::uint32_t t1 = timed ? cortexm::counter_read() : 0u;
  EC_CHECK(whole == ec::Status::ok);
  if (timed) {
    cortexm::put("faults: verify step(64) at most ");
    cortexm::put_uint(largest);
    cortexm::put(" ");
    cortexm::put(cortexm::counter_unit());
    cortexm::put(" a call; whole image (1384 bytes) ");
    cortexm::put_uint(cortexm::counter_to_units(t1 - t0));
    cortexm::put("\n");
  }
}

// Recovery by reload: each of the 32 bits of J[5], W_in[3] and W_out[17] flipped in the RAM
// image is caught by the incremental verifier; the image is copied again from the master,
// verified, read and bound, the runner reset, and the next 20 outputs equal the reference
// run's bit for bit.
EC_TEST(image_reload_recovers) {
  EC_CHECK(make_image());
  float y_ref[20][kK];
  const auto input = [](int t) { return std::sin(0.3f * static_cast<float>(t)); };
  ec::ModelSpec view;
  EC_CHECK(ec::read_model_image(image(), kImageBytes, view) == ec::Status::ok);
  EC_CHECK(g_runner.bind(view) == ec::Status::ok);
  for (int t = 0; t < 20; ++t) {
    const float u = input(t);
    EC_CHECK(g_runner.step(&u, y_ref[t]) == ec::Status::ok);
  }
  const std::uint64_t places[3] = {g_layout.J + 4 * 5, g_layout.W_in + 4 * 3, g_layout.W_out + 4 * 17};
  int detected = 0, recovered = 0;
  ec::ImageVerifier v;
  EC_CHECK(v.start(image(), kImageBytes) == ec::Status::ok);
  for (std::uint64_t at : places) {
    for (int bit = 0; bit < 32; ++bit) {
      flip_bit(image(), static_cast<std::size_t>(8 * at) + static_cast<std::size_t>(bit));
      v.restart();
      ec::VerifyProgress p = ec::VerifyProgress::in_progress;
      while (p == ec::VerifyProgress::in_progress) p = v.step(64);
      if (p != ec::VerifyProgress::corrupted) continue;
      ++detected;
      std::memcpy(g_image, g_master, kImageBytes);
      if (ec::verify_model_image(image(), kImageBytes) != ec::Status::ok) continue;
      if (ec::read_model_image(image(), kImageBytes, view) != ec::Status::ok) continue;
      if (g_runner.bind(view) != ec::Status::ok || g_runner.reset() != ec::Status::ok) continue;
      bool same = true;
      for (int t = 0; t < 20; ++t) {
        const float u = input(t);
        float y[kK];
        same = same && g_runner.step(&u, y) == ec::Status::ok && std::memcmp(y, y_ref[t], sizeof y) == 0;
      }
      if (same) ++recovered;
    }
  }
  EC_CHECK(detected == 96);
  EC_CHECK(recovered == 96);
}

// State flips: the rate network of the image (g = 0.5, contracting, u = sin(0.3 t), Euler
// dt = 0.2) at step 100; every bit of neurons 0..3 (128 flips). Detected -> the state is
// reset to 0; then 200 more steps, every one ok and in range, and the state within 1e-5
// of the unfaulted run's (the perturbation decays about like 0.9^t). Bit 30 is caught on
// every neuron (|x_i| < 2: x 2^128), the sign bit and bits 0..22 never (|x_i| < R_i / 2).
EC_TEST(state_flips_detected_or_harmless) {
  EC_CHECK(make_image());
  using Net = ec::RateNetwork<kN, kM>;
  Net net(g_J);
  EC_CHECK(net.set_input_weights(g_win, kM) == ec::Status::ok);
  Net::State b;
  for (int i = 0; i < kN; ++i) b[i] = g_b[i];
  EC_CHECK(net.set_bias(b) == ec::Status::ok);
  ec::StateRange<kN> range;
  EC_CHECK(range.set(net, 0.2f, 1.0f) == ec::Status::ok);
  ec::Euler<Net> euler;
  const auto input = [](int t) { return Net::Input(std::sin(0.3f * static_cast<float>(t))); };
  Net::State x0 = Net::State::Zero(), ref;
  for (int t = 0; t < 100; ++t) EC_CHECK(euler.step(net, x0, input(t), 0.2f) == ec::Status::ok);
  ref = x0;
  for (int t = 100; t < 300; ++t) EC_CHECK(euler.step(net, ref, input(t), 0.2f) == ec::Status::ok);
  for (int i = 0; i < 4; ++i) EC_CHECK(std::fabs(x0[i]) < 0.5f * range.bound()[i] && std::fabs(x0[i]) > 1e-6f);
  ec::Status checked = ec::Status::invalid_argument;
  report_cost("StateRange<16>::check", [&] { checked = range.check(x0); });
  EC_CHECK(checked == ec::Status::ok);
  long detected[32] = {}, recovered = 0;
  for (int i = 0; i < 4; ++i) {
    for (int bit = 0; bit < 32; ++bit) {
      Net::State x = x0;
      x[i] = flipped(x[i], bit);
      if (range.check(x) != ec::Status::ok) {
        ++detected[bit];
        x.setZero();
      }
      bool fine = true;
      for (int t = 100; t < 300; ++t) {
        fine = fine && euler.step(net, x, input(t), 0.2f) == ec::Status::ok && range.check(x) == ec::Status::ok;
      }
      if (fine && (x - ref).cwiseAbs().maxCoeff() < 1e-5f) ++recovered;
    }
  }
  EC_CHECK(recovered == 128);
  EC_CHECK(detected[30] == 4);
  EC_CHECK(detected[31] == 0);
  long mantissa = 0, exponent = 0;
  for (int bit = 0; bit < 23; ++bit) mantissa += detected[bit];
  for (int bit = 23; bit < 31; ++bit) exponent += detected[bit];
  EC_CHECK(mantissa == 0);
  cortexm::put("faults: state flips 128, detected ");
  cortexm::put_int(exponent);
  cortexm::put(" (exponent bits), recovered ");
  cortexm::put_int(recovered);
  cortexm::put("\n");
}

// RLS flips (F = 8, alpha = 1e-4, lambda = 1, an exact linear map, seed 41, 40 updates):
// every bit of the 8 diagonal entries and of 4 off-diagonal ones (384 flips). Then 100
// more samples, with the health check before each update (the documented loop); detected
// by a check (at once or later: a flip that passes can make P fail later, as it shrinks)
// or by an update's refusal -> restart_covariance() (W kept). At the end W is within 1e-3
// of the true map and P passes, every time. The sign bit of a diagonal
// entry and bit 30 of any entry are always caught; bits 0..15 never.
EC_TEST(rls_flips_detected_or_harmless) {
  constexpr int kF = 8;
  using Trainer = ec::Rls<kF, 1>;
  static float f[140][kF], y[140], w[kF];
  ec::Xoshiro128pp rng(41u);
  for (float& v : w) v = 2.0f * rng.next_uniform() - 1.0f;
  for (int s = 0; s < 140; ++s) {
    f[s][0] = 1.0f;
    for (int j = 1; j < kF; ++j) f[s][j] = 2.0f * rng.next_uniform() - 1.0f;
    double acc = 0;
    for (int j = 0; j < kF; ++j) acc += static_cast<double>(w[j]) * static_cast<double>(f[s][j]);
    y[s] = static_cast<float>(acc);
  }
  static Trainer trained, r;
  EC_CHECK(trained.configure(ec::RlsConfig{1e-4f, 1.0f, 1}) == ec::Status::ok);
  for (int s = 0; s < 40; ++s) {
    EC_CHECK(trained.update(Eigen::Map<const Trainer::FeatureVector>(f[s]), Trainer::Output(y[s])) == ec::Status::ok);
  }
  EC_CHECK(trained.check_health() == ec::Status::ok);
  ec::Status healthy = ec::Status::invalid_argument;
  report_cost("Rls<8>::check_health", [&] { healthy = trained.check_health(); });
  EC_CHECK(healthy == ec::Status::ok);
  float* q0 = reinterpret_cast<float*>(&trained);  // the packed triangle: the first member
  EC_CHECK(q0[0] == trained.p(0, 0) && q0[1] == trained.p(0, 1) && q0[kF] == trained.p(1, 1));
  const int entries[12] = {0, 8, 15, 21, 26, 30, 33, 35, 1, 7, 20, 34};  // 8 diagonal, 4 off
  long injected = 0, by_check = 0, later = 0, by_update = 0, recovered = 0, low_caught = 0;
  for (int e = 0; e < 12; ++e) {
    for (int bit = 0; bit < 32; ++bit) {
      r = trained;
      float* q = reinterpret_cast<float*>(&r);
      q[entries[e]] = flipped(q[entries[e]], bit);
      ++injected;
      const bool caught = r.check_health() != ec::Status::ok;
      if (caught) {
        ++by_check;
        if (bit < 16) ++low_caught;
        r.restart_covariance();
      }
      if (bit == 30 || (bit == 31 && e < 8)) EC_CHECK(caught);
      for (int s = 40; s < 140; ++s) {
        if (r.check_health() != ec::Status::ok) {  // the loop checks before each update
          ++later;
          r.restart_covariance();
        }
        const ec::Status st = r.update(Eigen::Map<const Trainer::FeatureVector>(f[s]), Trainer::Output(y[s]));
        if (st != ec::Status::ok) {
          EC_CHECK(st == ec::Status::not_positive_definite || st == ec::Status::non_finite_result);
          ++by_update;
          r.restart_covariance();
        }
      }
      float err = 0.0f;
      for (int j = 0; j < kF; ++j) err = std::fmax(err, std::fabs(r.weights()(0, j) - w[j]));
      if (err < 1e-3f && r.check_health() == ec::Status::ok) {
        ++recovered;
      } else {
        cortexm::put("faults: not recovered: entry ");
        cortexm::put_int(entries[e]);
        cortexm::put(" bit ");
        cortexm::put_int(bit);
        cortexm::put(" caught ");
        cortexm::put_bool(caught);
        cortexm::put(" error ");
        cortexm::put_sci(err, 3);
        cortexm::put("\n");
      }
    }
  }
  EC_CHECK(injected == 384);
  EC_CHECK(recovered == 384);
  EC_CHECK(low_caught == 0);
  cortexm::put("faults: rls flips 384, by check ");
  cortexm::put_int(by_check);
  cortexm::put(", by a later check ");
  cortexm::put_int(later);
  cortexm::put(", by update ");
  cortexm::put_int(by_update);
  cortexm::put(", recovered ");
  cortexm::put_int(recovered);
  cortexm::put("\n");
}
