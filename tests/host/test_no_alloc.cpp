// No heap: fixed-size coupling generation, every stepper and the monitor run without a
// single allocation. Three independent witnesses watch the calls:
//  1. Eigen's own runtime check (EIGEN_RUNTIME_NO_MALLOC + set_is_malloc_allowed(false));
//     its eigen_assert is redirected to a counter so that it also works with NDEBUG;
//  2. a replaced global operator new / new[] (all forms) that counts calls;
//  3. malloc / calloc / realloc wrapped at link time (-Wl,--wrap=...), counting calls
//     made from this program's objects (Eigen's allocator is inline code, so it is here).
// A control test allocates on purpose and checks each witness sees it, so a zero is real.
// This file is its own executable: the replaced operator new must not affect other tests.

// Must come before any Eigen header.
#define EIGEN_RUNTIME_NO_MALLOC
inline int g_eigen_assert_failures = 0;
#define eigen_assert(x) \
  do {                  \
    if (!(x)) ++g_eigen_assert_failures; \
  } while (false)

#include <gtest/gtest.h>

#include <cstdlib>
#include <limits>
#include <new>

#include "edgechaos/edgechaos.hpp"

namespace ec = edgechaos;

namespace {
bool g_counting = false;
long g_news = 0;
long g_mallocs = 0;
}  // namespace

extern "C" {
void* __real_malloc(std::size_t);
void* __real_calloc(std::size_t, std::size_t);
void* __real_realloc(void*, std::size_t);
void* __wrap_malloc(std::size_t n) {
  if (g_counting) ++g_mallocs;
  return __real_malloc(n);
}
void* __wrap_calloc(std::size_t k, std::size_t n) {
  if (g_counting) ++g_mallocs;
  return __real_calloc(k, n);
}
void* __wrap_realloc(void* p, std::size_t n) {
  if (g_counting) ++g_mallocs;
  return __real_realloc(p, n);
}
}

namespace {
void* counted_new(std::size_t n) {
  if (g_counting) ++g_news;
  void* p = __real_malloc(n == 0 ? 1 : n);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}
void* counted_new_aligned(std::size_t n, std::align_val_t a) {
  if (g_counting) ++g_news;
  const std::size_t al = static_cast<std::size_t>(a);
  void* p = std::aligned_alloc(al, ((n == 0 ? 1 : n) + al - 1) / al * al);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}
}  // namespace

