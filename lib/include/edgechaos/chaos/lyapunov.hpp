/// \file
/// Largest Lyapunov exponent, streaming (Benettin et al.'s method; PHYSICS.md section 3).
///
/// A tangent vector delta rides along with the state as a hook of the step protocol: the
/// state advances through the plain Euler or RK4 stepper (it *is* that stepper, so the
/// same bits by construction), and delta advances with the linearised flow
/// D(x) = -I + J diag(phi'(x)) through the same scheme's stage arithmetic, evaluated at the
/// stage states the state update computed: one extra matrix-vector product per stage
/// (jacobian_times) and nothing else. Every `renorm_every` steps |delta| is measured, its
/// log accumulated and delta reset to unit length. The exponent is (sum of logs) / (time),
/// its standard error from batch means (growth_log.hpp).
///
/// Memory: five extra state-sized vectors; fixed sizes never allocate. Accumulators are
/// double: they are touched once per renormalisation, so even a soft-double Cortex-M pays
/// almost nothing for them.
#pragma once

#include <cmath>
#include <cstdint>
#include <type_traits>

#include "edgechaos/chaos/growth_log.hpp"
#include "edgechaos/core/checks.hpp"
#include "edgechaos/core/random.hpp"
#include "edgechaos/models/net_concept.hpp"
#include "edgechaos/steppers/schemes.hpp"
#include "edgechaos/steppers/stepper.hpp"

namespace edgechaos {

/// The scheme that advances the state and its tangent (one scheme for both, by construction).
enum class TangentScheme {
  euler,  ///< EulerScheme
  rk4     ///< RK4Scheme
};

/// The stepper scheme of a TangentScheme.
template <TangentScheme S>
using tangent_scheme_t = std::conditional_t<S == TangentScheme::euler, EulerScheme, RK4Scheme>;

/// How the exponent is measured.
struct LyapunovConfig {
  std::uint32_t renorm_every = 10;  ///< steps between renormalisations (> 0)
  std::uint32_t batch = 20;         ///< renormalisations per batch of the standard error (> 0)
  std::uint64_t seed = 0x243F6A8885A308D3ull;  ///< stream of the initial tangent direction
};

/// Status::invalid_argument when renorm_every or batch is 0.
inline Status validate(const LyapunovConfig& c) { return require(c.renorm_every > 0u && c.batch > 0u); }

/// The tangent hook: delta, its stages, its renormalisation and the growth statistics.
/// Lyapunov is the stepper that carries it; use this directly only to build another
/// stepper on the same hook.
template <class Net>
class Tangent : public NoHook {
  static_assert(assert_tangent_model<Net>());

 public:
  using State = typename Net::State;  ///< the model's state (and tangent) vector

  /// Takes a validated config; the tangent is redrawn from its seed at the next step and
  /// the statistics are forgotten. On an error nothing changes.
  Status configure(const LyapunovConfig& c) {
    const Status s = validate(c);
    if (s != Status::ok) return s;
    config_ = c;
    initialised_ = false;
    reset_statistics();
    steps_since_renorm_ = 0;
    return Status::ok;
  }
  /// Sets delta to \p direction / |direction|; Status::invalid_argument for a zero or
  /// non-finite vector (then nothing changes).
  Status set_tangent(const State& direction) {
    const Scalar norm = direction.norm();
    if (!is_positive(norm) || !all_finite(direction)) return Status::invalid_argument;
    delta_ = direction / norm;
    start_interval();
    return Status::ok;
  }
  /// Forgets the accumulated growth; the tangent stays.
  void reset_statistics() { log_.reset(0.0); }

