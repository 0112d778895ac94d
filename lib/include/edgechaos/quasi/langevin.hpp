/// \file
/// Langevin sampling of the quasi-potential (PHYSICS.md sections 5 and 6):
///   x <- x - dt grad E(x) + sqrt(2 dt / beta) xi,   xi ~ N(0, I),
/// whose stationary density is exp(-beta E) / Z (up to O(dt) discretisation error).
/// R replicas share one J and each has its own noise stream; beta is raised geometrically
/// from beta0 to beta over `anneal_steps`, then `measure_steps` steps are measured at beta.
///
/// \verbatim
/// Streaming estimates (means over steps and replicas, standard errors from `blocks` block
/// means): <E>/N, <|x|^2>/N, q = <phi(x^a)^2>, Q = <phi(x^a) phi(x^b)> (a != b), the
/// fluctuation beta (q - Q), and - when field > 0 - the response measured directly:
/// each replica has two shadow copies run with the same noise in the energies
/// E -/+ h sum_i s_i phi(x_i), and response = (1/N) sum_i s_i (<phi_i>_+h - <phi_i>_-h) / (2h).
/// Common noise makes the finite difference cheap in variance.
/// The fields of the replica theory (theory/replica.hpp, PHYSICS.md section 6) are measured too,
/// with the same names: e_v = <|v|^2>/(2N); sigma_xphi = (1/N) sum_i (<x_i phi_i> - <x_i><phi_i>),
/// the thermal x-phi covariance (the second term from pairs of replicas a != b); and the
/// response overlaps r = -sqrt(beta) <v^a . phi^a>/N, R = -sqrt(beta) <v^a . phi^b>/N (a != b).
/// (With exp(-beta |v|^2/2) = Int dxhat exp(-xhat^2/(2 beta) + i xhat v), a shift v -> v + e
/// gives <i xhat_i> = -beta <v_i> and d<phi_i>/de_i = -beta Cov(phi_i, v_i), so the theory's
/// r = -i <xhat phi>/sqrt(beta)-scaled overlaps are these exact averages of the measure; the
/// relation sigma_xphi = (r - R)(1 + beta g^2 (q - Q)(1 + gamma))/sqrt(beta) is then a test
/// of the replica theory, not an identity of the sampler.) In equilibrium
///   response = beta (1/N) s^T Cov(phi) s = beta (q - Q) + (1/N) sum_{i != j} s_i s_j beta Cov_ij;
/// the cross term averages to zero over random sign patterns (FieldPattern::random_signs,
/// one pattern per replica) and, for uniform s, over J's sign symmetry; at finite N it is
/// O(N^-1/2) per pattern. So fluctuation = response (fluctuation-dissipation) checks that
/// the sampler samples exp(-beta E).
/// \endverbatim
///
/// Stability: explicit Euler on E needs dt < 2 / lambda_max(Hessian) ~ 2 / (sigma_max(M)^2 + 2 eta),
/// M = -I + J diag(phi'(x)). configure() estimates sigma_max(M) at x = 0 by power iteration
/// on M^T M (estimate_sigma_max: from below, so the check rejects surely unstable steps but
/// is no guarantee near the bound; dt <= 1 / sigma_max^2 is the comfortable choice) and
/// returns Status::step_too_large when dt (sigma^2 + 2 eta) >= 2.
///
/// The normal stream (initial states and noise) is the template parameter Normal:
/// NormalStream (version 1, the default) or FloatNormalStream (version 2, single precision:
/// on an M4F the noise then costs a few instructions a variate instead of about 1300).
///
/// Shared J (template parameter BatchFrom, default kBatchReplicasFrom): in a network of at
/// least BatchFrom neurons the R replicas of each copy are advanced as one batch, J read
/// once for the R products with J (models/ensemble.hpp) and once for the R products with
/// J^T (detail::batch_matvec_transposed), the noise of all replicas drawn first. Each
/// replica gets the same operations in the same order as alone, so the trajectories and
/// the estimates are bit-identical with and without the batch
/// (tests/quasi/test_langevin.cpp); only the time and the memory differ.
///
/// Memory is fixed: 6R state vectors (copies and their next values) plus R sign patterns
/// and five work vectors (gradient, noise, sums of phi, x and v over replicas); batched,
/// five batches of R state vectors more (states, v, phi, J^T v and the noise) where a
/// batch can run (N >= BatchFrom, or N dynamic).
/// A failed step leaves every copy and every noise stream as it was.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "edgechaos/core/checks.hpp"
#include "edgechaos/core/progress.hpp"
#include "edgechaos/core/float_normal.hpp"
#include "edgechaos/core/config.hpp"
#include "edgechaos/detail/matvec_transposed.hpp"
#include "edgechaos/detail/workspace.hpp"
#include "edgechaos/models/ensemble.hpp"
#include "edgechaos/quasi/quasi_potential.hpp"
#include "edgechaos/core/random.hpp"
#include "edgechaos/core/running_stats.hpp"
#include "edgechaos/core/status.hpp"

