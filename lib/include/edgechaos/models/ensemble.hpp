/// \file
/// R states of one dense rate network advanced together, J streamed once per stage for
/// all of them (detail/batch_matvec.hpp). Ensemble<Net, R> is itself a flow model
/// (models/net_concept.hpp), so the ordinary steppers advance it: `Euler<Ensemble<Net,
/// R>>`, `RK4<...>`, integrate_n and observers all work unchanged, with the protocol's
/// checks, finiteness test and rollback.
///
/// Its State is the batch, the R members one after the other: entry v * n + j is
/// component j of member v (set_member / member copy one member in and out). Every operation of a step
/// is elementwise except J phi, which the batch product computes with each member's bits
/// as matvec, so member v after any number of Euler or RK4 steps is bit-identical to
/// stepping that state alone with the same stepper (tests/steppers/test_ensemble.cpp).
/// All members see the same input u (an ensemble under one drive).
///
/// A step is all or nothing: if one member is or becomes non-finite, the stepper returns
/// the status and no member moves. The protocol's sums for observers are over the whole
/// batch.
#pragma once

#include "edgechaos/core/config.hpp"
#include "edgechaos/core/status.hpp"
#include "edgechaos/detail/batch_matvec.hpp"
#include "edgechaos/detail/matvec.hpp"
#include "edgechaos/detail/workspace.hpp"

namespace edgechaos {

/// R states of the dense rate network \p Net as one flow model (see the file comment).
/// Holds a reference to the network, which must outlive it.
template <class Net, int R>
class Ensemble {
  static_assert(R >= 1, "Ensemble: at least one member");
  static_assert(Net::kDense, "Ensemble: the batch product needs a dense J");

 public:
  static constexpr int kMembers = R;  ///< R
  static constexpr int kNeurons = Net::kNeurons == Dynamic ? Dynamic : Net::kNeurons * R;  ///< n R (or Dynamic)
  static constexpr int kInputs = Net::kInputs;  ///< the network's: one input for all members
  using network_type = Net;                    ///< the network
  using activation_type = typename Net::activation_type;  ///< phi
  using State = Vector<kNeurons>;              ///< the batch, entry v * n + j = x_v(j)
  using Input = typename Net::Input;           ///< u, shared by the members
  using Member = typename Net::State;          ///< one member's state

  /// The ensemble of \p net (which must outlive it).
  explicit Ensemble(const Net& net) : net_(&net) {}

  bool bound() const { return net_->bound(); }                ///< the network has its J
  Index size() const { return net_->size() * R; }             ///< n R, the batch's length
  Index inputs() const { return net_->inputs(); }             ///< the network's inputs
  Index members() const { return R; }                         ///< R
  const Net& network() const { return *net_; }                ///< the network

  /// Copies member \p v (0 <= v < R, unchecked) of the batch \p X into \p x (sized to n).
  void member(const State& X, int v, Member& x) const {
    const Index n = net_->size();
    detail::fit(x, n);
    for (Index j = 0; j < n; ++j) x[j] = X[v * n + j];
  }
  /// Sets member \p v of \p X (sized to n R) to \p x. Status::invalid_argument for v
  /// outside [0, R), Status::size_mismatch when x is not of the network's size; on an
  /// error nothing changes.
  Status set_member(State& X, int v, const Member& x) const {
    if (v < 0 || v >= R) return Status::invalid_argument;
    const Index n = net_->size();
    if (x.size() != n) return Status::size_mismatch;
    if (X.size() != n * R) {
      if constexpr (kNeurons == Dynamic) {
        X.setZero(n * R);
      } else {
        return Status::size_mismatch;
      }
    }
    for (Index j = 0; j < n; ++j) X[v * n + j] = x[j];
    return Status::ok;
  }

  /// v = -x + J phi(x) + W_in u + b for every member, phi = phi(x) on the way: the
  /// operations of RateNetwork::velocity, in its order, per member.
  void velocity(const State& x, const Input& u, State& v, State& phi) const {
    // compile-time bounds where there are some, so that the loops vectorise (as RateNetwork)
    const Index n = Net::kNeurons == Dynamic ? net_->size() : Net::kNeurons;
    const Index nb = n * R;
    Net::apply(x.data(), phi.data(), nb);  // the network's own loops (8 wide on x86-64 where it is)
    detail::batch_matvec<R, Net::kNeurons, Net::kNeurons>(net_->couplings().data(), phi.data(), v.data(), n, n);
    const Scalar* b = net_->bias().data();
    const Scalar* W_in = net_->input_weights();
    for (int m = 0; m < R; ++m) Net::leak_and_bias(x.data() + m * n, b, v.data() + m * n, n);
    if constexpr (kInputs != 0) {
      if (W_in != nullptr) {
        const Index m = net_->inputs();
        for (Index i = 0; i < n; ++i) {
          const Scalar w = detail::dot_row<kInputs>(W_in + i * m, u.data(), m);  // once for all members
          for (int k = 0; k < R; ++k) v[k * n + i] += w;
        }
      }
    } else {
      (void)u;
      (void)W_in;
    }
  }

 private:
  const Net* net_;
};

}  // namespace edgechaos
