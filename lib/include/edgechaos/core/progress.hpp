/// \file
/// The progress callback of the library's long calls (LangevinSampler::run,
/// FixedPointFinder::search): called between units of work, it lets the caller kick a
/// watchdog, report progress, or stop the call (a host binding throws; the call's objects
/// are then at their last committed step). The default does nothing and costs nothing.
#pragma once

namespace edgechaos {

/// The default progress callback: does nothing.
struct NoProgress {
  /// Called between units of work; compiled away.
  constexpr void operator()() const {}
};

}  // namespace edgechaos
