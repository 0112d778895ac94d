// Largest Lyapunov exponent, streaming (Benettin et al.; PHYSICS.md section 3).
//
// A tangent vector delta rides along with the state. Each step advances x exactly as
// the plain Euler or RK4 stepper does (same arithmetic, same bits) and advances delta
// with the linearised flow D(x) = -I + J diag(phi'(x)) by the same scheme: the tangent
// stages use the stage states the state update already computed, so a step costs one
// extra matrix-vector product per stage (RateNetwork::jacobian_times) and nothing else.
// Every `renorm_every` steps |delta| is measured, its log accumulated and delta reset
// to unit length. The exponent is (sum of logs) / (time); its standard error comes from
// batch means (`batch` renormalisations per batch), because successive growth factors
// are correlated and the naive per-interval error would be too small.
//
// Memory: five extra state-sized vectors; fixed sizes never allocate. Accumulators are
// double: they are touched once per renormalisation, so even a soft-double Cortex-M pays
// almost nothing for them.
#pragma once

#include <cmath>
#include <cstdint>

#include "edgechaos/core/config.hpp"
#include "edgechaos/detail/workspace.hpp"
#include "edgechaos/core/random.hpp"
#include "edgechaos/core/status.hpp"
#include "edgechaos/steppers/step_sums.hpp"

namespace edgechaos {

enum class TangentScheme { euler, rk4 };

struct LyapunovConfig {
  std::uint32_t renorm_every = 10;  // steps between renormalisations
  std::uint32_t batch = 20;         // renormalisations per batch (standard error)
  std::uint64_t seed = 0x243F6A8885A308D3ull;  // stream of the initial tangent direction
};

template <class Net, TangentScheme Scheme = TangentScheme::rk4>
class Lyapunov {
 public:
  using State = typename Net::State;
  using Input = typename Net::Input;

  Status configure(const LyapunovConfig& c) {
    if (c.renorm_every == 0u || c.batch == 0u) return Status::invalid_argument;
    config_ = c;
    initialised_ = false;
    reset_statistics();
    steps_since_renorm_ = 0;
    return Status::ok;
  }

  // Sets the tangent direction (normalised here). A zero or non-finite vector is refused.
  Status set_tangent(const State& direction) {
    const Scalar norm = direction.norm();
    if (!(norm > 0.0f) || !direction.allFinite()) return Status::invalid_argument;
    delta_ = direction / norm;
    initialised_ = true;
    steps_since_renorm_ = 0;
    pending_time_ = 0.0;
    return Status::ok;
  }

  // Forgets the accumulated growth (call at the end of a transient); the tangent stays.
  void reset_statistics() {
    log_sum_ = 0.0;
    time_ = 0.0;
    batch_log_ = 0.0;
    batch_time_ = 0.0;
    batch_count_ = 0;
    renorms_ = 0;
    batches_ = 0;
    batch_mean_ = 0.0;
    batch_m2_ = 0.0;
  }

  // Advances x (as Euler/RK4 would) and the tangent by dt. On error x, the tangent and
  // the statistics are left unchanged. The observer gets the sums at the step's start.
  template <class Observer = NoObserver>
  Status step(const Net& net, State& x, const Input& u, Scalar dt, Observer&& observer = Observer{}) {
    const Status s = detail::check_step(net, x, u, dt);
    if (s != Status::ok) return s;
    resize(x.size());
    if (!initialised_) random_tangent(x.size());

    StepSums sums;
    bool finite = true;
    if constexpr (Scheme == TangentScheme::euler) {
      net.velocity(x, u, k1_, phi_);
      net.jacobian_times(phi_, delta_, dslope_, scratch_);
      finite = detail::advance<observes_v<Observer>, false>(x, k1_, dt, k1_, phi_, static_cast<const State*>(nullptr), next_, sums);
    } else {
      const Scalar half = 0.5f * dt;
      net.velocity(x, u, k1_, phi_);                        // k1 (same order as RK4::step)
      net.jacobian_times(phi_, delta_, dk_, scratch_);      // d1
      dslope_ = dk_;
      ds_ = delta_ + half * dk_;
      xs_ = x + half * k1_;
      net.velocity(xs_, u, k_, phi_stage_);                  // k2
      net.jacobian_times(phi_stage_, ds_, dk_, scratch_);    // d2
      dslope_ += 2.0f * dk_;
      ds_ = delta_ + half * dk_;
      slope_ = k1_ + 2.0f * k_;
      xs_ = x + half * k_;
      net.velocity(xs_, u, k_, phi_stage_);                  // k3
      net.jacobian_times(phi_stage_, ds_, dk_, scratch_);    // d3
      dslope_ += 2.0f * dk_;
      ds_ = delta_ + dt * dk_;
      slope_ += 2.0f * k_;
      xs_ = x + dt * k_;
      net.velocity(xs_, u, k_, phi_stage_);                  // k4
      net.jacobian_times(phi_stage_, ds_, dk_, scratch_);    // d4
      dslope_ = (dslope_ + dk_) * (1.0f / 6.0f);
      slope_ = (slope_ + k_) * (1.0f / 6.0f);
      finite = detail::advance<observes_v<Observer>, false>(x, slope_, dt, k1_, phi_, static_cast<const State*>(nullptr), next_, sums);
    }
    // delta_new = delta + dt * slope, kept in ds_ until every check has passed.
    Scalar check = 0.0f;
    for (Index i = 0; i < x.size(); ++i) {
      ds_[i] = delta_[i] + dt * dslope_[i];
      check += ds_[i] * 0.0f;
    }
    if (!finite || check != 0.0f) return detail::classify_failure(x, u);
    Scalar norm = 0.0f;
    const bool renorm = steps_since_renorm_ + 1u >= config_.renorm_every;
    if (renorm) {
      norm = ds_.norm();
      if (!(norm > 0.0f) || !std::isfinite(norm)) return Status::non_finite_result;
    }
    x = next_;
    delta_ = ds_;
    pending_time_ += static_cast<double>(dt);
    ++steps_since_renorm_;
    if (renorm) renormalise(norm);
    if constexpr (observes_v<Observer>) observer(sums);
    return Status::ok;
  }

