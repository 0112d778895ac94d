/// \file
/// The runner of a ModelSpec (io/model_spec.hpp): one input sample in, the output (and the
/// state) out, through the library's own models and steppers (never a copy of a stepper).
/// The parts:
/// \code{.unparsed}
///   echo_state:  EchoState + MapStepper;   continuous: RateNetwork + Euler or RK4, the
///   input held k_hold steps of dt (DrivenReservoir in both cases);
///   J dense (DenseCouplings) or compressed rows (SparseCouplingsView<uint16_t / uint32_t>);
///   Tanh, FastTanh or SinhTanh<5>; features in readouts/features.hpp's layout; y = W_out f + c
///   (LinearReadout for fixed sizes, the same loop in the same order for run-time sizes).
/// \endcode
/// Feedback (W_fb, n x k): the previous output enters the drive through the model's bias,
/// \code{.unparsed}
///   b_eff = b + W_fb y(t-1)   ((W_fb y)_i summed from 0 in increasing j, then added to b_i),
/// \endcode
/// so the model's own order stays: echo_state s = W x + W_in u + b_eff; continuous
/// v = -x + J phi(x) + b_eff + W_in u. y(-1) = 0 (after bind and reset()).
///
/// It lives in io/ because it joins steppers/ and readouts/ (io/ sits on the floor of
/// readouts, above steppers: model_image.hpp needs only weights/, this header needs both).
///
/// Fixed sizes (the device): ModelRunner<N, M, K, form, integrator, activation, index bytes,
/// features, generated> is one compile-time model type (an exported header names it), and
/// bind(spec) checks the spec against it: size_mismatch for n, m, k or the feature layout,
/// unsupported_format for the form, integrator, activation or storage. For storage
/// `generated` the caller provides the RAM that J and W_in are regenerated into
/// (GeneratedRam). Run-time sizes (the desktop): N = M = K = Dynamic, any spec of the
/// instantiated kinds (host/any_model_runner.hpp dispatches over all of them).
///
/// A failed step (non-finite input, a step that would blow up, an output that overflows)
/// returns its Status and keeps the state and the previous output exactly as they were.
/// The runner holds pointers into the spec's arrays (and into itself): it is not copyable.
#pragma once

#include <cstdint>
#include <type_traits>

#include "edgechaos/core/checks.hpp"
#include "edgechaos/core/config.hpp"
#include "edgechaos/core/status.hpp"
#include "edgechaos/io/model_spec.hpp"
#include "edgechaos/models/activation.hpp"
#include "edgechaos/models/echo_state.hpp"
#include "edgechaos/models/rate_network.hpp"
#include "edgechaos/readouts/features.hpp"
#include "edgechaos/readouts/linear_readout.hpp"
#include "edgechaos/steppers/driven_reservoir.hpp"
#include "edgechaos/steppers/euler.hpp"
#include "edgechaos/steppers/map_stepper.hpp"
#include "edgechaos/steppers/rk4.hpp"
#include "edgechaos/weights/couplings.hpp"
#include "edgechaos/weights/dense_couplings.hpp"
#include "edgechaos/weights/input_weights.hpp"
#include "edgechaos/weights/sparse_couplings.hpp"

