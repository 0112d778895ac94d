/// \file
/// Euler-Maruyama for the noisy network dx = v dt + sigma dW:
///   x <- x + dt v(x, u) + sigma sqrt(dt) xi,   xi ~ N(0, I)   (PHYSICS.md section 1)
/// Euler's stages plus a noise hook. The hook owns its seeded normal stream, so a run is
/// reproducible from (J seed, noise seed); a failed step restores the stream too.
/// The stream is a template parameter: NormalStream (version 1, double arithmetic, the
/// default: every published hash) or FloatNormalStream (version 2, float ziggurat: on a
/// single-precision FPU the noise costs a few instructions a variate instead of about 1300).
#pragma once

#include <cmath>
#include <cstdint>

#include "edgechaos/core/checks.hpp"
#include "edgechaos/core/float_normal.hpp"
#include "edgechaos/core/random.hpp"
#include "edgechaos/steppers/schemes.hpp"
#include "edgechaos/steppers/stepper.hpp"

namespace edgechaos {

/// The noise of EulerMaruyama: amplitude and seed.
struct NoiseConfig {
  Scalar sigma = 0.0f;      ///< noise amplitude: x += sigma sqrt(dt) xi per step
  std::uint64_t seed = 1u;  ///< the normal stream's seed
};

/// Status::invalid_argument unless 0 <= sigma <= kMaxParameter.
inline Status validate(const NoiseConfig& c) { return require(is_non_negative(c.sigma)); }

/// The noise hook: the increment sigma sqrt(dt) xi of one step, drawn before the stages
/// from its own seeded normal stream \p Normal (restored when the step fails).
template <class State, class Normal = NormalStream>
class WhiteNoise : public NoHook {
 public:
  // A hook overrides the NoHook default it changes (a compile-time trait, not a data member).
  // cppcheck-suppress duplInheritedMember
  static constexpr bool kNoise = true;  ///< noise() is added to x_next

  /// A constructor cannot report: an invalid sigma falls back to 0 (configure() says why).
  explicit WhiteNoise(Scalar sigma = 0.0f, std::uint64_t seed = 1u) : normal_(seed), saved_(seed) {
    if (set_sigma(sigma) != Status::ok) sigma_ = 0.0f;
  }
  /// Sets sigma and restarts the stream from the seed; nothing changes on failure
  /// (Status::invalid_argument unless 0 <= sigma <= kMaxParameter).
  Status configure(const NoiseConfig& c) {
    const Status s = validate(c);
    if (s != Status::ok) return s;
    sigma_ = c.sigma;
    normal_.reseed(c.seed);
    return Status::ok;
  }
  /// Sets sigma, keeping the stream; Status::invalid_argument (and no change) for a
  /// \p sigma outside [0, kMaxParameter].
  Status set_sigma(Scalar sigma) {
    if (!is_non_negative(sigma)) return Status::invalid_argument;
    sigma_ = sigma;
    return Status::ok;
  }
  Scalar sigma() const { return sigma_; }                    ///< The noise amplitude.
  void reseed(std::uint64_t seed) { normal_.reseed(seed); }  ///< Restarts the stream from \p seed.

  /// Draws this step's increment (saving the stream for rollback); never fails.
  template <class Net>
  Status begin(const Net&, Index n, Scalar dt) {
    detail::fit(noise_, n);
    saved_ = normal_;
    const Scalar amplitude = sigma_ * std::sqrt(dt);
    for (Index i = 0; i < n; ++i) noise_[i] = amplitude * normal_.next();
    return Status::ok;
  }
  const State& noise() const { return noise_; }  ///< This step's increment.
  void rollback() { normal_ = saved_; }          ///< The stream as before begin().

 private:
  Scalar sigma_ = 0.0f;
  Normal normal_;
  Normal saved_;
  State noise_ = detail::zeros<State>();
};

/// Euler-Maruyama for the flow model \p Net: the Euler stepper with a WhiteNoise hook
/// drawing from \p Normal (NormalStream or FloatNormalStream, see the file comment).
/// Reproducible from (J seed, noise seed); a failed step restores the noise stream.
template <class Net, class Normal = NormalStream>
class EulerMaruyama : public Stepper<Net, EulerScheme, WhiteNoise<typename Net::State, Normal>> {
  using Base = Stepper<Net, EulerScheme, WhiteNoise<typename Net::State, Normal>>;

 public:
  /// An invalid \p sigma falls back to 0 (a constructor cannot report; use configure()).
  explicit EulerMaruyama(Scalar sigma = 0.0f, std::uint64_t seed = 1u) : Base(std::in_place, sigma, seed) {}
  /// From a NoiseConfig; an invalid sigma falls back to 0.
  explicit EulerMaruyama(const NoiseConfig& c) : Base(std::in_place, c.sigma, c.seed) {}

  /// See WhiteNoise::configure (Status::invalid_argument, nothing changed).
  Status configure(const NoiseConfig& c) { return this->hook().configure(c); }
  /// See WhiteNoise::set_sigma (Status::invalid_argument, nothing changed).
  Status set_sigma(Scalar sigma) { return this->hook().set_sigma(sigma); }
  Scalar sigma() const { return this->hook().sigma(); }           ///< The noise amplitude.
  void reseed(std::uint64_t seed) { this->hook().reseed(seed); }  ///< Restarts the noise stream.
};

/// Euler-Maruyama with the single-precision noise stream (FloatNormalStream, version 2).
template <class Net>
using EulerMaruyamaF32 = EulerMaruyama<Net, FloatNormalStream>;

}  // namespace edgechaos
