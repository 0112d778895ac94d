/// \file
/// A fixed-capacity collection of distinct fixed points: a point within a given rms
/// distance of a stored one counts as another hit on it instead of a new entry.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>

#include "edgechaos/core/config.hpp"
#include "edgechaos/core/status.hpp"
#include "edgechaos/quasi/fixed_point.hpp"

namespace edgechaos {

/// Up to \p Capacity distinct fixed points of an N-neuron network, in the order found
/// (see the file comment).
template <int N, int Capacity>
class FixedPointSet {
  static_assert(Capacity >= 1, "FixedPointSet: Capacity must be at least 1");

 public:
  using Point = FixedPoint<N>;  ///< What is stored.

  /// Adds p unless a stored point lies within `distinct_distance` (|x - y| / sqrt(N)):
  /// then that point gets a hit. capacity_exceeded when a new point does not fit.
  Status add(const Point& p, Scalar distinct_distance) {
    const Scalar root_n = std::sqrt(static_cast<Scalar>(p.x.size()));
    for (int k = 0; k < count_; ++k) {
      if ((at(k).x - p.x).norm() / root_n < distinct_distance) {
        ++at(k).hits;
        return Status::ok;
      }
    }
    if (count_ >= Capacity) return Status::capacity_exceeded;
    at(count_++) = p;
    return Status::ok;
  }

  int size() const { return count_; }                   ///< Points stored.
  static constexpr int capacity() { return Capacity; }  ///< Points it can hold.
  /// Point \p k; unchecked: k must be in 0..size()-1.
  const Point& operator[](int k) const { return points_[static_cast<std::size_t>(k)]; }
  void clear() { count_ = 0; }  ///< Forgets every point.

 private:
  Point& at(int k) { return points_[static_cast<std::size_t>(k)]; }

  std::array<Point, Capacity> points_{};
  int count_ = 0;
};

}  // namespace edgechaos