namespace edgechaos {

/// The signs s of the response field h s_i: all +1 (uniform) or one random +-1 pattern
/// per replica (random_signs, which averages the cross term out; see the file comment).
enum class FieldPattern : std::uint8_t { uniform, random_signs };

/// LangevinSampler's BatchFrom that never batches.
inline constexpr int kNeverBatch = std::numeric_limits<int>::max();
/// The size from which LangevinSampler batches its replicas by default (see the file
/// comment). Hosts: N >= 256, where one pass over J for R = 8 replicas measured faster
/// than R passes (x86-64, tests/quasi/bench_langevin, docs/quasi.md: 0.87-0.95x the time
/// per replica at N = 256, 0.54-0.65x at N = 1024 where J leaves L2; below 256 the
/// batch's copies cost about what J's reloads from cache save, 0.97-1.16x). Cortex-M:
/// never; those cores read J without a data cache to save (the M7's excepted), so a batch
/// would only cost RAM.
#if defined(__ARM_ARCH_PROFILE) && __ARM_ARCH_PROFILE == 'M'
inline constexpr int kBatchReplicasFrom = kNeverBatch;
#else
inline constexpr int kBatchReplicasFrom = 256;
#endif

/// The schedule and measurement of a LangevinSampler run.
struct LangevinConfig {
  Scalar beta = 100.0f;               ///< final inverse temperature
  Scalar beta0 = 1.0f;                ///< annealing starts here (geometric schedule)
  Scalar dt = 0.01f;                  ///< Euler-Maruyama step
  std::uint32_t anneal_steps = 0;     ///< steps from beta0 to beta (0: start at beta)
  std::uint32_t measure_steps = 10000;  ///< measured steps at beta (0 or >= blocks)
  std::uint32_t blocks = 20;          ///< measurement blocks for the standard errors
  Scalar eta = 0.0f;                  ///< optional confinement eta |x|^2 in E
  Scalar field = 0.0f;                ///< h of the response copies; 0 switches them off
  FieldPattern pattern = FieldPattern::random_signs;  ///< the signs of the response field
  Scalar init_scale = 1.0f;           ///< initial x_i ~ N(0, init_scale^2)
  std::uint64_t seed = 1u;            ///< initial states, sign patterns and noise
  int power_iterations = 30;          ///< for the stability estimate
};

/// The domain of every field: invalid_argument for the first one outside it.
inline Status validate(const LangevinConfig& c) {
  return first_error(require(is_positive(c.beta)), require(is_positive(c.beta0)), require(is_positive(c.dt)),
                     require(is_non_negative(c.eta)), require(is_non_negative(c.field)),
                     require(is_non_negative(c.init_scale)), require(c.blocks >= 1),
                     require(c.measure_steps == 0 || c.measure_steps >= c.blocks), require(c.power_iterations >= 1));
}

/// What LangevinSampler::run measured (the estimates are defined in the file comment).
struct LangevinResult {
  /// Means over the measurement (steps x replicas) and their standard errors (block means).
  double energy_per_neuron = 0, x2 = 0, q = 0, Q = 0, fluctuation = 0, response = 0;
  double energy_err = 0, x2_err = 0, q_err = 0, Q_err = 0, fluctuation_err = 0, response_err = 0;
  /// The replica theory's fields (same names as `edgechaos theory replica`), with errors.
  double e_v = 0, sigma_xphi = 0, r = 0, R = 0;
  double e_v_err = 0, sigma_xphi_err = 0, r_err = 0, R_err = 0;
  double sigma_max = 0;       ///< the stability estimate used for the dt check
  std::uint64_t steps = 0;    ///< steps done (annealing + measurement)
  Status status = Status::ok;  ///< the run's status (also returned by run())

