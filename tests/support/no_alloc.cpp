// The definitions of the no-allocation harness (no_alloc.hpp): the counting operator new,
// the malloc wraps, Watch, and the control test that proves each witness counts.
#include "no_alloc.hpp"

#include <cstdlib>
#include <new>

int g_eigen_assert_failures = 0;

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

namespace no_alloc {

volatile float g_sink = 0.0f;

void Watch::start() {
  g_news = g_mallocs = 0;
  g_eigen_assert_failures = 0;
  Eigen::internal::set_is_malloc_allowed(false);
  g_counting = true;
}
void Watch::stop() {
  g_counting = false;
  Eigen::internal::set_is_malloc_allowed(true);
  news = g_news;
  mallocs = g_mallocs;
  eigen = g_eigen_assert_failures;
}

}  // namespace no_alloc

using no_alloc::g_sink;
using no_alloc::Watch;

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

