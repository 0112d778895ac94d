// The step protocol (steppers/stepper.hpp): the schemes against their textbook formulas,
// bit for bit; what the observer's view holds; integrate_n against a hand-written loop;
// a map and a model of the test's own plugged into the same protocol.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "edgechaos/edgechaos.hpp"

namespace ec = edgechaos;

namespace {

template <class V>
bool same_bits(const V& a, const V& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), sizeof(float) * static_cast<size_t>(a.size())) == 0;
}

constexpr int kN = 16, kM = 2;
using Net = ec::RateNetwork<kN, kM>;

struct Fixture {
  ec::CouplingMatrix<kN> J;
  ec::RowMajorMatrix<kN, kM> W;
  Net net;
  ec::Vector<kN> x = ec::Vector<kN>::LinSpaced(-0.8f, 0.9f);
  ec::Vector<kM> u{0.3f, -0.2f};
  Fixture() {
    EXPECT_EQ(ec::generate_couplings(ec::CouplingParams{1.8f, 0.3f, 11u}, J), ec::Status::ok);
    EXPECT_EQ(ec::generate_input_weights(1.0f, 12u, W.data(), kN, kM), ec::Status::ok);
    EXPECT_EQ(net.bind(J.data(), kN), ec::Status::ok);
    EXPECT_EQ(net.set_input_weights(W.data()), ec::Status::ok);
  }
  ec::Vector<kN> velocity(const ec::Vector<kN>& at) const {
    ec::Vector<kN> v, phi;
    net.velocity(at, u, v, phi);
    return v;
  }
};

// The classical schemes as written in a textbook, one expression per line; the library's
// stage lists must give the same floats (the golden hashes of the device rest on this).
TEST(StepProtocol, EulerAndRk4AreTheTextbookFormulasBitForBit) {
  Fixture f;
  ec::Euler<Net> euler;
  ec::RK4<Net> rk4;
  ec::Vector<kN> xe = f.x, xr = f.x, ye = f.x, yr = f.x;
  const float dt = 0.05f;
  for (int k = 0; k < 200; ++k) {
    ASSERT_EQ(euler.step(f.net, xe, f.u, dt), ec::Status::ok);
    ye = ye + dt * f.velocity(ye);
    ASSERT_EQ(rk4.step(f.net, xr, f.u, dt), ec::Status::ok);
    const ec::Vector<kN> k1 = f.velocity(yr);
    const ec::Vector<kN> k2 = f.velocity(yr + (0.5f * dt) * k1);
    const ec::Vector<kN> k3 = f.velocity(yr + (0.5f * dt) * k2);
    const ec::Vector<kN> k4 = f.velocity(yr + dt * k3);
    ec::Vector<kN> slope = k1 + 2.0f * k2;
    slope += 2.0f * k3;
    slope = (slope + k4) * (1.0f / 6.0f);
    yr = yr + dt * slope;
  }
  EXPECT_TRUE(same_bits(xe, ye));
  EXPECT_TRUE(same_bits(xr, yr));
  EXPECT_FALSE(same_bits(xe, xr));  // the two schemes do differ
}

// A new scheme is a stage list. Heun's method (explicit trapezoid) written here, in the
// test: on dx/dt = (c - 1) x one step multiplies x by its stability function
// 1 + z + z^2 / 2, z = (c - 1) dt (an oracle independent of the code).
struct HeunScheme {
  static constexpr bool kDiscrete = false;
  static constexpr int kStages = 2;
  static constexpr ec::Scalar kNode[kStages] = {0.0f, 1.0f};
  static constexpr ec::Scalar kWeight[kStages] = {1.0f, 1.0f};
  static constexpr ec::Scalar kNorm = 0.5f;
};

