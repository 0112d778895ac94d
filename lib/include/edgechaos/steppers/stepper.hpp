/// \file
/// The step protocol, written once. Every stepper in edgechaos is a Stepper<Net, Scheme,
/// Hook>, and every step is the same sequence:
///   1. entry checks (dt, model bound, sizes): on failure nothing has been touched;
///   2. the hook's begin (draw this step's noise, size or seed a tangent ...);
///   3. the scheme's stages (schemes.hpp), the hook seeing each stage's phi;
///   4. the proposal x_next = x + dt slope (+ the hook's noise), tested for finiteness
///      in the same pass (one-stage flows on x86-64 hosts: with the observer's sums too;
///      elsewhere, for a model that splits its velocity: with the velocity's last pass),
///      each component below kStateFloor in magnitude stored as 0, and the hook's own
///      proposal (a tangent's next value);
///   5. on failure: the hook rolls back, the state is left exactly as it was, and the
///      status says whether the caller's data or the step was non-finite;
///   6. observer(view) with the step's vectors and sums (step_view.hpp), then the commit.
/// A new scheme is a stage list; a new model meets models/net_concept.hpp; noise and
/// tangents are hooks (see NoHook for the interface); monitors, readouts and trace
/// writers are observers.
#pragma once

#include <cstdint>
#include <cstring>
#include <type_traits>
#include <utility>

#include "edgechaos/core/checks.hpp"
#include "edgechaos/core/config.hpp"
#include "edgechaos/core/status.hpp"
#include "edgechaos/detail/matvec.hpp"
#if EDGECHAOS_MATVEC_DISPATCH
#include "edgechaos/detail/elementwise_x86.hpp"
#endif
#include "edgechaos/detail/workspace.hpp"
#include "edgechaos/models/net_concept.hpp"
#include "edgechaos/steppers/schemes.hpp"
#include "edgechaos/steppers/step_view.hpp"