  // One line per name of the grouped declarations above (Doxygen documents a group's first).
  /// \var x2
  /// mean |x|^2 / N
  /// \var q
  /// q: mean phi(x^a)^2 / N, the self-overlap
  /// \var Q
  /// Q: the mean over pairs a != b of phi(x^a)^T phi(x^b) / N
  /// \var fluctuation
  /// beta (q - Q)
  /// \var response
  /// the response to the field, measured by the shadow copies (0 when field = 0)
  /// \var energy_err
  /// standard error of energy_per_neuron
  /// \var x2_err
  /// standard error of x2
  /// \var q_err
  /// standard error of q
  /// \var Q_err
  /// standard error of Q
  /// \var fluctuation_err
  /// standard error of fluctuation
  /// \var response_err
  /// standard error of response
  /// \var e_v
  /// mean |v|^2 / (2N)
  /// \var sigma_xphi
  /// the thermal x-phi covariance per neuron
  /// \var r
  /// -sqrt(beta) times the mean of v(x^a)^T phi(x^a) / N
  /// \var R
  /// -sqrt(beta) times the mean over pairs a != b of v(x^a)^T phi(x^b) / N
  /// \var e_v_err
  /// standard error of e_v
  /// \var sigma_xphi_err
  /// standard error of sigma_xphi
  /// \var r_err
  /// standard error of r
  /// \var R_err
  /// standard error of R
};

/// Langevin sampling of exp(-beta E) for the model \p Net with \p R replicas (and, when
/// field > 0, two response copies of each), the measured sums kept in \p Real, the normal
/// variates from \p Normal, the replicas batched over one J in networks of at least
/// \p BatchFrom neurons (see the file comment).
template <class Net, int R, class Real = double, class Normal = NormalStream, int BatchFrom = kBatchReplicasFrom>
class LangevinSampler {
  static_assert(R >= 2, "LangevinSampler: Q needs at least two replicas");
  static_assert(BatchFrom >= 1, "LangevinSampler: BatchFrom is a size (kNeverBatch for never)");
  // A batch can run: the size is fixed and large enough, or chosen at run time.
  static constexpr bool kMayBatch = Net::kNeurons == Dynamic || Net::kNeurons >= BatchFrom;

 public:
  using State = typename Net::State;  ///< The model's state vector.
  using Input = typename Net::Input;  ///< The model's input vector.
  static constexpr int kReplicas = R;  ///< R
  static constexpr int kBatchFrom = BatchFrom;  ///< BatchFrom

  /// Validates c, checks dt against the stability estimate, draws the initial states and
  /// sign patterns and seeds the noise. Nothing changes unless it returns ok:
  /// Status::invalid_argument for an unbound model or a field of c outside its domain,
  /// Status::step_too_large when dt (sigma_max^2 + 2 eta) >= 2, or the estimate's status.
  Status configure(const Net& net, const LangevinConfig& c) {
    Status s = first_error(require(net.bound()), validate(c));
    if (s != Status::ok) return s;
    const Index n = net.size();
    for (State* w : {&grad_, &xi_, &sum_phi_, &sum_x_, &sum_v_}) detail::fit(*w, n);
    Scalar sigma = 0.0f;
    s = estimate_sigma_max(net, c.power_iterations, sigma, grad_, xi_);
    if (s != Status::ok) return s;
    if (c.dt * (sigma * sigma + 2.0f * c.eta) >= 2.0f) return Status::step_too_large;
    if (qp_.set_eta(c.eta) != Status::ok) return Status::invalid_argument;

    config_ = c;
    sigma_ = sigma;
    for (auto& w : x_) detail::fit(w, n);
    for (auto& w : next_) detail::fit(w, n);
    for (auto& w : sign_) detail::fit(w, n);
    SplitMix64 mix(c.seed ^ 0x243F6A8885A308D3ull);
    Normal init(mix.next());
    Xoshiro128pp signs(mix.next());
    for (int a = 0; a < R; ++a) {
      for (Index i = 0; i < n; ++i) x_[a][i] = c.init_scale * init.next();
      x_[R + a] = x_[a];
      x_[2 * R + a] = x_[a];
      for (Index i = 0; i < n; ++i) {
        sign_[a][i] = (c.pattern == FieldPattern::uniform || (signs.next_u32() >> 31) == 0u) ? 1.0f : -1.0f;
      }
      noise_[static_cast<std::size_t>(a)].reseed(mix.next());
    }
    configured_ = true;
    return Status::ok;
  }

