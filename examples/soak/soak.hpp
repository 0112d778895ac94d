// The soak run (issue 16 item 1), shared by the host program (examples/soak/main.cpp) and
// the firmware image (examples/firmware/soak): long runs of each regime with the energy
// monitor watching, checked every chunk against a double-precision recomputation of the
// same samples. No clock, no file, no printing here: a run hands each chunk's Chunk to the
// caller's sink, which prints it (and the host adds the time).
//
// Regimes (J from generate_couplings, Euler or Euler-Maruyama at dt = 0.1, tanh):
//   null       g = 0.5: decays to x = 0 (the monitor must see the fixed point)
//   chaotic    g = 2
//   symmetric  g = 2, gamma = 1: settles. A symmetric J gives the flow a Lyapunov function
//              (Cohen-Grossberg / Hopfield), so every trajectory ends at a fixed point,
//              here a non-zero one (g > 1), after a transient
//   noisy      g = 1.5, Euler-Maruyama, sigma = 0.3
//   rls        a driven reservoir (g = 1.5, one input u ~ N(0, 1) per step, W_in ~ N(0, 1))
//              with Rls running online on a task with a known answer: y = w* . f for a
//              fixed w* (seeded), f = (x_0 .. x_{F-2}, 1). RLS must converge to W = w*.
//
// What each chunk checks:
//   - steps that failed (a status other than ok) and non-finite state components;
//   - the monitor's four means (float, compensated: core/running_stats.hpp) against the
//     mean of the same float samples accumulated in double (a plain sum: its own error is
//     at most n u_double ~ 1e-8 relative at 10^8 steps, far below float's u = 6e-8), and
//     the stated bound B = u |m| + (K + 7) u S + ((n / K + 1) / 2) u^2 |m| (u = 2^-24,
//     K = RunningStats::kBlock, S = max - min from the monitor's own min/max); the drift of a
//     plain float Welford mean (the update before issue 16) alongside, to show the fix;
//   - on the host (kVariance), the monitor's variances against a double Welford;
//   - RLS: P symmetric positive definite by a Cholesky factorisation (LLT) of a copy in
//     SpdReal (double on the host, float on the device); P is stored as one triangle, so
//     it is symmetric by construction; the trainer's own refusals (not_positive_definite,
//     non_finite_result) are counted; |W - w*| / |w*| and the a-priori error's RMS.
#pragma once

#include <cmath>
#include <cstdint>

#include <Eigen/Cholesky>
#include <Eigen/Core>

#include "edgechaos/edgechaos.hpp"

