/// \file
/// A whole float model (J, W_in, b, and a readout W_out, c) quantised into the fixed-point
/// formats of the integer models (models/fixed_rate_network.hpp, models/fixed_echo_state.hpp)
/// and the integer readout (readouts/fixed_linear_readout.hpp), with a report of the error.
///
/// Scales. J and W_out are written with one power-of-two scale per row (row i's entry is
/// raw_ij 2^-f_i, f_i in [0, QW::kBits - 1]); ScaleMode says how f_i is chosen:
/// \code{.unparsed}
///   format      f_i = QW::kFrac for every row (the format's own scale)
///   per_matrix  one f for the whole matrix: the largest at which every entry fits
///   per_row     each row its own largest f: every row uses its full range
/// \endcode
/// W_in always uses QW::kFrac (the models' contract: their input sum is shifted by it), b
/// and c the state format QS. Rounding is to nearest, ties away from zero, as everywhere in
/// fixed point (core/q_format.hpp).
///
/// Run-time sizes are checked against the accumulator bound of core/q_format.hpp: J's row
/// product has n terms, the input sum m + 1, the readout's row (when present) n + 1; a size above
/// QProduct<QW, QS>::kMaxTerms is refused (the static models refuse it at compile time).
///
/// The report gives, per matrix, the largest |dequantised - float| and that over the
/// largest |float| entry (the relative error; 0 for an all-zero matrix).
#pragma once

#include <cstdint>
#include <limits>

#include "edgechaos/core/checks.hpp"
#include "edgechaos/core/config.hpp"
#include "edgechaos/core/q_format.hpp"
#include "edgechaos/core/status.hpp"