TEST(StepProtocol, ANewSchemeIsAStageList) {
  constexpr int n = 8;
  using Lin = ec::RateNetwork<n, 0, ec::Linear>;
  const float c = -0.5f, dt = 0.2f;
  ec::CouplingMatrix<n> J = c * ec::CouplingMatrix<n>::Identity();
  Lin net(J);
  ec::Stepper<Lin, HeunScheme> heun;
  ec::Vector<n> x = ec::Vector<n>::LinSpaced(-3.5f, 3.5f);
  const ec::Vector<n> x0 = x;
  const int steps = 20;
  for (int k = 0; k < steps; ++k) ASSERT_EQ(heun.step(net, x, dt), ec::Status::ok);
  const double z = (static_cast<double>(c) - 1.0) * dt;
  const double g = std::pow(1.0 + z + z * z / 2.0, steps);
  for (int i = 0; i < n; ++i) EXPECT_NEAR(x[i], x0[i] * g, 1e-5 * std::fabs(x0[i] * g) + 1e-30);
}

// The view: x before, x after, v and phi at the start, the sums over them, t and dt.
struct Recorder {
  std::vector<ec::Vector<kN>> x, x_next, v, phi;
  std::vector<ec::StepSums> sums;
  std::vector<float> t, dt;
  void operator()(const ec::StepView<ec::Vector<kN>>& view) {
    x.push_back(view.x);
    x_next.push_back(view.x_next);
    v.push_back(view.v);
    phi.push_back(view.phi);
    sums.push_back(view.sums);
    t.push_back(view.t);
    dt.push_back(view.dt);
  }
};

TEST(StepProtocol, TheViewShowsTheStep) {
  Fixture f;
  ec::RK4<Net> rk4;
  Recorder rec;
  ec::Vector<kN> x = f.x;
  const ec::Vector<kN> start = x;
  ASSERT_EQ(rk4.step(f.net, x, f.u, 0.1f, rec), ec::Status::ok);
  ASSERT_EQ(rec.x.size(), 1u);
  EXPECT_TRUE(same_bits(rec.x[0], start));
  EXPECT_TRUE(same_bits(rec.x_next[0], x));
  EXPECT_TRUE(same_bits(rec.v[0], f.velocity(start)));
  ec::Vector<kN> phi;
  f.net.activate(start, phi);
  EXPECT_TRUE(same_bits(rec.phi[0], phi));
  const ec::StepSums& s = rec.sums[0];
  EXPECT_EQ(s.n, kN);
  // The sums run in the kernel's fixed order; Eigen's order differs by rounding only.
  EXPECT_NEAR(s.x2, start.squaredNorm(), 1e-5f * start.squaredNorm());
  EXPECT_NEAR(s.phi2, phi.squaredNorm(), 1e-5f * phi.squaredNorm());
  EXPECT_NEAR(s.v2, f.velocity(start).squaredNorm(), 1e-5f * f.velocity(start).squaredNorm());
  EXPECT_EQ(rec.t[0], 0.0f);
  EXPECT_EQ(rec.dt[0], 0.1f);
}

// An observer that needs no sums says so, and gets {0, 0, 0, n}; the step is the same.
struct StateOnly {
  static constexpr bool kWantsSums = false;
  int calls = 0;
  ec::StepSums last{};
  void operator()(const ec::StepView<ec::Vector<kN>>& view) {
    ++calls;
    last = view.sums;
  }
};

TEST(StepProtocol, ObserversThatNeedNoSumsGetNone) {
  Fixture f;
  ec::Euler<Net> a, b;
  ec::Vector<kN> xa = f.x, xb = f.x;
  StateOnly obs;
  ASSERT_EQ(a.step(f.net, xa, f.u, 0.1f, obs), ec::Status::ok);
  ASSERT_EQ(b.step(f.net, xb, f.u, 0.1f), ec::Status::ok);
  EXPECT_TRUE(same_bits(xa, xb));
  EXPECT_EQ(obs.calls, 1);
  EXPECT_EQ(obs.last.x2, 0.0f);
  EXPECT_EQ(obs.last.v2, 0.0f);
  EXPECT_EQ(obs.last.n, kN);
  static_assert(!ec::wants_sums<StateOnly>::value);
  static_assert(ec::wants_sums<ec::EnergyMonitor<>>::value);
}

