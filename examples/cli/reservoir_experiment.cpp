#include "reservoir_experiment.hpp"

#include <cmath>
#include <vector>

#include "edgechaos/core/seeds.hpp"
#include "edgechaos/desktop/clock.hpp"
#include "edgechaos/host/spectral_radius.hpp"
#include "edgechaos/models/echo_state.hpp"
#include "edgechaos/models/rate_network.hpp"
#include "edgechaos/steppers/driven_reservoir.hpp"
#include "edgechaos/steppers/euler.hpp"
#include "edgechaos/steppers/map_stepper.hpp"
#include "edgechaos/weights/couplings.hpp"
#include "edgechaos/weights/input_weights.hpp"
#include "edgechaos/weights/sparse_couplings.hpp"

namespace edgechaos::cli {

std::string validate(const ReservoirSpec& s) {
  if (s.model != "esn" && s.model != "rate") return "--model must be esn or rate";
  if (s.n < 2 || s.n > 2048) return "--n must be in [2, 2048]";
  if (!(s.sr >= 0) || !std::isfinite(s.sr)) return "--sr must be >= 0";
  if (!(s.g >= 0) || !std::isfinite(s.g)) return "--g must be >= 0";
  if (!(s.gamma >= -1 && s.gamma <= 1)) return "--gamma must be in [-1, 1]";
  if (!(s.dt > 0 && s.dt <= 1)) return "--dt must be in (0, 1]";
  if (s.hold < 1) return "--hold must be >= 1";
  if (!(s.connectivity > 0 && s.connectivity <= 1)) return "--connectivity must be in (0, 1]";
  if (!(s.input_connectivity > 0 && s.input_connectivity <= 1)) return "--input-connectivity must be in (0, 1]";
  if (!(s.input_scaling >= 0) || !std::isfinite(s.input_scaling)) return "--input-scaling must be >= 0";
  if (!(s.leak > 0 && s.leak <= 1)) return "--leak must be in (0, 1]";
  if (!(s.bias >= 0) || !std::isfinite(s.bias)) return "--bias must be >= 0";
  if (!std::isfinite(s.input_offset)) return "--input-offset must be finite";
  if (s.features != "state" && s.features != "state-input" && s.features != "augmented")
    return "--features must be state, state-input or augmented";
  if (s.model == "rate" && s.gamma != 0 && s.connectivity < 1)
    return "--gamma != 0 needs the dense J (--connectivity 1): the sparse generator has no symmetry";
  return {};
}

namespace {

using Csr = SparseCouplingsView<std::uint32_t>;

// The couplings of a reservoir, owned here: dense (row-major) or compressed rows.
struct CouplingStore {
  Index n = 0;
  std::vector<float> dense;
  std::vector<std::uint32_t> row_ptr, col;
  std::vector<float> val;
  Csr view;
};

// W (esn) or J (rate) of the specification. The ESN's W: N(0, 1) entries of density p
// (ReservoirPy's), rescaled to the spectral radius sr by the eigen-solver. The rate model's
// J: gain g, symmetry gamma (dense: weights/couplings.hpp), or gain g with density p.
Status make_couplings(const ReservoirSpec& s, CouplingStore& c) {
  const Index n = s.n;
  c.n = n;
  const std::uint64_t seed = sub_seed(s.seed, SeedStream::couplings);
  const bool esn = s.model == "esn";
  if (s.connectivity >= 1 && !esn) {
    c.dense.resize(static_cast<std::size_t>(n * n));
    return generate_couplings({static_cast<float>(s.g), static_cast<float>(s.gamma), seed}, c.dense.data(), n);
  }
  // Gain 1 for the ESN: the rescaling sets the scale.
  const SparseCouplingParams q{esn ? 1.0f : static_cast<float>(s.g), static_cast<float>(s.connectivity), seed};
  Index nnz = 0;
  Status st = count_sparse_couplings(q, n, nnz);
  if (st != Status::ok) return st;
  c.row_ptr.resize(static_cast<std::size_t>(n + 1));
  c.col.resize(static_cast<std::size_t>(nnz > 0 ? nnz : 1));
  c.val.resize(c.col.size());
  st = generate_sparse_couplings(q, n, c.row_ptr.data(), c.col.data(), c.val.data(), nnz, nnz);
  if (st != Status::ok) return st;
  st = c.view.set(c.row_ptr.data(), c.col.data(), c.val.data(), n, nnz);
  if (st != Status::ok) return st;
  if (esn) {
    double rho = 0;
    st = spectral_radius(c.view, rho);
    if (st != Status::ok) return st;
    Scalar factor = 0;
    st = detail::rescale_factor(s.sr, rho, factor);
    if (st != Status::ok) return st;
    for (float& v : c.val) v *= factor;
  }
  if (s.connectivity >= 1) {  // a dense ESN: the same matrix in the dense kernel
    c.dense.resize(static_cast<std::size_t>(n * n));
    return sparse_to_dense(c.view, c.dense.data(), n);
  }
  return Status::ok;
}

template <class Net, class StepperT>
class ReservoirOf final : public DesktopReservoir {
 public:
  Status build(const ReservoirSpec& s, int inputs) {
    Status st = make_couplings(s, couplings_);
    if (st != Status::ok) return st;
    win_.resize(static_cast<std::size_t>(s.n) * static_cast<std::size_t>(inputs));
    const InputWeightParams w{static_cast<float>(s.input_scaling), static_cast<float>(s.input_connectivity),
                              InputWeightKind::bernoulli, sub_seed(s.seed, SeedStream::input_weights)};
    st = generate_input_weights(w, win_.data(), s.n, inputs);
    if (st != Status::ok) return st;
    st = bind_couplings();
    if (st != Status::ok) return st;
    st = net_.set_input_weights(win_.data(), inputs);
    if (st != Status::ok) return st;
    if (s.bias > 0) {
      st = set_bias(s);
      if (st != Status::ok) return st;
    }
    offset_ = static_cast<Scalar>(s.input_offset);
    saved_bias(inputs);
    if constexpr (StepperT::scheme_type::kDiscrete) {
      st = net_.set_leak(static_cast<Scalar>(s.leak));
      if (st != Status::ok) return st;
    }
    st = reservoir_.attach(net_, DriveConfig{static_cast<Scalar>(s.dt), static_cast<std::uint32_t>(s.hold)});
    u_.resize(inputs);
    steps_ = StepperT::scheme_type::kDiscrete ? 1 : s.hold;
    spec_ = {static_cast<Scalar>(s.leak), static_cast<Scalar>(s.dt), static_cast<std::uint32_t>(s.hold), {}};
    spec_.generator_.couplings = {static_cast<float>(s.g), static_cast<float>(s.gamma),
                                  sub_seed(s.seed, SeedStream::couplings)};
    spec_.generator_.sparse_p = s.connectivity >= 1 ? 1.0f : static_cast<float>(s.connectivity);
    spec_.generator_.input = w;
    return st;
  }
  Status advance(const float* u) override {
    for (Index i = 0; i < u_.size(); ++i) u_[i] = u[i] - offset_;
    return reservoir_.advance(u_);
  }
  const float* state() const override { return reservoir_.state().data(); }
  int size() const override { return static_cast<int>(net_.size()); }
  long long steps_per_sample() const override { return steps_; }
  Status describe(ModelSpec& spec) const override {
    ModelSpec s;
    constexpr bool kMap = StepperT::scheme_type::kDiscrete;
    s.form = kMap ? ModelForm::echo_state : ModelForm::continuous;
    s.integrator = kMap ? IntegratorKind::none : IntegratorKind::euler;
    s.n = static_cast<std::uint32_t>(net_.size());
    s.m = static_cast<std::uint32_t>(u_.size());
    s.leak = spec_.leak_;
    s.dt = spec_.dt_;
    s.k_hold = spec_.hold_;
    if (couplings_.dense.empty()) {
      s.storage = CouplingStorage::sparse;
      s.sparse.index_bytes = 4;
      s.sparse.row_ptr32 = couplings_.row_ptr.data();
      s.sparse.col32 = couplings_.col.data();
      s.sparse.val = couplings_.val.data();
      s.sparse.nnz = couplings_.row_ptr.back();
    } else {
      s.J = couplings_.dense.data();
    }
    s.W_in = win_.data();
    if (!bias_.empty()) s.b = bias_.data();
    // The rate model's J and W_in are their generators' output as drawn (the ESN's W is
    // rescaled after drawing): the seed-only export can regenerate them.
    s.generator_known = !kMap;
    s.generator = spec_.generator_;
    spec = s;
    return Status::ok;
  }