namespace edgechaos {

/// How the per-row scales of J and W_out are chosen (see the file comment).
enum class ScaleMode : std::uint8_t {
  format = 0,      ///< every row at QW::kFrac
  per_matrix = 1,  ///< one scale per matrix, the largest that fits every entry
  per_row = 2      ///< one scale per row, each the largest that fits the row
};

/// A float model as views (row-major): J n x n, W_in n x m, b n, W_out k x n, c k.
/// W_in (m = 0 or nullptr), b, W_out (k = 0 or nullptr) and c may be absent (nullptr).
struct FloatModelView {
  const Scalar* J = nullptr;      ///< n x n couplings
  Index n = 0;                    ///< neurons
  const Scalar* W_in = nullptr;   ///< n x m input weights, or nullptr
  Index m = 0;                    ///< inputs
  const Scalar* b = nullptr;      ///< n biases, or nullptr (zero)
  const Scalar* W_out = nullptr;  ///< k x n readout weights, or nullptr
  Index k = 0;                    ///< outputs
  const Scalar* c = nullptr;      ///< k intercepts, or nullptr (zero)
};

/// Where the quantised model goes (raw values; sizes those of the FloatModelView). A
/// pointer whose float part is absent may be nullptr.
template <class QW, class QS>
struct QuantizedModelView {
  typename QW::raw_type* J = nullptr;      ///< n x n, row i at scale 2^-J_frac[i]
  std::int8_t* J_frac = nullptr;           ///< n per-row fraction bits
  typename QW::raw_type* W_in = nullptr;   ///< n x m at QW::kFrac
  typename QS::raw_type* b = nullptr;      ///< n at QS::kFrac
  typename QW::raw_type* W_out = nullptr;  ///< k x n, row i at scale 2^-W_out_frac[i]
  std::int8_t* W_out_frac = nullptr;       ///< k per-row fraction bits
  typename QS::raw_type* c = nullptr;      ///< k at QS::kFrac
};

/// The error of one quantised matrix.
struct QuantizationError {
  double max_abs = 0.0;    ///< max |dequantised - float|
  double max_float = 0.0;  ///< max |float|
  double max_rel = 0.0;    ///< max_abs / max_float (0 when max_float is 0)
};

/// The error of every part of a quantised model (absent parts: all zero).
struct QuantizationReport {
  QuantizationError J;      ///< couplings
  QuantizationError W_in;   ///< input weights
  QuantizationError b;      ///< bias
  QuantizationError W_out;  ///< readout weights
  QuantizationError c;      ///< readout intercepts
};

namespace detail {

// True when every entry of row r (cols values) rounds into [-kMax, kMax] at 2^f.
template <class Q>
bool row_fits(const Scalar* r, Index cols, int f) {
  const double scale = static_cast<double>(std::int64_t{1} << f);
  for (Index j = 0; j < cols; ++j) {
    const double v = static_cast<double>(r[j]) * scale;
    if (!((v < 0.0 ? -v : v) < static_cast<double>(Q::kMax) + 0.5)) return false;
  }
  return true;
}

// The largest fraction count in [0, Q::kBits - 1] at which row r fits; -1 if none.
template <class Q>
int best_frac(const Scalar* r, Index cols) {
  for (int f = Q::kBits - 1; f >= 0; --f) {
    if (row_fits<Q>(r, cols, f)) return f;
  }
  return -1;
}

// Per-row fraction counts of a rows x cols matrix under mode, into frac; false if a row
// does not fit (nothing else is checked here: finiteness comes first).
template <class Q>
bool choose_fracs(const Scalar* W, Index rows, Index cols, ScaleMode mode, std::int8_t* frac) {
  int common = Q::kBits - 1;
  for (Index i = 0; i < rows; ++i) {
    const Scalar* r = W + i * cols;
    int f = Q::kFrac;
    if (mode == ScaleMode::format) {
      if (!row_fits<Q>(r, cols, f)) return false;
    } else {
      f = best_frac<Q>(r, cols);
      if (f < 0) return false;
    }
    frac[i] = static_cast<std::int8_t>(f);
    if (f < common) common = f;
  }
  if (mode == ScaleMode::per_matrix) {
    for (Index i = 0; i < rows; ++i) frac[i] = static_cast<std::int8_t>(common);
  }
  return true;
}

// v 2^f rounded (ties away from zero); the caller knows it fits Q.
template <class Q>
typename Q::raw_type round_to(Scalar v, int f) {
  const double s = static_cast<double>(v) * static_cast<double>(std::int64_t{1} << f);
  const std::int64_t r = round_magnitude(s < 0.0 ? -s : s);
  return static_cast<typename Q::raw_type>(s < 0.0 ? -r : r);
}

// Writes a rows x cols matrix at the per-row scales and folds its error into e.
template <class Q>
void write_rows(const Scalar* W, Index rows, Index cols, const std::int8_t* frac, typename Q::raw_type* out,
                QuantizationError& e) {
  for (Index i = 0; i < rows; ++i) {
    const int f = frac != nullptr ? frac[i] : Q::kFrac;
    const double step = 1.0 / static_cast<double>(std::int64_t{1} << f);
    for (Index j = 0; j < cols; ++j) {
      const Index at = i * cols + j;
      out[at] = round_to<Q>(W[at], f);
      const double d = static_cast<double>(out[at]) * step - static_cast<double>(W[at]);
      const double a = d < 0.0 ? -d : d;
      const double w = W[at] < 0.0f ? -static_cast<double>(W[at]) : static_cast<double>(W[at]);
      if (a > e.max_abs) e.max_abs = a;
      if (w > e.max_float) e.max_float = w;
    }
  }
  e.max_rel = e.max_float > 0.0 ? e.max_abs / e.max_float : 0.0;
}

}  // namespace detail

/// Quantises the float model f into out (see the file comment) and reports the error.
///   invalid_argument: J null, n < 1, m < 0, k < 0, a present part without its output
///     pointer, a size above the accumulator bound (n, m + 1 or n + 1 > kMaxTerms), an
///     element count (n n, n m, k n) above the largest Index, or an
///     entry outside its format's range at the chosen scale (the scales are out of range);
///   non_finite_input: a NaN or infinite entry anywhere.
/// Every part is checked before anything is written: on an error out and report are unchanged.
/// J_frac and W_out_frac are per-row scratch the caller owns (n and k values); they are
/// the only outputs filled in the check pass, and only once every check has passed.
template <class QW, class QS>
Status quantize_model(const FloatModelView& f, ScaleMode mode, const QuantizedModelView<QW, QS>& out,
                      QuantizationReport& report) {
  using Limits = QProduct<QW, QS>;
  if (f.J == nullptr || f.n < 1 || f.m < 0 || f.k < 0) return Status::invalid_argument;
  const bool has_in = f.W_in != nullptr && f.m > 0, has_out = f.W_out != nullptr && f.k > 0;
  if (out.J == nullptr || out.J_frac == nullptr) return Status::invalid_argument;
  if ((has_in && out.W_in == nullptr) || (f.b != nullptr && out.b == nullptr)) return Status::invalid_argument;
  if (has_out && (out.W_out == nullptr || out.W_out_frac == nullptr)) return Status::invalid_argument;
  if (has_out && f.c != nullptr && out.c == nullptr) return Status::invalid_argument;
  if (f.n > Limits::kMaxTerms || f.m + 1 > Limits::kMaxTerms || (has_out && f.n + 1 > Limits::kMaxTerms)) {
    return Status::invalid_argument;  // a product could overflow the accumulator
  }
  // Element counts n n, n m and k n must fit Index (32 bits on a Cortex-M).
  constexpr Index kIndexMax = std::numeric_limits<Index>::max();
  if (f.n > kIndexMax / f.n || (f.m > 0 && f.n > kIndexMax / f.m) || (f.k > 0 && f.n > kIndexMax / f.k)) {
    return Status::invalid_argument;
  }
  // Finiteness first (so a NaN is reported as such, not as a range error).
  if (!all_finite(f.J, f.n * f.n)) return Status::non_finite_input;
  if (has_in && !all_finite(f.W_in, f.n * f.m)) return Status::non_finite_input;
  if (f.b != nullptr && !all_finite(f.b, f.n)) return Status::non_finite_input;
  if (has_out && !all_finite(f.W_out, f.k * f.n)) return Status::non_finite_input;
  if (has_out && f.c != nullptr && !all_finite(f.c, f.k)) return Status::non_finite_input;
  // Ranges, without writing anything but local results.
  for (Index i = 0; i < f.n; ++i) {
    const int fi = mode == ScaleMode::format ? (detail::row_fits<QW>(f.J + i * f.n, f.n, QW::kFrac) ? 0 : -1)
                                             : detail::best_frac<QW>(f.J + i * f.n, f.n);
    if (fi < 0) return Status::invalid_argument;
    if (has_in && !detail::row_fits<QW>(f.W_in + i * f.m, f.m, QW::kFrac)) return Status::invalid_argument;
    if (f.b != nullptr && !detail::row_fits<QS>(f.b + i, 1, QS::kFrac)) return Status::invalid_argument;
  }
  for (Index i = 0; has_out && i < f.k; ++i) {
    const int fi = mode == ScaleMode::format ? (detail::row_fits<QW>(f.W_out + i * f.n, f.n, QW::kFrac) ? 0 : -1)
                                             : detail::best_frac<QW>(f.W_out + i * f.n, f.n);
    if (fi < 0) return Status::invalid_argument;
    if (f.c != nullptr && !detail::row_fits<QS>(f.c + i, 1, QS::kFrac)) return Status::invalid_argument;
  }
  // Everything fits: choose the scales (cannot fail now) and write.
  QuantizationReport r;
  (void)detail::choose_fracs<QW>(f.J, f.n, f.n, mode, out.J_frac);
  detail::write_rows<QW>(f.J, f.n, f.n, out.J_frac, out.J, r.J);
  if (has_in) detail::write_rows<QW>(f.W_in, f.n, f.m, nullptr, out.W_in, r.W_in);
  if (f.b != nullptr) detail::write_rows<QS>(f.b, f.n, 1, nullptr, out.b, r.b);
  if (has_out) {
    (void)detail::choose_fracs<QW>(f.W_out, f.k, f.n, mode, out.W_out_frac);
    detail::write_rows<QW>(f.W_out, f.k, f.n, out.W_out_frac, out.W_out, r.W_out);
    if (f.c != nullptr) detail::write_rows<QS>(f.c, f.k, 1, nullptr, out.c, r.c);
  }
  report = r;
  return Status::ok;
}

}  // namespace edgechaos
