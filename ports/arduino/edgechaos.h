// edgechaos for the Arduino tools: src/edgechaos.h of the library folder that
// tools/package_arduino.sh assembles. The IDE and arduino-cli find a library by a header in
// the root of its src/, so a sketch includes this one; the library itself is
// src/edgechaos/ (the repository's lib/include/edgechaos/), included as usual.
#pragma once

#if !defined(__cplusplus) || __cplusplus < 201703L
#error "edgechaos needs C++17: use a core that compiles with -std=gnu++17 (32-bit ARM cores; not AVR)"
#endif

// Eigen asserts on any heap allocation (in builds without NDEBUG); it must be defined
// before Eigen is first included, so include this header first.
#ifndef EIGEN_NO_MALLOC
#define EIGEN_NO_MALLOC
#endif
#include "edgechaos/edgechaos.hpp"
