/// \file
/// The model: the vector field of a random rate network,
/// <pre>
///   v(x, u) = -x + J phi(x) + W_in u + b          (PHYSICS.md section 1)
/// </pre>
/// RateNetwork holds a *view* of J and W_in (they may sit in flash, or in a matrix the
/// caller owns) and owns only the bias (models/network_weights.hpp, shared with EchoState).
/// It computes; the steppers integrate.
/// How J is stored is a policy (weights/dense_couplings.hpp): DenseCouplings<N>, the
/// default, a row-major N x N array; `SparseCouplingsView<I>` (weights/sparse_couplings.hpp),
/// compressed rows, whose product gives the same bits as the dense one.
#pragma once

#include <type_traits>

#include "edgechaos/models/activation.hpp"
#include "edgechaos/core/config.hpp"
#include "edgechaos/weights/couplings.hpp"
#include "edgechaos/weights/dense_couplings.hpp"
#include "edgechaos/weights/sparse_couplings.hpp"
#include "edgechaos/detail/matvec.hpp"
#if EDGECHAOS_MATVEC_DISPATCH
#include "edgechaos/detail/elementwise_x86.hpp"
#endif
#include "edgechaos/core/status.hpp"
#include "edgechaos/models/network_weights.hpp"
#include "edgechaos/weights/weight_blob.hpp"

namespace edgechaos {

/// The rate network's vector field v(x, u) = -x + J phi(x) + W_in u + b (see the top of
/// this file): \p N neurons, \p M inputs (or Dynamic), phi = \p Activation, J stored by
/// \p Couplings. A flow model for Euler, RK4, Euler-Maruyama and Lyapunov.
template <int N, int M = 0, class Activation = Tanh, class Couplings = DenseCouplings<N>>
class RateNetwork : public NetworkWeights<N, M, Couplings> {
  using Weights = NetworkWeights<N, M, Couplings>;
  static_assert(N == Dynamic || N >= 1, "RateNetwork: N must be at least 1 (or Eigen::Dynamic)");
  static_assert(M == Dynamic || M >= 0, "RateNetwork: M (inputs) must be non-negative (or Eigen::Dynamic)");

 public:
  static constexpr int kNeurons = N;                 ///< neurons at compile time (or Dynamic)
  static constexpr int kInputs = M;                  ///< inputs at compile time (or Dynamic)
  using activation_type = Activation;                ///< phi
  using couplings_type = Couplings;                  ///< the coupling policy
  using Weights::kDense;  ///< J is dense (couplings() exists)
  using State = Vector<N>;                           ///< x, v and phi
  using Input = Vector<M>;                           ///< u
  using CouplingsView = Eigen::Map<const CouplingMatrix<N>>;       ///< J as a read-only matrix
  using InputWeightsView = Eigen::Map<const RowMajorMatrix<N, M>>;  ///< W_in as a read-only matrix

  /// Unbound (bind before stepping).
  RateNetwork() = default;

  /// Fixed size: J is an N x N row-major array that outlives the network. A constructor
  /// cannot return a status: with a null J the network stays unbound (bound() is false)
  /// and every step reports invalid_argument.
  explicit RateNetwork(const Scalar* couplings) {
    static_assert(N != Dynamic, "RateNetwork: a dynamic-size network needs bind(J, n)");
    static_assert(kDense, "RateNetwork: a sparse network binds a SparseCouplingsView");
    static_cast<void>(bind(couplings, N));
  }
  /// Binds an Eigen J, which must outlive the network (unbound if bind would fail).
  explicit RateNetwork(const CouplingMatrix<N>& J) { static_cast<void>(bind(J.data(), J.rows())); }
  /// Sparse J (the view's arrays must outlive the network; unbound if bind would fail).
  template <class I>
  explicit RateNetwork(const SparseCouplingsView<I>& J) { static_cast<void>(bind(J)); }

  /// bind(J, n) (dense), bind(SparseCouplingsView) (sparse): see NetworkWeights, with
  /// set_input_weights(W_in, m), set_bias(b), bound(), size(), inputs(), bias() and
  /// coupling_policy(). The weight blob's bind is below.
  using Weights::bind;

  /// Binds J and W_in to a checked weight blob (zero copy) and copies its bias.
  /// Status::invalid_argument for a view without J or b, Status::size_mismatch when a fixed
  /// N or M differs from the blob's; on an error nothing changes.
  Status bind(const WeightBlobView& w) {
    static_assert(kDense, "RateNetwork: a weight blob holds a dense J");
    if (w.couplings == nullptr || w.bias == nullptr) return Status::invalid_argument;
    if ((N != Dynamic && w.n != static_cast<std::uint32_t>(N)) || (M != Dynamic && w.m != static_cast<std::uint32_t>(M))) {
      return Status::size_mismatch;
    }
    const Status s = bind(w.couplings, static_cast<Index>(w.n));
    if (s != Status::ok) return s;
    W_in_ = w.input_weights;
    m_ = static_cast<Index>(w.m);
    for (Index i = 0; i < n_; ++i) bias_[i] = w.bias[i];
    return Status::ok;
  }