namespace edgechaos {

/// The feature count of a layout (ModelSpec::feature_count at compile time).
constexpr int model_feature_count(int n, int m, std::uint8_t features) {
  return ((features & feature_bits::constant) ? 1 : 0) + ((features & feature_bits::input) ? m : 0) + n +
         ((features & feature_bits::squares) ? n : 0);
}

/// RAM for a generated J and W_in (storage `generated`): J (n*n) for a dense generator
/// (sparse_p = 1), or row_ptr (n + 1), col and val (capacity each) for a sparse one; W_in
/// (n*m). The runner's arrays then point here: it must outlive the runner.
template <class I>
struct GeneratedRam {
  Scalar* J = nullptr;        ///< n*n floats, dense generator only (else unused)
  I* row_ptr = nullptr;       ///< n + 1 row starts, sparse generator only
  I* col = nullptr;           ///< capacity column indices, sparse generator only
  Scalar* val = nullptr;      ///< capacity values, sparse generator only
  Index capacity = 0;         ///< length of col and val (at least the generated nnz)
  Scalar* W_in = nullptr;     ///< n*m floats (may be nullptr when m = 0)
};

/// One compile-time model type that runs a ModelSpec of its kinds (see the file comment):
/// N, M, K fixed (the device) or all Dynamic (the desktop); kIndexBytes 0 for a dense J, 2 or
/// 4 for compressed rows; kFeatures a set of feature_bits; kGenerated for storage
/// `generated` (bound with bind(spec, ram)).
template <int N, int M, int K, ModelForm kForm, IntegratorKind kIntegrator, ActivationKind kActivation,
          std::uint8_t kIndexBytes, std::uint8_t kFeatures, bool kGenerated = false>
class ModelRunner {
  static constexpr bool kDynamic = N == Dynamic;
  static_assert(kDynamic ? (M == Dynamic && K == Dynamic) : (N >= 1 && M >= 0 && K >= 1),
                "ModelRunner: N, M, K all fixed (N, K >= 1, M >= 0) or all Dynamic");
  static_assert(kIndexBytes == 0 || kIndexBytes == 2 || kIndexBytes == 4,
                "ModelRunner: index bytes 0 (dense J), 2 or 4 (compressed rows)");
  static_assert((kFeatures & ~feature_bits::all) == 0, "ModelRunner: unknown feature bits");
  static_assert(kForm == ModelForm::echo_state ? kIntegrator == IntegratorKind::none
                                               : (kIntegrator == IntegratorKind::euler || kIntegrator == IntegratorKind::rk4),
                "ModelRunner: echo_state has no integrator; continuous needs euler or rk4");

 public:
  /// The activation type of kActivation (Tanh, FastTanh or SinhTanh<5>).
  using activation_type =
      std::conditional_t<kActivation == ActivationKind::tanh, Tanh,
                         std::conditional_t<kActivation == ActivationKind::fast_tanh, FastTanh, SinhTanh<5>>>;
  /// The compressed-row index type (uint16_t for 2 index bytes, else uint32_t).
  using index_type = std::conditional_t<kIndexBytes == 2, std::uint16_t, std::uint32_t>;
  /// The coupling storage policy: DenseCouplings<N> or SparseCouplingsView<index_type>.
  using couplings_type = std::conditional_t<kIndexBytes == 0, DenseCouplings<N>, SparseCouplingsView<index_type>>;
  /// The model: EchoState (echo_state) or RateNetwork (continuous).
  using Net = std::conditional_t<kForm == ModelForm::echo_state, EchoState<N, M, activation_type, couplings_type>,
                                 RateNetwork<N, M, activation_type, couplings_type>>;
  /// The stepper: MapStepper (echo_state), Euler or RK4 (continuous).
  using stepper_type =
      std::conditional_t<kForm == ModelForm::echo_state, MapStepper<Net>,
                         std::conditional_t<kIntegrator == IntegratorKind::euler, Euler<Net>, RK4<Net>>>;
  using Reservoir = DrivenReservoir<Net, stepper_type>;  ///< the model and stepper, input held per sample
  using State = typename Net::State;                     ///< the state x (n values)
  using Input = typename Net::Input;                     ///< one input sample u (m values)
  using Ram = GeneratedRam<index_type>;                  ///< RAM for a generated J and W_in
  static constexpr int kNeurons = N,  ///< n at compile time (Dynamic for a desktop runner)
      kInputs = M,                    ///< m at compile time (Dynamic for a desktop runner)
      kOutputs = K;                   ///< k at compile time (Dynamic for a desktop runner)

