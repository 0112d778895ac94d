/// \file
/// The range a model's state can reach, computed once from its weights (O(N^2), at load),
/// and the per-step health check against it (O(N): one compare per neuron, which NaN also
/// fails): a state outside it was not produced by the model, so it is corrupted (a flipped
/// bit, a stray write) and the check answers Status::corrupted_state (docs/faults.md).
///
/// The bounds, for an activation with |phi| <= 1 (Tanh, FastTanh, SinhTanh: each saturates
/// at exactly +-1; Linear has no bound and is refused at compile time):
///
/// Rate network, dx/dt = -x + h,  h = J phi(x) + W_in u + b. With |u_j| <= U for every input
/// and every stage, each component of h obeys
/// <pre>
///   |h_i| <= R_i = sum_j |J_ij| + U sum_j |W_in,ij| + |b_i| (+ E, any other drive such as feedback).
/// </pre>
///  - Euler, x' = (1 - dt) x + dt h: |x_i'| <= (1 - dt) |x_i| + dt R_i for 0 < dt <= 1, a
///    convex combination, so |x_i(t)| <= max(|x_i(0)|, R_i) for ever.
///  - RK4 (x' = x + dt/6 (k1 + 2 k2 + 2 k3 + k4), k_s = -X_s + h_s): the step is linear in x
///    and in the stage drives h_1..h_4,  x' = P x + dt/6 (c1 h_1 + c2 h_2 + c3 h_3 + h_4) with
///    P = 1 - dt + dt^2/2 - dt^3/6 + dt^4/24, c1 = 1 - dt + dt^2/2 - dt^3/4, c2 = 2 - dt + dt^2/2,
///    c3 = 2 - dt. For 0 < dt <= 1 every coefficient is positive (P >= 0.375, c1 >= 0.25:
///    c1 decreases on [0, 1]) and P + dt/6 (c1 + c2 + c3 + 1) = 1 (a constant h = x is a
///    fixed point), a convex combination, so
///    again |x_i'| <= P |x_i| + (1 - P) R_i and |x_i(t)| <= max(|x_i(0)|, R_i).
///    (The exact flow obeys the same: d|x_i|/dt <= -|x_i| + R_i.)
///  - Euler-Maruyama adds unbounded noise: no bound (use a bound of several sigma yourself).
///  - dt > 1 is refused: (1 - dt) < 0 and the Euler bound becomes dt R / (2 - dt), up to none.
///
/// Echo-state map, x' = (1 - a) x + a phi(s), a in (0, 1]: |x_i'| <= (1 - a)|x_i| + a, so
/// |x_i(t)| <= max(|x_i(0)|, 1), whatever the weights.
///
/// The bound is the model's; the initial state enters through widen(x0) (the max above).
/// Float rounding may carry a state a few ulps past the exact bound (the rounded sums of
/// J phi, and a contraction of dt per step against a rounding of eps per step), so the
/// stored bound is R_i (1 + 2^-10 + 16 eps / dt) (map: 1 + 2^-10 + 8 eps / a), eps = 2^-24:
/// far below the factor of 2 that the smallest exponent-bit flip makes.
#pragma once

#include <cmath>

#include "edgechaos/core/checks.hpp"
#include "edgechaos/core/config.hpp"
#include "edgechaos/core/status.hpp"
#include "edgechaos/models/activation.hpp"
#include "edgechaos/models/echo_state.hpp"
#include "edgechaos/models/rate_network.hpp"
#include "edgechaos/models/sinh_tanh.hpp"
#include "edgechaos/weights/dense_couplings.hpp"
#include "edgechaos/weights/sparse_couplings.hpp"

namespace edgechaos {

/// sup |phi| of an activation: 1 for the tanh family. Not defined for Linear (unbounded):
/// a StateRange of a linear network fails to compile.
template <class Activation>
struct ActivationBound;
/// tanh: |tanh| <= 1.
template <>
struct ActivationBound<Tanh> {
  static constexpr Scalar kValue = 1.0f;  ///< sup |phi|
};
/// FastTanh: exactly +-1 in saturation, monotone (models/activation.hpp).
template <>
struct ActivationBound<FastTanh> {
  static constexpr Scalar kValue = 1.0f;  ///< sup |phi|
};
/// SinhTanh: exactly +-1 in saturation, monotone (models/sinh_tanh.hpp).
template <int D>
struct ActivationBound<SinhTanh<D>> {
  static constexpr Scalar kValue = 1.0f;  ///< sup |phi|
};

/// The per-neuron range of a model's state and its O(N) health check (see the file
/// comment): set() once from the bound model, widen() with the initial state, check() per
/// step or per tick.
template <int N>
class StateRange {
 public:
  using State = Vector<N>;  ///< the model's state
  /// The relative allowance for float rounding (besides the eps / dt term).
  static constexpr Scalar kRelativeSlack = 1.0f / 1024.0f;
  /// Float's eps (2^-24, a unit roundoff).
  static constexpr Scalar kUnitRoundoff = 1.0f / 16777216.0f;