  /// One Euler-Maruyama step of every copy at inverse temperature beta. On failure every
  /// copy and noise stream is as before: Status::invalid_argument before configure() or
  /// for a beta that is not positive, Status::size_mismatch, Status::non_finite_input for
  /// a non-finite u, Status::non_finite_result when a copy would leave the finite range.
  Status step(const Net& net, const Input& u, Scalar beta) { return advance(net, u, beta, nullptr); }
  /// step() with u = 0 (networks without inputs).
  Status step(const Net& net, Scalar beta) {
    detail::fit(u0_, net.inputs());
    return step(net, u0_, beta);
  }

  /// Annealing then measurement with the configured schedule, into \p out (its status is
  /// the one returned: Status::invalid_argument before configure(), else the first failing
  /// step's, the copies then at the state before that step). \p on_step() is called after
  /// every committed step (a watchdog kick on a device; the Python binding polls Ctrl-C
  /// there and unwinds by throwing, which leaves the copies at their last committed step).
  template <class OnStep = NoProgress>
  Status run(const Net& net, const Input& u, LangevinResult& out, OnStep&& on_step = OnStep{}) {
    out = LangevinResult{};
    out.sigma_max = static_cast<double>(sigma_);
    if (!configured_) return out.status = Status::invalid_argument;
    const LangevinConfig& c = config_;
    const double ratio = std::log(static_cast<double>(c.beta) / static_cast<double>(c.beta0));
    for (std::uint32_t k = 0; k < c.anneal_steps; ++k) {
      const double frac = static_cast<double>(k) / static_cast<double>(c.anneal_steps);
      const Scalar beta = static_cast<Scalar>(static_cast<double>(c.beta0) * std::exp(frac * ratio));
      const Status s = advance(net, u, beta, nullptr);
      if (s != Status::ok) return out.status = s;
      ++out.steps;
      on_step();
    }
    RunningStats<10, Real> blocks;
    const std::uint32_t per_block = c.blocks > 0 ? c.measure_steps / c.blocks : 0;
    for (std::uint32_t b = 0; b < c.blocks && per_block > 0; ++b) {
      Sums sums;
      for (std::uint32_t k = 0; k < per_block; ++k) {
        const Status s = advance(net, u, c.beta, &sums);
        if (s != Status::ok) return out.status = s;
        ++out.steps;
        on_step();
      }
      const Real inv = Real(1) / static_cast<Real>(per_block);
      typename RunningStats<10, Real>::Values v;
      const Real sb = std::sqrt(static_cast<Real>(c.beta));
      v << sums.energy * inv, sums.x2 * inv, sums.q * inv, sums.Q * inv,
          static_cast<Real>(c.beta) * (sums.q - sums.Q) * inv, sums.response * inv, sums.speed * inv,
          (sums.xphi - sums.xphi_ab) * inv, -sb * sums.vphi * inv, -sb * sums.vphi_ab * inv;
      blocks.add(v);
    }
    const auto mean = blocks.mean();
    const Real count = static_cast<Real>(blocks.count());
    typename RunningStats<10, Real>::Values err = (blocks.variance() / (count > 0 ? count : Real(1))).sqrt();
    out.energy_per_neuron = static_cast<double>(mean[0]);
    out.x2 = static_cast<double>(mean[1]);
    out.q = static_cast<double>(mean[2]);
    out.Q = static_cast<double>(mean[3]);
    out.fluctuation = static_cast<double>(mean[4]);
    out.response = static_cast<double>(mean[5]);
    out.energy_err = static_cast<double>(err[0]);
    out.x2_err = static_cast<double>(err[1]);
    out.q_err = static_cast<double>(err[2]);
    out.Q_err = static_cast<double>(err[3]);
    out.fluctuation_err = static_cast<double>(err[4]);
    out.response_err = static_cast<double>(err[5]);
    out.e_v = static_cast<double>(mean[6]);
    out.sigma_xphi = static_cast<double>(mean[7]);
    out.r = static_cast<double>(mean[8]);
    out.R = static_cast<double>(mean[9]);
    out.e_v_err = static_cast<double>(err[6]);
    out.sigma_xphi_err = static_cast<double>(err[7]);
    out.r_err = static_cast<double>(err[8]);
    out.R_err = static_cast<double>(err[9]);
    return out.status = Status::ok;
  }
  /// run() with u = 0 (networks without inputs).
  template <class OnStep = NoProgress>
  Status run(const Net& net, LangevinResult& out, OnStep&& on_step = OnStep{}) {
    detail::fit(u0_, net.inputs());
    return run(net, u0_, out, on_step);
  }

