// The discrete leaky echo-state map (shared/RESERVOIR.md section 1; ReservoirPy's Reservoir):
//   x(t) = (1 - a) x(t-1) + a tanh(W x(t-1) + W_in u(t) + b),   leak a in (0, 1],
// a map model for MapStepper (net.next(x, u, x_next, phi)). tanh is applied to the summed
// input, not to x.
//
// Not the continuous model at a = 1: Euler with dt = 1 of dx/dt = -x + J tanh(x) + W_in u + b
// (RateNetwork) gives x' = J tanh(x) + W_in u + b, tanh applied to x *before* the product;
// this map gives x' = tanh(W x + W_in u + b), tanh applied *after* it. (The two are
// conjugate through r = tanh(x), but their states are different vectors.)
//
// The nonlinearity is the Activation policy, Tanh (the C library's tanh, the reference)
// by default, so that a model trained in double elsewhere runs here as there; FastTanh may
// be chosen for speed. W is a coupling policy (weights/dense_couplings.hpp): dense, or
// SparseCouplingsView (ReservoirPy's W is sparse), the same product as RateNetwork's.
//
// Per neuron i, in this order:  s = (W x)_i  (detail::matvec's order),
//   s = s + (W_in u)_i  (detail::dot_row's order, when W_in is set),  s = s + b_i,
//   phi_i = tanh(s),  x_next_i = (1 - a) x_i + a phi_i.
// phi is the step's activation tanh(s) (the view's phi for observers).
#pragma once

#include <type_traits>

#include "edgechaos/core/checks.hpp"
#include "edgechaos/core/config.hpp"
#include "edgechaos/core/status.hpp"
#include "edgechaos/detail/matvec.hpp"
#include "edgechaos/models/activation.hpp"
#include "edgechaos/weights/dense_couplings.hpp"
#include "edgechaos/weights/sparse_couplings.hpp"

namespace edgechaos {

template <int N, int M = 0, class Activation = Tanh, class Couplings = DenseCouplings<N>>
class EchoState {
  static_assert(N == Dynamic || N >= 1, "EchoState: N must be at least 1 (or Eigen::Dynamic)");
  static_assert(M == Dynamic || M >= 0, "EchoState: M (inputs) must be non-negative (or Eigen::Dynamic)");

 public:
  static constexpr int kNeurons = N;
  static constexpr int kInputs = M;
  static constexpr bool kDense = Couplings::kDense;
  using activation_type = Activation;
  using couplings_type = Couplings;
  using State = Vector<N>;
  using Input = Vector<M>;

  EchoState() = default;

  // Dense W: row-major n x n, it must outlive the model.
  Status bind(const Scalar* W, Index n) {
    static_assert(kDense, "EchoState: a sparse model binds a SparseCouplingsView");
    if (W == nullptr || n < 1) return Status::invalid_argument;
    if (N != Dynamic && n != N) return Status::size_mismatch;
    size_bias(n);
    W_.data = W;
    n_ = n;
    return Status::ok;
  }
  // Sparse W (the view's arrays must outlive the model).
  template <class I>
  Status bind(const SparseCouplingsView<I>& W) {
    static_assert(std::is_same_v<Couplings, SparseCouplingsView<I>>,
                  "EchoState: this model's coupling policy is not SparseCouplingsView<I> with this index type");
    if (!W.bound() || W.n < 1) return Status::invalid_argument;
    if (N != Dynamic && W.n != N) return Status::size_mismatch;
    size_bias(W.n);
    W_ = W;
    n_ = W.n;
    return Status::ok;
  }

  // W_in: row-major n x m (weights/input_weights.hpp); it must outlive the model. Until it
  // is set, the model ignores its input u.
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

  // The leak rate a in (0, 1] (1: no leak, the plain ESN). On an error a is unchanged.
  Status set_leak(Scalar a) {
    if (!(a > 0.0f) || !(a <= 1.0f)) return Status::invalid_argument;
    leak_ = a;
    return Status::ok;
  }

  bool bound() const { return W_.bound(); }
  Index size() const { return n_; }
  Index inputs() const { return m_; }
  Scalar leak() const { return leak_; }
  const State& bias() const { return bias_; }
  const Couplings& coupling_policy() const { return W_; }

  // x_next = (1 - a) x + a tanh(W x + W_in u + b), phi = tanh(W x + W_in u + b). x and
  // x_next are distinct; sizes are the stepper's business.
  void next(const State& x, const Input& u, State& x_next, State& phi) const {
    const Index n = size_now();
    W_.multiply(x.data(), phi.data(), n);  // phi holds the summed input until activated
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
  // phi <- tanh(phi + b); x_next <- (1 - a) x + a phi.
  static void finish(const Scalar* __restrict x, const Scalar* __restrict b, Scalar a, Scalar* __restrict phi,
                     Scalar* __restrict x_next, Index n) {
    const Scalar keep = 1.0f - a;
    for (Index i = 0; i < n; ++i) {
      phi[i] = Activation::value(phi[i] + b[i]);
      x_next[i] = keep * x[i] + a * phi[i];
    }
  }

  Couplings W_{};
  const Scalar* W_in_ = nullptr;
  Index n_ = (N == Dynamic ? 0 : N);
  Index m_ = (M == Dynamic ? 0 : M);
  Scalar leak_ = 1.0f;
  State bias_ = State::Zero(N == Dynamic ? 0 : N);
};

// An echo-state map with sparse W whose index type fits N and NNZ entries.
template <int N, int NNZ, int M = 0, class Activation = Tanh>
using SparseEchoState = EchoState<N, M, Activation, SparseCouplingsView<sparse_index_t<N, NNZ>>>;

}  // namespace edgechaos
