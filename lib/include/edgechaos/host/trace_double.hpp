/// \file
/// The echo-state map of shared/RESERVOIR.md section 1 in double precision, for
/// `edgechaos trace --double`: the weights as given (an imported model's float64 arrays, not
/// their float copies), plain loops, so that a trace can be held against NumPy's float64
/// trace to 1e-12 (tests/deploy). Not a device path: it exists to show that the float32
/// model computes the model the user trained, and by how much it differs.
///
/// \code{.unparsed}
///   x(t) = (1 - a) x(t-1) + a tanh(W x(t-1) + W_in u(t) + b),  x(-1) = 0
///   y(t) = W_out f(t) + c,  f(t) = [1 if constant][u(t) if input][x(t)][x(t)^2 if squares]
/// \endcode
#pragma once

#include "edgechaos/host/host_only.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "edgechaos/core/status.hpp"
#include "edgechaos/io/model_spec.hpp"

namespace edgechaos {

/// An echo-state model by views of double arrays (shapes as in io/model_spec.hpp). W is
/// dense (n x n row-major) unless row_ptr is set: then compressed rows row_ptr (n + 1),
/// col and val (row_ptr[n] entries each).
struct EchoStateDouble {
  std::uint32_t n = 0,  ///< neurons, in [1, kMaxModelNeurons]
      m = 0,            ///< inputs, in [0, kMaxModelInputs]
      k = 0;            ///< outputs, in [1, kMaxModelOutputs]
  double leak = 1.0;          ///< in (0, 1]
  std::uint8_t features = 0;  ///< feature_bits
  const double* W = nullptr;               ///< dense W, n x n row-major (when row_ptr is null)
  const std::uint32_t* row_ptr = nullptr;  ///< compressed rows: n + 1 row starts (null: dense W)

  const std::uint32_t* col = nullptr;      ///< compressed rows: column indices (< n)
  const double* val = nullptr;             ///< compressed rows: values
  const double* W_in = nullptr;  ///< n x m (may be null when m == 0)
  const double* b = nullptr;     ///< n, null: zero
  const double* W_out = nullptr; ///< k x f
  const double* c = nullptr;     ///< k, null: zero

  /// f, as ModelSpec::feature_count.
  std::uint32_t feature_count() const {
    return ((features & feature_bits::constant) ? 1u : 0u) + ((features & feature_bits::input) ? m : 0u) + n +
           ((features & feature_bits::squares) ? n : 0u);
  }
};

namespace detail {
inline bool all_finite_double(const double* p, std::size_t count) {
  for (std::size_t i = 0; i < count; ++i)
    if (!std::isfinite(p[i])) return false;
  return true;
}
}  // namespace detail

/// Checks a double model: invalid_argument for a missing array, a size or leak out of
/// range, or a malformed CSR; non_finite_input for a NaN/Inf weight.
inline Status validate(const EchoStateDouble& s) {
  if (s.n < 1 || s.n > kMaxModelNeurons || s.m > kMaxModelInputs || s.k < 1 || s.k > kMaxModelOutputs)
    return Status::invalid_argument;
  if ((s.features & ~feature_bits::all) != 0 || !(s.leak > 0.0) || !(s.leak <= 1.0)) return Status::invalid_argument;
  const std::size_t n = s.n, m = s.m, k = s.k, f = s.feature_count();
  if (s.row_ptr != nullptr) {
    if (s.col == nullptr || s.val == nullptr || s.row_ptr[0] != 0) return Status::invalid_argument;
    for (std::size_t i = 0; i < n; ++i)
      if (s.row_ptr[i + 1] < s.row_ptr[i]) return Status::invalid_argument;
    const std::size_t nnz = s.row_ptr[n];
    for (std::size_t e = 0; e < nnz; ++e)
      if (s.col[e] >= n) return Status::invalid_argument;
    if (!detail::all_finite_double(s.val, nnz)) return Status::non_finite_input;
  } else {
    if (s.W == nullptr) return Status::invalid_argument;
    if (!detail::all_finite_double(s.W, n * n)) return Status::non_finite_input;
  }
  if (m > 0 && s.W_in == nullptr) return Status::invalid_argument;
  if (s.W_out == nullptr) return Status::invalid_argument;
  if (m > 0 && !detail::all_finite_double(s.W_in, n * m)) return Status::non_finite_input;
  if (!detail::all_finite_double(s.W_out, k * f)) return Status::non_finite_input;
  if (s.b != nullptr && !detail::all_finite_double(s.b, n)) return Status::non_finite_input;
  if (s.c != nullptr && !detail::all_finite_double(s.c, k)) return Status::non_finite_input;
  return Status::ok;
}

/// Steps one EchoStateDouble: one input sample in, the output and the state out.
class EchoStateDoubleRunner {
 public:
  /// Checks the model (validate) and starts from x = 0. On an error the runner is unchanged
  /// (a runner that was bound stays bound to its previous model).
  Status bind(const EchoStateDouble& model) {
    const Status st = validate(model);
    if (st != Status::ok) return st;
    model_ = model;
    x_.assign(model.n, 0.0);
    pre_.assign(model.n, 0.0);
    f_.assign(model.feature_count(), 0.0);
    bound_ = true;
    return Status::ok;
  }
  /// x = 0 again (the model stays bound).
  void reset() { x_.assign(x_.size(), 0.0); }
  /// The n state values after the last step.
  const double* state() const { return x_.data(); }

