// Bad input: each rejected parameter or non-finite value returns its status and leaves the
// caller's state bit-for-bit unchanged; a blow-up keeps the previous state; the noise
// stream of Euler-Maruyama survives a failed step.
#include <gtest/gtest.h>

#include <cstring>
#include <limits>

#include "edgechaos/edgechaos.hpp"
#include "edgechaos/host/lyapunov_spectrum.hpp"

namespace ec = edgechaos;

namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

template <class V>
bool same_bits(const V& a, const V& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), sizeof(float) * static_cast<size_t>(a.size())) == 0;
}

// Counts observer calls: a failed step must not report anything.
struct CountingObserver {
  int* calls;
  void operator()(const ec::StepSums&) const { ++*calls; }
};

constexpr int kN = 8, kM = 2;
using Net = ec::RateNetwork<kN, kM>;

struct Fixture {
  ec::CouplingMatrix<kN> J;
  ec::RowMajorMatrix<kN, kM> W;
  Net net;
  ec::Vector<kN> x;
  ec::Vector<kM> u{0.5f, -0.25f};
  Fixture() {
    EXPECT_EQ(ec::generate_couplings(ec::CouplingParams{1.2f, 0.0f, 3u}, J), ec::Status::ok);
    EXPECT_EQ(ec::generate_input_weights(1.0f, 4u, W.data(), kN, kM), ec::Status::ok);
    EXPECT_EQ(net.bind(J.data(), kN), ec::Status::ok);
    EXPECT_EQ(net.set_input_weights(W.data()), ec::Status::ok);
    for (int i = 0; i < kN; ++i) x[i] = 0.1f * static_cast<float>(i) - 0.3f;
  }
};

// Every stepper of the library, as a family over the model, so each test can also build
// the same stepper for another network.
template <template <class> class S>
struct Family {
  template <class N>
  using type = S<N>;
};
template <class N>
using LyapunovEuler = ec::Lyapunov<N, ec::TangentScheme::euler>;
template <class N>
using LyapunovRk4 = ec::Lyapunov<N, ec::TangentScheme::rk4>;
template <class N>
using SpectrumRk4 = ec::LyapunovSpectrum<N, ec::TangentScheme::rk4>;

template <class S>
S make_stepper() {
  if constexpr (std::is_same_v<typename S::hook_type, ec::WhiteNoise<typename S::State>>) {
    return S(0.3f, 17u);  // Euler-Maruyama: some noise
  } else {
    return S();
  }
}

// The spectrum needs its number of exponents before the first step.
template <class S, class = void>
struct takes_k : std::false_type {};
template <class S>
struct takes_k<S, std::void_t<decltype(std::declval<S&>().configure(ec::Index{2}, ec::LyapunovConfig{}))>>
    : std::true_type {};
template <class S>
void prepare(S& s) {
  if constexpr (takes_k<S>::value) {
    EXPECT_EQ(s.configure(2, ec::LyapunovConfig{}), ec::Status::ok);
  }
}

template <class F>
class StepperBadInput : public ::testing::Test {};
using Steppers = ::testing::Types<Family<ec::Euler>, Family<ec::RK4>, Family<ec::EulerMaruyama>, Family<LyapunovEuler>,
                                  Family<LyapunovRk4>, Family<SpectrumRk4>>;
TYPED_TEST_SUITE(StepperBadInput, Steppers);

TYPED_TEST(StepperBadInput, RejectsBadTimeStep) {
  Fixture f;
  auto stepper = make_stepper<typename TypeParam::template type<Net>>();
  prepare(stepper);
  int calls = 0;
  for (float dt : {0.0f, -0.0f, -0.1f, kNaN, -kNaN, kInf, -kInf, 2e30f}) {
    const ec::Vector<kN> before = f.x;
    EXPECT_EQ(stepper.step(f.net, f.x, f.u, dt, CountingObserver{&calls}), ec::Status::invalid_argument) << dt;
    EXPECT_TRUE(same_bits(f.x, before)) << dt;
  }
  EXPECT_EQ(calls, 0);
  // The same stepper still works afterwards.
  EXPECT_EQ(stepper.step(f.net, f.x, f.u, 0.1f, CountingObserver{&calls}), ec::Status::ok);
  EXPECT_EQ(calls, 1);
}