  /// The rate network's range for Euler or RK4 with step \p dt in (0, 1], inputs with
  /// |u_j| <= \p input_bound, and \p extra_drive (>= 0) added to every |h_i| (feedback, say).
  /// O(N^2 + N M). invalid_argument for an unbound network or a parameter out of its domain,
  /// non_finite_input when a weight (or a row sum) is not finite; nothing changes on failure.
  template <int M, class Activation, class Couplings>
  Status set(const RateNetwork<N, M, Activation, Couplings>& net, Scalar dt, Scalar input_bound = 0,
             Scalar extra_drive = 0) {
    if (!net.bound() || !(dt > Scalar(0) && dt <= Scalar(1)) || !is_non_negative(input_bound) ||
        !is_non_negative(extra_drive)) {
      return Status::invalid_argument;
    }
    const Index n = net.size(), m = net.inputs();
    const Scalar phi_max = ActivationBound<Activation>::kValue;
    const Scalar* w_in = net.input_weights();
    const Scalar grow = Scalar(1) + kRelativeSlack + Scalar(16) * kUnitRoundoff / dt;
    State b = State::Zero(n);
    for (Index i = 0; i < n; ++i) {
      Scalar r = phi_max * row_abs_sum(net.coupling_policy(), i, n);
      if (w_in != nullptr) {
        Scalar s = Scalar(0);
        for (Index j = 0; j < m; ++j) s += std::fabs(w_in[i * m + j]);
        r += input_bound * s;
      }
      r += std::fabs(net.bias()[i]) + extra_drive;
      r *= grow;
      if (!is_finite(r)) return Status::non_finite_input;
      b[i] = r;
    }
    bound_ = b;
    ready_ = true;
    return Status::ok;
  }

  /// The echo-state map's range: |x_i| <= sup|phi| (times 1 + 2^-10 + 8 eps / a), for any
  /// weights and inputs. invalid_argument for an unbound map.
  template <int M, class Activation, class Couplings>
  Status set(const EchoState<N, M, Activation, Couplings>& net) {
    if (!net.bound()) return Status::invalid_argument;
    const Scalar grow = Scalar(1) + kRelativeSlack + Scalar(8) * kUnitRoundoff / net.leak();
    bound_ = State::Constant(net.size(), ActivationBound<Activation>::kValue * grow);
    ready_ = true;
    return Status::ok;
  }

  /// Widens each bound to |x0_i| (with the same rounding allowance) where the initial
  /// state starts outside it. invalid_argument before set(), size_mismatch for a wrong
  /// size, non_finite_input for a NaN/Inf entry; nothing changes on failure.
  Status widen(const State& x0) {
    if (!ready()) return Status::invalid_argument;
    if (x0.size() != bound_.size()) return Status::size_mismatch;
    if (!all_finite(x0)) return Status::non_finite_input;
    const Scalar grow = Scalar(1) + kRelativeSlack;
    for (Index i = 0; i < bound_.size(); ++i) {
      const Scalar a = std::fabs(x0[i]) * grow;
      if (a > bound_[i]) bound_[i] = a;
    }
    return Status::ok;
  }

  /// The health check, O(N): ok when every |x_i| <= bound_i, corrupted_state when an entry
  /// is outside its bound or not finite (NaN fails the compare); invalid_argument before
  /// set(), size_mismatch for a wrong size.
  Status check(const State& x) const {
    if (!ready()) return Status::invalid_argument;
    if (x.size() != bound_.size()) return Status::size_mismatch;
    const Index n = bound_.size();
    for (Index i = 0; i < n; ++i) {
      if (!(std::fabs(x[i]) <= bound_[i])) return Status::corrupted_state;
    }
    return Status::ok;
  }

  /// The per-neuron bounds (zero size before set()).
  const State& bound() const { return bound_; }
  /// True once set() succeeded.
  bool ready() const { return ready_; }

 private:
  // sum_j |J_ij| of row i, from the dense array or the compressed row.
  template <int NN>
  static Scalar row_abs_sum(const DenseCouplings<NN>& J, Index i, Index n) {
    Scalar s = Scalar(0);
    for (Index j = 0; j < n; ++j) s += std::fabs(J.data[i * n + j]);
    return s;
  }
  template <class I>
  static Scalar row_abs_sum(const SparseCouplingsView<I>& J, Index i, Index /*n*/) {
    Scalar s = Scalar(0);
    for (Index k = static_cast<Index>(J.row_ptr[i]); k < static_cast<Index>(J.row_ptr[i + 1]); ++k) s += std::fabs(J.val[k]);
    return s;
  }

  State bound_ = State::Zero(N == Dynamic ? 0 : N);
  bool ready_ = false;
};

}  // namespace edgechaos
