// Ensemble<Net, R> (models/ensemble.hpp): R states of one network stepped together with
// one pass over J per stage. The expected values are independent runs: each member is
// stepped alone with the ordinary stepper on the ordinary network, and after every step
// the member must have the same bits. A NaN in one member must stop the step for all,
// with nothing moved.
// Networks: g = 1.5 (chaotic, so a one-ulp difference would grow to O(1) within the run
// and could not hide), couplings seed 5, N in {8, 13, 64} fixed and N = 21 Dynamic; one
// network with a bias and two inputs (W_in seed 6, u fixed). Initial states from
// NormalStream seed 100 + member. 40 steps of dt = 0.05 (Euler and RK4).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "support/float_samples.hpp"
#include "edgechaos/edgechaos.hpp"
#include "edgechaos/models/ensemble.hpp"

namespace ec = edgechaos;

namespace {

constexpr float kDt = 0.05f;
constexpr int kSteps = 40;

using edgechaos::test::bits;

std::vector<float> couplings(int n) {
  std::vector<float> J(static_cast<std::size_t>(n * n));
  EXPECT_EQ(ec::generate_couplings(ec::CouplingParams{1.5f, 0.0f, 5}, J.data(), n), ec::Status::ok);
  return J;
}

template <class State>
State initial_state(ec::Index n, int member) {
  State x = State::Zero(n);
  ec::NormalStream s(static_cast<std::uint64_t>(100 + member));
  for (ec::Index i = 0; i < n; ++i) x[i] = s.next();
  return x;
}

// The batch of the members' initial states (initial_state of member v at v).
template <class Ens>
typename Ens::State initial_batch(const Ens& ens, ec::Index n, int members) {
  typename Ens::State X = Ens::State::Zero(n * members);
  for (int v = 0; v < members; ++v) {
    EXPECT_EQ(ens.set_member(X, v, initial_state<typename Ens::Member>(n, v)), ec::Status::ok);
  }
  return X;
}

// kSteps steps of the ensemble against each member alone, compared after every step.
template <template <class> class StepperT, int R, class Net>
void expect_members_follow_single_runs(const Net& net, const typename Net::Input& u) {
  using Ens = ec::Ensemble<Net, R>;
  const Ens ens(net);
  const ec::Index n = net.size();
  typename Ens::State X = Ens::State::Zero(n * R);
  std::vector<typename Net::State> singles;
  for (int v = 0; v < R; ++v) {
    singles.push_back(initial_state<typename Net::State>(n, v));
    ASSERT_EQ(ens.set_member(X, v, singles.back()), ec::Status::ok);
  }
  StepperT<Ens> batch_stepper;
  StepperT<Net> single_stepper;
  typename Net::State got;
  for (int step = 0; step < kSteps; ++step) {
    ASSERT_EQ(batch_stepper.step(ens, X, u, kDt), ec::Status::ok);
    for (int v = 0; v < R; ++v) {
      ASSERT_EQ(single_stepper.step(net, singles[static_cast<std::size_t>(v)], u, kDt), ec::Status::ok);
      ens.member(X, v, got);
      for (ec::Index i = 0; i < n; ++i) {
        ASSERT_EQ(bits(got[i]), bits(singles[static_cast<std::size_t>(v)][i]))
            << "R = " << R << ", N = " << n << ", step " << step << ", member " << v << ", component " << i;
      }
    }
  }
  // the run went somewhere: chaos moved the state by O(1)
  EXPECT_GT((singles[0] - initial_state<typename Net::State>(n, 0)).norm(), 0.1f);
}

template <template <class> class StepperT, int N>
void fixed_sizes() {
  const std::vector<float> J = couplings(N);
  const ec::RateNetwork<N, 0, ec::FastTanh> net(J.data());
  const typename ec::RateNetwork<N, 0, ec::FastTanh>::Input u;
  expect_members_follow_single_runs<StepperT, 1>(net, u);
  expect_members_follow_single_runs<StepperT, 3>(net, u);
  expect_members_follow_single_runs<StepperT, 8>(net, u);
}

}  // namespace

TEST(Ensemble, EulerMembersAreBitIdenticalToSingleRuns) {
  fixed_sizes<ec::Euler, 8>();
  fixed_sizes<ec::Euler, 13>();
  fixed_sizes<ec::Euler, 64>();
}

TEST(Ensemble, Rk4MembersAreBitIdenticalToSingleRuns) {
  fixed_sizes<ec::RK4, 8>();
  fixed_sizes<ec::RK4, 13>();
  fixed_sizes<ec::RK4, 64>();
}

