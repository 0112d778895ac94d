// A trained model as the device runs it: a ModelSpec (io/model_spec.hpp) over arrays this
// object owns, stepped by host/any_model_runner.hpp (io/model_runner.hpp's ModelRunner, the
// firmware's code path), written as a model image (io/model_image.hpp) or a C++ header
// (host/model_header.hpp), and read back from an image or a ReservoirPy npz
// (host/reservoirpy_import.hpp).
#include <pybind11/stl.h>

#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bind_reservoir_common.hpp"
#include "edgechaos/host/any_model_runner.hpp"
#include "edgechaos/host/model_header.hpp"
#include "edgechaos/host/reservoirpy_import.hpp"
#include "edgechaos/io/model_image.hpp"
#include "edgechaos/io/model_spec.hpp"

namespace edgechaos::python {

namespace {

std::uint8_t feature_bits_of(const std::string& f) {
  if (f == "state") return 0;
  if (f == "state-input") return feature_bits::input;
  if (f == "augmented") return feature_bits::input | feature_bits::squares;
  raise_status(Status::invalid_argument, "features must be 'state', 'state-input' or 'augmented'");
}

const char* features_name(std::uint8_t bits) {
  if (bits == 0) return "state";
  if (bits == feature_bits::input) return "state-input";
  if (bits == (feature_bits::input | feature_bits::squares)) return "augmented";
  return "other";
}

std::vector<float> copy_of(const FloatArray& a) { return std::vector<float>(a.data(), a.data() + a.size()); }

py::array_t<float> array_of(const float* p, Index rows, Index cols) {
  py::array_t<float> a({rows, cols});
  if (p != nullptr) {
    std::memcpy(a.mutable_data(), p, sizeof(float) * static_cast<std::size_t>(rows * cols));
  } else {
    std::fill(a.mutable_data(), a.mutable_data() + rows * cols, 0.0f);
  }
  return a;
}

class DeviceModel {
 public:
  // From a reservoir's and a readout's arrays (float32; checked here, then by validate()).
  static std::unique_ptr<DeviceModel> from_arrays(const std::string& model, const FloatArray& W, const FloatArray& Win,
                                                  std::optional<FloatArray> bias, const FloatArray& Wout, std::optional<FloatArray> c,
                                                  float lr, const std::string& features, float dt, int hold,
                                                  const std::string& activation) {
    require_matrix(W, "W");
    require_matrix(Win, "Win");
    require_matrix(Wout, "Wout");
    const Index n = W.shape(0), m = Win.shape(1), k = Wout.shape(0);
    if (W.shape(1) != n || Win.shape(0) != n) raise_status(Status::size_mismatch, "W (N, N) and Win (N, M) disagree");
    if (bias) require_vector(*bias, n, "bias");
    if (c) require_vector(*c, k, "c");
    auto d = std::make_unique<DeviceModel>();
    ModelSpec& s = d->spec_;
    if (model == "esn") {
      s.form = ModelForm::echo_state;
      s.integrator = IntegratorKind::none;
    } else if (model == "rate") {
      s.form = ModelForm::continuous;
      s.integrator = IntegratorKind::euler;
    } else {
      raise_status(Status::invalid_argument, "model must be 'esn' or 'rate'");
    }
    if (hold < 1) raise_status(Status::invalid_argument, "hold must be at least 1");
    if (activation == "tanh") {
      s.activation = ActivationKind::tanh;
    } else if (activation == "fast_tanh") {
      s.activation = ActivationKind::fast_tanh;
    } else {
      raise_status(Status::invalid_argument, "activation must be 'tanh' or 'fast_tanh'");
    }
    s.features = feature_bits_of(features);
    s.n = static_cast<std::uint32_t>(n);
    s.m = static_cast<std::uint32_t>(m);
    s.k = static_cast<std::uint32_t>(k);
    s.leak = lr;
    s.dt = dt;
    s.k_hold = static_cast<std::uint32_t>(hold);
    if (Wout.shape(1) != static_cast<Index>(s.feature_count())) {
      raise_status(Status::size_mismatch, "Wout must be (outputs, " + std::to_string(s.feature_count()) + ") for these features");
    }
    d->J_ = copy_of(W);
    d->Win_ = copy_of(Win);
    d->Wout_ = copy_of(Wout);
    if (bias) d->b_ = copy_of(*bias);
    if (c) d->c_ = copy_of(*c);
    s.J = d->J_.data();
    s.W_in = d->Win_.data();
    s.W_out = d->Wout_.data();
    s.b = d->b_.empty() ? nullptr : d->b_.data();
    s.c = d->c_.empty() ? nullptr : d->c_.data();
    d->bind("model");
    return d;
  }

