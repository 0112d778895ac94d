// What the fixed-point models (FixedRateNetwork, FixedEchoState) share: the couplings view,
// the input weights, the bias, their binding, the compile-time overflow check, and the
// local field h_i = (J r)_i + (W_in u)_i + b_i of one neuron, rounded into the state format.
//
// Formats: QW (weights, 8 or 16 bits) for J and W_in, QS (16 or 32 bits) for the state,
// the activation, the inputs u and the bias b. N and M are compile-time sizes (no Dynamic):
// the accumulator proof of core/q_format.hpp needs them.
//
// h_i, exactly in this order (integers, so only the roundings matter):
//   a = sum_j J_ij r_j                        exact, N products  (acc_type)
//   c = sum_k W_in,ik u_k + b_i 2^Fw          exact, M + 1 terms (acc_type; Fw = QW::kFrac)
//   h_i = saturate(round(a / 2^f_i) + round(c / 2^Fw))   each rounding to nearest, ties away
// (f_i is row i's fraction bits: fixed_couplings.hpp). The bias term b_i 2^Fw is bounded as a
// product (|b_i| <= 2^(Sb-1), 2^Fw <= 2^(Wb-1)), so each sum has at most max(N, M + 1)
// terms of magnitude <= 2^(Wb+Sb-2): the static_assert below is the proof's condition.
// h is saturated to the state's range: the models only use it as a state's target (Euler's
// fixed point x = h, or tanh's argument), and with |h| <= kMax the next state stays in range.
#pragma once

#include <cstdint>
#include <type_traits>

#include "edgechaos/core/checks.hpp"
#include "edgechaos/core/config.hpp"
#include "edgechaos/core/q_format.hpp"
#include "edgechaos/core/status.hpp"
#include "edgechaos/detail/fixed_dot_offset.hpp"
#include "edgechaos/weights/fixed_couplings.hpp"

namespace edgechaos {

/// A state or input vector of a fixed-point model: N raw values of the format QS.
template <class QS, int N>
using FixedVector = Eigen::Matrix<typename QS::raw_type, N, 1>;

namespace detail {
/// True for a couplings view whose product reads the state in offset binary
/// (weights/fixed_offset_couplings.hpp: it says kOffsetBinary).
template <class C, class = void>
struct reads_offset_state : std::false_type {};
template <class C>
struct reads_offset_state<C, std::void_t<decltype(C::kOffsetBinary)>> : std::bool_constant<C::kOffsetBinary> {};
/// True for a couplings view that asks for the pair loop whatever the core (it says
/// kRowPairs: the offset-binary view on Thumb-1, whose pair kernel is assembly).
template <class C, class = void>
struct wants_row_pairs : std::false_type {};
template <class C>
struct wants_row_pairs<C, std::void_t<decltype(C::kRowPairs)>> : std::bool_constant<C::kRowPairs> {};
}  // namespace detail

/// The weights of a fixed-point model (couplings view, input weights, bias) and its local field.
template <int N, int M, class QW, class QS, class Couplings>
class FixedNetworkWeights {
  static_assert(N >= 1, "edgechaos: a fixed-point model needs a compile-time N >= 1 (the overflow proof needs it)");
  static_assert(M >= 0, "edgechaos: a fixed-point model needs a compile-time M >= 0");
  static_assert(std::is_same_v<typename Couplings::format, QW>, "edgechaos: the couplings must be in the weight format QW");

 public:
  using product_type = QProduct<QW, QS>;            ///< the accumulator and its term bound
  using acc_type = typename product_type::acc_type; ///< int32 (8 x 16) or int64
  using weight_raw = typename QW::raw_type;         ///< one weight
  using state_raw = typename QS::raw_type;          ///< one state, input or bias value
  using weight_format = QW;                         ///< the weight format
  using state_format = QS;                          ///< the state format
  static_assert(N <= product_type::kMaxTerms && M + 1 <= product_type::kMaxTerms,
                "edgechaos: N (or M + 1) products could overflow this format's accumulator "
                "(core/q_format.hpp: N <= QProduct<QW, QS>::kMaxTerms)");