namespace soak {

namespace ec = edgechaos;

enum class Regime { null, chaotic, symmetric, noisy, rls };
constexpr int kRegimes = 5;

struct RegimeSpec {
  const char* name;
  float g;
  float gamma;
  float sigma;  // Euler-Maruyama's noise (0: plain Euler)
};

inline RegimeSpec spec(Regime r) {
  switch (r) {
    case Regime::null: return {"null", 0.5f, 0.0f, 0.0f};
    case Regime::chaotic: return {"chaotic", 2.0f, 0.0f, 0.0f};
    case Regime::symmetric: return {"symmetric", 2.0f, 1.0f, 0.0f};
    case Regime::noisy: return {"noisy", 1.5f, 0.0f, 0.3f};
    case Regime::rls: break;
  }
  return {"rls", 1.5f, 0.0f, 0.0f};
}

constexpr float kDt = 0.1f;
constexpr double kU = 1.0 / 16777216.0;  // unit roundoff of float, 2^-24

// Seeds of a regime's run from the run seed: couplings, initial state, noise, input, w*.
inline std::uint64_t seed_of(std::uint64_t run_seed, Regime r, int what) {
  return run_seed * 1000u + static_cast<std::uint64_t>(r) * 10u + static_cast<std::uint64_t>(what);
}

// One chunk's report (cumulative over the run so far).
struct Chunk {
  const char* regime = "";
  int n = 0;
  std::uint64_t steps = 0;            // steps taken so far
  std::uint64_t failed_steps = 0;     // steps whose status was not ok
  std::uint64_t non_finite = 0;       // non-finite state components seen at chunk ends
  float mean[4] = {0, 0, 0, 0};       // the monitor's means (Channel order)
  double ref_mean[4] = {0, 0, 0, 0};  // the double recomputation
  double drift[4] = {0, 0, 0, 0};     // |mean - ref_mean|
  double bound[4] = {0, 0, 0, 0};     // the stated bound B
  double plain_drift[4] = {0, 0, 0, 0};  // |plain float Welford mean - ref_mean|
  double var_rel[4] = {0, 0, 0, 0};      // |var - ref var| / ref var (kVariance only)
  double plain_var_rel[4] = {0, 0, 0, 0};
  bool at_fixed_point = false;
  bool diverged = false;
  bool drift_ok = true;  // every drift[c] <= bound[c]
  // RLS (regime rls only)
  bool has_rls = false;
  std::int64_t rls_updates = 0;
  std::uint64_t rls_refusals = 0;  // updates refused (not_positive_definite, non_finite_result)
  bool rls_spd = true;             // LLT of P succeeded with positive pivots
  double rls_min_pivot = 0;        // smallest diagonal entry of P's Cholesky factor
  double rls_max_diag = 0;         // largest entry of P (wind-up watch)
  double rls_w_error = 0;          // |W - w*| / |w*|
  double rls_err_rms = 0;          // RMS a-priori error over this chunk
};

// The double recomputation and the plain float Welford, fed the same float samples the
// monitor takes (step_quantities<float> of the same sums).
template <bool kVariance>
struct Reference {
  static constexpr bool kWantsView = false;
  std::uint64_t n = 0;
  double sum[4] = {0, 0, 0, 0};
  double wm[4] = {0, 0, 0, 0}, wm2[4] = {0, 0, 0, 0};  // double Welford (variance)
  float pm[4] = {0, 0, 0, 0}, pm2[4] = {0, 0, 0, 0};   // plain float Welford
  double divergence_activity = 1e6;
  void operator()(const ec::StepSums& s) {
    const ec::StepQuantities<float> q = ec::step_quantities<float>(s);
    const float x[4] = {q.energy_per_neuron, q.speed, q.activity, q.phi2};
    for (float v : x)
      if (!std::isfinite(v)) return;  // the monitor skips these too
    if (static_cast<double>(x[2]) > divergence_activity) return;
    ++n;
    const float finv = 1.0f / static_cast<float>(n);
    for (int c = 0; c < 4; ++c) {
      sum[c] += static_cast<double>(x[c]);
      const float pd = x[c] - pm[c];
      pm[c] += pd * finv;
      pm2[c] += pd * (x[c] - pm[c]);
      if (kVariance) {
        const double d = static_cast<double>(x[c]) - wm[c];
        wm[c] += d / static_cast<double>(n);
        wm2[c] += d * (static_cast<double>(x[c]) - wm[c]);
      }
    }
  }
};

// P as a SpdReal matrix, factorised: true when LLT succeeds (positive pivots).
template <class SpdReal, int F, int K>
bool rls_spd(const ec::Rls<F, K>& rls, double& min_pivot) {
  Eigen::Matrix<SpdReal, F, F> p;
  for (int i = 0; i < F; ++i)
    for (int j = 0; j < F; ++j) p(i, j) = static_cast<SpdReal>(rls.p(i, j));
  const Eigen::LLT<Eigen::Matrix<SpdReal, F, F>> llt(p);
  if (llt.info() != Eigen::Success) {
    min_pivot = 0;
    return false;
  }
  const Eigen::Matrix<SpdReal, F, F> l = llt.matrixL();
  SpdReal m = l(0, 0);
  for (int i = 1; i < F; ++i) m = l(i, i) < m ? l(i, i) : m;
  min_pivot = static_cast<double>(m);
  return std::isfinite(min_pivot) && min_pivot > 0;
}

template <bool kVariance>
void fill_means(Chunk& c, const ec::EnergyMonitor<float>& mon, const Reference<kVariance>& ref) {
  const auto& st = mon.stats();
  const double n = static_cast<double>(ref.n);
  c.drift_ok = true;
  for (int k = 0; k < 4; ++k) {
    c.mean[k] = st.mean()[k];
    const double m = ref.n ? ref.sum[k] / n : 0.0;
    c.ref_mean[k] = m;
    c.drift[k] = std::fabs(static_cast<double>(c.mean[k]) - m);
    c.plain_drift[k] = std::fabs(static_cast<double>(ref.pm[k]) - m);
    const double spread = ref.n ? static_cast<double>(st.max()[k]) - static_cast<double>(st.min()[k]) : 0.0;
    const double block = ec::EnergyMonitor<float>::Stats::kBlock;
    c.bound[k] = kU * std::fabs(m) + (block + 7.0) * kU * spread + 0.5 * (n / block + 1.0) * kU * kU * std::fabs(m);
    if (!(c.drift[k] <= c.bound[k])) c.drift_ok = false;
    if (kVariance && ref.n > 1) {
      const double rv = ref.wm2[k] / (n - 1.0);
      const double pv = static_cast<double>(ref.pm2[k]) / (n - 1.0);
      const double mv = static_cast<double>(st.variance()[k]);
      c.var_rel[k] = rv > 0 ? std::fabs(mv - rv) / rv : std::fabs(mv);
      c.plain_var_rel[k] = rv > 0 ? std::fabs(pv - rv) / rv : std::fabs(pv);
    }
  }
  c.at_fixed_point = mon.at_fixed_point();
  c.diverged = mon.diverged();
}

template <int N>
std::uint64_t count_non_finite(const ec::Vector<N>& x) {
  std::uint64_t k = 0;
  for (int i = 0; i < N; ++i) k += std::isfinite(x[i]) ? 0u : 1u;
  return k;
}

// An autonomous regime (null, chaotic, symmetric, noisy) at N neurons: \p steps steps in
// chunks of \p chunk, sink(const Chunk&) after each. J lives in the caller's \p J (N * N
// floats: static on the device). Returns false if the setup failed.
template <int N, bool kVariance, class Sink>
bool run_autonomous(Regime r, std::uint64_t run_seed, std::uint64_t steps, std::uint64_t chunk, float* J,
                    Sink&& sink) {
  using Net = ec::RateNetwork<N, 0, ec::Tanh>;
  const RegimeSpec sp = spec(r);
  ec::CouplingParams cp;
  cp.g = sp.g;
  cp.gamma = sp.gamma;
  cp.seed = seed_of(run_seed, r, 1);
  if (ec::generate_couplings(cp, J, N) != ec::Status::ok) return false;
  const Net net(J);
  ec::Vector<N> x;
  if (ec::initial_state(x, 1.0f, seed_of(run_seed, r, 2)) != ec::Status::ok) return false;
  ec::EulerMaruyama<Net> em(sp.sigma, seed_of(run_seed, r, 3));
  ec::Euler<Net> euler;
  ec::EnergyMonitor<float> mon;
  Reference<kVariance> ref;
  auto both = ec::observe_all(mon, ref);
  Chunk c;
  c.regime = sp.name;
  c.n = N;
  std::uint64_t done = 0;
  while (done < steps) {
    const std::uint64_t todo = steps - done < chunk ? steps - done : chunk;
    for (std::uint64_t k = 0; k < todo; ++k) {
      const ec::Status s = sp.sigma > 0.0f ? em.step(net, x, kDt, both) : euler.step(net, x, kDt, both);
      if (s != ec::Status::ok) {
        ++c.failed_steps;
        if (s == ec::Status::non_finite_result) mon.note_failed_step();
      }
    }
    done += todo;
    c.steps = done;
    c.non_finite += count_non_finite<N>(x);
    fill_means(c, mon, ref);
    sink(static_cast<const Chunk&>(c));
  }
  return true;
}

// The driven reservoir with RLS online (regime rls): N neurons, F = the features
// (x_0 .. x_{F-2}, 1), the target y = w* . f; lambda = 0.999, alpha = 0.01, every sample.
template <int N, int F, class SpdReal, bool kVariance, class Sink>
bool run_rls(std::uint64_t run_seed, std::uint64_t steps, std::uint64_t chunk, float* J, Sink&& sink) {
  static_assert(F >= 2 && F - 1 <= N, "run_rls: F - 1 state features and a constant");
  using Net = ec::RateNetwork<N, 1, ec::Tanh>;
  using Stepper = ec::Euler<Net>;
  const Regime r = Regime::rls;
  const RegimeSpec sp = spec(r);
  ec::CouplingParams cp;
  cp.g = sp.g;
  cp.seed = seed_of(run_seed, r, 1);
  if (ec::generate_couplings(cp, J, N) != ec::Status::ok) return false;
  static float w_in[N];
  if (ec::generate_input_weights(1.0f, seed_of(run_seed, r, 4), w_in, N, 1) != ec::Status::ok) return false;
  Net net(J);
  if (net.set_input_weights(w_in, 1) != ec::Status::ok) return false;
  ec::DriveConfig dc;
  dc.dt = kDt;
  dc.k_hold = 1;
  ec::DrivenReservoir<Net, Stepper> res(net, dc);
  ec::Vector<N> x0;
  if (ec::initial_state(x0, 1.0f, seed_of(run_seed, r, 2)) != ec::Status::ok) return false;
  if (res.reset(x0) != ec::Status::ok) return false;
  ec::Rls<F, 1> rls;
  ec::RlsConfig rc;
  rc.alpha = 0.01f;  // P(0) = 100 I: a weak prior, so W reaches w* within ~2000 updates (short runs)
  rc.lambda = 0.999f;
  rc.every = 1;
  if (rls.configure(rc) != ec::Status::ok) return false;
  // w*: N(0, 1) entries, the known answer
  ec::Vector<F> w_star;
  if (ec::initial_state(w_star, 1.0f, seed_of(run_seed, r, 5)) != ec::Status::ok) return false;
  double w_norm = 0;
  for (int j = 0; j < F; ++j) w_norm += static_cast<double>(w_star[j]) * static_cast<double>(w_star[j]);
  w_norm = std::sqrt(w_norm);
  ec::NormalStream input(seed_of(run_seed, r, 3));
  ec::EnergyMonitor<float> mon;
  Reference<kVariance> ref;
  auto both = ec::observe_all(mon, ref);
  Chunk c;
  c.regime = sp.name;
  c.n = N;
  c.has_rls = true;
  std::uint64_t done = 0;
  typename Net::Input u;
  ec::Vector<F> f;
  ec::Vector<1> y;
  while (done < steps) {
    const std::uint64_t todo = steps - done < chunk ? steps - done : chunk;
    double err2 = 0;
    for (std::uint64_t k = 0; k < todo; ++k) {
      u[0] = input.next();
      const ec::Status s = res.advance(u, both);
      if (s != ec::Status::ok) {
        ++c.failed_steps;
        continue;
      }
      const ec::Vector<N>& xs = res.state();
      float target = 0.0f, predicted = 0.0f;
      for (int j = 0; j < F - 1; ++j) f[j] = xs[j];
      f[F - 1] = 1.0f;
      for (int j = 0; j < F; ++j) {
        target += w_star[j] * f[j];
        predicted += rls.weights()(0, j) * f[j];
      }
      const double e = static_cast<double>(target) - static_cast<double>(predicted);
      err2 += e * e;
      y[0] = target;
      if (rls.update(f, y) != ec::Status::ok) ++c.rls_refusals;
    }
    done += todo;
    c.steps = done;
    c.non_finite += count_non_finite<N>(res.state());
    fill_means(c, mon, ref);
    c.rls_updates = static_cast<std::int64_t>(rls.updates());
    c.rls_spd = rls_spd<SpdReal>(rls, c.rls_min_pivot);
    c.rls_max_diag = static_cast<double>(rls.max_diagonal());
    double dw = 0;
    for (int j = 0; j < F; ++j) {
      const double d = static_cast<double>(rls.weights()(0, j)) - static_cast<double>(w_star[j]);
      dw += d * d;
    }
    c.rls_w_error = std::sqrt(dw) / w_norm;
    c.rls_err_rms = todo ? std::sqrt(err2 / static_cast<double>(todo)) : 0.0;
    sink(static_cast<const Chunk&>(c));
  }
  return true;
}

// A regime's verdict from its last chunk: no failed step, no non-finite state, no drift
// beyond the bound, the monitor not diverged; the null and symmetric regimes at rest, the
// chaotic and noisy ones not (a finite chaotic network can settle: then the seed is wrong); RLS
// with P positive definite, no refusal and W within \p w_tolerance of w*.
inline bool passed(Regime r, const Chunk& c, double w_tolerance) {
  bool ok = c.failed_steps == 0 && c.non_finite == 0 && c.drift_ok && !c.diverged;
  if (r == Regime::null || r == Regime::symmetric) ok = ok && c.at_fixed_point;
  if (r == Regime::chaotic || r == Regime::noisy) ok = ok && !c.at_fixed_point;
  if (r == Regime::rls) ok = ok && c.rls_spd && c.rls_refusals == 0 && c.rls_w_error <= w_tolerance;
  return ok;
}

}  // namespace soak
