// Workspace vectors: fixed-size ones are sized at compile time and never touched here;
// dynamic ones (desktop only) are sized on first use.
#pragma once

#include "edgechaos/core/config.hpp"

namespace edgechaos::detail {

template <class V>
V zeros() {
  return V::Zero(V::SizeAtCompileTime == Dynamic ? 0 : V::SizeAtCompileTime);
}

template <class V>
void fit(V& v, Index n) {
  if constexpr (V::SizeAtCompileTime == Dynamic) {
    if (v.size() != n) v.setZero(n);
  } else {
    (void)v;
    (void)n;
  }
}

}  // namespace edgechaos::detail