  /// Binds the couplings (a set() view of size N). invalid_argument for an unset view,
  /// size_mismatch for another size; on an error nothing changes.
  Status bind(const Couplings& J) {
    if (!J.bound()) return Status::invalid_argument;
    if (J.size() != N) return Status::size_mismatch;
    J_ = J;
    return Status::ok;
  }
  /// The row-major N x M input weights in QW (QW::kFrac fraction bits), not copied (flash);
  /// nullptr: no input. invalid_argument for a non-null pointer when M = 0.
  Status set_input_weights(const weight_raw* W_in) {
    if (M == 0 && W_in != nullptr) return Status::invalid_argument;
    W_in_ = W_in;
    return Status::ok;
  }
  /// Copies the N biases (raw QS values); nullptr: zero bias.
  void set_bias(const state_raw* b) {
    for (int i = 0; i < N; ++i) bias_[i] = b != nullptr ? b[i] : state_raw{0};
  }

  /// True once the couplings are bound.
  bool bound() const { return J_.bound(); }
  /// The number of neurons, N.
  Index size() const { return N; }
  /// The number of inputs, M.
  Index inputs() const { return M; }
  /// The couplings view.
  const Couplings& couplings() const { return J_; }
  /// The bias (raw QS values).
  const FixedVector<QS, N>& bias() const { return bias_; }

 protected:
  /// The state as the couplings' product reads it: the raw pointer, or for an
  /// offset-binary view its biased copy and sum (detail::OffsetState).
  using prepared_state = std::conditional_t<detail::reads_offset_state<Couplings>::value, detail::OffsetState<N>,
                                            const state_raw*>;
  /// Makes p from the state r, once per step (filled in place: no copy of the biased state).
  void prepare(const state_raw* r, prepared_state& p) const {
    if constexpr (detail::reads_offset_state<Couplings>::value) {
      static_assert(std::is_same_v<state_raw, std::int16_t>, "edgechaos: offset-binary couplings need 16-bit states");
      p.set(r);
    } else {
      p = r;
    }
  }
  /// h_i of the top of this file: row i of J times r (prepare's result), plus W_in u and
  /// the bias, in QS.
  template <class R>
  state_raw field(Index i, const R& r, const state_raw* u) const {
    return field_from(i, J_.template dot_row<acc_type, N>(i, r), u);
  }
  /// h_i and h_{i+1} (i + 1 < N), the same values as two field() calls; a dense view's
  /// rows share each state load (dot_rows2: the M3's cheaper product).
  template <class R>
  void field2(Index i, const R& r, const state_raw* u, state_raw& h0, state_raw& h1) const {
    acc_type a0 = 0, a1 = 0;
    J_.template dot_rows2<acc_type, N>(i, r, a0, a1);
    h0 = field_from(i, a0, u);
    h1 = field_from(i + 1, a1, u);
  }
  /// True when the models walk the rows in pairs with field2 (the last row of an odd N with
  /// field): dense views on the cores where the two-row loop is cheaper (the M3; the host,
  /// so that its tests run this path), and views that ask for it (the offset view on the M0). On the DSP cores one row at a time keeps the
  /// kernel's registers (pairs of calls measured 4 % more on the M4F's 16 x 16 product).
  static constexpr bool kRowPairs =
      Couplings::kDense && (detail::kFixedDotPairs || detail::wants_row_pairs<Couplings>::value);

  /// h_i from row i's product a = sum_j J_ij r_j.
  state_raw field_from(Index i, acc_type a, const state_raw* u) const {
    acc_type c = static_cast<acc_type>(bias_[i]) * static_cast<acc_type>(std::int64_t{1} << QW::kFrac);
    if (M > 0 && W_in_ != nullptr) {
      const weight_raw* w = W_in_ + i * M;
      for (Index k = 0; k < M; ++k) c += static_cast<acc_type>(w[k]) * static_cast<acc_type>(u[k]);
    }
    return saturate<QS>(round_shift_right(a, J_.frac(i)) + round_shift_right(c, QW::kFrac));
  }

  Couplings J_{};                                   ///< the couplings view
  const weight_raw* W_in_ = nullptr;                ///< N x M input weights or nullptr
  FixedVector<QS, N> bias_ = FixedVector<QS, N>::Zero();  ///< the bias, raw QS
};

}  // namespace edgechaos