void* operator new(std::size_t n) { return counted_new(n); }
void* operator new[](std::size_t n) { return counted_new(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  try { return counted_new(n); } catch (...) { return nullptr; }
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
  try { return counted_new(n); } catch (...) { return nullptr; }
}
void* operator new(std::size_t n, std::align_val_t a) { return counted_new_aligned(n, a); }
void* operator new[](std::size_t n, std::align_val_t a) { return counted_new_aligned(n, a); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }

namespace {

// Everything between start() and stop() is watched. No gtest call in between.
struct Watch {
  long news = 0, mallocs = 0;
  int eigen = 0;
  void start() {
    g_news = g_mallocs = 0;
    g_eigen_assert_failures = 0;
    Eigen::internal::set_is_malloc_allowed(false);
    g_counting = true;
  }
  void stop() {
    g_counting = false;
    Eigen::internal::set_is_malloc_allowed(true);
    news = g_news;
    mallocs = g_mallocs;
    eigen = g_eigen_assert_failures;
  }
};

// Defeats dead-code elimination of the control allocations.
volatile float g_sink = 0.0f;

}  // namespace

TEST(NoAlloc, ControlEachWitnessSeesAnAllocation) {
  Watch w;
  w.start();
  {
    volatile int n = 100;
    Eigen::VectorXf v = Eigen::VectorXf::Constant(n, 1.0f);  // Eigen: aligned_malloc -> malloc
    g_sink = v.sum();
  }
  w.stop();
  EXPECT_GE(w.eigen, 1) << "Eigen's no-malloc check did not fire";
  EXPECT_GE(w.mallocs, 1) << "the malloc wrapper did not count";
  w.start();
  {
    int* p = static_cast<int*>(::operator new(sizeof(int)));  // a direct call cannot be elided
    *p = 3;
    g_sink = static_cast<float>(*p);
    ::operator delete(p);
    int* q = new int[4]();
    g_sink = static_cast<float>(q[1]);
    delete[] q;
  }
  w.stop();
  EXPECT_GE(w.news, 2) << "the operator new replacement did not count";
}

namespace {

constexpr int kN = 32, kM = 4;

// Builds a fixed-size network and runs one stepper through successful and failing steps,
// all inside a watched region. Static storage keeps the matrices off the test's stack.
template <template <class> class Stepper, class Act>
Watch run_stepper(float dt) {
  using Net = ec::RateNetwork<kN, kM, Act>;
  static ec::CouplingMatrix<kN> J;
  static float W[kN * kM];
  static float Jraw[kN * kN];
  Watch w;
  w.start();
  {
    ec::Status s = ec::generate_couplings(ec::CouplingParams{1.5f, 0.2f, 3u}, J);
    s = ec::generate_couplings(ec::CouplingParams{1.5f, 0.2f, 3u}, Jraw, kN);
    s = ec::generate_input_weights(0.5f, 4u, W, kN, kM);
    Net net(J);
    s = net.set_input_weights(W);
    s = net.set_bias(ec::Vector<kN>::Constant(0.01f));
    Stepper<Net> stepper;
    ec::EnergyMonitor<float> monitor;
    s = monitor.configure(ec::MonitorConfig{});
    ec::Vector<kN> x = ec::Vector<kN>::LinSpaced(-1.0f, 1.0f);
    const ec::Vector<kM> u(0.1f, 0.2f, 0.3f, 0.4f);
    for (int k = 0; k < 100; ++k) s = stepper.step(net, x, u, dt, monitor);
    for (int k = 0; k < 10; ++k) s = stepper.step(net, x, dt, monitor);  // the u = 0 overload
    s = stepper.step(net, x, u, -1.0f, monitor);                          // failure paths
    ec::Vector<kN> bad = x;
    bad[0] = std::numeric_limits<float>::quiet_NaN();
    s = stepper.step(net, bad, u, dt, monitor);
    ec::Vector<kN> out, scratch;  // the Jacobian product of Lyapunov estimators
    net.jacobian_times(stepper.phi(), x, out, scratch);
    g_sink = out.sum() + stepper.velocity().sum() + monitor.energy_mean() + static_cast<float>(s);
  }
  w.stop();
  return w;
}

// EulerMaruyama needs a sigma to draw noise: a subclass with a default constructor.
template <class Net>
struct NoisyEM : ec::EulerMaruyama<Net> {
  NoisyEM() : ec::EulerMaruyama<Net>(0.2f, 9u) {}
};

void expect_clean(const Watch& w) {
  EXPECT_EQ(w.eigen, 0) << "Eigen's no-malloc check fired";
  EXPECT_EQ(w.news, 0) << "operator new was called";
  EXPECT_EQ(w.mallocs, 0) << "malloc/calloc/realloc was called";
}

}  // namespace

TEST(NoAlloc, EulerWithTanh) { expect_clean(run_stepper<ec::Euler, ec::Tanh>(0.05f)); }
TEST(NoAlloc, Rk4WithTanh) { expect_clean(run_stepper<ec::RK4, ec::Tanh>(0.1f)); }
TEST(NoAlloc, EulerMaruyamaWithTanh) { expect_clean(run_stepper<NoisyEM, ec::Tanh>(0.05f)); }
TEST(NoAlloc, Rk4WithFastTanh) { expect_clean(run_stepper<ec::RK4, ec::FastTanh>(0.1f)); }
TEST(NoAlloc, EulerWithLinear) { expect_clean(run_stepper<ec::Euler, ec::Linear>(0.01f)); }

TEST(NoAlloc, RunningStatsAndNormalStream) {
  Watch w;
  w.start();
  {
    ec::RunningStats<3, double> stats;
    ec::NormalStream normal(5u);
    for (int k = 0; k < 1000; ++k) stats.add(ec::RunningStats<3, double>::Values(normal.next(), normal.next(), 1.0));
    g_sink = static_cast<float>(stats.variance().sum());
  }
  w.stop();
  expect_clean(w);
}
