// The sweeps behind the numbers quoted in docs/tasks.md and in the headers' comments. They
// assert nothing new and are disabled in CI; run them with
//   build/host/tests/tasks/test_tasks --gtest_also_run_disabled_tests --gtest_filter='Sweep.*'
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <vector>

#include <Eigen/Dense>

#include "edgechaos/edgechaos.hpp"
#include "edgechaos/host/nvar_lorenz.hpp"
#include "edgechaos/host/ridge.hpp"

namespace ec = edgechaos;

// NARMA10: how many of seeds 0..1999 diverge within 10^4 pairs, when, and how high the
// bounded runs go (double).
TEST(Sweep, DISABLED_NarmaDivergence) {
  for (const ec::NarmaVariant variant : {ec::NarmaVariant::atiya_parlos, ec::NarmaVariant::reservoirpy_shifted}) {
    double y_max = 0.0;
    std::vector<int> when;
    int within_3100 = 0;
    for (std::uint64_t seed = 0; seed < 2000; ++seed) {
      ec::Narma10<double> gen(seed, variant);
      double seed_max = 0.0;
      for (int t = 0; t < 10000; ++t) {
        double u = 0.0, y = 0.0;
        if (gen.next(u, y) != ec::Status::ok) {
          when.push_back(t);
          within_3100 += t < 3100 ? 1 : 0;
          seed_max = -1.0;
          break;
        }
        seed_max = std::fmax(seed_max, y);
      }
      y_max = std::fmax(y_max, seed_max);
    }
    std::sort(when.begin(), when.end());
    std::printf("%s: %zu/2000 diverge within 1e4 pairs (%d within 3100), first after %d, median %d; "
                "bounded max y %.4f\n",
                variant == ec::NarmaVariant::atiya_parlos ? "standard" : "shifted", when.size(), within_3100,
                when.empty() ? -1 : when.front(), when.empty() ? -1 : when[when.size() / 2], y_max);
  }
}

// NVAR Lorenz: 40 trajectories (transients 20, 25, ..., 215) per (training noise, alpha).
TEST(Sweep, DISABLED_NvarLorenz) {
  for (const double noise : {0.0, 1e-4, 1e-3, 1e-2}) {
    for (const double alpha : {2.5e-6, 1e-3}) {
      std::vector<double> forecast, train, one_step;
      for (int i = 0; i < 40; ++i) {
        ec::NvarLorenzProtocol p;
        p.alpha = alpha;
        p.training_noise = noise;
        p.transient = 20.0 + 5.0 * i;
        ec::NvarLorenzResult r;
        ASSERT_EQ(ec::run_nvar_lorenz(p, r), ec::Status::ok);
        if (r.forecast_finite) forecast.push_back(r.test_nrmse);
        train.push_back(r.train_nrmse);
        one_step.push_back(r.one_step_test);
      }
      std::sort(forecast.begin(), forecast.end());
      std::sort(train.begin(), train.end());
      std::sort(one_step.begin(), one_step.end());
      const int below =
          static_cast<int>(std::count_if(forecast.begin(), forecast.end(), [](double v) { return v < 0.05; }));
      std::printf("noise %g alpha %g: forecast finite %zu/40, < 0.05 %d/40, median %.3g max %.3g; train median %.3g "
                  "max %.3g; one-step test median %.3g max %.3g\n",
                  noise, alpha, forecast.size(), below, forecast.empty() ? -1.0 : forecast[forecast.size() / 2],
                  forecast.empty() ? -1.0 : forecast.back(), train[20], train.back(), one_step[20], one_step.back());
    }
  }
}

// Memory capacity of the linear cycle reservoir (as test_memory_capacity.cpp) for several
// radii and alphas: float32 streaming QR on float states, the double ridge on the same float
// states, and the double ridge on double states. Separates state precision from solver
// precision.
TEST(Sweep, DISABLED_MemoryCapacityRadius) {
  constexpr int N = 64, K = 128, kTotal = 6000, kTest = 2000, kWashout = 200;
  std::vector<float> v(N);
  ec::Xoshiro128pp signs(7920);
  for (float& w : v) w = (signs.next_u32() & 1u) != 0u ? 0.1f : -0.1f;
  for (const double r : {0.8, 0.9, 0.95, 0.99}) {
    ec::MemoryTask<K, float> task(1);
    Eigen::MatrixXf X(kTotal, N);
    Eigen::MatrixXd Xd(kTotal, N), Y(kTotal, K);
    Eigen::VectorXf x = Eigen::VectorXf::Zero(N), xn(N);
    Eigen::VectorXd xd = Eigen::VectorXd::Zero(N), xdn(N);
    const float rf = static_cast<float>(r);
    float y[K];
    for (int t = 0; t < kTotal; ++t) {
      const float u = task.next();
      for (int i = 0; i < N; ++i) {
        xn[i] = rf * x[(i + N - 1) % N] + v[i] * u;
        xdn[i] = r * xd[(i + N - 1) % N] + static_cast<double>(v[i]) * u;
      }
      x = xn;
      xd = xdn;
      X.row(t) = x.transpose();
      Xd.row(t) = xd.transpose();
      if (task.ready() && task.targets(y) == ec::Status::ok) {
        for (int k = 0; k < K; ++k) Y(t, k) = y[k];
      } else {
        Y.row(t).setZero();
      }
    }
    const int tr0 = kWashout, trn = kTotal - kTest - kWashout, te0 = kTotal - kTest;
    auto score = [&](auto predict) {
      ec::MemoryCapacity<K, double> mc;
      for (int t = te0; t < kTotal; ++t) {
        Eigen::VectorXd p = predict(t);
        double yd[K];
        for (int k = 0; k < K; ++k) yd[k] = Y(t, k);
        if (mc.add(yd, p.data()) != ec::Status::ok) return -1.0;
      }
      double c = -1.0;
      return mc.capacity(c) == ec::Status::ok ? c : -1.0;
    };
    for (const double alpha : {1e-12, 1e-8, 1e-6}) {
      auto ridge = std::make_unique<ec::StreamingRidge<N, K, 128 * 1024>>();
      for (int t = tr0; t < tr0 + trn; ++t) {
        ASSERT_EQ(ridge->add(X.row(t).transpose(), Y.row(t).transpose().cast<float>()), ec::Status::ok);
      }
      auto w = std::make_unique<ec::ReadoutWeights<N, K>>();
      double mc_f = -1.0;
      if (ridge->solve(static_cast<float>(alpha), *w) == ec::Status::ok) {
        const ec::LinearReadout<N, K> readout(*w);  // the device's y = W_out f + c
        mc_f = score([&](int t) {
          ec::Vector<K> p = ec::Vector<K>::Zero();
          static_cast<void>(readout.predict(ec::Vector<N>(X.row(t).transpose()), p));
          return Eigen::VectorXd(p.cast<double>());
        });
      }
      double mc_d[2] = {-1.0, -1.0};
      for (int which = 0; which < 2; ++which) {
        const Eigen::MatrixXd F = which == 0 ? Eigen::MatrixXd(X.cast<double>()) : Xd;
        ec::RidgeFit fit;
        if (ec::ridge_fit(F.middleRows(tr0, trn), Y.middleRows(tr0, trn), alpha, fit) != ec::Status::ok) continue;
        mc_d[which] = score([&](int t) { return Eigen::VectorXd(fit.w * F.row(t).transpose() + fit.c); });
      }
      std::printf("r %.2f alpha %g: float32 QR on float states %.4f | double ridge on float states %.4f | double "
                  "ridge on double states %.4f\n",
                  r, alpha, mc_f, mc_d[0], mc_d[1]);
    }
  }
}