TYPED_TEST(StepperBadInput, NonFiniteStateOrInputIsNonFiniteInput) {
  Fixture f;
  auto stepper = make_stepper<typename TypeParam::template type<Net>>();
  prepare(stepper);
  int calls = 0;
  for (float bad : {kNaN, kInf, -kInf}) {
    for (int where = 0; where < kN; where += 7) {  // first and last element
      ec::Vector<kN> x = f.x;
      x[where] = bad;
      const ec::Vector<kN> before = x;
      EXPECT_EQ(stepper.step(f.net, x, f.u, 0.1f, CountingObserver{&calls}), ec::Status::non_finite_input);
      EXPECT_TRUE(same_bits(x, before));
    }
    for (int where = 0; where < kM; ++where) {
      ec::Vector<kM> u = f.u;
      u[where] = bad;
      const ec::Vector<kN> before = f.x;
      EXPECT_EQ(stepper.step(f.net, f.x, u, 0.1f, CountingObserver{&calls}), ec::Status::non_finite_input);
      EXPECT_TRUE(same_bits(f.x, before));
    }
  }
  EXPECT_EQ(calls, 0);
}

// Linear activation, J entries ~1e20 and |x| ~ 1e20: J x ~ 1e40 overflows float to Inf
// although every input is finite. The step must report non_finite_result and keep x.
TYPED_TEST(StepperBadInput, BlowUpIsNonFiniteResultAndKeepsState) {
  using LNet = ec::RateNetwork<kN, 0, ec::Linear>;
  using LStepper = typename TypeParam::template type<LNet>;
  static ec::CouplingMatrix<kN> J = ec::CouplingMatrix<kN>::Constant(1e20f);
  LNet net(J);
  auto stepper = make_stepper<LStepper>();
  prepare(stepper);
  ec::Vector<kN> x = ec::Vector<kN>::Constant(1e20f);
  const ec::Vector<kN> before = x;
  int calls = 0;
  EXPECT_EQ(stepper.step(net, x, 0.1f, CountingObserver{&calls}), ec::Status::non_finite_result);
  EXPECT_TRUE(same_bits(x, before));
  EXPECT_EQ(calls, 0);
  // A finite network and a huge dt: x + dt v with v ~ 1e10 and dt = 1e30 overflows too.
  static ec::CouplingMatrix<kN> J1 = ec::CouplingMatrix<kN>::Zero();
  LNet calm(J1);
  ec::Vector<kN> y = ec::Vector<kN>::Constant(1e10f);
  const ec::Vector<kN> y0 = y;
  EXPECT_EQ(stepper.step(calm, y, 1e30f), ec::Status::non_finite_result);
  EXPECT_TRUE(same_bits(y, y0));
}

TEST(DynamicBadInput, SizeMismatchAndUnboundNetwork) {
  using DNet = ec::RateNetwork<ec::Dynamic, ec::Dynamic>;
  ec::CouplingMatrix<ec::Dynamic> J;
  ASSERT_EQ(ec::generate_couplings(ec::CouplingParams{1.0f, 0.0f, 1u}, J, 6), ec::Status::ok);
  static float W[6 * 2];
  ASSERT_EQ(ec::generate_input_weights(1.0f, 2u, W, 6, 2), ec::Status::ok);

  DNet unbound;
  ec::Euler<DNet> euler;
  Eigen::VectorXf x = Eigen::VectorXf::Constant(6, 0.5f);
  Eigen::VectorXf u = Eigen::VectorXf::Zero(2);
  const Eigen::VectorXf x0 = x;
  EXPECT_EQ(euler.step(unbound, x, u, 0.1f), ec::Status::invalid_argument);
  EXPECT_TRUE(same_bits(x, x0));

  DNet net;
  ASSERT_EQ(net.bind(J.data(), 6), ec::Status::ok);
  ASSERT_EQ(net.set_input_weights(W, 2), ec::Status::ok);
  ec::RK4<DNet> rk4;
  ec::EulerMaruyama<DNet> em(0.1f, 3u);
  Eigen::VectorXf wrong_x = Eigen::VectorXf::Constant(5, 0.5f);
  const Eigen::VectorXf wrong_x0 = wrong_x;
  Eigen::VectorXf wrong_u = Eigen::VectorXf::Zero(3);
  EXPECT_EQ(euler.step(net, wrong_x, u, 0.1f), ec::Status::size_mismatch);
  EXPECT_EQ(rk4.step(net, wrong_x, u, 0.1f), ec::Status::size_mismatch);
  EXPECT_EQ(em.step(net, wrong_x, u, 0.1f), ec::Status::size_mismatch);
  EXPECT_TRUE(same_bits(wrong_x, wrong_x0));
  EXPECT_EQ(euler.step(net, x, wrong_u, 0.1f), ec::Status::size_mismatch);
  EXPECT_EQ(rk4.step(net, x, wrong_u, 0.1f), ec::Status::size_mismatch);
  EXPECT_EQ(em.step(net, x, wrong_u, 0.1f), ec::Status::size_mismatch);
  EXPECT_TRUE(same_bits(x, x0));
  // The overload without u sizes its zero input to net.inputs(), so it fits.
  EXPECT_EQ(euler.step(net, x, 0.1f), ec::Status::ok);
}