namespace edgechaos {

/// A committed state component smaller than this in magnitude (2^-100, about 7.9e-31) is
/// stored as 0. Far below anything a float model resolves (its O(1) values carry 2^-24),
/// it keeps a decaying state out of the subnormal range, where every product of a step
/// (J_ij phi_j, dt v_i) would be subnormal: x86 takes a microcode assist for each (a
/// desktop Euler step at N = 64 measured 290 ns at x ~ 1e-30 and 82 us at x ~ 1e-37), and
/// the soft-float cores (M0, M3) take longer paths. A compare and a select: the same bits
/// on every platform.
constexpr Scalar kStateFloor = 0x1p-100f;

/// A hook rides along with a step. This one does nothing; its members are the interface,
/// in call order (a begin that fails must change nothing: rollback is called only after a
/// successful one). Noise (WhiteNoise) and Lyapunov tangents are hooks.
struct NoHook {
  static constexpr bool kNoise = false;  ///< true: noise() is added to x_next
  /// After the entry checks, before the stages (draw noise, size a tangent); a failure
  /// aborts the step with nothing changed.
  template <class Net>
  Status begin(const Net&, Index /*n*/, Scalar /*dt*/) {
    return Status::ok;
  }
  /// Stage \p I of \p Scheme has evaluated phi (the argument) at its stage point.
  template <class Scheme, int I, class Net, class State>
  void stage(const Net&, const State& /*phi at stage I*/, Scalar /*dt*/) {}
  /// This step's additive noise (a State) when kNoise; unused otherwise.
  const void* noise() const { return nullptr; }
  /// The hook's own proposal after the state's (a tangent's next value); false: this step
  /// must not commit.
  bool propose(Scalar /*dt*/) { return true; }
  void rollback() {}             ///< Undo begin (the step failed).
  void commit(Scalar /*dt*/) {}  ///< The step committed.
};

namespace detail {

inline Status check_dt(Scalar dt) { return require(is_positive(dt)); }

// Every flow's entry check: dt, then the model and the sizes. Nothing is touched when it fails.
template <class Net, class State, class Input>
Status check_step(const Net& net, const State& x, const Input& u, Scalar dt) {
  const Status s = check_dt(dt);
  return s != Status::ok ? s : check_sizes(net, x, u);
}

// After a failed step: was the caller's data already non-finite, or did the step blow up?
template <class State, class Input>
Status classify_failure(const State& x, const Input& u) {
  return (all_finite(x) && all_finite(u)) ? Status::non_finite_result : Status::non_finite_input;
}

constexpr std::uint32_t kInfBits = 0x7F800000u;         // +Inf: |x| at or above it is Inf or NaN
constexpr std::uint32_t kStateFloorBits = 0x0D800000u;  // kStateFloor = 2^-100: biased exponent 27
static_assert(kStateFloor == 0x1p-100f, "kStateFloorBits must be kStateFloor's bits");

// A proposed component as it is committed: 0 below kStateFloor in magnitude (NaN and Inf
// pass unchanged), and `bad` raised when it is NaN or Inf (an integer OR, so a loop of
// these vectorises without reassociation). Both tests compare |x|'s bits (the sign
// shifted out), which order as |x| does: an FPU core moves x to an integer register once
// instead of two compares through the FPSCR, a soft-float core makes no library call, and
// every platform gives the same bits.
EDGECHAOS_INLINE Scalar floor_and_check(Scalar x, unsigned& bad) {
  std::uint32_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  const std::uint32_t twice_abs = bits << 1;
  bad |= twice_abs >= (kInfBits << 1) ? 1u : 0u;
  if (twice_abs < (kStateFloorBits << 1)) bits = 0;
  std::memcpy(&x, &bits, sizeof bits);
  return x;
}

// Component i of the proposal: x + h slope (+ noise_i), as floor_and_check commits it.
template <bool kNoise>
EDGECHAOS_INLINE Scalar proposal_at(Scalar x, Scalar slope, Scalar h, const Scalar* __restrict noise, Index i,
                                    unsigned& bad) {
  Scalar xn = x + h * slope;
  if constexpr (kNoise) xn += noise[i];
  return floor_and_check(xn, bad);
}

// out = x + h slope (+ noise), elementwise (proposal_at); false if any out[i] is NaN or Inf.
template <bool kNoise>
inline bool advance_finite(const Scalar* __restrict x, const Scalar* __restrict slope, Scalar h,
                           const Scalar* __restrict noise, Scalar* __restrict out, Index n) {
#if EDGECHAOS_MATVEC_DISPATCH
  if (wide_elementwise()) return advance_finite_avx2<kNoise>(x, slope, h, noise, out, n, kStateFloor);
#endif
  unsigned bad = 0;
  for (Index i = 0; i < n; ++i) out[i] = proposal_at<kNoise>(x[i], slope[i], h, noise, i, bad);
  return bad == 0u;
}

// Whether a one-stage step of a model that splits its velocity (models/net_concept.hpp)
// runs the velocity's last pass with the proposal. Where the AVX2 loops run, both passes
// are 8 wide and the proposal pass takes the observer's sums instead (below); elsewhere
// (the Cortex-M cores, portable hosts) one pass reads x and v once instead of twice.
constexpr bool kFuseVelocityPass = !EDGECHAOS_MATVEC_DISPATCH;

// The one-stage proposal of a split-velocity model in one pass: y (J phi, from
// coupling_term) becomes the velocity in place, v_i = net.velocity_at(i, y_i, x_i, u), as
// velocity() leaves it, and out = x + h v (+ noise) as advance_finite gives it. false if
// any out[i] is NaN or Inf.
template <bool kNoise, class Net>
inline bool advance_finite_velocity(const Net& net, const Scalar* __restrict x, const typename Net::Input& u,
                                    Scalar* __restrict y, Scalar h, const Scalar* __restrict noise,
                                    Scalar* __restrict out, Index n) {
  unsigned bad = 0;
  for (Index i = 0; i < n; ++i) {
    const Scalar v = net.velocity_at(i, y[i], x[i], u);
    y[i] = v;
    out[i] = proposal_at<kNoise>(x[i], v, h, noise, i, bad);
  }
  return bad == 0u;
}

// The map's proposal, flushed below the floor in place; false if any entry is NaN or Inf.
inline bool flush_finite(Scalar* __restrict x, Index n) {
  unsigned bad = 0;
  for (Index i = 0; i < n; ++i) x[i] = floor_and_check(x[i], bad);
  return bad == 0u;
}

// The sums over the start of the step, in the fixed order of the matrix-vector product
// (detail/matvec.hpp), so they are the same bits on every platform.
template <class State>
#if defined(__GNUC__)
__attribute__((noinline))  // observed steps only; inlined, its registers enlarge every step's frame
#endif
StepSums step_sums(const State& x, const State& v0, const State& phi0) {
  constexpr int kN = State::SizeAtCompileTime;
  const Index n = x.size();
#if EDGECHAOS_MATVEC_DISPATCH
  if (wide_elementwise()) {  // one AVX2 pass, never fused: the same bits as the three dot_rows
    float s[3];
    x86_avx2::squared_norms3(x.data(), phi0.data(), v0.data(), n, s);
    return StepSums{s[0], s[1], s[2], n};
  }
#endif
  return StepSums{dot_row<kN>(x.data(), x.data(), n), dot_row<kN>(phi0.data(), phi0.data(), n),
                  dot_row<kN>(v0.data(), v0.data(), n), n};
}

// Whether a one-stage step takes its observer's sums from advance_finite_sums. Only where
// the AVX2 pass can read them with the proposal (x86-64 hosts): elsewhere that function
// is the two passes, and the Cortex-M steps stay as they were (a fused scalar loop was
// tried: its 24 partial sums outnumber the registers, and a monitored Euler step on the
// M4F took 2 236 instructions against 2 044 at N = 16).
constexpr bool kFuseObserverSums = EDGECHAOS_MATVEC_DISPATCH;

// advance_finite for a one-stage step, whose slope is v(x), and the observer's sums
// (step_sums). With the AVX2 loops one pass reads x and v for both, with step_sums' bits:
// the sums' own pass was most of a sums observer's cost at N <= 64. Elsewhere, the two.
template <bool kNoise, class State>
inline bool advance_finite_sums(const State& x, const State& v, const State& phi, Scalar h,
                                const Scalar* __restrict noise, Scalar* __restrict out, StepSums& sums) {
  const Index n = x.size();
#if EDGECHAOS_MATVEC_DISPATCH
  if (wide_elementwise()) {
    Scalar s[3];
    const bool finite = advance_finite_avx2<kNoise, true>(x.data(), v.data(), h, noise, out, n, kStateFloor,
                                                          phi.data(), s);
    sums = StepSums{s[0], s[1], s[2], n};
    return finite;
  }
#endif
  sums = step_sums(x, v, phi);
  return advance_finite<kNoise>(x.data(), v.data(), h, noise, out, n);
}

// The buffers of a step: the stage-0 slope k1 = v(x) and phi(x) (kept for observers),
// the proposal, and for multi-stage schemes the later stages and the running slope.
template <class State, bool kMultiStage>
struct StageBuffers {
  State k1 = zeros<State>(), phi = zeros<State>(), next = zeros<State>();
  void fit_to(Index n) {
    for (State* w : {&k1, &phi, &next}) fit(*w, n);
  }
  const State& slope() const { return k1; }
};
template <class State>
struct StageBuffers<State, true> {
  State k1 = zeros<State>(), phi = zeros<State>(), k = zeros<State>(), phi_stage = zeros<State>();
  State xs = zeros<State>(), slope_ = zeros<State>(), next = zeros<State>();
  void fit_to(Index n) {
    for (State* w : {&k1, &phi, &k, &phi_stage, &xs, &slope_, &next}) fit(*w, n);
  }
  const State& slope() const { return slope_; }
};

}  // namespace detail

/// The step protocol (see the file comment): one explicit \p Scheme applied to a model
/// \p Net (models/net_concept.hpp) with a \p Hook riding along. Euler, RK4, MapStepper and
/// EulerMaruyama are this class. It holds only the step's work vectors, so one stepper
/// can advance many states of the same size.
template <class Net, class Scheme, class Hook = NoHook>
class Stepper {
  static_assert(assert_steppable<Net, Scheme::kDiscrete>());

