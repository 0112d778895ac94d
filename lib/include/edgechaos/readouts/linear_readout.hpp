/// \file
/// The linear readout y = W_out f + c (shared/RESERVOIR.md section 2), K outputs from F
/// features.
///
/// ReadoutWeights<F, K> owns a W_out (K x F, row-major) and c: what the trainers write.
/// LinearReadout<F, K> holds a *view*: a row-major K x F array and K intercepts that may
/// sit in flash (like RateNetwork's view of J) or in a ReadoutWeights the caller owns. It
/// is a step-protocol observer: after each step it computes y from the committed state
/// view.x_next through its feature map (set_input gives the input part of the features).
#pragma once

#include <cstdint>

#include <cstddef>

#include "edgechaos/core/checks.hpp"
#include "edgechaos/core/config.hpp"
#include "edgechaos/core/status.hpp"
#include "edgechaos/readouts/features.hpp"
#include "edgechaos/steppers/step_view.hpp"

namespace edgechaos {

namespace detail {
constexpr std::size_t round_up(std::size_t n, std::size_t a) { return (n + a - 1) / a * a; }
}  // namespace detail

/// The default RAM budget of one readout or trainer object, in bytes: a configuration that
/// needs more fails to compile with a message saying so. 64 KiB is the SRAM of a
/// mid-range Cortex-M4F part; a trainer larger than that leaves no room for the reservoir
/// on most microcontrollers. Each trainer takes its budget as a template parameter, so a
/// board with more RAM (or a desktop) raises it explicitly.
constexpr std::size_t kReadoutRamBudget = 64u * 1024u;

/// The trained weights W_out (K x F) and intercepts c that a trainer writes and a
/// LinearReadout binds to.
/// Plain arrays (no Eigen member, so no over-alignment and a layout that is the same on
/// every core): w is W_out row-major (w[k * F + j] = W_out(k, j)), c the intercepts.
template <int F, int K>
struct ReadoutWeights {
  static_assert(F >= 1 && K >= 1, "ReadoutWeights: F and K must be at least 1 (fixed sizes)");
  Scalar w[K * F] = {};  ///< W_out, row-major
  Scalar c[K] = {};      ///< the intercepts
  static constexpr std::size_t kRamBytes = sizeof(Scalar) * static_cast<std::size_t>(K * F + K);  ///< sizeof w and c

  Scalar& operator()(int k, int j) { return w[k * F + j]; }       ///< W_out(k, j), unchecked
  Scalar operator()(int k, int j) const { return w[k * F + j]; }  ///< W_out(k, j), unchecked
  /// W_out as a K x F Eigen view of w (no copy).
  Eigen::Map<const RowMajorMatrix<K, F>> matrix() const { return Eigen::Map<const RowMajorMatrix<K, F>>(w); }
};

/// The linear readout y = W_out f + c of \p K outputs from the \p F features that
/// \p FeatureMap computes: a view of weights it does not own, usable as a step observer.
template <int F, int K, class FeatureMap = StateFeatures<F>>
class LinearReadout {
  static_assert(F >= 1 && K >= 1, "LinearReadout: F and K must be at least 1 (fixed sizes)");
  static_assert(FeatureMap::kSize == F, "LinearReadout: the feature map's size is not F");

 public:
  static constexpr int kFeatures = F;  ///< F
  static constexpr int kOutputs = K;   ///< K
  static constexpr bool kWantsSums = false;  ///< an observer that needs the view, not the sums
  using FeatureVector = Vector<F>;           ///< f
  using Output = Vector<K>;                  ///< y
  using Input = typename FeatureMap::Input;  ///< The input part of f (set_input()).
  /// Bytes of one object: the view's pointers, the input, the features, the output and the
  /// count (not W_out: it is in flash or the caller's). Defined below as the object's size.
  static const std::size_t kRamBytes;

  LinearReadout() = default;
  /// Bound to \p weights (which must outlive the readout); unbound if they are not finite.
  explicit LinearReadout(const ReadoutWeights<F, K>& weights) { static_cast<void>(bind(weights)); }

  /// Points the readout at W_out (row-major K x F) and c (K values; nullptr: c = 0). Both
  /// must outlive the readout. invalid_argument for a null W_out, non_finite_input for a
  /// non-finite entry (checked once, here); on failure the previous view is kept.
  Status bind(const Scalar* w_out, const Scalar* c) {
    if (w_out == nullptr) return Status::invalid_argument;
    if (!all_finite(w_out, Index(K) * F) || (c != nullptr && !all_finite(c, K))) return Status::non_finite_input;
    w_ = w_out;
    c_ = c;
    return Status::ok;
  }
  /// bind(weights.w, weights.c): the same statuses.
  Status bind(const ReadoutWeights<F, K>& weights) { return bind(weights.w, weights.c); }
  bool bound() const { return w_ != nullptr; }  ///< Whether a W_out is bound.

  /// y = W_out f + c. invalid_argument when unbound, non_finite_input for a non-finite f;
  /// y is untouched on failure.
  Status predict(const FeatureVector& f, Output& y) const {
    if (w_ == nullptr) return Status::invalid_argument;
    if (!all_finite(f)) return Status::non_finite_input;
    apply(f, y);
    return Status::ok;
  }

  /// The input part of the features the observer computes (models with inputs).
  void set_input(const Input& u) { u_ = u; }

  /// The observer: y from the state the step commits. An unbound readout only counts.
  template <class State>
  void operator()(const StepView<State>& view) {
    static_assert(State::RowsAtCompileTime == FeatureMap::kStates,
                  "LinearReadout: the model's state size is not the feature map's N");
    ++observed_;
    if (w_ == nullptr) return;
    FeatureMap::compute(view.x_next, u_, f_);
    apply(f_, y_);
  }
  const Output& output() const { return y_; }           ///< y after the last observed step
  const FeatureVector& features() const { return f_; }  ///< f after the last observed step
  std::int64_t observed() const { return observed_; }           ///< Steps observed (bound or not).

 private:
  void apply(const FeatureVector& f, Output& y) const {
    for (int k = 0; k < K; ++k) {
      const Scalar* row = w_ + static_cast<std::ptrdiff_t>(k) * F;
      Scalar sum = c_ != nullptr ? c_[k] : Scalar(0);
      for (int j = 0; j < F; ++j) sum += row[j] * f[j];
      y[k] = sum;
    }
  }

  const Scalar* w_ = nullptr;
  const Scalar* c_ = nullptr;
  Input u_ = Input::Zero();
  FeatureVector f_ = FeatureVector::Zero();
  Output y_ = Output::Zero();
  std::int64_t observed_ = 0;  // 64-bit: a 32-bit long wraps after 2.5 days at 10 kHz
};

template <int F, int K, class FeatureMap>
constexpr std::size_t LinearReadout<F, K, FeatureMap>::kRamBytes = sizeof(LinearReadout<F, K, FeatureMap>);

}  // namespace edgechaos