TEST(NetworkBadInput, BindBiasAndInputWeights) {
  static ec::CouplingMatrix<4> J = ec::CouplingMatrix<4>::Identity();
  ec::RateNetwork<4, 2> net;
  EXPECT_FALSE(net.bound());
  EXPECT_EQ(net.bind(nullptr, 4), ec::Status::invalid_argument);
  EXPECT_EQ(net.bind(J.data(), 0), ec::Status::invalid_argument);
  EXPECT_EQ(net.bind(J.data(), 5), ec::Status::size_mismatch);
  EXPECT_FALSE(net.bound());
  EXPECT_EQ(net.bind(J.data(), 4), ec::Status::ok);
  EXPECT_TRUE(net.bound());

  static float W[8] = {};
  EXPECT_EQ(net.set_input_weights(W, 3), ec::Status::size_mismatch);
  EXPECT_EQ(net.set_input_weights(nullptr, 2), ec::Status::invalid_argument);

  const ec::Vector<4> good(0.1f, 0.2f, 0.3f, 0.4f);
  ASSERT_EQ(net.set_bias(good), ec::Status::ok);
  for (float bad : {kNaN, kInf, -kInf}) {
    ec::Vector<4> b = good;
    b[2] = bad;
    EXPECT_EQ(net.set_bias(b), ec::Status::non_finite_input);
    EXPECT_TRUE(same_bits(net.bias(), good));
  }

  ec::RateNetwork<ec::Dynamic> dnet;
  static float JD[9] = {};
  ASSERT_EQ(dnet.bind(JD, 3), ec::Status::ok);
  const Eigen::VectorXf b3 = Eigen::VectorXf::Constant(3, 0.5f);
  ASSERT_EQ(dnet.set_bias(b3), ec::Status::ok);
  EXPECT_EQ(dnet.set_bias(Eigen::VectorXf::Zero(4)), ec::Status::size_mismatch);
  EXPECT_TRUE(same_bits(dnet.bias(), b3));
}

TEST(EulerMaruyamaBadInput, SigmaIsValidated) {
  ec::EulerMaruyama<Net> em(0.5f, 1u);
  EXPECT_EQ(em.sigma(), 0.5f);
  for (float bad : {-0.1f, kNaN, kInf, -kInf}) {
    EXPECT_EQ(em.set_sigma(bad), ec::Status::invalid_argument);
    EXPECT_EQ(em.sigma(), 0.5f);
  }
  EXPECT_EQ(em.set_sigma(0.0f), ec::Status::ok);
  ec::EulerMaruyama<Net> negative(-1.0f, 1u);  // a constructor cannot fail: falls back to 0
  EXPECT_EQ(negative.sigma(), 0.0f);
}

// The two noise-stream tests' network: linear, calm (g = 0.8), and one start state.
using LNet = ec::RateNetwork<kN, 0, ec::Linear>;
struct NoiseFixture {
  ec::CouplingMatrix<kN> J;
  LNet net;
  const ec::Vector<kN> start = ec::Vector<kN>::LinSpaced(-1.0f, 1.0f);
  NoiseFixture() {
    EXPECT_EQ(ec::generate_couplings(ec::CouplingParams{0.8f, 0.0f, 8u}, J), ec::Status::ok);
    EXPECT_EQ(net.bind(J.data(), kN), ec::Status::ok);
  }
};

