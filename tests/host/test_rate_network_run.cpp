// host/rate_network_run.hpp: the run-time dispatch the CLI and the Python package share.
// Each choice must hand the body the stepper one would construct by hand (checked bit for
// bit over 40 steps of an N = 12 network), the Lyapunov choices the tangent steppers, and
// every refused choice must return invalid_argument (or the configure status) without
// calling the body.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <type_traits>

#include "edgechaos/core/seeds.hpp"
#include "edgechaos/host/rate_network_run.hpp"
#include "edgechaos/weights/couplings.hpp"

namespace ec = edgechaos;

namespace {

constexpr int kN = 12;
constexpr int kSteps = 40;
constexpr float kDt = 0.05f;

struct Network {
  ec::CouplingMatrix<ec::Dynamic> J;
  ec::Vector<ec::Dynamic> x0{kN};
  Network() {
    EXPECT_EQ(ec::generate_couplings(ec::CouplingParams{1.6f, 0.2f, 7u}, J, kN), ec::Status::ok);
    EXPECT_EQ(ec::initial_state(x0, 1.0f, 3u), ec::Status::ok);
  }
};

// The state after kSteps of the dispatched stepper.
ec::Vector<ec::Dynamic> dispatched(const Network& s, const ec::RunChoice& c) {
  ec::Vector<ec::Dynamic> x = s.x0;
  const ec::Status st = ec::dispatch_rate_network(c, s.J.data(), kN, [&](const auto& net, auto& stepper) {
    for (int k = 0; k < kSteps; ++k) {
      const ec::Status one = stepper.step(net, x, kDt);
      if (one != ec::Status::ok) return one;
    }
    return ec::Status::ok;
  });
  EXPECT_EQ(st, ec::Status::ok);
  return x;
}

// ... and of the stepper built by hand.
template <class Activation, template <class> class Stepper, class... Args>
ec::Vector<ec::Dynamic> by_hand(const Network& s, Args... args) {
  using Net = ec::RateNetwork<ec::Dynamic, 0, Activation>;
  Net net;
  EXPECT_EQ(net.bind(s.J.data(), kN), ec::Status::ok);
  Stepper<Net> stepper(args...);
  ec::Vector<ec::Dynamic> x = s.x0;
  for (int k = 0; k < kSteps; ++k) EXPECT_EQ(stepper.step(net, x, kDt), ec::Status::ok);
  return x;
}

bool same_bits(const ec::Vector<ec::Dynamic>& a, const ec::Vector<ec::Dynamic>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), sizeof(float) * static_cast<size_t>(a.size())) == 0;
}

template <class Net>
using EM = ec::EulerMaruyama<Net>;
template <class Net>
using LyapunovRK4 = ec::Lyapunov<Net, ec::TangentScheme::rk4>;

}  // namespace

TEST(RateNetworkRun, EachChoiceIsTheStepperBuiltByHand) {
  const Network s;
  ec::RunChoice c;
  c.integrator = ec::RunIntegrator::rk4;
  EXPECT_TRUE(same_bits(dispatched(s, c), by_hand<ec::Tanh, ec::RK4>(s)));
  c.integrator = ec::RunIntegrator::euler;
  EXPECT_TRUE(same_bits(dispatched(s, c), by_hand<ec::Tanh, ec::Euler>(s)));
  c.activation = ec::RunActivation::fast_tanh;
  EXPECT_TRUE(same_bits(dispatched(s, c), by_hand<ec::FastTanh, ec::Euler>(s)));
  c.activation = ec::RunActivation::sinh_tanh5;
  EXPECT_TRUE(same_bits(dispatched(s, c), by_hand<ec::SinhTanh<5>, ec::Euler>(s)));
  // Euler-Maruyama with the given noise stream; a different activation gives other bits.
  c.noise = 0.3f;
  c.noise_seed = 99u;
  EXPECT_TRUE(same_bits(dispatched(s, c), (by_hand<ec::SinhTanh<5>, EM>(s, 0.3f, std::uint64_t{99u}))));
  EXPECT_FALSE(same_bits(dispatched(s, c), (by_hand<ec::Tanh, EM>(s, 0.3f, std::uint64_t{99u}))));
  // The Lyapunov stepper's state is the plain stepper's (docs/chaos.md).
  ec::RunChoice l;
  l.lyapunov = true;
  EXPECT_TRUE(same_bits(dispatched(s, l), by_hand<ec::Tanh, LyapunovRK4>(s)));
  EXPECT_TRUE(same_bits(dispatched(s, l), by_hand<ec::Tanh, ec::RK4>(s)));
}

