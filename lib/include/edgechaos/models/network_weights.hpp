// What a rate network (RateNetwork) and an echo-state map (EchoState) both hold, and the
// checks of binding it, written once: a view of J (the coupling policy), a view of W_in,
// the sizes n and m, and the bias, the one weight the model owns. The models derive from it
// and add their own arithmetic (the step's functions stay the model's); their public members
// are these, unchanged. Measured on M4F (examples/firmware/bench, QEMU -icount): with this
// base GCC 12 inlines the N = 32 steps into the bench's cases, Euler -18, RK4 -12, Lyapunov
// -27, Langevin -8 instructions (the N = 32 Euler case +676 bytes of code); N = 16, 64 and
// 128 unchanged but Lyapunov at N = 64 (+1). Bits are unchanged (golden, target tests).
// A dense J is kept as the plain pointer it was before policies existed (the same object
// layout and code: measured on M4F, a struct member cost RK4 at N = 64 +13 instructions);
// a sparse network holds its view.
#pragma once

#include <type_traits>

#include "edgechaos/core/checks.hpp"
#include "edgechaos/core/config.hpp"
#include "edgechaos/core/status.hpp"
#include "edgechaos/detail/matvec.hpp"
#include "edgechaos/weights/dense_couplings.hpp"
#include "edgechaos/weights/sparse_couplings.hpp"

namespace edgechaos {

template <int N, int M, class Couplings>
class NetworkWeights {
 public:
  static constexpr bool kDense = Couplings::kDense;
  using State = Vector<N>;

  // Points the model at J (row-major n x n, it must outlive the model). Dynamic size: sets
  // n and sizes the bias.
  Status bind(const Scalar* couplings, Index n) {
    static_assert(kDense, "RateNetwork/EchoState: a sparse network binds a SparseCouplingsView");
    if (couplings == nullptr || n < 1) return Status::invalid_argument;
    if (N != Dynamic && n != N) return Status::size_mismatch;
    size_bias(n);
    J_ = couplings;
    n_ = n;
    return Status::ok;
  }

  // Points a sparse model at checked CSR arrays (SparseCouplingsView::set or
  // SparseCouplings::view), which must outlive it. Dynamic size: sets n and sizes the bias.
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

  // W_in: row-major n x m, m inputs (weights/input_weights.hpp); it must outlive the model.
  // Until it is set, the model ignores its input u.
  Status set_input_weights(const Scalar* weights, Index m = (M == Dynamic ? 0 : M)) {
    if (M != Dynamic && m != M) return Status::size_mismatch;
    if (weights == nullptr && m > 0) return Status::invalid_argument;
    W_in_ = weights;
    m_ = m;
    return Status::ok;
  }

  Status set_bias(const State& b) {
    if (b.size() != n_) return Status::size_mismatch;
    if (!all_finite(b)) return Status::non_finite_input;
    bias_ = b;
    return Status::ok;
  }

  bool bound() const {
    if constexpr (kDense) {
      return J_ != nullptr;
    } else {
      return J_.bound();
    }
  }
  Index size() const { return n_; }
  Index inputs() const { return m_; }
  const State& bias() const { return bias_; }
  // The policy object (dense: the pointer in a DenseCouplings).
  Couplings coupling_policy() const {
    if constexpr (kDense) {
      return Couplings{J_};
    } else {
      return J_;
    }
  }

 protected:
  NetworkWeights() = default;

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

  std::conditional_t<kDense, const Scalar*, Couplings> J_{};
  const Scalar* W_in_ = nullptr;
  Index n_ = (N == Dynamic ? 0 : N);
  Index m_ = (M == Dynamic ? 0 : M);
  State bias_ = State::Zero(N == Dynamic ? 0 : N);
};

}  // namespace edgechaos
