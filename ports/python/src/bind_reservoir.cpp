// Reservoirs and the offline ridge: the weights a reservoir is built from (the library's
// generators, seeded as the CLI's `reservoir` seeds them, so the same seed gives the same W,
// W_in and b), the drive of a reservoir by an input series (DrivenReservoir over the
// echo-state map or the Euler-integrated rate network), and host/ridge.hpp's fit.
// The pure-Python layer (edgechaos/reservoir.py) puts ReservoirPy's names on these.
#include <pybind11/stl.h>

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bind_reservoir_common.hpp"
#include "edgechaos/core/seeds.hpp"
#include "edgechaos/host/ridge.hpp"
#include "edgechaos/host/spectral_radius.hpp"
#include "edgechaos/models/echo_state.hpp"
#include "edgechaos/models/rate_network.hpp"
#include "edgechaos/steppers/driven_reservoir.hpp"
#include "edgechaos/steppers/euler.hpp"
#include "edgechaos/steppers/map_stepper.hpp"
#include "edgechaos/weights/couplings.hpp"
#include "edgechaos/weights/input_weights.hpp"
#include "edgechaos/weights/sparse_couplings.hpp"

namespace edgechaos::python {

namespace {

// W (esn) or J (rate), dense row-major into W: the ESN's W is the sparse N(0, 1/(N p)) draw
// of density p at gain 1, rescaled to the spectral radius sr when sr is given; the rate
// model's J is the dense Gaussian (g, gamma) at p = 1 or the sparse draw of gain g.
Status make_recurrent(bool esn, int n, std::optional<double> sr, double g, double gamma, double p, std::uint64_t seed,
                      float* W) {
  const std::uint64_t cseed = sub_seed(seed, SeedStream::couplings);
  if (!esn && p >= 1.0) return generate_couplings({static_cast<float>(g), static_cast<float>(gamma), cseed}, W, n);
  if (!esn && gamma != 0.0) return Status::invalid_argument;  // the sparse generator has no symmetry
  const SparseCouplingParams q{esn ? 1.0f : static_cast<float>(g), static_cast<float>(p), cseed};
  Index nnz = 0;
  Status st = count_sparse_couplings(q, n, nnz);
  if (st != Status::ok) return st;
  std::vector<std::uint32_t> row_ptr(static_cast<std::size_t>(n + 1)), col(static_cast<std::size_t>(nnz > 0 ? nnz : 1));
  std::vector<float> val(col.size());
  st = generate_sparse_couplings(q, n, row_ptr.data(), col.data(), val.data(), nnz, nnz);
  if (st != Status::ok) return st;
  SparseCouplingsView<std::uint32_t> view;
  st = view.set(row_ptr.data(), col.data(), val.data(), n, nnz);
  if (st != Status::ok) return st;
  st = sparse_to_dense(view, W, n);
  if (st != Status::ok || !esn || !sr) return st;
  return rescale_to_spectral_radius(*sr, W, n);
}

py::tuple reservoir_weights(int units, int inputs, const std::string& model, std::optional<double> sr, double g,
                            double gamma, double connectivity, double input_scaling, double input_connectivity,
                            double bias, std::uint64_t seed) {
  if (model != "esn" && model != "rate") raise_status(Status::invalid_argument, "model must be 'esn' or 'rate'");
  if (units < 1 || inputs < 1) raise_status(Status::invalid_argument, "units and inputs must be at least 1");
  if (!(connectivity > 0.0 && connectivity <= 1.0) || (sr && !(*sr >= 0.0)) || !std::isfinite(g) ||
      !(gamma >= -1.0 && gamma <= 1.0) || !(bias >= 0.0) || !std::isfinite(bias)) {
    raise_status(Status::invalid_argument, "rc_connectivity in (0, 1], sr >= 0, finite g, gamma in [-1, 1], bias >= 0");
  }
  py::array_t<float> W({units, units}), Win({units, inputs}), b(units);
  Status st = Status::ok;
  {
    py::gil_scoped_release free;  // the eigen-solver of a large W takes a while
    st = make_recurrent(model == "esn", units, sr, g, gamma, connectivity, seed, W.mutable_data());
  }
  check(st, "recurrent weights (sr, g, gamma, rc_connectivity; a W with spectral radius 0 cannot be rescaled)");
  const InputWeightParams w{static_cast<float>(input_scaling), static_cast<float>(input_connectivity),
                            InputWeightKind::bernoulli, sub_seed(seed, SeedStream::input_weights)};
  check(generate_input_weights(w, Win.mutable_data(), units, inputs), "input weights (input_scaling, input_connectivity)");
  // b_i = +-bias from the input-weight generator on its own stream (seed + 1), as the CLI's.
  std::fill(b.mutable_data(), b.mutable_data() + units, 0.0f);
  if (bias > 0.0) {
    const InputWeightParams q{static_cast<float>(bias), 1.0f, InputWeightKind::bernoulli,
                              sub_seed(seed, SeedStream::input_weights) + 1u};
    check(generate_input_weights(q, b.mutable_data(), units, 1), "bias");
  }
  return py::make_tuple(W, Win, b);
}

// Drives a fresh reservoir from x0 through X (T x M); states (T x N) after each sample and
// the last state. Everything is checked before the first step; nothing the caller holds is
// changed (the Python object takes the new state only on success).
template <class Net, class StepperT>
py::tuple drive(const FloatArray& W, const FloatArray& Win, const FloatArray& b, const FloatArray& x0, const FloatArray& X, float leak, float dt, int hold) {
  const Index n = W.shape(0), m = Win.shape(1), T = X.shape(0);
  Net net;
  check(net.bind(W.data(), n), "W");
  check(net.set_input_weights(Win.data(), m), "Win");
  check(net.set_bias(Eigen::Map<const Eigen::VectorXf>(b.data(), n)), "bias");
  if constexpr (StepperT::scheme_type::kDiscrete) check(net.set_leak(leak), "lr must be in (0, 1]");
  DrivenReservoir<Net, StepperT> r;
  check(r.attach(net, DriveConfig{dt, static_cast<std::uint32_t>(hold)}), "dt in (0, 1e30], hold >= 1");
  check(r.reset(Eigen::Map<const Eigen::VectorXf>(x0.data(), n)), "initial state");
  py::array_t<float> states({T, n});
  float* out = states.mutable_data();
  Status st = Status::ok;
  Index failed_at = 0;
  {
    py::gil_scoped_release free;
    InterruptPoll poll(interrupt_period(n * n * hold));
    typename Net::Input u(m);
    for (Index t = 0; t < T && st == Status::ok; ++t) {
      u = Eigen::Map<const Eigen::VectorXf>(X.data() + t * m, m);
      st = r.advance(u);
      if (st == Status::ok) Eigen::Map<Eigen::VectorXf>(out + t * n, n) = r.state();
      failed_at = t;
      poll.tick();
    }
  }
  check(st, "at sample " + std::to_string(failed_at) + " of the run");
  py::array_t<float> last(n);
  Eigen::Map<Eigen::VectorXf>(last.mutable_data(), n) = r.state();
  return py::make_tuple(states, last);
}

template <class Activation>
py::tuple drive_model(const std::string& model, const FloatArray& W, const FloatArray& Win, const FloatArray& b, const FloatArray& x0, const FloatArray& X,
                      float leak, float dt, int hold) {
  if (model == "esn") {
    using Net = EchoState<Dynamic, Dynamic, Activation>;
    return drive<Net, MapStepper<Net>>(W, Win, b, x0, X, leak, dt, hold);
  }
  if (model == "rate") {
    using Net = RateNetwork<Dynamic, Dynamic, Activation>;
    return drive<Net, Euler<Net>>(W, Win, b, x0, X, leak, dt, hold);
  }
  raise_status(Status::invalid_argument, "model must be 'esn' or 'rate'");
}

py::tuple run_reservoir(const std::string& model, const FloatArray& W, const FloatArray& Win, const FloatArray& b, const FloatArray& x0, const FloatArray& X,
                        float leak, float dt, int hold, const std::string& activation) {
  require_matrix(W, "W");
  const Index n = W.shape(0);
  if (W.shape(1) != n) raise_status(Status::size_mismatch, "W must be square (units, units)");
  require_matrix(Win, "Win");
  if (Win.shape(0) != n) raise_status(Status::size_mismatch, "Win must be (units, inputs)");
  require_vector(b, n, "bias");
  require_vector(x0, n, "state");
  require_matrix(X, "X");
  if (X.shape(1) != Win.shape(1)) {
    raise_status(Status::size_mismatch, "X has " + std::to_string(X.shape(1)) + " features, the reservoir " +
                                            std::to_string(Win.shape(1)) + " inputs");
  }
  require_finite(W, "W");
  require_finite(Win, "Win");
  require_finite(b, "bias");
  require_finite(x0, "state");
  require_finite(X, "X");
  if (hold < 1) raise_status(Status::invalid_argument, "hold must be at least 1");
  if (activation == "tanh") return drive_model<Tanh>(model, W, Win, b, x0, X, leak, dt, hold);
  if (activation == "fast_tanh") return drive_model<FastTanh>(model, W, Win, b, x0, X, leak, dt, hold);
  raise_status(Status::invalid_argument, "activation must be 'tanh' or 'fast_tanh'");
}

// host/ridge.hpp: (X^T X + ridge I) on centred data, the intercept unpenalised; in double.
py::tuple ridge(const DoubleArray& X, const DoubleArray& Y, double alpha) {
  require_matrix(X, "X");
  require_matrix(Y, "Y");
  if (X.shape(0) != Y.shape(0)) {
    raise_status(Status::size_mismatch, "X has " + std::to_string(X.shape(0)) + " rows, Y " + std::to_string(Y.shape(0)));
  }
  using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  const Eigen::Map<const RowMajor> x(X.data(), X.shape(0), X.shape(1));
  const Eigen::Map<const RowMajor> y(Y.data(), Y.shape(0), Y.shape(1));
  RidgeFit fit;
  Status st = Status::ok;
  {
    py::gil_scoped_release free;
    st = ridge_fit(x, y, alpha, fit);
  }
  check(st, "ridge fit (ridge must be in (0, 1e30]; X and Y finite, at least 2 rows)");
  py::array_t<double> Wout({fit.w.cols(), fit.w.rows()}), bias({Index{1}, fit.c.size()});
  Eigen::Map<RowMajor>(Wout.mutable_data(), fit.w.cols(), fit.w.rows()) = fit.w.transpose();
  Eigen::Map<Eigen::VectorXd>(bias.mutable_data(), fit.c.size()) = fit.c;
  return py::make_tuple(Wout, bias);
}

}  // namespace

void bind_reservoir_tasks(py::module_& m);
void bind_reservoir_io(py::module_& m);

void bind_reservoir(py::module_& m) {
  m.def("_reservoir_weights", &reservoir_weights, py::arg("units"), py::arg("inputs"), py::arg("model") = "esn",
        py::arg("sr") = py::none(), py::arg("g") = 0.9, py::arg("gamma") = 0.0, py::arg("rc_connectivity") = 0.1,
        py::arg("input_scaling") = 1.0, py::arg("input_connectivity") = 0.1, py::arg("bias_scaling") = 0.0,
        py::arg("seed") = 1u,
        "(W, Win, bias) float32 of a reservoir, from the library's generators seeded as the CLI's\n"
        "`reservoir` (J: the seed; W_in: sub_seed(seed, input_weights); bias: that plus 1).\n"
        "esn: W sparse N(0, 1/(N p)) of density rc_connectivity, rescaled to spectral radius sr\n"
        "(None: not rescaled); rate: J of gain g and symmetry gamma (dense at rc_connectivity 1).\n"
        "Win entries +-input_scaling with probability input_connectivity; bias +-bias_scaling.");
  m.def("_run_reservoir", &run_reservoir, py::arg("model"), py::arg("W"), py::arg("Win"), py::arg("bias"),
        py::arg("state"), py::arg("X"), py::arg("lr") = 1.0f, py::arg("dt") = 1.0f, py::arg("hold") = 1,
        py::arg("activation") = "tanh",
        "Drives the reservoir (esn: x' = (1 - lr) x + lr tanh(W x + Win u + b); rate: hold Euler\n"
        "steps of dx/dt = -x + W tanh(x) + Win u + b) from `state` through X (T, M).\n"
        "activation 'tanh' (the C library's) or 'fast_tanh' (models/activation.hpp's FastTanh: the\n"
        "same bits under every C library, the device's choice for bit-exact traces).\n"
        "Returns (states (T, N) float32, last state (N,) float32). GIL released; Ctrl-C stops it.");
  m.def("_ridge", &ridge, py::arg("X"), py::arg("Y"), py::arg("ridge"),
        "host/ridge.hpp's fit of Y ~ X Wout + bias on centred data, intercept unpenalised, in\n"
        "double. Returns (Wout (F, K), bias (1, K)) float64 (ReservoirPy's Ridge layout).");
  bind_reservoir_tasks(m);
  bind_reservoir_io(m);
}

}  // namespace edgechaos::python