TEST(StepProtocol, ObserveAllCallsEveryObserverInOrder) {
  Fixture f;
  ec::Euler<Net> euler;
  std::vector<int> order;
  auto first = [&](const ec::StepSums&) { order.push_back(1); };
  auto second = [&](const ec::StepView<ec::Vector<kN>>&) { order.push_back(2); };
  ec::EnergyMonitor<> monitor;
  auto all = ec::observe_all(first, monitor, second);
  ec::Vector<kN> x = f.x;
  ASSERT_EQ(euler.step(f.net, x, f.u, 0.1f, all), ec::Status::ok);
  ASSERT_EQ(euler.step(f.net, x, f.u, 0.1f, all), ec::Status::ok);
  EXPECT_EQ(order, (std::vector<int>{1, 2, 1, 2}));
  EXPECT_EQ(monitor.steps(), 2u);
}

// integrate_n is a loop of steps: the same bits as the loop, its time t0 + k dt, and on a
// failure the state of the last good step and the count of steps done.
TEST(StepProtocol, IntegrateNIsTheLoopWithTime) {
  Fixture f;
  ec::RK4<Net> a, b;
  ec::Vector<kN> xa = f.x, xb = f.x;
  std::vector<float> times;
  auto drive = [&](std::uint64_t k, ec::Scalar) {
    ec::Vector<kM> u = f.u * static_cast<float>(k % 3);
    return u;
  };
  auto timer = [&](const ec::StepView<ec::Vector<kN>>& view) { times.push_back(view.t); };
  const ec::RunResult r = ec::integrate_n(a, f.net, xa, drive, 0.05f, 40, timer, 1.0f);
  ASSERT_EQ(r.status, ec::Status::ok);
  EXPECT_EQ(r.steps, 40u);
  EXPECT_FLOAT_EQ(r.t, 1.0f + 40 * 0.05f);
  for (std::uint64_t k = 0; k < 40; ++k) ASSERT_EQ(b.step(f.net, xb, drive(k, 0.0f), 0.05f), ec::Status::ok);
  EXPECT_TRUE(same_bits(xa, xb));
  ASSERT_EQ(times.size(), 40u);
  EXPECT_EQ(times[0], 1.0f);
  EXPECT_EQ(times[39], 1.0f + 39.0f * 0.05f);

  // A fixed input and a drive that turns NaN at step 5.
  ec::Vector<kN> xc = f.x, xd = f.x;
  const ec::RunResult fixed = ec::integrate_n(a, f.net, xc, f.u, 0.05f, 5);
  ASSERT_EQ(fixed.status, ec::Status::ok);
  auto poisoned = [&](std::uint64_t k, ec::Scalar) {
    ec::Vector<kM> u = f.u;
    if (k == 5) u[0] = std::numeric_limits<float>::quiet_NaN();
    return u;
  };
  const ec::RunResult bad = ec::integrate_n(b, f.net, xd, poisoned, 0.05f, 10);
  EXPECT_EQ(bad.status, ec::Status::non_finite_input);
  EXPECT_EQ(bad.steps, 5u);
  EXPECT_TRUE(same_bits(xc, xd));
}

TEST(StepProtocol, IntegrateNWithoutInputsUsesZero) {
  using Free = ec::RateNetwork<kN>;
  Fixture f;
  Free net(f.J);
  ec::Euler<Free> a, b;
  ec::Vector<kN> xa = f.x, xb = f.x;
  const ec::RunResult r = ec::integrate_n(a, net, xa, ec::NoDrive{}, 0.1f, 25);
  ASSERT_EQ(r.status, ec::Status::ok);
  for (int k = 0; k < 25; ++k) ASSERT_EQ(b.step(net, xb, 0.1f), ec::Status::ok);
  EXPECT_TRUE(same_bits(xa, xb));
}