  /// Hook: sizes the work vectors to \p n and draws the initial tangent when there is none.
  template <class N>
  Status begin(const N&, Index n, Scalar) {
    for (State* w : {&dslope_, &ds_, &dk_, &scratch_}) detail::fit(*w, n);
    if (delta_.size() != n) {
      detail::fit(delta_, n);
      initialised_ = false;
    }
    if (!initialised_) random_tangent(n);
    return Status::ok;
  }
  /// Hook: d_I = D(x_I) delta_I at the stage state x_I (given by its \p phi), through the
  /// scheme's own stage arithmetic; d_0 goes straight into the slope.
  template <class Scheme, int I>
  void stage(const Net& net, const State& phi, Scalar dt) {
    if constexpr (I == 0) {
      net.jacobian_times(phi, delta_, dslope_, scratch_);
    } else {
      detail::stage_point<Scheme, I>(delta_, dt, I == 1 ? dslope_ : dk_, ds_);
      net.jacobian_times(phi, ds_, dk_, scratch_);
      detail::accumulate<Scheme, I>(dslope_, dslope_, dk_);
    }
  }
  /// Hook: delta_next = delta + dt slope, kept until the step commits; false (the step is
  /// refused) when it is not finite or, at a renormalisation, its norm is not positive.
  bool propose(Scalar dt) {
    const Index n = delta_.size();
    if (!detail::advance_finite<false>(delta_.data(), dslope_.data(), dt, nullptr, ds_.data(), n)) return false;
    renorm_due_ = steps_since_renorm_ + 1u >= config_.renorm_every;
    if (renorm_due_) {
      norm_ = ds_.norm();
      return is_positive(norm_);
    }
    return true;
  }
  /// Hook: takes delta_next, advances the clock and renormalises when due.
  void commit(Scalar dt) {
    delta_ = ds_;
    log_.advance_time(static_cast<double>(dt));
    ++steps_since_renorm_;
    if (renorm_due_) {
      delta_ /= norm_;
      log_.add(std::log(static_cast<double>(norm_)), config_.batch);
      steps_since_renorm_ = 0;
    }
  }

  /// The growth statistics (log sum, time, batches).
  const detail::GrowthLog<double>& log() const { return log_; }
  /// The current tangent (unit length right after a renormalisation).
  const State& tangent() const { return delta_; }
  /// The config in use.
  const LyapunovConfig& config() const { return config_; }

 private:
  void start_interval() {
    initialised_ = true;
    steps_since_renorm_ = 0;
    log_.restart_interval();
  }
  void random_tangent(Index n) {
    NormalStream normal(config_.seed);
    for (Index i = 0; i < n; ++i) delta_[i] = normal.next();
    const Scalar norm = delta_.norm();
    if (norm > 0.0f) {
      delta_ /= norm;
    } else {
      delta_.setConstant(1.0f / std::sqrt(static_cast<Scalar>(n)));
    }
    start_interval();
  }

  LyapunovConfig config_{};
  bool initialised_ = false;
  bool renorm_due_ = false;
  Scalar norm_ = 0.0f;
  std::uint32_t steps_since_renorm_ = 0;
  detail::GrowthLog<double> log_{};
  State delta_ = detail::zeros<State>();
  State dslope_ = detail::zeros<State>();
  State ds_ = detail::zeros<State>();
  State dk_ = detail::zeros<State>();
  State scratch_ = detail::zeros<State>();
};

/// The largest Lyapunov exponent of a flow: the stepper with the tangent riding along,
/// step() as Euler/RK4's (the same state bits), plus the exponent and its standard error.
template <class Net, TangentScheme S = TangentScheme::rk4>
class Lyapunov : public Stepper<Net, tangent_scheme_t<S>, Tangent<Net>> {
 public:
  using State = typename Net::State;  ///< the model's state (and tangent) vector

  /// See Tangent::configure: Status::invalid_argument for a config validate() refuses.
  Status configure(const LyapunovConfig& c) { return this->hook().configure(c); }
  /// Sets the tangent direction (normalised here). A zero or non-finite vector is refused
  /// (Status::invalid_argument).
  Status set_tangent(const State& direction) { return this->hook().set_tangent(direction); }
  /// Forgets the accumulated growth (call at the end of a transient); the tangent stays.
  void reset_statistics() { this->hook().reset_statistics(); }

  /// (sum of log growth) / (time), over the renormalisations since reset_statistics(), in
  /// units of 1/time; 0 before the first renormalisation.
  double exponent() const {
    const auto& g = this->hook().log();
    return g.time() > 0.0 ? g.log_sum() / g.time() : 0.0;
  }
  /// Standard error of exponent() from the batch means; infinite with fewer than 2 batches.
  double standard_error() const {
    const auto& g = this->hook().log();
    if (g.batches() < 2) return INFINITY;
    const double var = g.batch_m2() / static_cast<double>(g.batches() - 1);
    return std::sqrt(var / static_cast<double>(g.batches()));
  }
  /// Time covered by the renormalisations since reset_statistics().
  double time() const { return this->hook().log().time(); }
  /// Renormalisations since reset_statistics().
  std::uint64_t renormalisations() const { return this->hook().log().renormalisations(); }
  /// Complete batches since reset_statistics() (standard_error needs 2).
  std::uint64_t batches() const { return this->hook().log().batches(); }
  /// The current tangent direction.
  const State& tangent() const { return this->hook().tangent(); }
  /// The config in use.
  const LyapunovConfig& config() const { return this->hook().config(); }
};

}  // namespace edgechaos
