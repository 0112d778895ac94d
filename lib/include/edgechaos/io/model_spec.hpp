/// \file
/// A whole trained reservoir model described by views: the one contract between the
/// producers of a model (the desktop trainer, the NumPy importer, a model image read from
/// flash, an exported header) and its consumers (the model-image writer, the header
/// exporter, the runner that steps it).
///
/// A ModelSpec owns nothing: every pointer is a view of arrays that outlive it (flash, a
/// model image, a header's constexpr arrays, a host container). Shapes follow the library:
/// \code{.unparsed}
///   J      n x n row-major (dense), or compressed rows (sparse), or regenerated from a seed;
///   W_in   n x m row-major;  b  n (nullptr: zero);
///   W_out  k x f row-major, f = feature_count() (readouts/features.hpp's layout:
///          [1 if constant][u if input][x][x^2 if squares]);  c  k (nullptr: zero);
///   W_fb   n x k row-major feedback of the output into the reservoir (nullptr: none).
/// \endcode
/// The model forms are those of shared/RESERVOIR.md section 1:
/// \code{.unparsed}
///   echo_state  x' = (1 - leak) x + leak phi(W x + W_in u + b)      (ReservoirPy's Reservoir)
///   continuous  dx/dt = -x + J phi(x) + W_in u + b, integrator with dt, input held k_hold steps.
/// \endcode
#pragma once

#include <cstdint>

#include "edgechaos/core/checks.hpp"
#include "edgechaos/core/config.hpp"
#include "edgechaos/core/status.hpp"
#include "edgechaos/weights/couplings.hpp"
#include "edgechaos/weights/input_weights.hpp"
#include "edgechaos/weights/sparse_couplings.hpp"

namespace edgechaos {

// The numeric values of these enums are stored in model images: never renumber, only append.

/// The model form (shared/RESERVOIR.md section 1).
enum class ModelForm : std::uint8_t {
  echo_state = 1,  ///< the leaky echo-state map x' = (1 - leak) x + leak phi(W x + W_in u + b)
  continuous = 2   ///< the rate ODE dx/dt = -x + J phi(x) + W_in u + b, integrated with dt
};
/// The integrator of a continuous model.
enum class IntegratorKind : std::uint8_t {
  none = 0,   ///< echo_state (a map has no integrator)
  euler = 1,  ///< explicit Euler
  rk4 = 2     ///< classical Runge-Kutta 4
};
/// The activation phi.
enum class ActivationKind : std::uint8_t {
  tanh = 1,       ///< Tanh
  fast_tanh = 2,  ///< FastTanh
  sinh_tanh5 = 3  ///< SinhTanh<5>
};
/// Where J comes from.
enum class CouplingStorage : std::uint8_t {
  dense = 1,     ///< ModelSpec::J, n x n row-major
  sparse = 2,    ///< ModelSpec::sparse, compressed rows
  generated = 3  ///< regenerated from ModelSpec::generator (W_in too)
};

/// Bits of ModelSpec::features (the layout of readouts/features.hpp).
namespace feature_bits {
constexpr std::uint8_t constant = 1u;  ///< a leading 1
constexpr std::uint8_t input = 2u;     ///< the input u after it
constexpr std::uint8_t squares = 4u;   ///< x^2 after x (Jaeger's augmented state)
constexpr std::uint8_t all = 7u;       ///< every defined bit
}  // namespace feature_bits

/// Compressed-row J (weights/sparse_couplings.hpp); index_bytes says which pair is set.
struct SparseSpec {
  std::uint8_t index_bytes = 4;              ///< 2 or 4
  const std::uint16_t* row_ptr16 = nullptr;  ///< n + 1 row starts (index_bytes 2)
  const std::uint16_t* col16 = nullptr;      ///< nnz column indices (index_bytes 2)
  const std::uint32_t* row_ptr32 = nullptr;  ///< n + 1 row starts (index_bytes 4)
  const std::uint32_t* col32 = nullptr;      ///< nnz column indices (index_bytes 4)
  const Scalar* val = nullptr;               ///< nnz values
  std::uint32_t nnz = 0;                     ///< the number of stored couplings
};

/// J and W_in regenerated on the device from seeds (the export form that costs no flash
/// for them). sparse_p = 1 means the dense Gaussian J of weights/couplings.hpp (g, gamma);
/// sparse_p < 1 the sparse J of weights/sparse_couplings.hpp (g, p; gamma must be 0).
struct GeneratorSpec {
  CouplingParams couplings{};  ///< g, gamma and the seed of J
  float sparse_p = 1.0f;       ///< connection probability in (0, 1]; 1 = dense
  InputWeightParams input{};   ///< the generator of W_in
};

/// A whole trained model as views of arrays that outlive it (see the file comment);
/// validate() says whether it is complete and consistent.
struct ModelSpec {
  ModelForm form = ModelForm::echo_state;            ///< echo-state map or rate ODE
  IntegratorKind integrator = IntegratorKind::none;  ///< none for echo_state; euler or rk4 for continuous
  ActivationKind activation = ActivationKind::tanh;  ///< phi
  CouplingStorage storage = CouplingStorage::dense;  ///< where J comes from
  std::uint8_t features = 0;  ///< feature_bits; 0 = the state alone (f = x)

  std::uint32_t n = 0;  ///< neurons, in [1, kMaxModelNeurons]
  std::uint32_t m = 0;  ///< inputs, in [0, kMaxModelInputs]
  std::uint32_t k = 0;  ///< outputs, in [1, kMaxModelOutputs]