  template <class Observer = NoObserver>
  Status step(const Net& net, State& x, Scalar dt, Observer&& observer = Observer{}) {
    detail::fit(u0_, net.inputs());
    return step(net, x, u0_, dt, static_cast<Observer&&>(observer));
  }

  // (sum of log growth) / (time), over the renormalisations since reset_statistics().
  double exponent() const { return time_ > 0.0 ? log_sum_ / time_ : 0.0; }
  // Standard error of exponent() from the batch means; infinite with fewer than 2 batches.
  double standard_error() const {
    if (batches_ < 2) return INFINITY;
    const double var = batch_m2_ / static_cast<double>(batches_ - 1);
    return std::sqrt(var / static_cast<double>(batches_));
  }
  double time() const { return time_; }
  std::uint64_t renormalisations() const { return renorms_; }
  std::uint64_t batches() const { return batches_; }
  const State& tangent() const { return delta_; }
  // What the last step computed at its start (as Euler/RK4 report it).
  const State& velocity() const { return k1_; }
  const State& phi() const { return phi_; }
  const LyapunovConfig& config() const { return config_; }

 private:
  void resize(Index n) {
    for (State* w : {&k1_, &phi_, &k_, &phi_stage_, &xs_, &slope_, &next_, &dslope_, &ds_, &dk_, &scratch_}) {
      detail::fit(*w, n);
    }
    if (delta_.size() != n) {
      detail::fit(delta_, n);
      initialised_ = false;
    }
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
    initialised_ = true;
    steps_since_renorm_ = 0;
    pending_time_ = 0.0;
  }

  void renormalise(Scalar norm) {
    delta_ /= norm;
    const double growth = std::log(static_cast<double>(norm));
    log_sum_ += growth;
    time_ += pending_time_;
    batch_log_ += growth;
    batch_time_ += pending_time_;
    pending_time_ = 0.0;
    steps_since_renorm_ = 0;
    ++renorms_;
    if (++batch_count_ >= config_.batch) {
      const double rate = batch_log_ / batch_time_;
      ++batches_;
      const double d = rate - batch_mean_;
      batch_mean_ += d / static_cast<double>(batches_);
      batch_m2_ += d * (rate - batch_mean_);
      batch_log_ = 0.0;
      batch_time_ = 0.0;
      batch_count_ = 0;
    }
  }

  LyapunovConfig config_{};
  bool initialised_ = false;
  std::uint32_t steps_since_renorm_ = 0;
  std::uint32_t batch_count_ = 0;
  double pending_time_ = 0.0;
  double log_sum_ = 0.0, time_ = 0.0, batch_log_ = 0.0, batch_time_ = 0.0;
  double batch_mean_ = 0.0, batch_m2_ = 0.0;
  std::uint64_t renorms_ = 0, batches_ = 0;

  State delta_ = detail::zeros<State>();
  State k1_ = detail::zeros<State>();
  State phi_ = detail::zeros<State>();
  State k_ = detail::zeros<State>();
  State phi_stage_ = detail::zeros<State>();
  State xs_ = detail::zeros<State>();
  State slope_ = detail::zeros<State>();
  State next_ = detail::zeros<State>();
  State dslope_ = detail::zeros<State>();
  State ds_ = detail::zeros<State>();
  State dk_ = detail::zeros<State>();
  State scratch_ = detail::zeros<State>();
  Input u0_ = detail::zeros<Input>();
};

}  // namespace edgechaos
