/// \file
/// The linear readout y = W_out x + c in fixed point, for inference on an integer model
/// (models/fixed_rate_network.hpp, models/fixed_echo_state.hpp): W_out is trained in float
/// (readouts/, on the desktop or the device) and quantised (weights/quantize_model.hpp).
///
/// Formats: W_out in QW with one power-of-two scale per row (row k's entry is raw_kj
/// 2^-f_k, f_k in [0, QW::kBits - 1]; nullptr: QW::kFrac), x, c and y in QS. Per output k,
/// exactly in this order:
/// \code{.unparsed}
///   a   = sum_j W_out,kj x_j + c_k 2^f_k     exact, N + 1 terms (QProduct<QW, QS>::acc_type)
///   y_k = saturate(round(a / 2^f_k))         to nearest, ties away from zero
/// \endcode
/// The intercept term is bounded like a product (|c_k| <= 2^(Sb-1), 2^f_k <= 2^(Wb-1)), so
/// the sum has N + 1 terms of magnitude <= 2^(Wb+Sb-2) and cannot overflow when
/// N + 1 <= kMaxTerms (core/q_format.hpp's proof): a static_assert, so a size that could
/// overflow is a compile error.
#pragma once

#include <cstdint>

#include "edgechaos/core/config.hpp"
#include "edgechaos/core/q_format.hpp"
#include "edgechaos/core/status.hpp"
#include "edgechaos/detail/fixed_dot.hpp"
#include "edgechaos/models/fixed_network_weights.hpp"
#include "edgechaos/steppers/step_view.hpp"

namespace edgechaos {

/// K outputs y = W_out x + c from the N raw states of a fixed-point model: a view of
/// weights it does not own (they may sit in flash), usable as a step observer.
template <int N, int K, class QW, class QS>
class FixedLinearReadout {
  static_assert(N >= 1 && K >= 1, "FixedLinearReadout: N and K must be at least 1 (fixed sizes)");

 public:
  using product_type = QProduct<QW, QS>;             ///< the accumulator and its term bound
  using acc_type = typename product_type::acc_type;  ///< int32 (8 x 16) or int64
  using weight_raw = typename QW::raw_type;          ///< one weight
  using state_raw = typename QS::raw_type;           ///< one state, intercept or output
  using State = FixedVector<QS, N>;                  ///< the model's raw state
  using Output = FixedVector<QS, K>;                 ///< y, raw QS
  static constexpr bool kWantsSums = false;          ///< needs the view, not the float sums
  static_assert(N + 1 <= product_type::kMaxTerms,
                "edgechaos: N + 1 products could overflow this format's accumulator "
                "(core/q_format.hpp: N + 1 <= QProduct<QW, QS>::kMaxTerms)");

  /// Points the readout at W_out (K x N row-major raw QW), its per-row fraction bits (each
  /// in [0, QW::kBits - 1], or nullptr: QW::kFrac) and c (K raw QS, or nullptr: zero); all
  /// must outlive the readout. invalid_argument for a null W_out or a bad fraction count;
  /// on an error the previous view is kept.
  Status bind(const weight_raw* w_out, const std::int8_t* row_frac = nullptr, const state_raw* c = nullptr) {
    if (w_out == nullptr) return Status::invalid_argument;
    if (row_frac != nullptr) {
      for (int k = 0; k < K; ++k) {
        if (row_frac[k] < 0 || row_frac[k] >= QW::kBits) return Status::invalid_argument;
      }
    }
    w_ = w_out;
    frac_ = row_frac;
    c_ = c;
    return Status::ok;
  }
  /// Whether a W_out is bound.
  bool bound() const { return w_ != nullptr; }

  /// y = W_out x + c (the file comment's arithmetic). invalid_argument when unbound; y is
  /// untouched then.
  Status predict(const State& x, Output& y) const {
    if (w_ == nullptr) return Status::invalid_argument;
    apply(x, y);
    return Status::ok;
  }

  /// The observer: y from the state the step commits. An unbound readout only counts.
  void operator()(const StepView<State>& view) {
    ++observed_;
    if (w_ != nullptr) apply(view.x_next, y_);
  }
  /// y after the last observed step (raw QS).
  const Output& output() const { return y_; }
  /// Steps observed (bound or not).
  std::int64_t observed() const { return observed_; }

 private:
  void apply(const State& x, Output& y) const {
    for (int k = 0; k < K; ++k) {
      const int f = frac_ != nullptr ? frac_[k] : QW::kFrac;
      const weight_raw* row = w_ + static_cast<std::ptrdiff_t>(k) * N;
      acc_type a = c_ != nullptr ? static_cast<acc_type>(c_[k]) * static_cast<acc_type>(std::int64_t{1} << f) : 0;
      // The row's product through the models' kernel (detail/fixed_dot.hpp: the DSP kernels
      // on M4/M7/M33, the written-out row on M3): an exact integer sum, so the same bits as
      // the plain loop in any order.
      a += detail::fixed_dot<acc_type, N>(row, x.data(), N);
      y[k] = saturate<QS>(round_shift_right(a, f));
    }
  }

  const weight_raw* w_ = nullptr;
  const std::int8_t* frac_ = nullptr;
  const state_raw* c_ = nullptr;
  Output y_ = Output::Zero();
  std::int64_t observed_ = 0;  // 64-bit: a 32-bit long wraps after 2.5 days at 10 kHz
};

}  // namespace edgechaos