TEST(RateNetworkRun, TangentChoicesGiveTheTangentSteppers) {
  const Network s;
  int plain = 0, largest = 0, spectrum = 0;
  auto kind = [&](const auto&, auto& stepper) {
    using S = std::decay_t<decltype(stepper)>;
    if constexpr (ec::has_lyapunov_spectrum<S>) {
      spectrum += stepper.size() == 3 ? 1 : 100;
    } else if constexpr (ec::has_lyapunov_statistics<S>) {
      ++largest;
    } else {
      ++plain;
    }
    return ec::Status::ok;
  };
  ec::RunChoice c;
  EXPECT_EQ(ec::dispatch_rate_network(c, s.J.data(), kN, kind), ec::Status::ok);
  c.lyapunov = true;
  c.integrator = ec::RunIntegrator::euler;
  EXPECT_EQ(ec::dispatch_rate_network(c, s.J.data(), kN, kind), ec::Status::ok);
  c.spectrum = 3;  // wins over lyapunov
  EXPECT_EQ(ec::dispatch_rate_network(c, s.J.data(), kN, kind), ec::Status::ok);
  EXPECT_EQ(plain, 1);
  EXPECT_EQ(largest, 1);
  EXPECT_EQ(spectrum, 1);
}

TEST(RateNetworkRun, RefusedChoicesNeverCallTheBody) {
  const Network s;
  int calls = 0;
  auto body = [&](const auto&, auto&) {
    ++calls;
    return ec::Status::ok;
  };
  auto with = [&](auto change) {
    ec::RunChoice c;
    c.integrator = ec::RunIntegrator::euler;
    change(c);
    return ec::dispatch_rate_network(c, s.J.data(), kN, body);
  };
  EXPECT_EQ(with([](ec::RunChoice& c) { c.noise = -0.1f; }), ec::Status::invalid_argument);
  EXPECT_EQ(with([](ec::RunChoice& c) { c.noise = NAN; }), ec::Status::invalid_argument);
  EXPECT_EQ(with([](ec::RunChoice& c) { c.noise = 0.1f, c.integrator = ec::RunIntegrator::rk4; }),
            ec::Status::invalid_argument);
  EXPECT_EQ(with([](ec::RunChoice& c) { c.noise = 0.1f, c.lyapunov = true; }), ec::Status::invalid_argument);
  EXPECT_EQ(with([](ec::RunChoice& c) { c.noise = 0.1f, c.spectrum = 2; }), ec::Status::invalid_argument);
  EXPECT_EQ(with([](ec::RunChoice& c) { c.spectrum = -1; }), ec::Status::invalid_argument);
  EXPECT_EQ(with([](ec::RunChoice& c) { c.spectrum = kN + 1; }), ec::Status::invalid_argument);
  EXPECT_EQ(ec::dispatch_rate_network(ec::RunChoice{}, nullptr, kN, body), ec::Status::invalid_argument);
  EXPECT_EQ(calls, 0);
}

TEST(RateNetworkRun, NamesAsTheCliSpellsThem) {
  ec::RunActivation a = ec::RunActivation::tanh;
  ec::RunIntegrator i = ec::RunIntegrator::rk4;
  EXPECT_EQ(ec::parse_activation("fasttanh", a), ec::Status::ok);
  EXPECT_EQ(a, ec::RunActivation::fast_tanh);
  EXPECT_EQ(ec::parse_activation("sinhtanh", a), ec::Status::ok);
  EXPECT_EQ(a, ec::RunActivation::sinh_tanh5);
  EXPECT_EQ(ec::parse_activation("relu", a), ec::Status::invalid_argument);
  EXPECT_EQ(a, ec::RunActivation::sinh_tanh5);  // unchanged on failure
  EXPECT_EQ(ec::parse_integrator("euler", i), ec::Status::ok);
  EXPECT_EQ(i, ec::RunIntegrator::euler);
  EXPECT_EQ(ec::parse_integrator("RK4", i), ec::Status::invalid_argument);
  EXPECT_EQ(i, ec::RunIntegrator::euler);
}