  /// The feature count of kFeatures (Dynamic for a desktop runner).
  static constexpr int kFeatureCount = kDynamic ? Dynamic : model_feature_count(N, M, kFeatures);
  using FeatureVector = Vector<kFeatureCount>;  ///< the features f of one sample
  using Output = Vector<K>;                     ///< the output y of one sample

  ModelRunner() = default;
  ModelRunner(const ModelRunner&) = delete;
  ModelRunner& operator=(const ModelRunner&) = delete;

  /// Binds a spec whose arrays outlive the runner (explicit storage). The state starts at 0.
  /// validate()'s Status, then unsupported_format for a kind, storage or index width other
  /// than this type's, size_mismatch for n, m, k or the feature layout of a fixed-size type,
  /// or the model's bind Status. On an error the runner is left unbound.
  template <bool G = kGenerated>  // a template: instantiated (and its check made) only when called
  Status bind(const ModelSpec& s) {
    static_assert(!G, "ModelRunner: a generated model binds with bind(spec, ram)");
    bound_ = false;
    Status st = check(s);
    if (st != Status::ok) return st;
    return attach(s, s.J, s.sparse, s.W_in);
  }

  /// Binds a spec of storage `generated`: J and W_in are regenerated into ram first. The
  /// checks of bind(spec), then invalid_argument for a missing ram array, or the generator's
  /// Status (e.g. a capacity too small for the sparse J).
  template <bool G = kGenerated>
  Status bind(const ModelSpec& s, const Ram& ram) {
    static_assert(G, "ModelRunner: an explicit model binds with bind(spec)");
    bound_ = false;
    Status st = check(s);
    if (st != Status::ok) return st;
    const Index n = s.n, m = s.m;
    SparseSpec sparse;
    if constexpr (kIndexBytes == 0) {
      if (ram.J == nullptr) return Status::invalid_argument;
      st = generate_couplings(s.generator.couplings, ram.J, n);
    } else {
      const SparseCouplingParams q{s.generator.couplings.g, s.generator.sparse_p, s.generator.couplings.seed};
      Index nnz = 0;
      st = generate_sparse_couplings(q, n, ram.row_ptr, ram.col, ram.val, ram.capacity, nnz);
      if (st != Status::ok) return st;
      sparse = make_sparse(ram.row_ptr, ram.col, ram.val, nnz);
    }
    if (st != Status::ok) return st;
    if (m > 0) {
      if (ram.W_in == nullptr) return Status::invalid_argument;
      st = generate_input_weights(s.generator.input, ram.W_in, n, m);
      if (st != Status::ok) return st;
    }
    return attach(s, ram.J, sparse, m > 0 ? ram.W_in : nullptr);
  }

  bool bound() const { return bound_; }                     ///< true after a successful bind
  Index size() const { return reservoir_.state().size(); }  ///< n, the state size
  Index inputs() const { return m_; }                       ///< m, the input count
  Index outputs() const { return k_; }                      ///< k, the output count
  Index features() const { return f_count_; }               ///< the feature count of the bound layout

  /// One input sample u (m values; may be nullptr when m = 0) -> the output y (k values).
  /// invalid_argument when unbound or for a null pointer, non_finite_input for a NaN/Inf
  /// input, non_finite_result when the state or the output would not be finite. On an error
  /// the state, the previous output and y are unchanged.
  Status step(const Scalar* u, Scalar* y) {
    if (!bound_ || y == nullptr || (u == nullptr && m_ > 0)) return Status::invalid_argument;
    for (Index j = 0; j < m_; ++j) u_[j] = u[j];
    if (!all_finite(u_)) return Status::non_finite_input;
    if (W_fb_ != nullptr) {
      for (Index i = 0; i < n_; ++i) {
        Scalar sum = 0.0f;
        for (Index j = 0; j < k_; ++j) sum += W_fb_[i * k_ + j] * y_prev_[j];
        bias_eff_[i] = b_[i] + sum;
      }
      const Status sb = net_.set_bias(bias_eff_);
      if (sb != Status::ok) return sb == Status::non_finite_input ? Status::non_finite_result : sb;
    }
    saved_ = reservoir_.state();
    const Status st = reservoir_.advance(u_);
    if (st != Status::ok) return st;
    compute_output();
    if (!all_finite(y_)) {  // the step committed: take it back
      static_cast<void>(reservoir_.reset(saved_));
      y_ = y_prev_;
      return Status::non_finite_result;
    }
    for (Index j = 0; j < k_; ++j) y[j] = y_[j];
    y_prev_ = y_;
    return Status::ok;
  }

