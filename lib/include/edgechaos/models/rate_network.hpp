// The model: the vector field of a random rate network,
//   v(x, u) = -x + J phi(x) + W_in u + b          (PHYSICS.md section 1)
// RateNetwork holds a *view* of J and W_in (they may sit in flash, or in a matrix the
// caller owns) and owns only the bias. It computes; the steppers integrate.
// How J is stored is a policy (weights/dense_couplings.hpp): DenseCouplings<N>, the
// default, a row-major N x N array; SparseCouplingsView<I> (weights/sparse_couplings.hpp),
// compressed rows, whose product gives the same bits as the dense one.
#pragma once

#include <type_traits>

#include "edgechaos/models/activation.hpp"
#include "edgechaos/core/config.hpp"
#include "edgechaos/weights/couplings.hpp"
#include "edgechaos/weights/dense_couplings.hpp"
#include "edgechaos/weights/sparse_couplings.hpp"
#include "edgechaos/detail/matvec.hpp"
#include "edgechaos/core/status.hpp"
#include "edgechaos/weights/weight_blob.hpp"

namespace edgechaos {

template <int N, int M = 0, class Activation = Tanh, class Couplings = DenseCouplings<N>>
class RateNetwork {
  static_assert(N == Dynamic || N >= 1, "RateNetwork: N must be at least 1 (or Eigen::Dynamic)");
  static_assert(M == Dynamic || M >= 0, "RateNetwork: M (inputs) must be non-negative (or Eigen::Dynamic)");

 public:
  static constexpr int kNeurons = N;
  static constexpr int kInputs = M;
  using activation_type = Activation;
  using couplings_type = Couplings;
  static constexpr bool kDense = Couplings::kDense;
  using State = Vector<N>;
  using Input = Vector<M>;
  using CouplingsView = Eigen::Map<const CouplingMatrix<N>>;
  using InputWeightsView = Eigen::Map<const RowMajorMatrix<N, M>>;

  RateNetwork() = default;

  // Fixed size: J is an N x N row-major array that outlives the network. A constructor
  // cannot return a status: with a null J the network stays unbound (bound() is false)
  // and every step reports invalid_argument.
  explicit RateNetwork(const Scalar* couplings) {
    static_assert(N != Dynamic, "RateNetwork: a dynamic-size network needs bind(J, n)");
    static_assert(kDense, "RateNetwork: a sparse network binds a SparseCouplingsView");
    static_cast<void>(bind(couplings, N));
  }
  explicit RateNetwork(const CouplingMatrix<N>& J) { static_cast<void>(bind(J.data(), J.rows())); }
  // Sparse J (the view's arrays must outlive the network).
  template <class I>
  explicit RateNetwork(const SparseCouplingsView<I>& J) { static_cast<void>(bind(J)); }

  // Points a sparse network at checked CSR arrays (SparseCouplingsView::set or
  // SparseCouplings::view). Dynamic size: sets n and sizes the bias.
  template <class I>
  Status bind(const SparseCouplingsView<I>& J) {
    static_assert(std::is_same_v<Couplings, SparseCouplingsView<I>>,
                  "RateNetwork: this network's coupling policy is not SparseCouplingsView<I> with this index type");
    if (!J.bound() || J.n < 1) return Status::invalid_argument;
    if (N != Dynamic && J.n != N) return Status::size_mismatch;
    size_bias(J.n);
    J_ = J;
    n_ = J.n;
    return Status::ok;
  }

  // Points the network at J (row-major n x n). Dynamic size: sets n and sizes the bias.
  Status bind(const Scalar* couplings, Index n) {
    static_assert(kDense, "RateNetwork: a sparse network binds a SparseCouplingsView");
    if (couplings == nullptr || n < 1) return Status::invalid_argument;
    if (N != Dynamic && n != N) return Status::size_mismatch;
    size_bias(n);
    J_ = couplings;
    n_ = n;
    return Status::ok;
  }

  // W_in: row-major n x m, m inputs; it must outlive the network. Until it is set, the
  // network ignores its input u.
  Status set_input_weights(const Scalar* weights, Index m = (M == Dynamic ? 0 : M)) {
    if (M != Dynamic && m != M) return Status::size_mismatch;
    if (weights == nullptr && m > 0) return Status::invalid_argument;
    W_ = weights;
    m_ = m;
    return Status::ok;
  }

  // Binds J and W_in to a checked weight blob (zero copy) and copies its bias.
  Status bind(const WeightBlobView& w) {
    static_assert(kDense, "RateNetwork: a weight blob holds a dense J");
    if (w.couplings == nullptr || w.bias == nullptr) return Status::invalid_argument;
    if ((N != Dynamic && w.n != static_cast<std::uint32_t>(N)) || (M != Dynamic && w.m != static_cast<std::uint32_t>(M))) {
      return Status::size_mismatch;
    }
    const Status s = bind(w.couplings, static_cast<Index>(w.n));
    if (s != Status::ok) return s;
    W_ = w.input_weights;
    m_ = static_cast<Index>(w.m);
    for (Index i = 0; i < n_; ++i) bias_[i] = w.bias[i];
    return Status::ok;
  }