// configure(NoiseConfig) is the one configuration call: a refused config changes
// nothing; an accepted one restarts the stream, so the next step equals a fresh stepper's.
TEST(EulerMaruyamaBadInput, ConfigureValidatesAndRestartsTheStream) {
  const NoiseFixture f;
  const LNet& net = f.net;
  const ec::Vector<kN>& start = f.start;
  ec::EulerMaruyama<LNet> em(0.2f, 3u);
  ec::Vector<kN> x = start;
  ASSERT_EQ(em.step(net, x, 0.01f), ec::Status::ok);  // consumes some of seed 3's stream
  for (float bad : {-0.1f, kNaN, kInf}) {
    EXPECT_EQ(em.configure(ec::NoiseConfig{bad, 9u}), ec::Status::invalid_argument);
    EXPECT_EQ(em.sigma(), 0.2f);
  }
  ASSERT_EQ(em.configure(ec::NoiseConfig{0.4f, 55u}), ec::Status::ok);
  ec::EulerMaruyama<LNet> fresh(ec::NoiseConfig{0.4f, 55u});
  ec::Vector<kN> a = start, b = start;
  ASSERT_EQ(em.step(net, a, 0.01f), ec::Status::ok);
  ASSERT_EQ(fresh.step(net, b, 0.01f), ec::Status::ok);
  EXPECT_TRUE(same_bits(a, b));
}

// A failed step puts the noise stream back: the next successful step equals the first
// step of a fresh stepper with the same seed, bit for bit.
TEST(EulerMaruyamaBadInput, NoiseStreamRestoredAfterFailure) {
  const NoiseFixture f;
  const LNet& net = f.net;
  const ec::Vector<kN>& start = f.start;

  ec::EulerMaruyama<LNet> fresh(0.4f, 55u);
  ec::Vector<kN> expected = start;
  ASSERT_EQ(fresh.step(net, expected, 0.01f), ec::Status::ok);
  ASSERT_FALSE(same_bits(expected, start));

  ec::EulerMaruyama<LNet> em(0.4f, 55u);
  // Failure after the noise was drawn: a blow-up (huge dt) ...
  ec::Vector<kN> big = ec::Vector<kN>::Constant(1e10f);
  EXPECT_EQ(em.step(net, big, 1e30f), ec::Status::non_finite_result);
  // ... and a NaN in the state (velocity is NaN, noise drawn, then rejected).
  ec::Vector<kN> nan_state = start;
  nan_state[3] = kNaN;
  EXPECT_EQ(em.step(net, nan_state, 0.01f), ec::Status::non_finite_input);
  // Failures before the noise (bad dt) must not consume it either.
  ec::Vector<kN> x = start;
  EXPECT_EQ(em.step(net, x, -1.0f), ec::Status::invalid_argument);
  ASSERT_EQ(em.step(net, x, 0.01f), ec::Status::ok);
  EXPECT_TRUE(same_bits(x, expected));
  // And the step after that too (the spare normal of the polar method was restored).
  ec::Vector<kN> x2 = x, e2 = expected;
  ASSERT_EQ(em.step(net, x2, 0.01f), ec::Status::ok);
  ASSERT_EQ(fresh.step(net, e2, 0.01f), ec::Status::ok);
  EXPECT_TRUE(same_bits(x2, e2));
}

TEST(MonitorBadInput, ConfigureRejectsAndKeepsConfig) {
  ec::EnergyMonitor<float> m;
  const ec::MonitorConfig before = m.config();
  ec::MonitorConfig c;
  c.fixed_point_energy = -1.0;
  EXPECT_EQ(m.configure(c), ec::Status::invalid_argument);
  c = ec::MonitorConfig{};
  c.fixed_point_energy = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(m.configure(c), ec::Status::invalid_argument);
  c = ec::MonitorConfig{};
  c.divergence_activity = 0.0;
  EXPECT_EQ(m.configure(c), ec::Status::invalid_argument);
  c = ec::MonitorConfig{};
  c.fixed_point_window = 0;
  EXPECT_EQ(m.configure(c), ec::Status::invalid_argument);
  EXPECT_EQ(m.config().fixed_point_window, before.fixed_point_window);
  EXPECT_EQ(m.config().fixed_point_energy, before.fixed_point_energy);
  EXPECT_EQ(m.config().divergence_activity, before.divergence_activity);
}

TEST(StatusNames, EveryValueHasAName) {
  EXPECT_STREQ(ec::to_string(ec::Status::ok), "ok");
  EXPECT_STREQ(ec::to_string(ec::Status::non_finite_result), "non_finite_result");
  EXPECT_STREQ(ec::to_string(ec::Status::capacity_exceeded), "capacity_exceeded");
  EXPECT_TRUE(ec::is_ok(ec::Status::ok));
  EXPECT_FALSE(ec::is_ok(ec::Status::size_mismatch));
}

}  // namespace