  /// The state x after the last step (n values).
  const Scalar* state() const { return reservoir_.state().data(); }
  /// The features f of the last step.
  const FeatureVector& feature_vector() const { return f_; }
  /// The output y of the last step.
  const Output& output() const { return y_; }
  /// The driven reservoir (model and stepper) being run.
  const Reservoir& reservoir() const { return reservoir_; }

  /// x = 0 and y(t-1) = 0, as after bind. invalid_argument when unbound.

  Status reset() {
    if (!bound_) return Status::invalid_argument;
    reservoir_.reset();
    y_prev_.setZero();
    y_.setZero();
    return Status::ok;
  }

 private:
  static SparseSpec make_sparse(const index_type* row_ptr, const index_type* col, const Scalar* val, Index nnz) {
    SparseSpec sp;
    sp.index_bytes = kIndexBytes;
    if constexpr (kIndexBytes == 2) {
      sp.row_ptr16 = row_ptr;
      sp.col16 = col;
    } else {
      sp.row_ptr32 = row_ptr;
      sp.col32 = col;
    }
    sp.val = val;
    sp.nnz = static_cast<std::uint32_t>(nnz);
    return sp;
  }

  // The spec against this type: validate, then kinds and sizes.
  static Status check(const ModelSpec& s) {
    const Status v = validate(s);
    if (v != Status::ok) return v;
    if (s.form != kForm || s.integrator != kIntegrator || s.activation != kActivation) return Status::unsupported_format;
    if (kGenerated) {
      if (s.storage != CouplingStorage::generated) return Status::unsupported_format;
      if ((kIndexBytes == 0) != (s.generator.sparse_p == 1.0f)) return Status::unsupported_format;
    } else if (kIndexBytes == 0) {
      if (s.storage != CouplingStorage::dense) return Status::unsupported_format;
    } else if (s.storage != CouplingStorage::sparse || s.sparse.index_bytes != kIndexBytes) {
      return Status::unsupported_format;
    }
    if constexpr (!kDynamic) {
      if (s.n != static_cast<std::uint32_t>(N) || s.m != static_cast<std::uint32_t>(M) ||
          s.k != static_cast<std::uint32_t>(K) || s.features != kFeatures) {
        return Status::size_mismatch;
      }
    }
    return Status::ok;
  }

  // Points the model at J: the dense pointer, or a CSR view with this form's index width.
  Status bind_couplings(const Scalar* J, const SparseSpec& sparse, Index n) {
    if constexpr (kIndexBytes == 0) {
      return net_.bind(J, n);
    } else if constexpr (kIndexBytes == 2) {
      couplings_type view;
      const Status st = view.set(sparse.row_ptr16, sparse.col16, sparse.val, n, static_cast<Index>(sparse.nnz));
      return st != Status::ok ? st : net_.bind(view);
    } else {
      couplings_type view;
      const Status st = view.set(sparse.row_ptr32, sparse.col32, sparse.val, n, static_cast<Index>(sparse.nnz));
      return st != Status::ok ? st : net_.bind(view);
    }
  }