  float leak = 1.0f;         ///< echo_state: in (0, 1]
  float dt = 0.1f;           ///< continuous: the step, > 0
  std::uint32_t k_hold = 1;  ///< continuous: steps per input sample, >= 1

  const Scalar* J = nullptr;  ///< storage == dense: n x n row-major
  SparseSpec sparse{};        ///< storage == sparse
  GeneratorSpec generator{};  ///< storage == generated (W_in is generated too)
  bool generator_known = false;  ///< storage dense/sparse: `generator` records the seeds the arrays came from

  const Scalar* W_in = nullptr;   ///< n x m row-major (unused for generated storage or m = 0)
  const Scalar* b = nullptr;      ///< n biases (nullptr: zero)
  const Scalar* W_out = nullptr;  ///< k x feature_count() row-major readout
  const Scalar* c = nullptr;      ///< k readout intercepts (nullptr: zero)
  const Scalar* W_fb = nullptr;   ///< n x k row-major output feedback (nullptr: none)

  /// f, the length of a feature vector: [1][u][x][x^2] as the feature bits select.
  constexpr std::uint32_t feature_count() const {
    return ((features & feature_bits::constant) ? 1u : 0u) + ((features & feature_bits::input) ? m : 0u) + n +
           ((features & feature_bits::squares) ? n : 0u);
  }
};

// The largest sizes a model may have (a model image stores them as u32; these bounds keep
// every product of two of them far from overflowing 32 and 64 bits).
constexpr std::uint32_t kMaxModelNeurons = 65535u;  ///< the largest n of a model
constexpr std::uint32_t kMaxModelInputs = 4096u;    ///< the largest m of a model
constexpr std::uint32_t kMaxModelOutputs = 4096u;   ///< the largest k of a model

namespace detail {
template <class I>
Status validate_sparse_spec(const I* row_ptr, const I* col, const SparseSpec& s, std::uint32_t n) {
  return validate_sparse(row_ptr, col, s.val, static_cast<Index>(n), static_cast<Index>(s.nnz));
}
}  // namespace detail

/// Checks a spec completely: enums, sizes, parameters, the arrays its storage needs, and
/// every weight finite. invalid_argument for a wrong field or a missing array,
/// non_finite_input for a NaN/Inf weight. O(number of weights).

inline Status validate(const ModelSpec& s) {
  if (s.n < 1 || s.n > kMaxModelNeurons || s.m > kMaxModelInputs || s.k < 1 || s.k > kMaxModelOutputs) {
    return Status::invalid_argument;
  }
  if ((s.features & ~feature_bits::all) != 0) return Status::invalid_argument;
  if (s.activation != ActivationKind::tanh && s.activation != ActivationKind::fast_tanh &&
      s.activation != ActivationKind::sinh_tanh5) {
    return Status::invalid_argument;
  }
  if (s.form == ModelForm::echo_state) {
    if (s.integrator != IntegratorKind::none || !(s.leak > 0.0f) || !(s.leak <= 1.0f)) return Status::invalid_argument;
  } else if (s.form == ModelForm::continuous) {
    if (s.integrator != IntegratorKind::euler && s.integrator != IntegratorKind::rk4) return Status::invalid_argument;
    if (!is_positive(s.dt) || s.k_hold < 1u) return Status::invalid_argument;
  } else {
    return Status::invalid_argument;
  }
  const Index n = s.n, m = s.m, k = s.k, f = s.feature_count();
  switch (s.storage) {
    case CouplingStorage::dense:
      if (s.J == nullptr) return Status::invalid_argument;
      if (!all_finite(s.J, n * n)) return Status::non_finite_input;
      break;
    case CouplingStorage::sparse: {
      const Status st = s.sparse.index_bytes == 2   ? detail::validate_sparse_spec(s.sparse.row_ptr16, s.sparse.col16, s.sparse, s.n)
                        : s.sparse.index_bytes == 4 ? detail::validate_sparse_spec(s.sparse.row_ptr32, s.sparse.col32, s.sparse, s.n)
                                                    : Status::invalid_argument;
      if (st != Status::ok) return st;
      break;
    }
    case CouplingStorage::generated: {
      const Status st = validate(s.generator.couplings);
      if (st != Status::ok) return st;
      if (validate(s.generator.input) != Status::ok) return Status::invalid_argument;
      if (!(s.generator.sparse_p > 0.0f) || !(s.generator.sparse_p <= 1.0f)) return Status::invalid_argument;
      if (s.generator.sparse_p < 1.0f && s.generator.couplings.gamma != 0.0f) return Status::invalid_argument;
      break;
    }
    default: return Status::invalid_argument;
  }
  if (s.storage != CouplingStorage::generated && m > 0) {
    if (s.W_in == nullptr) return Status::invalid_argument;
    if (!all_finite(s.W_in, n * m)) return Status::non_finite_input;
  }
  if (s.W_out == nullptr) return Status::invalid_argument;
  if (!all_finite(s.W_out, k * f)) return Status::non_finite_input;
  if (s.b != nullptr && !all_finite(s.b, n)) return Status::non_finite_input;
  if (s.c != nullptr && !all_finite(s.c, k)) return Status::non_finite_input;
  if (s.W_fb != nullptr && !all_finite(s.W_fb, n * k)) return Status::non_finite_input;
  return Status::ok;
}

}  // namespace edgechaos
