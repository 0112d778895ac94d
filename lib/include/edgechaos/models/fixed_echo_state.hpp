// The leaky echo-state map in fixed point:
//   x' = (1 - a) x + a phi(J x + W_in u + b),   leak a in (0, 1],
// computed as x' = x + round(a_q (phi(h) - x) / 2^16), h = field(i, x, u)
// (models/fixed_network_weights.hpp), a_q = round(a 2^16), phi the integer tanh. At a = 1
// x' = phi(h) exactly. A map model for MapStepper (models/net_concept.hpp), like EchoState;
// phi is the step's activation phi(h) (the view's phi). Observers should say
// kWantsSums = false (models/fixed_rate_network.hpp says why).
#pragma once

#include <cstdint>

#include "edgechaos/core/q_format.hpp"
#include "edgechaos/models/fixed_network_weights.hpp"
#include "edgechaos/models/int_tanh.hpp"
#include "edgechaos/weights/fixed_couplings.hpp"

namespace edgechaos {

/// The fixed-point leaky echo-state map (a map for MapStepper).
template <int N, int M, class QW, class QS, class Couplings = FixedDenseCouplingsView<QW>,
          class Activation = IntTanh<QS>>
class FixedEchoState : public FixedNetworkWeights<N, M, QW, QS, Couplings> {
  using Weights = FixedNetworkWeights<N, M, QW, QS, Couplings>;

 public:
  static constexpr int kNeurons = N;             ///< compile-time size
  static constexpr int kInputs = M;              ///< compile-time number of inputs
  using State = FixedVector<QS, N>;              ///< raw QS state
  using Input = FixedVector<QS, M>;              ///< raw QS inputs
  using activation_type = Activation;            ///< the integer activation
  using state_raw = typename Weights::state_raw; ///< one raw state value

  /// The leak a in (0, 1], held as round(a 2^16). invalid_argument otherwise; on an error
  /// the leak is unchanged.
  Status set_leak(Scalar a) { return rate_to_fixed(a, leak_q_); }
  /// The leak as the Q0.16 multiplier the step uses.
  std::uint32_t leak_raw() const { return leak_q_; }

  /// x_next = x + a (phi(h) - x), phi = phi(h). x and x_next are distinct.
  void next(const State& x, const Input& u, State& x_next, State& phi) const {
    typename Weights::prepared_state r;  // once per step (offset binary: a biased copy)
    this->prepare(x.data(), r);
    Index i = 0;
    if constexpr (Weights::kRowPairs) {
      for (; i + 1 < N; i += 2) {
        state_raw h0, h1;
        this->field2(i, r, u.data(), h0, h1);
        phi[i] = Activation::value(h0);
        phi[i + 1] = Activation::value(h1);
        x_next[i] = relax_toward<QS>(x[i], phi[i], leak_q_);
        x_next[i + 1] = relax_toward<QS>(x[i + 1], phi[i + 1], leak_q_);
      }
    }
    for (; i < N; ++i) {
      phi[i] = Activation::value(this->field(i, r, u.data()));
      x_next[i] = relax_toward<QS>(x[i], phi[i], leak_q_);
    }
  }

 private:
  std::uint32_t leak_q_ = 65536u;  // a = 1
};

}  // namespace edgechaos
