/// \file
/// Included first by every header of edgechaos/host/ and edgechaos/theory/: those need the
/// heap (std::vector, dynamic Eigen sizes) or Eigen's solvers and are desktop-only. On a
/// Cortex-M the compilation fails here, first, with one clear message (rather than a link
/// error for the missing heap, or none until the firmware runs out of memory); the include
/// chain the compiler prints above the message names the header. The device umbrella is
/// edgechaos/edgechaos.hpp. tests/target checks the message for every host/ and theory/
/// header.
///
/// The test is the M profile (ACLE's `__ARM_ARCH_PROFILE` equal to 'M', and the per-architecture
/// macros of compilers without it), not `__arm__` or `__ARM_ARCH` alone: those are defined on
/// desktop ARM too (AArch64 Linux and macOS, 32-bit ARM Linux), where these headers work.
#pragma once

#if (defined(__ARM_ARCH_PROFILE) && __ARM_ARCH_PROFILE == 'M') || defined(__ARM_ARCH_6M__) || \
    defined(__ARM_ARCH_7M__) || defined(__ARM_ARCH_7EM__) || defined(__ARM_ARCH_8M_BASE__) ||  \
    defined(__ARM_ARCH_8M_MAIN__) || defined(__ARM_ARCH_8_1M_MAIN__)
#error "edgechaos: this header (see the include chain above) is desktop-only (needs the heap / eigen-solvers); the device umbrella is edgechaos/edgechaos.hpp"
#endif

/// \namespace edgechaos::theory
/// Desktop-only mean-field theory in double precision (theory/): the transition line, the
/// static cavity and replica solutions, DMFT (quadrature at gamma = 0, sampled for any
/// gamma), deep-network signal propagation and the balanced E/I rates, with the small
/// solvers they share (Gauss-Hermite quadrature, the saddle-point iteration).

