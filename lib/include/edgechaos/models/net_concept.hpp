/// \file
/// What a model must provide to be stepped, written down once. The steppers assert these
/// at the top of their class, so a type that misses one fails with the line below naming
/// the missing piece instead of deep inside a stepper.
///
/// A flow (continuous time, integrated with dt) provides
/// <pre>
///   using State, Input;                        Eigen vectors (fixed or dynamic size)
///   static constexpr int kNeurons, kInputs;    compile-time sizes (or Dynamic)
///   bool bound() const;                        the model has its weights
///   Index size() const, inputs() const;        run-time sizes
///   void velocity(const State& x, const Input& u, State& v, State& phi) const;
///                                              v = dx/dt at x, and phi = phi(x) on the way
/// </pre>
/// A flow may also split its velocity where its last elementwise pass starts; a one-stage
/// step (Euler, Euler-Maruyama) then runs that pass with its proposal, reading the state
/// once instead of twice (steppers/stepper.hpp):
/// <pre>
///   void coupling_term(const State& x, State& y, State& phi) const;
///                                              phi = phi(x), y = the rest of the pass's input
///   Scalar velocity_at(Index i, Scalar y_i, Scalar x_i, const Input& u) const;
///                                              v_i from y_i: the pass's body
/// </pre>
/// The two together must give velocity()'s bits.
/// A tangent plug-in (Lyapunov) also needs
/// <pre>
///   using activation_type;                     with derivative_from_value(phi)
///   void jacobian_times(const State& phi, const State& delta, State& out, State& scratch) const;
/// </pre>
/// A map (discrete time, no dt) provides the first five and, instead of velocity,
/// <pre>
///   void next(const State& x, const Input& u, State& x_next, State& phi) const;
/// </pre>
#pragma once

#include <type_traits>
#include <utility>

#include "edgechaos/core/config.hpp"

namespace edgechaos {
namespace detail {

template <class Net, class = void>
struct has_sizes : std::false_type {};
template <class Net>
struct has_sizes<Net, std::void_t<typename Net::State, typename Net::Input, decltype(Net::kNeurons),
                                  decltype(Net::kInputs), decltype(std::declval<const Net&>().bound()),
                                  decltype(std::declval<const Net&>().size()),
                                  decltype(std::declval<const Net&>().inputs())>> : std::true_type {};

template <class Net, class = void>
struct has_velocity : std::false_type {};
template <class Net>
struct has_velocity<Net, std::void_t<decltype(std::declval<const Net&>().velocity(
                             std::declval<const typename Net::State&>(), std::declval<const typename Net::Input&>(),
                             std::declval<typename Net::State&>(), std::declval<typename Net::State&>()))>>
    : std::true_type {};

template <class Net, class = void>
struct has_next : std::false_type {};
template <class Net>
struct has_next<Net, std::void_t<decltype(std::declval<const Net&>().next(
                         std::declval<const typename Net::State&>(), std::declval<const typename Net::Input&>(),
                         std::declval<typename Net::State&>(), std::declval<typename Net::State&>()))>>
    : std::true_type {};

template <class Net, class = void>
struct has_split_velocity : std::false_type {};
template <class Net>
struct has_split_velocity<
    Net, std::void_t<decltype(std::declval<const Net&>().coupling_term(std::declval<const typename Net::State&>(),
                                                                       std::declval<typename Net::State&>(),
                                                                       std::declval<typename Net::State&>())),
                     decltype(Scalar{std::declval<const Net&>().velocity_at(
                         Index{}, Scalar{}, Scalar{}, std::declval<const typename Net::Input&>())})>>
    : std::true_type {};

template <class Net, class = void>
struct has_jacobian : std::false_type {};
template <class Net>
struct has_jacobian<Net, std::void_t<typename Net::activation_type,
                                     decltype(std::declval<const Net&>().jacobian_times(
                                         std::declval<const typename Net::State&>(),
                                         std::declval<const typename Net::State&>(),
                                         std::declval<typename Net::State&>(), std::declval<typename Net::State&>()))>>
    : std::true_type {};

}  // namespace detail

/// True when \p Net is a flow: the sizes and velocity() (see the top of this file).
template <class Net>
constexpr bool is_flow_model = detail::has_sizes<Net>::value && detail::has_velocity<Net>::value;
/// True when \p Net is a map: the sizes and next().
template <class Net>
constexpr bool is_map_model = detail::has_sizes<Net>::value && detail::has_next<Net>::value;
/// True when \p Net is a flow that a tangent can ride: also activation_type and jacobian_times().
template <class Net>
constexpr bool is_tangent_model = is_flow_model<Net> && detail::has_jacobian<Net>::value;

/// True when the flow \p Net splits its velocity (coupling_term() and velocity_at()).
template <class Net>
constexpr bool is_split_velocity_model = is_flow_model<Net> && detail::has_split_velocity<Net>::value;

/// Fails to compile, naming the missing piece, unless \p Net is steppable as a map
/// (\p kDiscrete) or a flow; returns true. Asserted by every stepper.
template <class Net, bool kDiscrete>
constexpr bool assert_steppable() {
  static_assert(detail::has_sizes<Net>::value,
                "edgechaos: a model needs State, Input, kNeurons, kInputs, bound(), size() and inputs() "
                "(models/net_concept.hpp)");
  static_assert(kDiscrete || detail::has_velocity<Net>::value,
                "edgechaos: a flow stepper needs velocity(x, u, v, phi) (models/net_concept.hpp)");
  static_assert(!kDiscrete || detail::has_next<Net>::value,
                "edgechaos: a map stepper needs next(x, u, x_next, phi) (models/net_concept.hpp)");
  return true;
}

/// Fails to compile, naming the missing piece, unless \p Net has what Lyapunov's tangent
/// needs; returns true.
template <class Net>
constexpr bool assert_tangent_model() {
  static_assert(detail::has_jacobian<Net>::value,
                "edgechaos: Lyapunov needs activation_type and jacobian_times(phi, delta, out, scratch) "
                "(models/net_concept.hpp)");
  return true;
}

}  // namespace edgechaos
