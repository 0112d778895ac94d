// `edgechaos sweep --mpi`: the grid over MPI ranks with dynamic load balancing. Rank 0 owns
// the table (it resumes it, so rows already there are never handed out) and hands out one
// grid point at a time to whichever rank asks; a rank asks again as soon as it sends back a
// row, so fast and slow networks spread themselves. Rank 0 also computes on a thread of its
// own while its main thread serves the others. Built only with EDGECHAOS_WITH_MPI; MPI is
// initialised only here, so a plain `edgechaos` never starts MPI.
#pragma once

#include <string>

#include "sweep_table.hpp"

namespace edgechaos::cli {

// Runs the sweep (the points of `shard`) on every rank of MPI_COMM_WORLD and returns the
// exit code (as the threaded sweep's). Throws UsageError on rank 0's output problems, after
// the other ranks have been told to stop and MPI is finalised, and in a build without MPI.
int run_sweep_mpi(const SweepGrid& grid, const Shard& shard, const std::string& out_path);

// Throws UsageError in a build without MPI: `sweep --mpi` calls it before args.finish(), so
// `edgechaos --check sweep --mpi ...` refuses what the real run would refuse.
void require_mpi_build();

}  // namespace edgechaos::cli
