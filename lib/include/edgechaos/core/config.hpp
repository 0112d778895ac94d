// Common types. The only place that includes Eigen for the core.
#pragma once

#include <Eigen/Core>

// The small pieces a step is built from (stages, checks, the commit loop) are forced
// inline, so that a step compiles to one function as if hand-written, whatever the size
// heuristics of -O2 decide (measured: out-of-line stages cost RK4 +1.5 % at N = 16 on M4F).
#if defined(__GNUC__)
#define EDGECHAOS_INLINE __attribute__((always_inline)) inline
#else
#define EDGECHAOS_INLINE inline
#endif

namespace edgechaos {

using Scalar = float;        // the library runs in single precision (see README)
using Index = Eigen::Index;
constexpr int Dynamic = Eigen::Dynamic;

template <int Rows>
using Vector = Eigen::Matrix<Scalar, Rows, 1>;

// Row-major so that one neuron's incoming weights are contiguous: the matrix-vector
// product then streams J once, in order, which suits both caches and flash.
template <int Rows, int Cols>
using RowMajorMatrix =
    Eigen::Matrix<Scalar, Rows, Cols, Cols == 1 ? Eigen::ColMajor : Eigen::RowMajor>;  // Eigen wants column vectors col-major

}  // namespace edgechaos