 public:
  using State = typename Net::State;  ///< The model's state vector.
  using Input = typename Net::Input;  ///< The model's input vector.
  using scheme_type = Scheme;         ///< The stage list (schemes.hpp).
  using hook_type = Hook;             ///< What rides along (NoHook, WhiteNoise, a tangent).

  Stepper() = default;
  /// Builds the hook in place from \p args (EulerMaruyama passes sigma and seed).
  template <class... HookArgs>
  explicit Stepper(std::in_place_t, HookArgs&&... args) : hook_(std::forward<HookArgs>(args)...) {}

  /// Flows: advances x by dt with input u held over the step. On any error x (and the
  /// hook) are left exactly as they were; the observer is called only on success.
  /// \return Status::ok; the entry checks' status (dt not positive, sizes); a hook's begin
  ///   status; Status::non_finite_input when x or u was already non-finite, else
  ///   Status::non_finite_result when the step produced NaN or Inf.
  template <class Observer = NoObserver, bool D = Scheme::kDiscrete, std::enable_if_t<!D, int> = 0>
  Status step(const Net& net, State& x, const Input& u, Scalar dt, Observer&& observer = Observer{}) {
    return step_at(net, x, u, Scalar(0), dt, observer);
  }
  /// Flows without inputs (or with the drive switched off): u = 0; as the step above.
  template <class Observer = NoObserver, bool D = Scheme::kDiscrete, std::enable_if_t<!D, int> = 0>
  Status step(const Net& net, State& x, Scalar dt, Observer&& observer = Observer{}) {
    detail::fit(u0_, net.inputs());
    return step_at(net, x, u0_, Scalar(0), dt, observer);
  }
  /// Maps: x <- F(x, u), no dt; same statuses (a non-finite u is Status::non_finite_input
  /// before anything is computed).
  template <class Observer = NoObserver, bool D = Scheme::kDiscrete, std::enable_if_t<D, int> = 0>
  Status step(const Net& net, State& x, const Input& u, Observer&& observer = Observer{}) {
    return step_at(net, x, u, Scalar(0), Scalar(1), observer);
  }

