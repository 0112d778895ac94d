/// \file
/// Common types. The only place that includes Eigen for the core.
#pragma once

#include <Eigen/Core>

/// \def EDGECHAOS_INLINE
/// Forces inlining (GCC and Clang; plain `inline` elsewhere).
/// The small pieces a step is built from (stages, checks, the commit loop) are forced
/// inline, so that a step compiles to one function as if hand-written, whatever the size
/// heuristics of -O2 decide (measured: out-of-line stages cost RK4 +1.5 % at N = 16 on M4F).
#if defined(__GNUC__)
#define EDGECHAOS_INLINE __attribute__((always_inline)) inline
#else
#define EDGECHAOS_INLINE inline
#endif

namespace edgechaos {

/// The library's floating-point type: it runs in single precision (see README).
using Scalar = float;
/// Sizes and indices (Eigen's signed index type).
using Index = Eigen::Index;
/// A size template argument that means "chosen at run time" (Eigen::Dynamic).
constexpr int Dynamic = Eigen::Dynamic;

/// A column vector of Scalar with \p Rows entries (fixed size, or Dynamic).
template <int Rows>
using Vector = Eigen::Matrix<Scalar, Rows, 1>;

/// A Scalar matrix stored row-major (column vectors stay column-major, as Eigen requires).
/// Row-major so that one neuron's incoming weights are contiguous: the matrix-vector
/// product then streams J once, in order, which suits both caches and flash.
template <int Rows, int Cols>
using RowMajorMatrix =
    Eigen::Matrix<Scalar, Rows, Cols, Cols == 1 ? Eigen::ColMajor : Eigen::RowMajor>;  // Eigen wants column vectors col-major

}  // namespace edgechaos