  // A model image (the bytes of io/model_image.hpp), copied and read zero-copy from the copy.
  static std::unique_ptr<DeviceModel> from_image(const py::bytes& data) {
    auto d = std::make_unique<DeviceModel>();
    const std::string bytes = data;
    d->image_.assign(bytes.begin(), bytes.end());
    check(read_model_image(d->image_.data(), d->image_.size(), d->spec_), "model image");
    d->bind("model image");
    return d;
  }

  // A ReservoirPy-shaped npz (host/reservoirpy_import.hpp), W inside or in a second npz.
  static std::unique_ptr<DeviceModel> from_reservoirpy(const py::bytes& model, std::optional<py::bytes> sparse_W) {
    auto d = std::make_unique<DeviceModel>();
    const std::string a = model;
    const std::vector<unsigned char> zip(a.begin(), a.end());
    std::vector<unsigned char> sparse;
    if (sparse_W) {
      const std::string b = *sparse_W;
      sparse.assign(b.begin(), b.end());
    }
    d->imported_ = std::make_unique<ImportedModel>();
    std::string why;
    check(import_reservoirpy(zip, sparse_W ? &sparse : nullptr, *d->imported_, why), why);
    d->spec_ = d->imported_->spec;
    d->bind("ReservoirPy model");
    return d;
  }

  py::bytes image() const {
    std::vector<unsigned char> out(model_image_size(spec_));
    check(write_model_image(spec_, out.data(), out.size()), "model image");
    return py::bytes(reinterpret_cast<const char*>(out.data()), out.size());
  }

  std::string header(const std::string& name_space, const std::string& form) const {
    HeaderForm f = HeaderForm::arrays;
    if (form == "image") {
      f = HeaderForm::image;
    } else if (form == "seed") {
      f = HeaderForm::seed;
    } else if (form != "arrays") {
      raise_status(Status::invalid_argument, "form must be 'arrays', 'image' or 'seed'");
    }
    std::string out;
    check(model_header(spec_, name_space, f, out), "C++ header (the seed form needs J and W_in from their generator)");
    return out;
  }

  // y(t) for each row of X, as the device computes it; the state carries over between calls.
  py::array_t<float> run(const FloatArray& X) {
    require_matrix(X, "X");
    const Index m = runner_.inputs(), k = runner_.outputs(), T = X.shape(0);
    if (X.shape(1) != m) {
      raise_status(Status::size_mismatch, "X has " + std::to_string(X.shape(1)) + " features, the model " + std::to_string(m) + " inputs");
    }
    require_finite(X, "X");
    py::array_t<float> Y({T, k});
    float* y = Y.mutable_data();
    Status st = Status::ok;
    Index t = 0;
    {
      py::gil_scoped_release free;
      InterruptPoll poll(interrupt_period(static_cast<long long>(runner_.neurons()) * runner_.neurons() * spec_.k_hold));
      for (; t < T && st == Status::ok; ++t) {
        st = runner_.step(X.data() + t * m, y + t * k);
        poll.tick();
      }
    }
    check(st, "at sample " + std::to_string(t - 1) + " (the state is the one after the sample before)");
    return Y;
  }

  void reset() { check(runner_.reset(), "reset"); }

  const ModelSpec& spec() const { return runner_.spec(); }
  py::array_t<float> state() const {
    py::array_t<float> x(static_cast<Index>(runner_.neurons()));
    std::memcpy(x.mutable_data(), runner_.state(), sizeof(float) * runner_.neurons());
    return x;
  }
  py::array_t<float> W() const {
    const ModelSpec& s = spec();
    const Index n = s.n;
    if (s.storage == CouplingStorage::dense) return array_of(s.J, n, n);
    py::array_t<float> J({n, n});
    Status st = Status::invalid_argument;
    if (s.sparse.index_bytes == 2) {
      SparseCouplingsView<std::uint16_t> v;
      st = v.set(s.sparse.row_ptr16, s.sparse.col16, s.sparse.val, n, s.sparse.nnz);
      if (st == Status::ok) st = sparse_to_dense(v, J.mutable_data(), n);
    } else {
      SparseCouplingsView<std::uint32_t> v;
      st = v.set(s.sparse.row_ptr32, s.sparse.col32, s.sparse.val, n, s.sparse.nnz);
      if (st == Status::ok) st = sparse_to_dense(v, J.mutable_data(), n);
    }
    check(st, "W");
    return J;
  }

 private:
  void bind(const char* what) { check(runner_.bind(spec_), what); }

