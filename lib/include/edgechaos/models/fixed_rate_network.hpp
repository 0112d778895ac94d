// The rate network dx/dt = -x + J phi(x) + W_in u + b in fixed point, one forward-Euler
// step of a bound dt per call: x' = x + dt (h - x), h = J phi(x) + W_in u + b
// (models/fixed_network_weights.hpp), phi the integer tanh (models/int_tanh.hpp).
//
// Why a map. The float Euler stepper advances x + dt slope in float with a run-time dt;
// the integer step needs dt as a Q0.16 multiplier and the rounding of core/q_format.hpp's
// relax_toward, so dt is part of the model (set_dt) and the model meets the map concept
// (models/net_concept.hpp: next(x, u, x_next, phi)). It is stepped by MapStepper<Net>, the
// same Stepper as every model: entry checks (bound, sizes), the observer, the commit, the
// state kept on failure. An integer step cannot be non-finite, so the only failures are the
// entry checks. Observers of a fixed model should say kWantsSums = false (the view's sums
// are float products of float states).
//
// Per step: phi_j = IntTanh(x_j) for all j; then per neuron i:
//   h_i = field(i, phi, u),  x'_i = x_i + round(dt_q (h_i - x_i) / 2^16)   (dt_q = round(dt 2^16)),
// and with |x_i|, |h_i| <= kMax the exact update is a convex combination, so x' stays in range.
#pragma once

#include <cstdint>

#include "edgechaos/core/q_format.hpp"
#include "edgechaos/models/fixed_network_weights.hpp"
#include "edgechaos/models/int_tanh.hpp"
#include "edgechaos/weights/fixed_couplings.hpp"

namespace edgechaos {

/// The fixed-point rate network: one Euler step of dt per next() (a map for MapStepper).
template <int N, int M, class QW, class QS, class Couplings = FixedDenseCouplingsView<QW>,
          class Activation = IntTanh<QS>>
class FixedRateNetwork : public FixedNetworkWeights<N, M, QW, QS, Couplings> {
  using Weights = FixedNetworkWeights<N, M, QW, QS, Couplings>;

 public:
  static constexpr int kNeurons = N;             ///< compile-time size
  static constexpr int kInputs = M;              ///< compile-time number of inputs
  using State = FixedVector<QS, N>;              ///< raw QS state
  using Input = FixedVector<QS, M>;              ///< raw QS inputs
  using activation_type = Activation;            ///< the integer activation
  using state_raw = typename Weights::state_raw; ///< one raw state value

  /// The Euler step dt in (0, 1], held as round(dt 2^16). invalid_argument otherwise; on an
  /// error dt is unchanged.
  Status set_dt(Scalar dt) { return rate_to_fixed(dt, dt_q_); }
  /// dt as the Q0.16 multiplier the step uses.
  std::uint32_t dt_raw() const { return dt_q_; }

  /// x_next = x + dt (h - x), phi = IntTanh(x). x and x_next are distinct.
  void next(const State& x, const Input& u, State& x_next, State& phi) const {
    for (Index j = 0; j < N; ++j) phi[j] = Activation::value(x[j]);
    typename Weights::prepared_state r;  // once per step (offset binary: a biased copy)
    this->prepare(phi.data(), r);
    Index i = 0;
    if constexpr (Weights::kRowPairs) {
      for (; i + 1 < N; i += 2) {
        state_raw h0, h1;
        this->field2(i, r, u.data(), h0, h1);
        x_next[i] = relax_toward<QS>(x[i], h0, dt_q_);
        x_next[i + 1] = relax_toward<QS>(x[i + 1], h1, dt_q_);
      }
    }
    for (; i < N; ++i) {
      const state_raw h = this->field(i, r, u.data());
      x_next[i] = relax_toward<QS>(x[i], h, dt_q_);
    }
  }

 private:
  std::uint32_t dt_q_ = 6554u;  // dt = 0.1
};

}  // namespace edgechaos
