// x86-64 (GCC, Clang): the matvec kernel chosen at run time from what the CPU has, so the
// default portable build (SSE2) gets AVX2, FMA and AVX-512 where they exist. Included at the
// end of matvec.hpp; detail::matvec calls dispatched_matvec for its default row block.
//
// Variants (matvec_x86_kernel.inc, one body compiled for each target):
//   portable  matvec.hpp's SSE2 kernel (what the build's flags give)
//   avx2      8-wide lanes, 8 rows a block; acc + round(J * r)
//   avx2_fma  the same with acc = fma(J, r, acc) in the default mode (opt-in only)
//   avx512    AVX-512VL: the same 8-wide lanes, 16 rows a block in 32 ymm registers
//             (8 with a run-time column count); acc + round(J * r), never fused
// All keep the summation order of matvec.hpp, and all but avx2_fma in the default mode
// round every product, so they give the portable kernel's bits
// (tests/host/test_matvec_dispatch.cpp). The run-time choice is never avx2_fma: a build's
// results must not depend on the CPU it runs on, and the parts the dispatch does not reach
// (dot_row, the sparse product, which keeps the dense order) must keep agreeing with the
// dense product bit for bit (the CLI's `--storage sparse` trace, the Python package against
// the CLI). avx2_fma (set_matvec_kernel) fuses in the default mode and then differs in the
// last bits, as -march=native builds do; in the reproducible mode (EDGECHAOS_REPRODUCIBLE)
// it does not fuse either. Any variant but portable also runs a step's O(N) loops and the
// observer's sums 8 wide, never fused (elementwise_x86.hpp, stepper.hpp).
//
// The choice is made once (a function-local static, no threads or clocks): the fastest
// unfused variant the CPU supports. Overrides: -DEDGECHAOS_MATVEC_PORTABLE=1 starts with the
// portable kernel; set_matvec_kernel() switches at run time (tests, benchmarks). Not
// thread-safe to switch while another thread multiplies.
#pragma once

#include <immintrin.h>

#include "edgechaos/core/config.hpp"
#include "edgechaos/core/status.hpp"

#if defined(EDGECHAOS_REPRODUCIBLE) && EDGECHAOS_REPRODUCIBLE
#define EDGECHAOS_X86_FUSED_MODE 0
#else
#define EDGECHAOS_X86_FUSED_MODE 1
#endif