  std::vector<float> J_, Win_, b_, Wout_, c_;
  std::vector<unsigned char> image_;
  std::unique_ptr<ImportedModel> imported_;
  ModelSpec spec_{};
  AnyModelRunner runner_;
};

}  // namespace

void bind_reservoir_io(py::module_& m) {
  py::class_<DeviceModel>(m, "DeviceModel",
                          "A trained model as the device runs it: io/model_runner.hpp's ModelRunner over a\n"
                          "ModelSpec (float32 weights), the code a firmware runs, so run() gives the device's\n"
                          "outputs. Made by Model.to_device(), import_model() or the from_* constructors;\n"
                          "written by image() (a model image) and header() (a C++ header).")
      .def_static("from_arrays", &DeviceModel::from_arrays, py::arg("model"), py::arg("W"), py::arg("Win"),
                  py::arg("bias") = py::none(), py::arg("Wout"), py::arg("c") = py::none(), py::arg("lr") = 1.0f,
                  py::arg("features") = "state", py::arg("dt") = 1.0f, py::arg("hold") = 1,
                  py::arg("activation") = "tanh",
                  "From arrays: model 'esn' (leak lr) or 'rate' (Euler dt, hold steps a sample); W (N, N),\n"
                  "Win (N, M), bias (N,), Wout (K, F) with F the features' count in the device layout\n"
                  "[u if input][x][x^2 if augmented], c (K,). float32 (float64 is rounded).")
      .def_static("from_image", &DeviceModel::from_image, py::arg("data"),
                  "From the bytes of a model image (CRC-checked; malformed_file for damaged bytes).")
      .def_static("from_reservoirpy", &DeviceModel::from_reservoirpy, py::arg("model_npz"), py::arg("sparse_W_npz") = py::none(),
                  "From the bytes of a ReservoirPy-shaped npz (W, Win, bias, Wout (N, K), bout, lr,\n"
                  "activation), with a sparse W in a second scipy.sparse npz if given.")
      .def("image", &DeviceModel::image, "The model image (bytes) a firmware reads zero-copy.")
      .def("header", &DeviceModel::header, py::arg("namespace") = "model", py::arg("form") = "arrays",
           "The C++ header (str) a firmware includes: form 'arrays', 'image' or 'seed'.")
      .def("run", &DeviceModel::run, py::arg("X"),
           "Outputs (T, K) float32 for inputs X (T, M), one device step a row; the state carries\n"
           "over (reset() zeroes it). GIL released; Ctrl-C stops it.")
      .def("reset", &DeviceModel::reset, "The state back to zero.")
      .def("state", &DeviceModel::state, "The current state (N,) float32.")
      .def_property_readonly("W", &DeviceModel::W, "The recurrent weights (N, N) float32 (dense form).")
      .def_property_readonly("Win", [](const DeviceModel& d) { return array_of(d.spec().W_in, d.spec().n, d.spec().m); },
                             "The input weights (N, M) float32.")
      .def_property_readonly("bias", [](const DeviceModel& d) { return array_of(d.spec().b, d.spec().n, 1).reshape({d.spec().n}); },
                             "The reservoir bias (N,) float32 (zeros when none).")
      .def_property_readonly("Wout", [](const DeviceModel& d) { return array_of(d.spec().W_out, d.spec().k, d.spec().feature_count()); },
                             "The readout (K, F) float32, device layout.")
      .def_property_readonly("c", [](const DeviceModel& d) { return array_of(d.spec().c, d.spec().k, 1).reshape({d.spec().k}); },
                             "The readout intercept (K,) float32 (zeros when none).")
      .def_property_readonly("model", [](const DeviceModel& d) { return d.spec().form == ModelForm::echo_state ? "esn" : "rate"; },
                             "'esn' (the leaky echo-state map) or 'rate' (the continuous rate network).")
      .def_property_readonly("features", [](const DeviceModel& d) { return features_name(d.spec().features); },
                             "'state', 'state-input' or 'augmented'.")
      .def_property_readonly("activation", [](const DeviceModel& d) {
            const ActivationKind a = d.spec().activation;
            return a == ActivationKind::tanh ? "tanh" : a == ActivationKind::fast_tanh ? "fast_tanh" : "sinh_tanh5";
          }, "'tanh', 'fast_tanh' or 'sinh_tanh5'.")
      .def_property_readonly("lr", [](const DeviceModel& d) { return d.spec().leak; }, "The leak rate (esn).")
      .def_property_readonly("dt", [](const DeviceModel& d) { return d.spec().dt; }, "The Euler step (rate).")
      .def_property_readonly("hold", [](const DeviceModel& d) { return d.spec().k_hold; }, "Steps per sample (rate).")
      .def_property_readonly("units", [](const DeviceModel& d) { return d.spec().n; }, "N, the neurons.")
      .def_property_readonly("inputs", [](const DeviceModel& d) { return d.spec().m; }, "M, the inputs.")
      .def_property_readonly("outputs", [](const DeviceModel& d) { return d.spec().k; }, "K, the outputs.");
}

}  // namespace edgechaos::python
