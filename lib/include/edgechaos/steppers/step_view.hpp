/// \file
/// What a step shows its observer, and what an observer is.
///
/// After every check of a step has passed and before the step commits, the stepper calls
/// observer(view) once with a StepView: references to vectors the step already holds (the
/// state at the start, the state it commits, v and phi at the start) and the sums over
/// them. Nothing is copied. The sums (three O(N) dot products, next to the N^2 of the
/// step) are computed only for observers that want them (see wants_sums), and the call is
/// compiled out for NoObserver, so an unobserved step costs what it did before observers
/// existed.
#pragma once

#include <tuple>
#include <type_traits>
#include <utility>

#include "edgechaos/core/config.hpp"

namespace edgechaos {

/// Sums over the state at the start of the step.
struct StepSums {
  Scalar x2 = 0;    ///< |x|^2
  Scalar phi2 = 0;  ///< |phi(x)|^2
  Scalar v2 = 0;    ///< |v|^2 = |dx/dt|^2 of the noiseless flow, so E = v2 / 2
  Index n = 0;      ///< number of neurons
};

/// What one step shows its observer: references into the stepper's own buffers, valid
/// only during the call.
template <class State>
struct StepView {
  const State& x;       ///< the state at the start of the step
  const State& x_next;  ///< the state the step commits
  const State& v;       ///< v(x) at the start (maps: the displacement x_next - x)
  const State& phi;     ///< phi(x) at the start
  Scalar t;             ///< time at the start (integrate_n keeps it; a bare step() passes 0)
  Scalar dt;            ///< step size (maps: 1)
  StepSums sums;        ///< filled when the observer wants sums, else {0, 0, 0, n}

  /// Observers written for the sums alone take the view where a StepSums is expected.
  operator const StepSums&() const { return sums; }
};

/// The default observer: the stepper compiles the call and the sums out.
struct NoObserver {
  static constexpr bool kWantsSums = false;  ///< No sums: an unobserved step costs nothing extra.
  /// Does nothing (never called: the stepper tests for NoObserver).
  template <class View>
  void operator()(const View&) const {}
};

/// An observer is anything callable as observer(const StepView<State>&) (or with a
/// const StepSums&). It wants the sums unless it says `static constexpr bool kWantsSums = false`.
template <class Observer, class = void>
struct wants_sums : std::true_type {};
/// The observer said: its kWantsSums.
template <class Observer>
struct wants_sums<Observer, std::void_t<decltype(std::decay_t<Observer>::kWantsSums)>>
    : std::bool_constant<std::decay_t<Observer>::kWantsSums> {};

/// An observer of the sums alone (EnergyMonitor) may say `static constexpr bool kWantsView =
/// false`: it is then called with the StepSums directly, and no view is built.
template <class Observer, class = void>
struct wants_view : std::true_type {};
/// The observer said: its kWantsView.
template <class Observer>
struct wants_view<Observer, std::void_t<decltype(std::decay_t<Observer>::kWantsView)>>
    : std::bool_constant<std::decay_t<Observer>::kWantsView> {};

/// False only for NoObserver: whether a step calls its observer at all.
template <class Observer>
constexpr bool is_observing = !std::is_same_v<std::decay_t<Observer>, NoObserver>;

/// Several observers as one, called in order: observe_all(monitor, trace, readout).
/// Holds references: the observers must outlive the list.
template <class... Observers>
class ObserverList {
 public:
  static constexpr bool kWantsSums = (wants_sums<Observers>::value || ...);  ///< If any does.
  static constexpr bool kWantsView = (wants_view<Observers>::value || ...);  ///< If any does.
  /// Keeps references to \p observers.
  explicit ObserverList(Observers&... observers) : observers_(observers...) {}
  /// Passes \p view to each observer in order.
  template <class View>
  void operator()(const View& view) {
    call(view, std::index_sequence_for<Observers...>{});
  }

 private:
  template <class View, std::size_t... I>
  void call(const View& view, std::index_sequence<I...>) {
    (std::get<I>(observers_)(view), ...);
  }
  std::tuple<Observers&...> observers_;
};

/// An ObserverList over \p observers (by reference), for one step() or integrate_n call.
template <class... Observers>
ObserverList<Observers...> observe_all(Observers&... observers) {
  return ObserverList<Observers...>(observers...);
}

}  // namespace edgechaos