  /// The dense J (dense policy only: the Jacobian-based tools of quasi/ and host/ use it).
  CouplingsView couplings() const {
    static_assert(kDense, "RateNetwork::couplings(): a dense view of J exists for the dense policy only");
    return CouplingsView(J_, n_, n_);
  }

  /// phi(x), elementwise; x and phi are distinct vectors. The loop bound is the
  /// compile-time N when there is one, so that the loop vectorises.
  void activate(const State& x, State& phi) const { apply(x.data(), phi.data(), size_now()); }

  /// v = -x + J phi(x) + W_in u + b, and phi = phi(x) on the way (the steppers and
  /// monitors reuse it). Sizes are the caller's business here; steppers check them.
  void velocity(const State& x, const Input& u, State& v, State& phi) const {
    const Index n = size_now();
    coupling_term(x, v, phi);
    leak_and_bias(x.data(), bias_.data(), v.data(), n);
    if constexpr (M != 0) {
      if (W_in_ != nullptr) {
        for (Index i = 0; i < n_; ++i) v[i] += input_term(i, u);
      }
    } else {
      (void)u;
    }
  }

  /// velocity() in two parts, so that a one-stage step runs the second with its proposal
  /// (one pass over the state instead of two; models/net_concept.hpp): phi = phi(x) and
  /// y = J phi ...
  void coupling_term(const State& x, State& y, State& phi) const {
    activate(x, phi);
    product(phi.data(), y.data(), size_now());
  }
  /// ... then v_i = ((y_i - x_i) + b_i) + (W_in u)_i, velocity()'s operations in its order.
  EDGECHAOS_INLINE Scalar velocity_at(Index i, Scalar y_i, Scalar x_i, const Input& u) const {
    Scalar v = leak_plus_bias(y_i, x_i, bias_[i]);
    if constexpr (M != 0) {
      if (W_in_ != nullptr) v += input_term(i, u);
    } else {
      (void)u;
    }
    return v;
  }

  /// phi_i = phi(x_i) for n values: velocity()'s loop, also run over a batch of states by
  /// Ensemble (models/ensemble.hpp). 8 wide on x86-64 under a wide matvec variant, with
  /// the same bits. Restrict pointers as parameters: GCC 12 did not vectorise the same
  /// loops written over the Eigen vectors' data() inside the member functions.
  static void apply(const Scalar* __restrict x, Scalar* __restrict phi, Index n) {
#if EDGECHAOS_MATVEC_DISPATCH
    if (detail::wide_elementwise()) return detail::apply_avx2<Activation>(x, phi, n);  // same bits, 8 wide
#endif
    for (Index i = 0; i < n; ++i) phi[i] = Activation::value(x[i]);
  }
  /// v_i <- (v_i - x_i) + b_i for n values: velocity()'s leak and bias (as apply()).
  static void leak_and_bias(const Scalar* __restrict x, const Scalar* __restrict b, Scalar* __restrict v, Index n) {
#if EDGECHAOS_MATVEC_DISPATCH
    if (detail::wide_elementwise()) return detail::leak_and_bias_avx2(x, b, v, n);
#endif
    for (Index i = 0; i < n; ++i) v[i] = leak_plus_bias(v[i], x[i], b[i]);
  }
  /// One component of leak_and_bias: (y - x) + b.
  static EDGECHAOS_INLINE Scalar leak_plus_bias(Scalar y, Scalar x, Scalar b) { return (y - x) + b; }

  /// The Jacobian of the noiseless flow applied to a vector:
  /// <pre>
  ///   out = D(x) delta = -delta + J (phi'(x) o delta),  phi' taken from phi = phi(x).
  /// </pre>
  /// \p scratch is workspace of the state's size.
  /// The loop bound is the compile-time N where there is one (as in velocity): GCC 12 at -O3
  /// cannot bound the member n_ and warned of reads past a fixed-size vector.
  void jacobian_times(const State& phi, const State& delta, State& out, State& scratch) const {
    const Index n = size_now();
    for (Index i = 0; i < n; ++i) scratch[i] = Activation::derivative_from_value(phi[i]) * delta[i];
    product(scratch.data(), out.data(), n);
    for (Index i = 0; i < n; ++i) out[i] -= delta[i];
  }

 private:
  Index size_now() const { return N == Dynamic ? n_ : N; }
  // (W_in u)_i: row i of W_in (bound) times u, dot_row's order.
  EDGECHAOS_INLINE Scalar input_term(Index i, const Input& u) const {
    return detail::dot_row<M>(W_in_ + i * m_, u.data(), m_);
  }
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

  using Weights::J_;
  using Weights::W_in_;
  using Weights::n_;
  using Weights::m_;
  using Weights::bias_;

};

/// A rate network with sparse J whose index type fits N and a capacity of NNZ entries
/// (the index type of SparseCouplings<N, NNZ>).
template <int N, int NNZ, int M = 0, class Activation = Tanh>
using SparseRateNetwork = RateNetwork<N, M, Activation, SparseCouplingsView<sparse_index_t<N, NNZ>>>;

}  // namespace edgechaos
