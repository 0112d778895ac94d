// ns per update of the device trainers on the host, next to plain references in the same
// run (same translation unit, same flags; see tests/bench/CMakeLists.txt):
//
//   rls/ours/F            Rls<F, 1>::update: P as one packed float triangle (F (F + 1) / 2)
//   rls/eigen_double/F    the textbook RLS with Eigen: P an F x F double MatrixXd,
//                         Pf = P f, k = Pf / (lambda + f.Pf), e = y - w.f, w += e k,
//                         P = (P - k Pf^T) / lambda on the full matrix
//   rls/eigen_float/F     the same in float
//   ridge/ours/F          StreamingRidge<F, 1>::add: Givens rotations of one row into R
//   ridge/gram_double/F   the naive accumulator the streaming QR replaces (RESERVOIR.md
//                         section 3): A += f f^T on the upper triangle (Eigen rankUpdate),
//                         b += f y, in double
//   ridge/refit/ours/F    StreamingRidge<F, 1>::solve at alpha 1e-4 (the refit)
//
// F in {64, 128, 256}. The features: 256 fixed samples (a constant 1 and N(0, 1) values,
// seed 5) cycled; y a fixed linear function of them. lambda = 0.999 for RLS, so that P
// stays stationary (about 1e-3 I) over millions of updates; a refused update would stop
// the benchmark with an error.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "edgechaos/edgechaos.hpp"

namespace ec = edgechaos;

namespace {

constexpr int kSamples = 256;
constexpr float kLambda = 0.999f;
constexpr std::size_t kBudget = std::size_t(1) << 22;  // the trainers at F = 256 are ~0.3 MB

template <int F>
struct Data {
  std::vector<ec::Vector<F>> f;
  std::vector<float> y;
  Data() : f(kSamples), y(kSamples) {
    ec::NormalStream z(5u);
    for (int s = 0; s < kSamples; ++s) {
      f[s][0] = 1.0f;
      for (int j = 1; j < F; ++j) f[s][j] = z.next();
      float t = 0.0f;
      for (int j = 0; j < F; ++j) t += 0.01f * static_cast<float>(j % 7 - 3) * f[s][j];
      y[s] = t;
    }
  }
};

template <int F>
void rls_ours(benchmark::State& state) {
  const Data<F> d;
  auto rls = std::make_unique<ec::Rls<F, 1, kBudget>>();
  if (rls->configure({1.0f, kLambda, 1}) != ec::Status::ok) state.SkipWithError("configure");
  int s = 0;
  for (auto _ : state) {
    ec::Vector<1> y;
    y[0] = d.y[s];
    const ec::Status st = rls->update(d.f[s], y);
    if (st != ec::Status::ok) {
      state.SkipWithError(ec::to_string(st));
      break;
    }
    s = (s + 1) % kSamples;
  }
  benchmark::DoNotOptimize(rls->weights().w[0]);
}

template <int F, class T>
void rls_eigen(benchmark::State& state) {
  using Mat = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
  using Vec = Eigen::Matrix<T, Eigen::Dynamic, 1>;
  const Data<F> d;
  std::vector<Vec> f(kSamples);
  for (int s = 0; s < kSamples; ++s) f[s] = d.f[s].template cast<T>();
  Mat P = Mat::Identity(F, F);
  Vec w = Vec::Zero(F), pf(F), k(F);
  const T lambda = T(kLambda);
  int s = 0;
  for (auto _ : state) {
    pf.noalias() = P * f[s];
    k = pf / (lambda + f[s].dot(pf));
    const T e = T(d.y[s]) - w.dot(f[s]);
    w += e * k;
    P.noalias() -= k * pf.transpose();
    P /= lambda;
    s = (s + 1) % kSamples;
  }
  benchmark::DoNotOptimize(w.data());
  benchmark::DoNotOptimize(P.data());
}

template <int F>
void ridge_ours(benchmark::State& state) {
  const Data<F> d;
  auto ridge = std::make_unique<ec::StreamingRidge<F, 1, kBudget>>();
  int s = 0;
  for (auto _ : state) {
    ec::Vector<1> y;
    y[0] = d.y[s];
    const ec::Status st = ridge->add(d.f[s], y);
    if (st != ec::Status::ok) {
      state.SkipWithError(ec::to_string(st));
      break;
    }
    s = (s + 1) % kSamples;
  }
  benchmark::DoNotOptimize(ridge->count());
}

template <int F>
void ridge_gram_double(benchmark::State& state) {
  const Data<F> d;
  std::vector<Eigen::VectorXd> f(kSamples);
  for (int s = 0; s < kSamples; ++s) f[s] = d.f[s].template cast<double>();
  Eigen::MatrixXd A = Eigen::MatrixXd::Zero(F, F);
  Eigen::VectorXd b = Eigen::VectorXd::Zero(F);
  int s = 0;
  for (auto _ : state) {
    A.selfadjointView<Eigen::Upper>().rankUpdate(f[s]);
    b += double(d.y[s]) * f[s];
    s = (s + 1) % kSamples;
  }
  benchmark::DoNotOptimize(A.data());
  benchmark::DoNotOptimize(b.data());
}

template <int F>
void ridge_refit(benchmark::State& state) {
  const Data<F> d;
  auto ridge = std::make_unique<ec::StreamingRidge<F, 1, kBudget>>();
  for (int s = 0; s < 4 * F; ++s) {
    ec::Vector<1> y;
    y[0] = d.y[s % kSamples];
    (void)ridge->add(d.f[s % kSamples], y);
  }
  ec::ReadoutWeights<F, 1> w;
  for (auto _ : state) {
    const ec::Status st = ridge->solve(1e-4f, w);
    if (st != ec::Status::ok) {
      state.SkipWithError(ec::to_string(st));
      break;
    }
    benchmark::DoNotOptimize(w.w[0]);
  }
}

template <int F>
void register_size() {
  const std::string n = "/" + std::to_string(F);
  benchmark::RegisterBenchmark(("rls/ours" + n).c_str(), rls_ours<F>);
  benchmark::RegisterBenchmark(("rls/eigen_double" + n).c_str(), rls_eigen<F, double>);
  benchmark::RegisterBenchmark(("rls/eigen_float" + n).c_str(), rls_eigen<F, float>);
  benchmark::RegisterBenchmark(("ridge/ours" + n).c_str(), ridge_ours<F>);
  benchmark::RegisterBenchmark(("ridge/gram_double" + n).c_str(), ridge_gram_double<F>);
  benchmark::RegisterBenchmark(("ridge/refit/ours" + n).c_str(), ridge_refit<F>)->Unit(benchmark::kMicrosecond);
}

}  // namespace

int main(int argc, char** argv) {
  register_size<64>();
  register_size<128>();
  register_size<256>();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