  /// u: m values, y: k values. non_finite_input for a NaN/Inf input (or a null u when
  /// m > 0), non_finite_result if the state would become non-finite; in both cases the state
  /// is kept. invalid_argument when unbound.
  Status step(const double* u, double* y) {
    if (!bound_) return Status::invalid_argument;
    const EchoStateDouble& s = model_;
    const std::size_t n = s.n, m = s.m, k = s.k;
    if (m > 0 && (u == nullptr || !detail::all_finite_double(u, m))) return Status::non_finite_input;
    for (std::size_t i = 0; i < n; ++i) {
      double acc = 0.0;
      if (s.row_ptr != nullptr) {
        for (std::uint32_t e = s.row_ptr[i]; e < s.row_ptr[i + 1]; ++e) acc += s.val[e] * x_[s.col[e]];
      } else {
        const double* row = s.W + i * n;
        for (std::size_t j = 0; j < n; ++j) acc += row[j] * x_[j];
      }
      for (std::size_t j = 0; j < m; ++j) acc += s.W_in[i * m + j] * u[j];
      if (s.b != nullptr) acc += s.b[i];
      pre_[i] = (1.0 - s.leak) * x_[i] + s.leak * std::tanh(acc);
      if (!std::isfinite(pre_[i])) return Status::non_finite_result;
    }
    x_.swap(pre_);
    std::size_t at = 0;
    if (s.features & feature_bits::constant) f_[at++] = 1.0;
    if (s.features & feature_bits::input)
      for (std::size_t j = 0; j < m; ++j) f_[at++] = u[j];
    for (std::size_t i = 0; i < n; ++i) f_[at++] = x_[i];
    if (s.features & feature_bits::squares)
      for (std::size_t i = 0; i < n; ++i) f_[at++] = x_[i] * x_[i];
    for (std::size_t r = 0; r < k; ++r) {
      double acc = 0.0;
      const double* row = s.W_out + r * at;
      for (std::size_t j = 0; j < at; ++j) acc += row[j] * f_[j];
      y[r] = acc + (s.c != nullptr ? s.c[r] : 0.0);
    }
    return Status::ok;
  }

 private:
  EchoStateDouble model_{};
  std::vector<double> x_, pre_, f_;
  bool bound_ = false;
};

/// Runs `model` from x = 0 over `steps` input rows u (steps x m, row-major): states
/// (steps x n) and outputs (steps x k), row-major. Stops at the first failing step and
/// returns its status (the rows before it are written); validate()'s Status for a bad
/// model, invalid_argument for a null output (or input, when m > 0) array.

inline Status trace_double(const EchoStateDouble& model, const double* u, std::size_t steps, double* states,
                           double* outputs) {
  EchoStateDoubleRunner r;
  Status st = r.bind(model);
  if (st != Status::ok) return st;
  if (steps > 0 && (states == nullptr || outputs == nullptr || (model.m > 0 && u == nullptr)))
    return Status::invalid_argument;
  const std::size_t n = model.n, m = model.m, k = model.k;
  for (std::size_t t = 0; t < steps; ++t) {
    st = r.step(m > 0 ? u + t * m : nullptr, outputs + t * k);
    if (st != Status::ok) return st;
    for (std::size_t i = 0; i < n; ++i) states[t * n + i] = r.state()[i];
  }
  return Status::ok;
}

}  // namespace edgechaos
