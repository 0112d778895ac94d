// The benchmark tasks (tasks/*.hpp, seeded from sub_seed(seed, task) as the CLI's
// `reservoir --task`, so one seed names one series everywhere) and the metrics
// (tasks/metrics.hpp's streaming statistics, in double).
#include <pybind11/stl.h>

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "bind_reservoir_common.hpp"
#include "edgechaos/core/seeds.hpp"
#include "edgechaos/tasks/lorenz.hpp"
#include "edgechaos/tasks/mackey_glass.hpp"
#include "edgechaos/tasks/memory_task.hpp"
#include "edgechaos/tasks/metrics.hpp"
#include "edgechaos/tasks/narma.hpp"

namespace edgechaos::python {

namespace {

void require_length(long long n, const char* name) {
  if (n < 1) raise_status(Status::invalid_argument, std::string(name) + " must be at least 1");
}

py::array_t<double> mackey_glass(long long n, std::uint64_t seed) {
  require_length(n, "n_timesteps");
  py::array_t<double> x({static_cast<Index>(n), Index{1}});
  MackeyGlass<double> mg(sub_seed(seed, SeedStream::task));
  double* out = x.mutable_data();
  for (long long t = 0; t < n; ++t) check(mg.next(out[t]), "mackey_glass at sample " + std::to_string(t));
  return x;
}

py::tuple narma(long long n, std::uint64_t seed, const std::string& variant) {
  require_length(n, "n_timesteps");
  if (variant != "standard" && variant != "reservoirpy") {
    raise_status(Status::invalid_argument, "variant must be 'standard' or 'reservoirpy'");
  }
  Narma10<double> gen(sub_seed(seed, SeedStream::task),
                      variant == "standard" ? NarmaVariant::atiya_parlos : NarmaVariant::reservoirpy_shifted);
  py::array_t<double> u({static_cast<Index>(n), Index{1}}), y({static_cast<Index>(n), Index{1}});
  for (long long t = 0; t < n; ++t) {
    check(gen.next(u.mutable_data()[t], y.mutable_data()[t]),
          "NARMA10 diverged at sample " + std::to_string(t) + " for this seed: pick another seed");
  }
  return py::make_tuple(u, y);
}

// The delay line of the CLI's memory task: 2 N delays for N up to 2048.
constexpr int kLongestDelay = 4096;

py::tuple memory_task(long long n, int k_max, std::uint64_t seed) {
  require_length(n, "n_timesteps");
  if (k_max < 1 || k_max > kLongestDelay) raise_status(Status::invalid_argument, "k_max must be in [1, 4096]");
  auto task = std::make_unique<MemoryTask<kLongestDelay, float>>(sub_seed(seed, SeedStream::task));
  py::array_t<float> u({static_cast<Index>(n), Index{1}}), y({static_cast<Index>(n), static_cast<Index>(k_max)});
  float* uo = u.mutable_data();
  float* yo = y.mutable_data();
  std::fill(yo, yo + n * k_max, 0.0f);
  for (long long t = 0; t < n; ++t) {
    uo[t] = task->next();
    for (int k = 1; k <= k_max && k <= t; ++k) check(task->delayed(k, yo[t * k_max + k - 1]), "memory task");
  }
  return py::make_tuple(u, y);
}

py::array_t<double> lorenz(long long n, double dt, std::array<double, 3> x0) {
  require_length(n, "n_timesteps");
  Lorenz63<double> sys;
  check(sys.reset(x0.data(), dt), "lorenz (dt in (0, 1e30], finite x0)");
  py::array_t<double> x({static_cast<Index>(n), Index{3}});
  double* out = x.mutable_data();
  for (long long t = 0; t < n; ++t) {
    check(sys.advance(), "lorenz at sample " + std::to_string(t));
    for (int i = 0; i < 3; ++i) out[t * 3 + i] = sys.state()[i];
  }
  return x;
}

// The statistics of y_true against y_pred, same shapes, every entry.
ErrorStats<double> stats_of(const DoubleArray& y, const DoubleArray& yhat) {
  if (y.ndim() != yhat.ndim()) raise_status(Status::size_mismatch, "y_true and y_pred must have the same shape");
  for (py::ssize_t d = 0; d < y.ndim(); ++d) {
    if (y.shape(d) != yhat.shape(d)) raise_status(Status::size_mismatch, "y_true and y_pred must have the same shape");
  }
  require_finite(y, "y_true");
  require_finite(yhat, "y_pred");
  ErrorStats<double> s;
  for (py::ssize_t i = 0; i < y.size(); ++i) check(s.add(y.data()[i], yhat.data()[i]), "metric");
  return s;
}

double nrmse(const DoubleArray& y, const DoubleArray& yhat) {
  double out = 0;
  check(stats_of(y, yhat).nrmse(out), "nrmse needs at least 2 values and a y_true that varies");
  return out;
}

double rmse(const DoubleArray& y, const DoubleArray& yhat) {
  double out = 0;
  check(stats_of(y, yhat).rmse(out), "rmse needs at least 1 value");
  return out;
}

double rsquare(const DoubleArray& y, const DoubleArray& yhat) {
  double e = 0;  // 1 - SSE/SST = 1 - NRMSE^2 (NRMSE normalised by the population std)
  check(stats_of(y, yhat).nrmse(e), "rsquare needs at least 2 values and a y_true that varies");
  return 1.0 - e * e;
}

double squared_correlation(const DoubleArray& y, const DoubleArray& yhat) {
  double out = 0;
  check(stats_of(y, yhat).r2(out), "squared_correlation needs at least 2 values that vary");
  return out;
}

py::tuple memory_capacity(const DoubleArray& y, const DoubleArray& yhat) {
  require_matrix(y, "y_true");
  if (yhat.ndim() != 2 || yhat.shape(0) != y.shape(0) || yhat.shape(1) != y.shape(1)) {
    raise_status(Status::size_mismatch, "y_true and y_pred must both be (timesteps, delays)");
  }
  require_finite(y, "y_true");
  require_finite(yhat, "y_pred");
  const Index T = y.shape(0), K = y.shape(1);
  py::array_t<double> per(K);
  double mc = 0.0;
  for (Index k = 0; k < K; ++k) {
    ErrorStats<double> s;
    for (Index t = 0; t < T; ++t) check(s.add(y.data()[t * K + k], yhat.data()[t * K + k]), "memory_capacity");
    double r2 = 0;
    check(s.r2(r2), "memory_capacity needs at least 2 samples per delay that vary");
    per.mutable_data()[k] = r2;
    mc += r2;
  }
  return py::make_tuple(mc, per);
}

}  // namespace

void bind_reservoir_tasks(py::module_& m) {
  m.def("mackey_glass", &mackey_glass, py::arg("n_timesteps"), py::arg("seed") = 1u,
        "Mackey-Glass, tau = 17 (tasks/mackey_glass.hpp: RK4, h = 0.1, one sample per time unit,\n"
        "1000 units discarded), the history drawn from sub_seed(seed, task) as the CLI's.\n"
        "Returns (n_timesteps, 1) float64, as reservoirpy.datasets.mackey_glass.");
  m.def("narma", &narma, py::arg("n_timesteps"), py::arg("seed") = 1u, py::arg("variant") = "standard",
        "NARMA10 (tasks/narma.hpp): u ~ U[0, 0.5], the target of Atiya & Parlos ('standard') or\n"
        "ReservoirPy's one-step-older windows ('reservoirpy'). Returns (u, y), each (n_timesteps, 1)\n"
        "float64. Raises non_finite_result for the ~1.7 % of seeds whose recursion diverges.");
  m.def("memory_task", &memory_task, py::arg("n_timesteps"), py::arg("k_max"), py::arg("seed") = 1u,
        "The memory task (tasks/memory_task.hpp): u ~ U[-0.5, 0.5) and the delayed targets\n"
        "y[t, k-1] = u[t-k], k = 1..k_max (0 before the start). Returns (u (T, 1), y (T, k_max)) float32.");
  m.def("lorenz", &lorenz, py::arg("n_timesteps"), py::arg("dt") = 0.025,
        py::arg("x0") = std::array<double, 3>{1.0, 1.0, 1.0},
        "Lorenz-63 (sigma 10, rho 28, beta 8/3; tasks/lorenz.hpp), sampled every dt from x0\n"
        "(the first row is one dt after x0). Returns (n_timesteps, 3) float64.");
  m.def("nrmse", &nrmse, py::arg("y_true"), py::arg("y_pred"),
        "sqrt(mean((y_pred - y_true)^2)) / std(y_true) over every entry (population std; the\n"
        "library's and RESERVOIR.md's definition; ReservoirPy's default divides by max - min).");
  m.def("rmse", &rmse, py::arg("y_true"), py::arg("y_pred"), "sqrt(mean((y_pred - y_true)^2)) over every entry.");
  m.def("rsquare", &rsquare, py::arg("y_true"), py::arg("y_pred"),
        "The coefficient of determination 1 - SSE/SST over every entry (ReservoirPy's rsquare).");
  m.def("squared_correlation", &squared_correlation, py::arg("y_true"), py::arg("y_pred"),
        "Pearson r(y_true, y_pred)^2: the memory capacity's r^2 (not rsquare).");
  m.def("memory_capacity", &memory_capacity, py::arg("y_true"), py::arg("y_pred"),
        "Jaeger's memory capacity: sum over the delay columns of the squared correlation of\n"
        "y_true[:, k] and y_pred[:, k]. Returns (mc, r2 per delay (K,) float64).");
}

}  // namespace edgechaos::python