  /// Replica a (0 <= a < R, unchecked) at zero field.
  const State& replica(int a) const { return x_[static_cast<std::size_t>(a)]; }
  /// Sets replica a and its response copies to x. Status::invalid_argument for a outside
  /// 0..R-1, Status::size_mismatch before configure() or for another size,
  /// Status::non_finite_input; nothing changes then.
  Status set_replica(int a, const State& x) {
    const Status s = first_error(require(in_range(a, 0, R - 1)),
                                 require(configured_ && x.size() == x_[0].size(), Status::size_mismatch),
                                 require(all_finite(x), Status::non_finite_input));
    if (s != Status::ok) return s;
    x_[static_cast<std::size_t>(a)] = x;
    x_[static_cast<std::size_t>(R + a)] = x;
    x_[static_cast<std::size_t>(2 * R + a)] = x;
    return Status::ok;
  }
  /// The field pattern s of replica a (+-1 entries; all 1 for FieldPattern::uniform).
  const State& pattern(int a) const { return sign_[static_cast<std::size_t>(a)]; }
  Scalar sigma_max() const { return sigma_; }               ///< The estimate configure() checked dt against.
  const LangevinConfig& config() const { return config_; }  ///< The configuration in use.

 private:
  struct Sums {  // accumulated over one block, each term already averaged over replicas
    Real energy = 0, x2 = 0, q = 0, Q = 0, response = 0;
    Real speed = 0, xphi = 0, xphi_ab = 0, vphi = 0, vphi_ab = 0;  // |v|^2/2, x.phi, v.phi (a = b, a != b)
  };

  // Per-step accumulators of the measured sums (Real), before the averages over replicas.
  struct StepSums {
    Real energy = 0, x2 = 0, q = 0, speed = 0, xphi = 0, vphi = 0;
    std::array<Real, 2 * R> proj{};  // phi . s of the response copies, +h then -h per replica
  };

  Field<State> field_of(int k, int a) const {
    Field<State> field;
    field.h = k == 0 ? 0.0f : (k == 1 ? config_.field : -config_.field);
    field.pattern = &sign_[static_cast<std::size_t>(a)];
    return field;
  }