TEST(Ensemble, DynamicSizeWithBiasAndInputs) {
  constexpr int kN = 21, kM = 2;
  const std::vector<float> J = couplings(kN);
  ec::RateNetwork<ec::Dynamic, ec::Dynamic, ec::Tanh> net;
  ASSERT_EQ(net.bind(J.data(), kN), ec::Status::ok);
  std::vector<float> W(kN * kM);
  ec::NormalStream w(6);
  for (float& e : W) e = w.next();
  ASSERT_EQ(net.set_input_weights(W.data(), kM), ec::Status::ok);
  Eigen::VectorXf b(kN);
  for (int i = 0; i < kN; ++i) b[i] = 0.1f * static_cast<float>(i % 5) - 0.2f;
  ASSERT_EQ(net.set_bias(b), ec::Status::ok);
  Eigen::VectorXf u(kM);
  u << 0.3f, -0.7f;
  expect_members_follow_single_runs<ec::Euler, 3>(net, u);
  expect_members_follow_single_runs<ec::RK4, 8>(net, u);
}

// integrate_n and observers take the ensemble like any model.
TEST(Ensemble, IntegrateNRunsTheBatch) {
  constexpr int kN = 13, kR = 3;
  const std::vector<float> J = couplings(kN);
  using Net = ec::RateNetwork<kN>;
  const Net net(J.data());
  const ec::Ensemble<Net, kR> ens(net);
  ec::Ensemble<Net, kR>::State X = initial_batch(ens, kN, kR);
  ec::Euler<ec::Ensemble<Net, kR>> batch;
  int calls = 0;
  const ec::RunResult r =
      ec::integrate_n(batch, ens, X, ec::NoDrive{}, kDt, 10, [&](const ec::StepView<ec::Ensemble<Net, kR>::State>&) { ++calls; });
  EXPECT_EQ(r.status, ec::Status::ok);
  EXPECT_EQ(calls, 10);
  ec::Euler<Net> single;
  Net::State x1 = initial_state<Net::State>(kN, 1), got;
  for (int k = 0; k < 10; ++k) ASSERT_EQ(single.step(net, x1, kDt), ec::Status::ok);
  ens.member(X, 1, got);
  for (int i = 0; i < kN; ++i) EXPECT_EQ(bits(got[i]), bits(x1[i])) << i;
}

// One NaN member: the step is refused for all, and no member moves (bits compared).
TEST(Ensemble, ANonFiniteMemberStopsTheStepAndNothingMoves) {
  constexpr int kN = 13, kR = 3;
  const std::vector<float> J = couplings(kN);
  using Net = ec::RateNetwork<kN>;
  const Net net(J.data());
  const ec::Ensemble<Net, kR> ens(net);
  ec::Ensemble<Net, kR>::State X = initial_batch(ens, kN, kR);
  X[1 * kN + 5] = std::numeric_limits<float>::quiet_NaN();  // member 1, component 5
  const ec::Ensemble<Net, kR>::State before = X;
  ec::Euler<ec::Ensemble<Net, kR>> euler;
  ec::RK4<ec::Ensemble<Net, kR>> rk4;
  EXPECT_EQ(euler.step(ens, X, kDt), ec::Status::non_finite_input);
  EXPECT_EQ(rk4.step(ens, X, kDt), ec::Status::non_finite_input);
  EXPECT_EQ(euler.step(ens, X, -kDt), ec::Status::invalid_argument);
  for (int k = 0; k < kN * kR; ++k) {
    if (k == 1 * kN + 5) {
      EXPECT_TRUE(std::isnan(X[k]));
    } else {
      EXPECT_EQ(bits(X[k]), bits(before[k])) << k;
    }
  }
  // a finite start that overflows is a result error, and still nothing moves
  ASSERT_EQ(ens.set_member(X, 1, initial_state<Net::State>(kN, 1)), ec::Status::ok);
  X[0] = 3e38f;
  const ec::Ensemble<Net, kR>::State finite_before = X;
  EXPECT_EQ(euler.step(ens, X, 1e30f), ec::Status::non_finite_result);
  for (int k = 0; k < kN * kR; ++k) EXPECT_EQ(bits(X[k]), bits(finite_before[k])) << k;
}

TEST(Ensemble, SetMemberRefusesBadArguments) {
  constexpr int kN = 8, kR = 2;
  const std::vector<float> J = couplings(kN);
  using Net = ec::RateNetwork<kN>;
  const Net net(J.data());
  const ec::Ensemble<Net, kR> ens(net);
  using Batch = ec::Ensemble<Net, kR>::State;
  const Batch sevens = Batch::Constant(7.0f);
  Batch X = sevens;
  const Net::State x = Net::State::Ones();
  EXPECT_EQ(ens.set_member(X, -1, x), ec::Status::invalid_argument);
  EXPECT_EQ(ens.set_member(X, kR, x), ec::Status::invalid_argument);
  EXPECT_TRUE(X == sevens);
  EXPECT_EQ(ens.size(), kN * kR);
  // an unbound network: every step refused
  const Net unbound;
  const ec::Ensemble<Net, kR> ens_unbound(unbound);
  ec::Euler<ec::Ensemble<Net, kR>> euler;
  EXPECT_EQ(euler.step(ens_unbound, X, kDt), ec::Status::invalid_argument);
  EXPECT_TRUE(X == sevens);
}