  // Points the model, the reservoir and the readout at checked arrays.
  Status attach(const ModelSpec& s, const Scalar* J, const SparseSpec& sparse, const Scalar* W_in) {
    const Index n = s.n, m = s.m, k = s.k;
    Status st = bind_couplings(J, sparse, n);
    if (st != Status::ok) return st;
    st = net_.set_input_weights(m > 0 ? W_in : nullptr, m);
    if (st != Status::ok) return st;
    if constexpr (kDynamic) {
      b_.resize(n);
      bias_eff_.resize(n);
      u_.resize(m);
      y_.resize(k);
      y_prev_.resize(k);
      f_.resize(s.feature_count());
    }
    for (Index i = 0; i < n; ++i) b_[i] = s.b != nullptr ? s.b[i] : 0.0f;
    st = net_.set_bias(b_);
    if (st != Status::ok) return st;
    DriveConfig config;
    if constexpr (kForm == ModelForm::echo_state) {
      st = net_.set_leak(s.leak);
    } else {
      config.dt = s.dt;
      config.k_hold = s.k_hold;
    }
    if (st == Status::ok) st = reservoir_.attach(net_, config);
    if (st != Status::ok) return st;
    if constexpr (!kDynamic) {
      st = readout_.bind(s.W_out, s.c);
      if (st != Status::ok) return st;
    }
    W_out_ = s.W_out;
    c_ = s.c;
    W_fb_ = s.W_fb;
    n_ = n;
    m_ = m;
    k_ = k;
    features_ = s.features;
    f_count_ = static_cast<Index>(s.feature_count());
    u_.setZero();
    y_.setZero();
    y_prev_.setZero();
    f_.setZero();
    bound_ = true;
    return Status::ok;
  }

  // f from the state and the input, then y = W_out f + c.
  void compute_output() {
    const State& x = reservoir_.state();
    if constexpr (!kDynamic) {
      if constexpr ((kFeatures & feature_bits::input) != 0) {
        FeatureMap::compute(x, u_, f_);
      } else {
        FeatureMap::compute(x, f_);
      }
      static_cast<void>(readout_.predict(f_, y_));  // f is finite: the state and u are
    } else {
      // readouts/features.hpp's layout and LinearReadout's sum, in the same order.
      Index j = 0;
      if (features_ & feature_bits::constant) f_[j++] = 1.0f;
      if (features_ & feature_bits::input) {
        for (Index i = 0; i < m_; ++i) f_[j++] = u_[i];
      }
      for (Index i = 0; i < n_; ++i) f_[j++] = x[i];
      if (features_ & feature_bits::squares) {
        for (Index i = 0; i < n_; ++i) f_[j++] = x[i] * x[i];
      }
      for (Index r = 0; r < k_; ++r) {
        const Scalar* row = W_out_ + r * f_count_;
        Scalar sum = c_ != nullptr ? c_[r] : 0.0f;
        for (Index q = 0; q < f_count_; ++q) sum += row[q] * f_[q];
        y_[r] = sum;
      }
    }
  }

  // The fixed-size readout (LinearReadout over readouts/features.hpp's map); none for Dynamic.
  using FeatureMap = Features<(kDynamic ? 1 : N), ((kFeatures & feature_bits::input) && !kDynamic) ? M : 0,
                              (kFeatures & feature_bits::constant) != 0, (kFeatures & feature_bits::squares) != 0>;
  using Readout = std::conditional_t<kDynamic, char, LinearReadout<(kDynamic ? 1 : kFeatureCount), (kDynamic ? 1 : K), FeatureMap>>;

  Net net_{};
  Reservoir reservoir_{};
  Readout readout_{};
  const Scalar* W_out_ = nullptr;
  const Scalar* c_ = nullptr;
  const Scalar* W_fb_ = nullptr;
  State b_ = detail::zeros<State>();
  State bias_eff_ = detail::zeros<State>();
  State saved_ = detail::zeros<State>();
  Input u_ = detail::zeros<Input>();
  FeatureVector f_ = detail::zeros<FeatureVector>();
  Output y_ = detail::zeros<Output>();
  Output y_prev_ = detail::zeros<Output>();
  Index n_ = 0, m_ = 0, k_ = 0, f_count_ = 0;
  std::uint8_t features_ = 0;
  bool bound_ = false;
};

}  // namespace edgechaos
