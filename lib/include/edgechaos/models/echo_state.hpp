/// \file
/// The discrete leaky echo-state map (shared/RESERVOIR.md section 1; ReservoirPy's Reservoir):
/// <pre>
///   x(t) = (1 - a) x(t-1) + a tanh(W x(t-1) + W_in u(t) + b),   leak a in (0, 1],
/// </pre>
/// a map model for MapStepper (net.next(x, u, x_next, phi)). tanh is applied to the summed
/// input, not to x.
///
/// Not the continuous model at a = 1: Euler with dt = 1 of dx/dt = -x + J tanh(x) + W_in u + b
/// (RateNetwork) gives x' = J tanh(x) + W_in u + b, tanh applied to x *before* the product;
/// this map gives x' = tanh(W x + W_in u + b), tanh applied *after* it. (The two are
/// conjugate through r = tanh(x), but their states are different vectors.)
///
/// The nonlinearity is the Activation policy, Tanh (the C library's tanh, the reference)
/// by default, so that a model trained in double elsewhere runs here as there; FastTanh may
/// be chosen for speed. W is a coupling policy (weights/dense_couplings.hpp): dense, or
/// SparseCouplingsView (ReservoirPy's W is sparse), the same product as RateNetwork's; W,
/// W_in, the bias and their binding are models/network_weights.hpp, shared with RateNetwork.
///
/// Per neuron i, in this order:  s = (W x)_i  (detail::matvec's order),
/// <pre>
///   s = s + (W_in u)_i  (detail::dot_row's order, when W_in is set),  s = s + b_i,
///   phi_i = tanh(s),  x_next_i = (1 - a) x_i + a phi_i.
/// </pre>
/// phi is the step's activation tanh(s) (the view's phi for observers).
#pragma once

#include <type_traits>

#include "edgechaos/core/checks.hpp"
#include "edgechaos/core/config.hpp"
#include "edgechaos/core/status.hpp"
#include "edgechaos/detail/matvec.hpp"
#include "edgechaos/models/activation.hpp"
#include "edgechaos/models/network_weights.hpp"
#include "edgechaos/weights/dense_couplings.hpp"
#include "edgechaos/weights/sparse_couplings.hpp"

namespace edgechaos {

/// The leaky echo-state map x' = (1 - a) x + a phi(W x + W_in u + b) (see the top of this
/// file): \p N neurons, \p M inputs (or Dynamic), phi = \p Activation, W stored by
/// \p Couplings. A map model for MapStepper and DrivenReservoir.
template <int N, int M = 0, class Activation = Tanh, class Couplings = DenseCouplings<N>>
class EchoState : public NetworkWeights<N, M, Couplings> {
  using Weights = NetworkWeights<N, M, Couplings>;
  static_assert(N == Dynamic || N >= 1, "EchoState: N must be at least 1 (or Eigen::Dynamic)");
  static_assert(M == Dynamic || M >= 0, "EchoState: M (inputs) must be non-negative (or Eigen::Dynamic)");

 public:
  static constexpr int kNeurons = N;                 ///< neurons at compile time (or Dynamic)
  static constexpr int kInputs = M;                  ///< inputs at compile time (or Dynamic)
  using Weights::kDense;  ///< W is dense, not CSR
  using activation_type = Activation;                ///< phi
  using couplings_type = Couplings;                  ///< the coupling policy
  using State = Vector<N>;                           ///< x and phi
  using Input = Vector<M>;                           ///< u

  /// Unbound, leak 1 (bind before stepping).
  EchoState() = default;

  // bind(W, n) (dense), bind(SparseCouplingsView) (sparse), set_input_weights(W_in, m),
  // set_bias(b), bound(), size(), inputs(), bias(), coupling_policy():
  // models/network_weights.hpp.

  /// Sets the leak rate a in (0, 1] (1: no leak, the plain ESN). Status::invalid_argument,
  /// a unchanged, outside (0, 1] or for NaN.
  Status set_leak(Scalar a) {
    if (!(a > 0.0f) || !(a <= 1.0f)) return Status::invalid_argument;
    leak_ = a;
    return Status::ok;
  }

  /// The leak rate a.
  Scalar leak() const { return leak_; }

  /// x_next = (1 - a) x + a tanh(W x + W_in u + b), phi = tanh(W x + W_in u + b). x and
  /// x_next are distinct; sizes are the stepper's business.
  void next(const State& x, const Input& u, State& x_next, State& phi) const {
    const Index n = size_now();
    product(x.data(), phi.data(), n);  // phi holds the summed input until activated
    if constexpr (M != 0) {
      if (W_in_ != nullptr) {
        for (Index i = 0; i < n; ++i) phi[i] += detail::dot_row<M>(W_in_ + i * m_, u.data(), m_);
      }
    } else {
      (void)u;
    }
    finish(x.data(), bias_.data(), leak_, phi.data(), x_next.data(), n);
  }

 private:
  Index size_now() const { return N == Dynamic ? n_ : N; }
  // y = W r through the policy's own product (DenseCouplings::multiply or the CSR one).
  void product(const Scalar* r, Scalar* y, Index n) const {
    if constexpr (kDense) {
      Couplings{J_}.multiply(r, y, n);
    } else {
      J_.multiply(r, y, n);
    }
  }

  using Weights::J_;
  using Weights::n_;
  using Weights::W_in_;
  using Weights::m_;
  using Weights::bias_;

  // phi <- tanh(phi + b); x_next <- (1 - a) x + a phi.
  static void finish(const Scalar* __restrict x, const Scalar* __restrict b, Scalar a, Scalar* __restrict phi,
                     Scalar* __restrict x_next, Index n) {
    const Scalar keep = 1.0f - a;
    for (Index i = 0; i < n; ++i) {
      phi[i] = Activation::value(phi[i] + b[i]);
      x_next[i] = keep * x[i] + a * phi[i];
    }
  }

  Scalar leak_ = 1.0f;
};

/// An echo-state map with sparse W whose index type fits N and NNZ entries.
template <int N, int NNZ, int M = 0, class Activation = Tanh>
using SparseEchoState = EchoState<N, M, Activation, SparseCouplingsView<sparse_index_t<N, NNZ>>>;

}  // namespace edgechaos
