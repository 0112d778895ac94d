/// \file
/// A balanced E/I network with run-time sizes (desktop): the buffers of
/// models/balanced_network.hpp in vectors, sized once by create(). The device uses
/// FixedBalancedNetwork<N_E, N_I, K> instead; both run the same BalancedNetwork code.
#pragma once

#include "edgechaos/host/host_only.hpp"  // desktop-only: stops a Cortex-M build here

#include <cstdint>
#include <vector>

#include "edgechaos/models/balanced_network.hpp"
#include "edgechaos/monitors/unit_activity_monitor.hpp"

namespace edgechaos {
/// Desktop owners of buffers that the device types take as caller-provided views.
namespace host {

/// A BalancedNetwork whose buffers are vectors sized at run time by create(); not
/// copyable, because the base points into the vectors.
template <class IndexT = std::uint32_t>
class BalancedHostNetwork : public BalancedNetwork<IndexT> {
 public:
  BalancedHostNetwork() = default;
  BalancedHostNetwork(const BalancedHostNetwork&) = delete;  // the base points into the vectors
  BalancedHostNetwork& operator=(const BalancedHostNetwork&) = delete;

  /// Sizes the buffers and attaches them; invalid_argument (nothing allocated) for a bad shape.
  Status create(const FixedInDegreeShape& shape) {
    const Status s = validate_degree<IndexT>(shape);
    if (s != Status::ok) return s;
    const auto n = static_cast<std::size_t>(shape.units());
    bits_.assign((n + 31) / 32, 0u);
    count_e_.assign(n, 0);
    count_i_.assign(n, 0);
    offsets_.assign(n + 1, 0u);
    targets_.assign(static_cast<std::size_t>(shape.edges()), IndexT{0});
    threshold_.assign(2 * (static_cast<std::size_t>(shape.k) + 1), 0);
    BalancedBuffers<IndexT> b;
    b.bits = bits_.data();
    b.count_e = count_e_.data();
    b.count_i = count_i_.data();
    b.offsets = offsets_.data();
    b.targets = targets_.data();
    b.threshold = threshold_.data();
    return this->attach(shape, b);
  }

 private:
  std::vector<std::uint32_t> bits_;
  std::vector<std::uint16_t> count_e_, count_i_;
  std::vector<std::uint32_t> offsets_;
  std::vector<IndexT> targets_;
  std::vector<std::uint16_t> threshold_;
};

/// The per-unit records of a UnitActivityMonitor in a vector.
class UnitActivityHost : public UnitActivityMonitor {
 public:
  /// Sizes the records for `units` units and attaches them; invalid_argument for units < 1.
  Status create(Index units) {

    if (units < 1) return Status::invalid_argument;
    records_.assign(static_cast<std::size_t>(units), UnitRecord{});
    return attach(records_.data(), units);
  }

 private:
  std::vector<UnitRecord> records_;
};

}  // namespace host
}  // namespace edgechaos
