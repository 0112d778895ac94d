// The task side of the `reservoir` subcommand: series from the library's generators
// (lib/include/edgechaos/tasks), scores from its metrics, and the two tasks that bring
// their own driver (FORCE, NVAR on Lorenz-63).
#pragma once

#include <cstdint>

#include <Eigen/Core>

#include "reservoir_experiment.hpp"

namespace edgechaos::cli {

// Each series takes the run seed and draws from its task stream (sub_seed(seed,
// SeedStream::task)), so that it shares no random numbers with the reservoir's W (whose mask
// stream is the run seed itself) or W_in.
//
// NARMA10 pairs (u(t), y(t)); an empty series when the recursion diverges for this seed
// (tasks/narma.hpp: about 1.7 % of seeds within 3100 steps).
TaskSeries narma_series(std::uint64_t seed, Index total, bool reservoirpy_variant);
// Mackey-Glass tau = 17: u(t) = x(t), y(t) = x(t + horizon), sampled every time unit.
TaskSeries mackey_glass_series(std::uint64_t seed, Index total, int horizon);

// Memory capacity: u ~ U[-0.5, 0.5), y(t, k - 1) = u(t - k), k = 1..k_max.
struct MemorySplit {
  Index washout, train, test, total;
};
MemorySplit memory_split(int k_max);
TaskSeries memory_series(std::uint64_t seed, Index total, int k_max);

// NRMSE (std of y over the block) and the squared Pearson correlation, through
// tasks/metrics.hpp; NaN where undefined.
double task_nrmse(const Eigen::VectorXd& yhat, const Eigen::VectorXd& y);
double squared_correlation(const Eigen::VectorXd& yhat, const Eigen::VectorXd& y);

// Prints the JSON object of the FORCE (section 6) and NVAR (section 5) tasks; exit code.
int run_force_task(const ReservoirSpec& spec, double period, int seeds);
int run_nvar_task(double alpha, int seeds, std::uint64_t seed);

}  // namespace edgechaos::cli