// A discrete map of the test's own, x' = (1 - a) x + a tanh(W x + u): the leaky
// echo-state update, through the same protocol without dt.
template <int N>
struct LeakyMap {
  static constexpr int kNeurons = N;
  static constexpr int kInputs = N;
  using State = ec::Vector<N>;
  using Input = ec::Vector<N>;
  const ec::CouplingMatrix<N>* W = nullptr;
  float leak = 0.3f;
  bool bound() const { return W != nullptr; }
  ec::Index size() const { return N; }
  ec::Index inputs() const { return N; }
  void next(const State& x, const Input& u, State& out, State& phi) const {
    phi = ((*W) * x + u).array().tanh().matrix();
    out = (1.0f - leak) * x + leak * phi;
  }
};

TEST(StepProtocol, AMapPlugsInWithoutDt) {
  Fixture f;
  LeakyMap<kN> map{&f.J};
  ec::MapStepper<LeakyMap<kN>> stepper;
  ec::Vector<kN> x = f.x, y = f.x;
  const ec::Vector<kN> u = ec::Vector<kN>::Constant(0.1f);
  Recorder rec;
  for (int k = 0; k < 30; ++k) {
    ASSERT_EQ(stepper.step(map, x, u, rec), ec::Status::ok);
    y = (1.0f - 0.3f) * y + 0.3f * ((f.J * y + u).array().tanh().matrix());
  }
  EXPECT_TRUE(((x - y).array().abs() <= 1e-6f).all());
  EXPECT_TRUE(same_bits(rec.v.back(), (rec.x_next.back() - rec.x.back()).eval()));  // the displacement
  EXPECT_EQ(rec.dt.back(), 1.0f);
  // A non-finite input leaves the state alone and says so.
  ec::Vector<kN> bad_u = u;
  bad_u[2] = std::numeric_limits<float>::infinity();
  const ec::Vector<kN> before = x;
  EXPECT_EQ(stepper.step(map, x, bad_u), ec::Status::non_finite_input);
  EXPECT_TRUE(same_bits(x, before));
  LeakyMap<kN> unbound;
  EXPECT_EQ(stepper.step(unbound, x, u), ec::Status::invalid_argument);
}

// A model of the test's own: the harmonic oscillator x'' = -x as a flow. RK4's global
// error over one period at dt = 0.01 is ~ (2 pi / 6!) dt^4 ~ 1e-10, far below float
// rounding (2 pi / dt = 628 steps of ~1e-7 each): the state returns to within 1e-5.
struct Oscillator {
  static constexpr int kNeurons = 2;
  static constexpr int kInputs = 0;
  using State = ec::Vector<2>;
  using Input = ec::Vector<0>;
  bool bound() const { return true; }
  ec::Index size() const { return 2; }
  ec::Index inputs() const { return 0; }
  void velocity(const State& x, const Input&, State& v, State& phi) const {
    v[0] = x[1];
    v[1] = -x[0];
    phi = x;
  }
};

TEST(StepProtocol, AModelOfOneOwnPlugsIn) {
  static_assert(ec::is_flow_model<Oscillator> && !ec::is_tangent_model<Oscillator>);
  static_assert(ec::is_map_model<LeakyMap<4>> && !ec::is_flow_model<LeakyMap<4>>);
  Oscillator osc;
  ec::RK4<Oscillator> rk4;
  ec::Vector<2> x(1.0f, 0.0f);
  const int steps = static_cast<int>(std::lround(2.0 * M_PI / 0.01));
  const float dt = static_cast<float>(2.0 * M_PI / steps);
  const ec::RunResult r = ec::integrate_n(rk4, osc, x, ec::NoDrive{}, dt, static_cast<std::uint64_t>(steps));
  ASSERT_EQ(r.status, ec::Status::ok);
  EXPECT_NEAR(x[0], 1.0f, 1e-5f);
  EXPECT_NEAR(x[1], 0.0f, 1e-5f);
}

}  // namespace