namespace edgechaos::detail {

#define EDGECHAOS_X86_NS x86_avx2
#define EDGECHAOS_X86_TARGET __attribute__((target("avx2")))
#define EDGECHAOS_X86_FUSE 0
#define EDGECHAOS_X86_ROWS 8
#include "edgechaos/detail/matvec_x86_kernel.inc"
#undef EDGECHAOS_X86_NS
#undef EDGECHAOS_X86_TARGET
#undef EDGECHAOS_X86_FUSE
#undef EDGECHAOS_X86_ROWS

#define EDGECHAOS_X86_NS x86_avx2_fma
#define EDGECHAOS_X86_TARGET __attribute__((target("avx2,fma")))
#define EDGECHAOS_X86_FUSE EDGECHAOS_X86_FUSED_MODE
#define EDGECHAOS_X86_ROWS 8
#include "edgechaos/detail/matvec_x86_kernel.inc"
#undef EDGECHAOS_X86_NS
#undef EDGECHAOS_X86_TARGET
#undef EDGECHAOS_X86_FUSE
#undef EDGECHAOS_X86_ROWS

#define EDGECHAOS_X86_NS x86_avx512
#define EDGECHAOS_X86_TARGET __attribute__((target("avx512f,avx512vl,avx2,fma")))
#define EDGECHAOS_X86_FUSE 0  // the run-time default where the CPU has it: never fused
#define EDGECHAOS_X86_ROWS 16
#include "edgechaos/detail/matvec_x86_kernel.inc"
#undef EDGECHAOS_X86_NS
#undef EDGECHAOS_X86_TARGET
#undef EDGECHAOS_X86_FUSE
#undef EDGECHAOS_X86_ROWS

/// The matvec variants of an x86-64 build (see the file comment).
enum class MatvecKernel : int { portable = 0, avx2, avx2_fma, avx512 };

inline const char* to_string(MatvecKernel k) {
  switch (k) {
    case MatvecKernel::avx2: return "avx2";
    case MatvecKernel::avx2_fma: return "avx2_fma";
    case MatvecKernel::avx512: return "avx512";
    case MatvecKernel::portable: break;
  }
  return "portable";
}

/// True when this CPU (and its OS) runs variant \p k.
inline bool matvec_kernel_supported(MatvecKernel k) {
  __builtin_cpu_init();  // harmless after start-up; needed if called from a static initialiser
  switch (k) {
    case MatvecKernel::avx2: return __builtin_cpu_supports("avx2");
    case MatvecKernel::avx2_fma: return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case MatvecKernel::avx512:
      return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("fma") &&
             __builtin_cpu_supports("avx2");
    case MatvecKernel::portable: return true;
  }
  return false;  // not a variant
}

/// The run-time choice: the fastest variant this CPU runs that keeps the portable bits
/// (avx512 or avx2; never avx2_fma, see the file comment).
inline MatvecKernel best_matvec_kernel() {
  for (MatvecKernel k : {MatvecKernel::avx512, MatvecKernel::avx2}) {
    if (matvec_kernel_supported(k)) return k;
  }
  return MatvecKernel::portable;
}

// The variant in use: chosen on first use, then read on every product (one load).
inline MatvecKernel& active_matvec_kernel() {
#if defined(EDGECHAOS_MATVEC_PORTABLE) && EDGECHAOS_MATVEC_PORTABLE
  static MatvecKernel k = MatvecKernel::portable;
#else
  static MatvecKernel k = best_matvec_kernel();
#endif
  return k;
}

/// The variant detail::matvec uses now.
inline MatvecKernel matvec_kernel() { return active_matvec_kernel(); }

/// Use variant \p k from now on; Status::invalid_argument (nothing changed) when the CPU
/// does not run it.
[[nodiscard]] inline Status set_matvec_kernel(MatvecKernel k) {
  if (!matvec_kernel_supported(k)) return Status::invalid_argument;
  active_matvec_kernel() = k;
  return Status::ok;
}

/// The fastest variant this CPU runs that does not fuse (its bits are the portable
/// kernel's): the run-time choice itself, named for the tests that rely on it.
inline MatvecKernel best_unfused_matvec_kernel() { return best_matvec_kernel(); }

/// Uses variant \p k (if the CPU runs it) for the scope's lifetime, then the one before
/// (tests and benchmarks that force a variant).
class ScopedMatvecKernel {
 public:
  explicit ScopedMatvecKernel(MatvecKernel k) : saved_(matvec_kernel()) { (void)set_matvec_kernel(k); }
  ~ScopedMatvecKernel() { (void)set_matvec_kernel(saved_); }
  ScopedMatvecKernel(const ScopedMatvecKernel&) = delete;
  ScopedMatvecKernel& operator=(const ScopedMatvecKernel&) = delete;

 private:
  MatvecKernel saved_;
};

// y = J r with the active variant; false for the portable one (the caller runs it).
template <int Rows, int Cols>
inline bool dispatched_matvec(const Scalar* J, const Scalar* r, Scalar* y, Index rows, Index cols) {
  switch (active_matvec_kernel()) {
    case MatvecKernel::avx2: x86_avx2::matvec<Rows, Cols>(J, r, y, rows, cols); return true;
    case MatvecKernel::avx2_fma: x86_avx2_fma::matvec<Rows, Cols>(J, r, y, rows, cols); return true;
    case MatvecKernel::avx512: x86_avx512::matvec<Rows, Cols>(J, r, y, rows, cols); return true;
    case MatvecKernel::portable: break;
  }
  return false;
}

}  // namespace edgechaos::detail