  Status advance(const Net& net, const Input& u, Scalar beta, Sums* sums) {
    const Status valid = first_error(require(configured_ && is_positive(beta)),
                                     require(u.size() == net.inputs() && net.size() == x_[0].size(), Status::size_mismatch),
                                     require(all_finite(u), Status::non_finite_input));
    if (valid != Status::ok) return valid;
    const Index n = net.size();
    const Scalar amplitude = std::sqrt(2.0f * config_.dt / beta);
    const bool response = config_.field > 0.0f;
    const int copies = response ? 3 : 1;
    saved_noise_ = noise_;
    acc_ = StepSums{};
    if (sums) {
      sum_phi_.setZero();
      sum_x_.setZero();
      sum_v_.setZero();
    }
    const Status s = advance_replicas(net, u, n, amplitude, copies, sums != nullptr);
    if (s != Status::ok) {
      noise_ = saved_noise_;
      return s;
    }
    for (int c = 0; c < copies * R; ++c) x_[static_cast<std::size_t>(c)] = next_[static_cast<std::size_t>(c)];
    if (sums) add_step(acc_, n, response, *sums);
    return Status::ok;
  }

  // Every copy's proposal into next_ (and its sums into acc_): batched from BatchFrom on.
  Status advance_replicas(const Net& net, const Input& u, Index n, Scalar amplitude, int copies, bool measure) {
    if constexpr (kMayBatch) {
      if (n >= BatchFrom) return advance_batch(net, u, n, amplitude, copies, measure);
    }
    return advance_each(net, u, n, amplitude, copies, measure);
  }

  // The replicas of each copy kind as one batch over J (kMayBatch only): the noise of every
  // replica first (each stream is its own, so no variate changes), then per copy kind one
  // batch of R states through both products, then each copy's gradient and proposal.
  Status advance_batch(const Net& net, const Input& u, Index n, Scalar amplitude, int copies, bool measure) {
    for (auto* w : {&batch_.x, &batch_.v, &batch_.phi, &batch_.jtv, &batch_.xi}) detail::fit(*w, n * R);
    for (int a = 0; a < R; ++a) {
      Normal& stream = noise_[static_cast<std::size_t>(a)];
      for (Index i = 0; i < n; ++i) batch_.xi[a * n + i] = amplitude * stream.next();
    }
    const Ensemble<Net, R> ensemble(net);
    for (int k = 0; k < copies; ++k) {
      for (int a = 0; a < R; ++a) {
        const State& x = x_[static_cast<std::size_t>(k * R + a)];
        for (Index i = 0; i < n; ++i) batch_.x[a * n + i] = x[i];
      }
      ensemble.velocity(batch_.x, u, batch_.v, batch_.phi);
      detail::batch_matvec_transposed<R, Net::kNeurons>(net.couplings().data(), batch_.v.data(), batch_.jtv.data(), n);
      for (int a = 0; a < R; ++a) {
        for (Index i = 0; i < n; ++i) xi_[i] = batch_.xi[a * n + i];
        Status s = qp_.gradient_from_products(x_[static_cast<std::size_t>(k * R + a)], batch_.v.data() + a * n,
                                              batch_.phi.data() + a * n, batch_.jtv.data() + a * n, grad_,
                                              field_of(k, a));
        if (s == Status::ok) s = propose(k, a, measure);
        if (s != Status::ok) return s;
      }
    }
    return Status::ok;
  }

  // One replica at a time, its noise then each of its copies through QuasiPotential::gradient.
  Status advance_each(const Net& net, const Input& u, Index n, Scalar amplitude, int copies, bool measure) {
    for (int a = 0; a < R; ++a) {
      Normal& stream = noise_[static_cast<std::size_t>(a)];
      for (Index i = 0; i < n; ++i) xi_[i] = amplitude * stream.next();
      for (int k = 0; k < copies; ++k) {
        Status s = qp_.gradient(net, x_[static_cast<std::size_t>(k * R + a)], u, grad_, field_of(k, a));
        if (s == Status::ok) s = propose(k, a, measure);
        if (s != Status::ok) return s;
      }
    }
    return Status::ok;
  }