  /// The step with the time \p t at its start, which the view carries (integrate_n uses
  /// it); every step() is this one. Maps ignore \p dt.
  template <class Observer = NoObserver>
  Status step_at(const Net& net, State& x, const Input& u, Scalar t, Scalar dt, Observer&& observer = Observer{}) {
    // Maps ignore dt, and check their input first: a saturating map (tanh(W x + Inf) = 1)
    // would swallow an infinite input that a flow's velocity always carries into x_next.
    Status s = Scheme::kDiscrete ? first_error(check_sizes(net, x, u), require(all_finite(u), Status::non_finite_input))
                                 : detail::check_step(net, x, u, dt);
    if (s != Status::ok) return s;
    const Index n = x.size();
    w_.fit_to(n);
    s = hook_.begin(net, n, dt);
    if (s != Status::ok) return s;

    constexpr bool kObserved = is_observing<Observer>;
    constexpr bool kSums = kObserved && wants_sums<Observer>::value;
    // A one-stage flow reads x and v(x) for its proposal anyway: the sums come in that pass.
    constexpr bool kFusedSums = kSums && !Scheme::kDiscrete && Scheme::kStages == 1 && detail::kFuseObserverSums;
    StepSums sums{0, 0, 0, n};  // written by a fused proposal, or below
    const bool finite = propose_state<kObserved, kFusedSums>(net, x, u, dt, n, sums) && hook_.propose(dt);
    if (!finite) {
      hook_.rollback();
      return detail::classify_failure(x, u);
    }
    if constexpr (kObserved) {
      if constexpr (kSums && !kFusedSums) {
        sums = detail::step_sums(x, w_.k1, w_.phi);  // not instantiated for integer states
      }
      if constexpr (wants_view<Observer>::value) {
        observer(StepView<State>{x, w_.next, w_.k1, w_.phi, t, dt, sums});
      } else {
        observer(sums);  // a sums-only observer: no view on the stack
      }
    }
    x = w_.next;
    hook_.commit(dt);
    return Status::ok;
  }