 private:
  // b_i = +-bias (Bernoulli 1/2, like W_in's entries): the input-weight generator, dense, on a
  // stream of its own, so that a bias leaves W and W_in exactly as they are without one (the
  // seed is W_in's plus 1: Xoshiro128pp seeds through SplitMix64, so neighbouring seeds give
  // unrelated streams; a local choice that keeps core/seeds.hpp unchanged).
  // (Bernoulli rather than U[-bias, bias]: at N = 200 on NARMA10 its validation NRMSE was the
  // lower one at the best bias, 0.160 against 0.168; docs/reservoir.md.)
  Status set_bias(const ReservoirSpec& s) {
    const InputWeightParams p{static_cast<float>(s.bias), 1.0f, InputWeightKind::bernoulli,
                              sub_seed(s.seed, SeedStream::input_weights) + 1u};
    typename Net::State b(s.n);
    Status st = generate_input_weights(p, b.data(), s.n, 1);
    if (st != Status::ok) return st;
    return net_.set_bias(b);
  }
  // The bias a saved model carries: b, with the input offset folded in, since a ModelSpec
  // has no offset: W_in (u - C) + b = W_in u + (b - C W_in 1). (Equal up to float rounding
  // to the trained reservoir's drive; `reservoir --save` reports the saved model's score.)
  void saved_bias(int inputs) {
    bias_.clear();
    const auto& b = net_.bias();  // zero unless set
    if (offset_ == 0.0f && (b.size() == 0 || b.isZero(0.0f))) return;
    bias_.assign(static_cast<std::size_t>(net_.size()), 0.0f);
    for (Index i = 0; i < net_.size(); ++i) {
      double row = 0.0;
      for (int j = 0; j < inputs; ++j) row += win_[static_cast<std::size_t>(i * inputs + j)];
      const double bi = i < b.size() ? static_cast<double>(b[i]) : 0.0;
      bias_[static_cast<std::size_t>(i)] = static_cast<float>(bi - static_cast<double>(offset_) * row);
    }
  }
  Status bind_couplings() {
    if constexpr (Net::couplings_type::kDense) {
      return net_.bind(couplings_.dense.data(), couplings_.n);
    } else {
      return net_.bind(couplings_.view);
    }
  }
  CouplingStore couplings_;
  std::vector<float> win_;
  Net net_;
  DrivenReservoir<Net, StepperT> reservoir_;
  Vector<Dynamic> u_;
  long long steps_ = 1;
  Scalar offset_ = 0.0f;
  std::vector<float> bias_;  // for describe(): empty when the drive has neither bias nor offset
  struct {
    Scalar leak_ = 1.0f, dt_ = 0.1f;
    std::uint32_t hold_ = 1;
    GeneratorSpec generator_{};
  } spec_;
};

template <class Net, class StepperT>
Status build(const ReservoirSpec& s, int inputs, std::unique_ptr<DesktopReservoir>& out) {
  auto r = std::make_unique<ReservoirOf<Net, StepperT>>();
  const Status st = r->build(s, inputs);
  if (st == Status::ok) out = std::move(r);
  return st;
}

}  // namespace

Status make_reservoir(const ReservoirSpec& s, int inputs, std::unique_ptr<DesktopReservoir>& out) {
  const bool dense = s.connectivity >= 1;
  if (s.model == "esn") {
    using DenseNet = EchoState<Dynamic, Dynamic, Tanh>;
    using SparseNet = EchoState<Dynamic, Dynamic, Tanh, Csr>;
    return dense ? build<DenseNet, MapStepper<DenseNet>>(s, inputs, out) : build<SparseNet, MapStepper<SparseNet>>(s, inputs, out);
  }
  using DenseNet = RateNetwork<Dynamic, Dynamic, Tanh>;
  using SparseNet = RateNetwork<Dynamic, Dynamic, Tanh, Csr>;
  return dense ? build<DenseNet, Euler<DenseNet>>(s, inputs, out) : build<SparseNet, Euler<SparseNet>>(s, inputs, out);
}

Eigen::MatrixXf make_features(const ReservoirSpec& spec, const Eigen::MatrixXf& states, const Eigen::MatrixXf& u) {
  if (spec.features == "state") return states;
  const bool squares = spec.features == "augmented";
  const Index n = states.cols();
  Eigen::MatrixXf f(states.rows(), n * (squares ? 2 : 1) + u.cols());
  f.leftCols(n) = states;
  if (squares) f.middleCols(n, n) = states.array().square().matrix();
  f.rightCols(u.cols()) = u;
  return f;
}

Status harvest(const ReservoirSpec& spec, const Eigen::MatrixXf& u, Eigen::MatrixXf& features, double& ns_per_step) {
  std::unique_ptr<DesktopReservoir> r;
  Status st = make_reservoir(spec, static_cast<int>(u.cols()), r);
  if (st != Status::ok) return st;
  Eigen::MatrixXf states(u.rows(), r->size());
  const Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> inputs = u;
  const std::int64_t t0 = desktop::thread_cpu_ns();
  for (Index t = 0; t < u.rows(); ++t) {
    st = r->advance(inputs.row(t).data());
    if (st != Status::ok) return st;
    states.row(t) = Eigen::Map<const Eigen::RowVectorXf>(r->state(), r->size());
  }
  const double steps = static_cast<double>(u.rows()) * static_cast<double>(r->steps_per_sample());
  ns_per_step = static_cast<double>(desktop::thread_cpu_ns() - t0) / steps;
  features = make_features(spec, states, u);
  return Status::ok;
}

}  // namespace edgechaos::cli