  Status set_bias(const State& b) {
    if (b.size() != n_) return Status::size_mismatch;
    if (!b.allFinite()) return Status::non_finite_input;
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
  // The dense J (dense policy only: the Jacobian-based tools of quasi/ and host/ use it).
  CouplingsView couplings() const {
    static_assert(kDense, "RateNetwork::couplings(): a dense view of J exists for the dense policy only");
    return CouplingsView(J_, n_, n_);
  }
  // The policy object (dense: the pointer in a DenseCouplings).
  Couplings coupling_policy() const {
    if constexpr (kDense) {
      return Couplings{J_};
    } else {
      return J_;
    }
  }
  const State& bias() const { return bias_; }

  // phi(x), elementwise; x and phi are distinct vectors. The loop bound is the
  // compile-time N when there is one, so that the loop vectorises.
  void activate(const State& x, State& phi) const { apply(x.data(), phi.data(), size_now()); }

  // v = -x + J phi(x) + W_in u + b, and phi = phi(x) on the way (the steppers and
  // monitors reuse it). Sizes are the caller's business here; steppers check them.
  void velocity(const State& x, const Input& u, State& v, State& phi) const {
    const Index n = size_now();
    activate(x, phi);
    product(phi.data(), v.data(), n);
    leak_and_bias(x.data(), bias_.data(), v.data(), n);
    if constexpr (M != 0) {
      if (W_ != nullptr) {
        for (Index i = 0; i < n_; ++i) v[i] += detail::dot_row<M>(W_ + i * m_, u.data(), m_);
      }
    } else {
      (void)u;
    }
  }

  // The Jacobian of the noiseless flow applied to a vector:
  //   out = D(x) delta = -delta + J (phi'(x) o delta),  phi' taken from phi = phi(x).
  // scratch is workspace of the state's size.
  // The loop bound is the compile-time N where there is one (as in velocity): GCC 12 at -O3
  // cannot bound the member n_ and warned of reads past a fixed-size vector.
  void jacobian_times(const State& phi, const State& delta, State& out, State& scratch) const {
    const Index n = size_now();
    for (Index i = 0; i < n; ++i) scratch[i] = Activation::derivative_from_value(phi[i]) * delta[i];
    product(scratch.data(), out.data(), n);
    for (Index i = 0; i < n; ++i) out[i] -= delta[i];
  }

 private:
  Index size_now() const { return N == Dynamic ? n_ : N; }
  // y = J r. The dense policy calls detail::matvec here directly, as the network did
  // before policies existed: through the policy's member GCC's inliner weighed the step
  // differently (M4F RK4 at N = 64 was +13 instructions).
  void product(const Scalar* r, Scalar* y, Index n) const {
    if constexpr (kDense) {
      detail::matvec<N, N>(J_, r, y, n, n);
    } else {
      J_.multiply(r, y, n);
    }
  }
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

  // The elementwise loops take restrict pointers as parameters: GCC 12 did not vectorise
  // the same loops written over the Eigen vectors' data() inside the member functions.
  static void apply(const Scalar* __restrict x, Scalar* __restrict phi, Index n) {
    for (Index i = 0; i < n; ++i) phi[i] = Activation::value(x[i]);
  }
  // v <- (v - x) + b
  static void leak_and_bias(const Scalar* __restrict x, const Scalar* __restrict b, Scalar* __restrict v, Index n) {
    for (Index i = 0; i < n; ++i) v[i] = (v[i] - x[i]) + b[i];
  }

  // The dense policy is kept as the plain pointer it was before policies existed (the
  // same object layout, and the same code: measured on M4F, a struct member cost RK4 at
  // N = 64 +13 instructions); a sparse network holds its view.
  std::conditional_t<kDense, const Scalar*, Couplings> J_{};
  const Scalar* W_ = nullptr;
  Index n_ = (N == Dynamic ? 0 : N);
  Index m_ = (M == Dynamic ? 0 : M);
  State bias_ = State::Zero(N == Dynamic ? 0 : N);
};

// A rate network with sparse J whose index type fits N and a capacity of NNZ entries
// (the index type of SparseCouplings<N, NNZ>).
template <int N, int NNZ, int M = 0, class Activation = Tanh>
using SparseRateNetwork = RateNetwork<N, M, Activation, SparseCouplingsView<sparse_index_t<N, NNZ>>>;

}  // namespace edgechaos
