/// \file
/// What a rate network (RateNetwork) and an echo-state map (EchoState) both hold, and the
/// checks of binding it, written once: a view of J (the coupling policy), a view of W_in,
/// the sizes n and m, and the bias, the one weight the model owns. The models derive from it
/// and add their own arithmetic (the step's functions stay the model's); their public members
/// are these, unchanged. Measured on M4F (examples/firmware/bench, QEMU -icount): with this
/// base GCC 12 inlines the N = 32 steps into the bench's cases, Euler -18, RK4 -12, Lyapunov
/// -27, Langevin -8 instructions (the N = 32 Euler case +676 bytes of code); N = 16, 64 and
/// 128 unchanged but Lyapunov at N = 64 (+1). Bits are unchanged (golden, target tests).
/// A dense J is kept as the plain pointer it was before policies existed (the same object
/// layout and code: measured on M4F, a struct member cost RK4 at N = 64 +13 instructions);
/// a sparse network holds its view.
#pragma once

#include <type_traits>

#include "edgechaos/core/checks.hpp"
#include "edgechaos/core/config.hpp"
#include "edgechaos/core/status.hpp"
#include "edgechaos/detail/matvec.hpp"
#include "edgechaos/weights/dense_couplings.hpp"
#include "edgechaos/weights/sparse_couplings.hpp"

namespace edgechaos {

/// The weights a RateNetwork or an EchoState binds (see the top of this file): \p N
/// neurons and \p M inputs (or Dynamic), J stored by the \p Couplings policy.
template <int N, int M, class Couplings>
class NetworkWeights {
 public:
  static constexpr bool kDense = Couplings::kDense;  ///< J is dense (a pointer), not CSR
  using State = Vector<N>;                           ///< the model's state (and bias) vector

  /// Points the model at J (row-major n x n, it must outlive the model). Dynamic size: sets
  /// n and sizes the bias (zero). Status::invalid_argument for a null J or \p n < 1,
  /// Status::size_mismatch when a fixed N differs from \p n; on an error nothing changes.
  /// (J's values are not checked: it may be in flash, and a model is bound once.)
  Status bind(const Scalar* couplings, Index n) {
    static_assert(kDense, "RateNetwork/EchoState: a sparse network binds a SparseCouplingsView");
    if (couplings == nullptr || n < 1) return Status::invalid_argument;
    if (N != Dynamic && n != N) return Status::size_mismatch;
    size_bias(n);
    J_ = couplings;
    n_ = n;
    return Status::ok;
  }

  /// Points a sparse model at checked CSR arrays (SparseCouplingsView::set or
  /// SparseCouplings::view), which must outlive it. Dynamic size: sets n and sizes the bias.
  /// Status::invalid_argument for an unbound view, Status::size_mismatch when a fixed N
  /// differs from its order; on an error nothing changes.
  template <class I>
  Status bind(const SparseCouplingsView<I>& J) {
    static_assert(std::is_same_v<Couplings, SparseCouplingsView<I>>,
                  "RateNetwork/EchoState: this coupling policy is not SparseCouplingsView<I> with this index type");
    if (!J.bound() || J.n < 1) return Status::invalid_argument;
    if (N != Dynamic && J.n != N) return Status::size_mismatch;
    size_bias(J.n);
    J_ = J;
    n_ = J.n;
    return Status::ok;
  }

  /// W_in: row-major n x m, m inputs (weights/input_weights.hpp); it must outlive the model.
  /// Until it is set, the model ignores its input u. Status::size_mismatch when a fixed M
  /// differs from \p m, Status::invalid_argument for a null W_in with \p m > 0.
  Status set_input_weights(const Scalar* weights, Index m = (M == Dynamic ? 0 : M)) {
    if (M != Dynamic && m != M) return Status::size_mismatch;
    if (weights == nullptr && m > 0) return Status::invalid_argument;
    W_in_ = weights;
    m_ = m;
    return Status::ok;
  }

  /// Copies the bias b (the one weight the model owns). Status::size_mismatch unless it has
  /// n entries, Status::non_finite_input for a NaN/Inf entry; on an error nothing changes.
  Status set_bias(const State& b) {
    if (b.size() != n_) return Status::size_mismatch;
    if (!all_finite(b)) return Status::non_finite_input;
    bias_ = b;
    return Status::ok;
  }

  /// True once J is bound (a stepper refuses an unbound model with invalid_argument).
  bool bound() const {
    if constexpr (kDense) {
      return J_ != nullptr;
    } else {
      return J_.bound();
    }
  }
  /// n, the neurons (0 for a dynamic model before bind).
  Index size() const { return n_; }
  /// m, the inputs.
  Index inputs() const { return m_; }
  /// The bias b (zero until set_bias).
  const State& bias() const { return bias_; }
  /// W_in (row-major n x m; nullptr until set_input_weights): for checks such as
  /// models/state_range.hpp's bound.
  const Scalar* input_weights() const { return W_in_; }
  /// The policy object (dense: the pointer in a DenseCouplings).
  Couplings coupling_policy() const {
    if constexpr (kDense) {
      return Couplings{J_};
    } else {
      return J_;
    }
  }

 protected:
  /// Unbound: only a model derives from this.
  NetworkWeights() = default;

  /// Dynamic size: resizes the bias to \p n (zero) when its size differs.
  void size_bias(Index n) {
    if constexpr (N == Dynamic) {
      if (bias_.size() != n) {
        bias_.resize(n);
        bias_.setZero();
      }
    } else {
      (void)n;
    }
  }

  std::conditional_t<kDense, const Scalar*, Couplings> J_{};  ///< J: the plain pointer (dense) or the view
  const Scalar* W_in_ = nullptr;                               ///< W_in, n x m row-major (null: no input)
  Index n_ = (N == Dynamic ? 0 : N);                           ///< neurons
  Index m_ = (M == Dynamic ? 0 : M);                           ///< inputs
  State bias_ = State::Zero(N == Dynamic ? 0 : N);             ///< b, owned
};

}  // namespace edgechaos