  /// v(x) at the start of the last step (maps: the displacement; observed steps only, for
  /// maps).
  const State& velocity() const { return w_.k1; }
  /// phi(x) at the start of the last step.
  const State& phi() const { return w_.phi; }
  Hook& hook() { return hook_; }              ///< The hook (noise stream, tangent).
  const Hook& hook() const { return hook_; }  ///< The hook (noise stream, tangent).

 private:
  const Scalar* noise_data() const {
    if constexpr (Hook::kNoise) {
      return hook_.noise().data();
    } else {
      return nullptr;
    }
  }

  // The proposal x_next into w_.next (maps: F(x, u); flows: the stages, then x + dt slope
  // (+ noise), with kFusedSums the observer's sums into `sums` in the same pass); false
  // when it is not finite.
  template <bool kObserved, bool kFusedSums>
  EDGECHAOS_INLINE bool propose_state(const Net& net, const State& x, const Input& u, Scalar dt, Index n,
                                      StepSums& sums) {
    (void)sums;  // written only with kFusedSums
    if constexpr (Scheme::kDiscrete) {
      net.next(x, u, w_.next, w_.phi);
      bool finite = true;  // integer states (models/fixed_*.hpp) are always finite, never subnormal
      if constexpr (std::is_floating_point_v<typename State::Scalar>) finite = detail::flush_finite(w_.next.data(), n);
      if constexpr (kObserved) w_.k1 = w_.next - x;  // the view's v: the map's displacement
      return finite;
    } else if constexpr (kSplitVelocity) {  // never with kFusedSums: their switches are complements
      net.coupling_term(x, w_.k1, w_.phi);  // stage 0 up to the velocity's last pass
      hook_.template stage<Scheme, 0>(net, w_.phi, dt);
      return detail::advance_finite_velocity<Hook::kNoise>(net, x.data(), u, w_.k1.data(), dt, noise_data(),
                                                           w_.next.data(), n);
    } else {
      stages(net, x, u, dt, std::make_integer_sequence<int, Scheme::kStages>{});
      if constexpr (kFusedSums) {
        return detail::advance_finite_sums<Hook::kNoise>(x, w_.k1, w_.phi, dt, noise_data(), w_.next.data(), sums);
      } else {
        return detail::advance_finite<Hook::kNoise>(x.data(), w_.slope().data(), dt, noise_data(), w_.next.data(), n);
      }
    }
  }

  // A one-stage flow whose model splits its velocity: the velocity's last pass is the
  // proposal's (detail::kFuseVelocityPass).
  static constexpr bool kSplitVelocity =
      !Scheme::kDiscrete && Scheme::kStages == 1 && is_split_velocity_model<Net> && detail::kFuseVelocityPass;

  template <int... I>
  EDGECHAOS_INLINE void stages(const Net& net, const State& x, const Input& u, Scalar dt, std::integer_sequence<int, I...>) {
    (stage<I>(net, x, u, dt), ...);
  }

  template <int I>
  EDGECHAOS_INLINE void stage(const Net& net, const State& x, const Input& u, Scalar dt) {
    if constexpr (I == 0) {
      net.velocity(x, u, w_.k1, w_.phi);
      hook_.template stage<Scheme, 0>(net, w_.phi, dt);
    } else {
      detail::stage_point<Scheme, I>(x, dt, I == 1 ? w_.k1 : w_.k, w_.xs);
      net.velocity(w_.xs, u, w_.k, w_.phi_stage);
      hook_.template stage<Scheme, I>(net, w_.phi_stage, dt);
      detail::accumulate<Scheme, I>(w_.slope_, w_.k1, w_.k);
    }
  }

  detail::StageBuffers<State, (Scheme::kStages > 1)> w_;
  Hook hook_{};
  Input u0_ = detail::zeros<Input>();
};

}  // namespace edgechaos
