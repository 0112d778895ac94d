#include "sweep_mpi.hpp"

#include "command.hpp"

#if EDGECHAOS_WITH_MPI

#include <mpi.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "edgechaos/desktop/clock.hpp"

namespace edgechaos::cli {

namespace {

// A worker's message to rank 0 (tag kTagRow): empty for "give me work", otherwise one
// status letter ('K' ok, 'F' failed) followed by the row it just computed, which is also
// the next request. Rank 0's answer (tag kTagPoint): a grid index, or -1 for "stop".
constexpr int kTagRow = 1;
constexpr int kTagPoint = 2;

void worker(const SweepGrid& grid) {
  DmftCache dmft;
  std::string message;
  for (;;) {
    MPI_Send(message.data(), static_cast<int>(message.size()), MPI_CHAR, 0, kTagRow, MPI_COMM_WORLD);
    long long index = -1;
    MPI_Recv(&index, 1, MPI_LONG_LONG, 0, kTagPoint, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    if (index < 0 || static_cast<unsigned long long>(index) >= grid.size()) return;
    bool failed = false;
    const std::string row = compute_row(grid, grid.point(static_cast<std::size_t>(index)), dmft, failed);
    message = (failed ? "F" : "K") + row;
  }
}

// Rank 0's serving loop: answers each request with the next index of `todo` (shared with
// rank 0's own compute thread through `next`) until every other rank has been told to stop.
// Polls with a short sleep instead of a blocking receive, which in Open MPI spins a core
// that rank 0's compute thread needs.
void serve(int others, const std::vector<std::size_t>& todo, std::atomic<std::size_t>& next, SweepOutput* out) {
  std::vector<char> buffer;
  while (others > 0) {
    int ready = 0;
    MPI_Status status;
    MPI_Iprobe(MPI_ANY_SOURCE, kTagRow, MPI_COMM_WORLD, &ready, &status);
    if (!ready) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
      continue;
    }
    int count = 0;
    MPI_Get_count(&status, MPI_CHAR, &count);
    buffer.resize(static_cast<std::size_t>(count > 0 ? count : 1));
    MPI_Recv(buffer.data(), count, MPI_CHAR, status.MPI_SOURCE, kTagRow, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    if (count > 1 && out != nullptr) out->write(std::string(buffer.data() + 1, static_cast<std::size_t>(count - 1)), buffer[0] == 'F');
    long long answer = -1;
    if (out != nullptr) {
      const std::size_t i = next++;
      if (i < todo.size()) answer = static_cast<long long>(todo[i]);
    }
    MPI_Send(&answer, 1, MPI_LONG_LONG, status.MPI_SOURCE, kTagPoint, MPI_COMM_WORLD);
    if (answer < 0) --others;
  }
}

}  // namespace

int run_sweep_mpi(const SweepGrid& grid, const Shard& shard, const std::string& out_path) {
  // FUNNELED: only the main thread calls MPI; rank 0's compute thread never does.
  int provided = MPI_THREAD_SINGLE;
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  if (rank != 0) {
    worker(grid);
    MPI_Finalize();
    return 0;
  }

  const std::int64_t t0 = desktop::now_ns();
  std::unique_ptr<SweepOutput> out;
  std::string error;
  try {
    out = std::make_unique<SweepOutput>(grid, shard, out_path);
  } catch (const UsageError& e) {
    error = e.message;
  }
  static const std::vector<std::size_t> kNothing;
  const std::vector<std::size_t>& todo = out ? out->todo() : kNothing;
  std::atomic<std::size_t> next{0};
  DmftCache dmft;
  auto compute = [&]() {
    for (std::size_t i = next++; i < todo.size(); i = next++) {
      bool failed = false;
      const std::string row = compute_row(grid, grid.point(todo[i]), dmft, failed);
      out->write(row, failed);
    }
  };
  // Rank 0 computes too: on a thread when there are other ranks to serve (and the MPI
  // library allows threads), on its main thread when it is alone.
  const bool helper = out && size > 1 && provided >= MPI_THREAD_FUNNELED;
  std::thread local;
  if (helper) local = std::thread(compute);
  serve(size - 1, todo, next, out.get());  // on error: answers every rank "stop"
  if (helper) local.join();
  if (out && size == 1) compute();
  if (out) out->close();
  MPI_Finalize();
  if (!out) throw UsageError{error};
  const double seconds = static_cast<double>(desktop::now_ns() - t0) * 1e-9;
  return out->summarise(seconds, 1, size);  // one network at a time per rank
}

void require_mpi_build() {}

}  // namespace edgechaos::cli

#else  // no MPI in this build

namespace edgechaos::cli {

void require_mpi_build() {
  throw UsageError{"--mpi: this edgechaos was built without MPI (install libopenmpi-dev and reconfigure, or "
                   "-DEDGECHAOS_WITH_MPI=ON)"};
}

int run_sweep_mpi(const SweepGrid&, const Shard&, const std::string&) {
  require_mpi_build();
  return 2;
}

}  // namespace edgechaos::cli

#endif