  // next = x - dt grad + xi for copy k of replica a, from the gradient qp_ just evaluated
  // (grad_, and v, phi in qp_), and that copy's part of the measured sums.
  EDGECHAOS_INLINE Status propose(int k, int a, bool measure) {
    StepSums& acc = acc_;  // the step's sums (a member: see acc_)
    const std::size_t c = static_cast<std::size_t>(k * R + a);
    next_[c] = x_[c] - config_.dt * grad_ + xi_;
    if (!all_finite(next_[c])) return Status::non_finite_result;
    if (!measure) return Status::ok;
    const State& phi = qp_.phi();
    if (k == 0) {
      acc.energy += static_cast<Real>(qp_.last_energy());
      acc.x2 += static_cast<Real>(x_[c].squaredNorm());
      acc.q += static_cast<Real>(phi.squaredNorm());
      sum_phi_ += phi;
      const State& v = qp_.velocity();
      acc.speed += Real(0.5) * static_cast<Real>(v.squaredNorm());
      acc.xphi += static_cast<Real>(x_[c].dot(phi));
      acc.vphi += static_cast<Real>(v.dot(phi));
      sum_x_ += x_[c];
      sum_v_ += v;
    } else {
      acc.proj[static_cast<std::size_t>(2 * a + k - 1)] = static_cast<Real>(phi.dot(sign_[static_cast<std::size_t>(a)]));
    }
    return Status::ok;
  }

  // One measured step into the block's sums, each averaged over the replicas.
  void add_step(const StepSums& acc, Index n, bool response, Sums& sums) const {
    const Real inv_n = Real(1) / static_cast<Real>(n);
    const Real inv_r = Real(1) / Real(R);
    sums.energy += acc.energy * inv_r * inv_n;
    sums.x2 += acc.x2 * inv_r * inv_n;
    sums.q += acc.q * inv_r * inv_n;
    // sum_{a != b} phi_a . phi_b = |sum_a phi_a|^2 - sum_a |phi_a|^2
    sums.Q += (static_cast<Real>(sum_phi_.squaredNorm()) - acc.q) * inv_n / Real(R * (R - 1));
    sums.speed += acc.speed * inv_r * inv_n;
    sums.xphi += acc.xphi * inv_r * inv_n;
    sums.vphi += acc.vphi * inv_r * inv_n;
    // sum_{a != b} u_a . phi_b = (sum_a u_a) . (sum_b phi_b) - sum_a u_a . phi_a
    sums.xphi_ab += (static_cast<Real>(sum_x_.dot(sum_phi_)) - acc.xphi) * inv_n / Real(R * (R - 1));
    sums.vphi_ab += (static_cast<Real>(sum_v_.dot(sum_phi_)) - acc.vphi) * inv_n / Real(R * (R - 1));
    if (response) {
      // phi_+ enters with +, phi_- with -: their difference, projected on s, summed in
      // replica order (the same sum batched or not)
      Real resp = 0;
      for (int a = 0; a < R; ++a) {
        resp += acc.proj[static_cast<std::size_t>(2 * a)];
        resp += -acc.proj[static_cast<std::size_t>(2 * a + 1)];
      }
      sums.response += resp * inv_r * inv_n / (Real(2) * static_cast<Real>(config_.field));
    }
  }

  // The batches of the shared-J path: R state vectors each (member a at a * n).
  struct Batch {
    using Vec = typename Ensemble<Net, R>::State;
    Vec x = detail::zeros<Vec>(), v = detail::zeros<Vec>(), phi = detail::zeros<Vec>(), jtv = detail::zeros<Vec>(),
        xi = detail::zeros<Vec>();
  };
  struct NoBatch {};

  LangevinConfig config_{};
  bool configured_ = false;
  Scalar sigma_ = 0.0f;
  QuasiPotential<Net> qp_;
  std::array<State, 3 * R> x_{};
  std::array<State, 3 * R> next_{};
  std::array<State, R> sign_{};
  std::array<Normal, R> noise_;
  State grad_ = detail::zeros<State>();
  State xi_ = detail::zeros<State>();
  State sum_phi_ = detail::zeros<State>();
  State sum_x_ = detail::zeros<State>();
  State sum_v_ = detail::zeros<State>();
  Input u0_ = detail::zeros<Input>();
  // Members, not stack locals of advance(): the step's stack budget (docs/worst_case.md).
  std::array<Normal, R> saved_noise_;  // the streams before the step, for the rollback
  StepSums acc_{};
  std::conditional_t<kMayBatch, Batch, NoBatch> batch_{};
};

}  // namespace edgechaos
