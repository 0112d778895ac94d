/// \file
/// Dynamical mean-field theory for any symmetry degree gamma (PHYSICS.md section 4, "Any
/// gamma"), solved by sampling. Desktop only: double, std::vector, deterministic given a seed.
///
/// Single-site process (library convention Var J_ij = g^2/N, phi = tanh, no noise):
/// \code{.unparsed}
///   dx/dt = -x + eta(t) + gamma g^2 Int_0^inf R(tau) phi(x(t - tau)) dtau,
///   <eta(t) eta(t + tau)> = g^2 C(tau),  C(tau) = <phi(x(t)) phi(x(t + tau))>,
///   R(tau) = <d phi(x(t + tau)) / d I(t)>  (I: an input added to dx/dt).
/// \endcode
///
/// Method (one iteration, with the current kernels C and R on a grid of step dt):
/// \code{.unparsed}
///  1. eta: stationary Gaussian paths with covariance g^2 C by circulant embedding (the
///     covariance wrapped on a period of 2^k steps, its spectrum by FFT, negative eigenvalues
///     set to 0: their share is reported as `clipped`). Two real paths per complex FFT.
///     C is tapered to 0 by a cosine over the last quarter of its window (with
///     `static_field`: to its tail mean C_inf, held beyond the window as a static field).
///  2. x: exponential integrator that is exact for a forcing linear within a step
///     (x' = -x + f), f = eta + memory term; the memory integral by the trapezoid rule over
///     the R window; the next-step forcing from an Euler predictor. Error O(dt^2).
///  3. R: the linearised path dynamics with common noise: y = dx(t)/dI(s) starts at y(s) = 1
///     and obeys y' = -y + gamma g^2 Int_s^t R(t - u) phi'(x(u)) y(u) du (same integrator);
///     R(tau) = <phi'(x(s + tau)) y(s + tau)>, averaged over paths and several start times s.
///  4. C from the time-averaged autocorrelation of phi over the measured window (FFT);
///     Delta0 = <x^2>. Damped update C <- (1 - a) C + a C_new, the same for R.
/// \endcode
/// Start: the SCS C(tau) at max(g, 1.1), R = exp(-tau). Burn-in: at least `burn_in` damped
/// iterations, continued (up to `max_burn_in`) while the measured C(0) still drifts. Then
/// `iterations` measured iterations in `batches` blocks: every reported quantity is the mean
/// over blocks with its standard error (the error bar: statistical, including the wander of
/// the sampled kernels between iterations; the O(dt^2) discretisation error is not included).
/// Fewer paths per iteration bias the fixed point (Delta0 4 % low at gamma = 0, g = 2 with 32
/// paths; within the error bar with 128). The fixed point is checked by comparing the
/// measured C(0) and R_int with the kernels' own values (`self_consistency`, in standard
/// errors). `c_half_time`: the first tau where C(tau) - C_inf = (C(0) - C_inf)/2, linear
/// interpolation on the grid; C_inf = mean of C over the last quarter of the C window.
///
/// Checks (tests/physics/test_dmft_symmetric.cpp): gamma = 0 against the deterministic SCS
/// solver within the error bars; the null phase g(1+gamma) < 1 gives x = 0 and R_int = chi0
/// (no sampling noise there: C = 0 exactly); gamma = +-0.5 against network simulations.
#pragma once

#include "edgechaos/host/host_only.hpp"  // desktop-only: stops a Cortex-M build here

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdint>
#include <cstdio>
#include <vector>

#include "edgechaos/theory/dmft.hpp"

namespace edgechaos::theory {

/// The grids, sampling and iteration schedule of solve_dmft_symmetric (invalid_options
/// says which values are refused).
struct SymmetricDmftOptions {
  double dt = 0.05;            ///< time step of the single-site equation, in (0, 0.2]
  double c_window = 40.0;      ///< C(tau) kept for tau <= c_window (held at C_inf beyond)
  double r_window = 20.0;      ///< memory kernel R(tau) for tau <= r_window
  double window = 200.0;       ///< measured time per path
  double burn = 40.0;          ///< per-path transient (the memory term starts empty)
  int paths = 128;             ///< paths per iteration, run in pairs (odd: rounded down); fewer bias the fixed point

  int response_starts = 8;     ///< impulse times per path for R
  int burn_in = 6;             ///< damped iterations before measuring, at least ...
  int max_burn_in = 80;        ///< ... and at most; in between until C(0) stops drifting
  int iterations = 16;         ///< measured damped iterations after the burn-in
  int batches = 4;             ///< blocks of measured iterations for the error bars (>= 2)
  double damping = 0.5;        ///< weight of the new measurement
  std::uint64_t seed = 1;      ///< the seed of every sampled path (same seed, same result)
  bool static_field = false;   ///< hold C at its tail mean beyond the window (else taper to 0)
  double tolerance = 4.0;      ///< self-consistency: |measured - kernel| <= tolerance * error
};

/// The sampled DMFT solution: batch means with their standard errors (the `_err` members),
/// the fixed-point check and the final kernels.
struct SymmetricDmftSolution {
  double g = 0.0,      ///< the gain asked for
      gamma = 0.0;     ///< the symmetry asked for
  double delta0 = 0.0,      ///< <x^2> (NaN when the inputs were refused)
      delta0_err = 0.0;     ///< its standard error
  double phi2 = 0.0,        ///< C(0) = <phi^2>
      phi2_err = 0.0;       ///< its standard error
  double r_int = 0.0,       ///< Int_0^inf R dtau
      r_int_err = 0.0;      ///< its standard error
  double c_half_time = 0.0,     ///< C - C_inf falls to half (0 if C(0) = C_inf)
      c_half_time_err = 0.0;    ///< its standard error
  double c_inf = 0.0,       ///< C at the end of the window
      c_inf_err = 0.0;      ///< its standard error
  /// |measured - kernel| / error for C(0) and R_int at the end (the fixed-point check).
  double self_consistency = 0.0;
  /// Share of negative circulant eigenvalue weight set to 0 (the largest over the measured
  /// iterations).
  double clipped = 0.0;

  int iterations = 0;  ///< all damped iterations
  int burn_in = 0;     ///< of which burn-in
  bool converged = false;  ///< false also when the burn-in hit max_burn_in still drifting
  std::vector<double> tau,  ///< the grid dt k on the C window
      c,                    ///< final C(tau) on the C window
      r;                    ///< final R(tau) on the R window (the first entries of tau)
};

/// Why options cannot be used, or nullptr. The C and R windows must fit in the measured
/// window (the autocorrelation at lag k averages over window - k), and R in the C window's path.
inline const char* invalid_options(const SymmetricDmftOptions& o) {
  if (!(o.dt > 0.0 && o.dt <= 0.2)) return "dt must be in (0, 0.2]";
  if (!(o.c_window >= 4.0 * o.dt)) return "c_window must be >= 4 dt";
  if (!(o.r_window >= 4.0 * o.dt)) return "r_window must be >= 4 dt";
  if (!(o.window >= 2.0 * o.c_window && o.window >= 2.0 * o.r_window)) return "window must be >= 2 c_window and >= 2 r_window";
  if (!(o.burn >= 0.0)) return "burn must be >= 0";
  if (o.paths < 2 || o.response_starts < 1 || o.batches < 2 || o.iterations < 1) return "paths >= 2, response_starts >= 1, batches >= 2, iterations >= 1";
  if (!(o.damping > 0.0 && o.damping <= 1.0)) return "damping must be in (0, 1]";
  return nullptr;
}

/// \cond IMPLEMENTATION
// (this header's implementation helpers: out of the API reference, like detail::)
namespace dmft_detail {

// In-place iterative radix-2 FFT (size a power of 2); sign -1 forward, +1 inverse (unscaled).
inline void fft(std::vector<std::complex<double>>& a, int sign) {
  const std::size_t n = a.size();
  for (std::size_t i = 1, j = 0; i < n; ++i) {
    std::size_t bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) std::swap(a[i], a[j]);
  }
  const double pi = 3.14159265358979323846;
  for (std::size_t len = 2; len <= n; len <<= 1) {
    const double ang = sign * 2.0 * pi / static_cast<double>(len);
    for (std::size_t i = 0; i < n; i += len) {
      for (std::size_t k = 0; k < len / 2; ++k) {
        const std::complex<double> w(std::cos(ang * static_cast<double>(k)), std::sin(ang * static_cast<double>(k)));
        const std::complex<double> u = a[i + k], v = a[i + k + len / 2] * w;
        a[i + k] = u + v;
        a[i + k + len / 2] = u - v;
      }
    }
  }
}

// SplitMix64 and Box-Muller: a reproducible normal stream (one per path).
struct Normal {
  std::uint64_t s;
  bool has = false;
  double spare = 0.0;
  explicit Normal(std::uint64_t seed) : s(seed) {}
  std::uint64_t next_u64() {
    std::uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double uniform() { return (static_cast<double>(next_u64() >> 11) + 0.5) * (1.0 / 9007199254740992.0); }
  double operator()() {
    if (has) {
      has = false;
      return spare;
    }
    const double r = std::sqrt(-2.0 * std::log(uniform())), t = 6.283185307179586 * uniform();
    spare = r * std::sin(t);
    has = true;
    return r * std::cos(t);
  }
};

inline std::uint64_t mix(std::uint64_t a, std::uint64_t b) {
  Normal n(a * 0x9E3779B97F4A7C15ull ^ (b + 0x632BE59BD9B4E019ull));
  return n.next_u64();
}

struct Measurement {
  double delta0 = 0.0, phi2 = 0.0, r_int = 0.0, c_half = 0.0, c_inf = 0.0, clipped = 0.0;
  std::vector<double> c, r;
};

inline double trapezoid(const std::vector<double>& v, double dt) {
  if (v.size() < 2) return 0.0;
  double s = 0.5 * (v.front() + v.back());
  for (std::size_t k = 1; k + 1 < v.size(); ++k) s += v[k];
  return s * dt;
}

inline double tail_mean(const std::vector<double>& c) {
  const std::size_t from = c.size() - c.size() / 4 - 1;
  double s = 0.0;
  for (std::size_t k = from; k < c.size(); ++k) s += c[k];
  return s / static_cast<double>(c.size() - from);
}

inline double half_time(const std::vector<double>& c, double c_inf, double dt) {
  const double top = c.front() - c_inf;
  if (!(top > 0.0)) return 0.0;
  for (std::size_t k = 1; k < c.size(); ++k) {
    const double a = c[k - 1] - c_inf, b = c[k] - c_inf;
    if (b <= 0.5 * top) return dt * (static_cast<double>(k - 1) + (a - 0.5 * top) / (a - b));
  }
  return dt * static_cast<double>(c.size() - 1);
}

// One batch of paths with fixed kernels C (c_window) and R (r_window).
inline Measurement run_batch(double g, double gamma, const SymmetricDmftOptions& o, const std::vector<double>& C,
                             const std::vector<double>& R, std::uint64_t stream) {
  const double dt = o.dt;
  const std::size_t kc = C.size() - 1, kr = R.size() - 1;
  const std::size_t burn = static_cast<std::size_t>(std::lround(o.burn / dt));
  const std::size_t win = static_cast<std::size_t>(std::lround(o.window / dt));
  const std::size_t len = burn + win;
  std::size_t P = 1;
  while (P < 2 * std::max(len, kc + 1)) P <<= 1;

  // Circulant embedding: covariance g^2 (C_inf + taper (C - C_inf)), wrapped on period P.
  const double c_inf = o.static_field ? tail_mean(C) : 0.0;
  std::vector<std::complex<double>> lam(P);
  for (std::size_t k = 0; k < P; ++k) {
    const std::size_t lag = std::min(k, P - k);
    double v = c_inf;
    if (lag <= kc) {
      const double x = static_cast<double>(lag) / static_cast<double>(kc);
      const double taper = x < 0.75 ? 1.0 : 0.5 * (1.0 + std::cos(3.14159265358979323846 * (x - 0.75) / 0.25));
      v = c_inf + taper * (C[lag] - c_inf);
    }
    lam[k] = g * g * v;
  }
  fft(lam, -1);
  double neg = 0.0, tot = 0.0;
  std::vector<double> amp(P);
  for (std::size_t k = 0; k < P; ++k) {
    const double e = lam[k].real();
    tot += std::fabs(e);
    if (e < 0.0) neg -= e;
    amp[k] = std::sqrt(std::max(e, 0.0) / static_cast<double>(P));
  }

  // Memory coefficients: trapezoid weights times gamma g^2 dt.
  const double G = gamma * g * g * dt;
  const double e = std::exp(-dt), a = 1.0 - e, w1 = 1.0 - a / dt, w0 = a - w1;
  // Kernel support actually used (R decays; skip the zero tail).
  std::size_t kr_eff = kr;
  {
    double rmax = 0.0;
    for (double v : R) rmax = std::max(rmax, std::fabs(v));
    while (kr_eff > 1 && std::fabs(R[kr_eff]) < 1e-12 * rmax) --kr_eff;
  }

  Measurement m;
  m.c.assign(kc + 1, 0.0);
  m.r.assign(kr + 1, 0.0);
  std::vector<std::complex<double>> buf(P), ac(P);
  std::vector<double> eta(len), x(len), ph(len), dph(len), y(kr + 1);
  const int pairs = std::max(1, o.paths / 2);
  double sum_x2 = 0.0;
  long count_r = 0;
  for (int p = 0; p < pairs; ++p) {
    Normal rng(mix(stream, static_cast<std::uint64_t>(p)));
    for (std::size_t k = 0; k < P; ++k) buf[k] = std::complex<double>(amp[k] * rng(), amp[k] * rng());
    fft(buf, +1);
    for (int part = 0; part < 2; ++part) {
      for (std::size_t n = 0; n < len; ++n) eta[n] = part == 0 ? buf[n].real() : buf[n].imag();
      // x on the path; x(0) from the stationary-ish guess N(0, g^2 C(0)).
      x[0] = std::sqrt(g * g * C[0]) * rng();
      auto memory = [&](std::size_t n, double phin) {  // gamma g^2 Int R phi, phi(x_n) = phin
        if (G == 0.0) return 0.0;
        double s = 0.5 * R[0] * phin;
        const std::size_t kmax = std::min(kr_eff, n);
        for (std::size_t k = 1; k <= kmax; ++k) s += R[k] * ph[n - k];
        return G * s;
      };
      ph[0] = std::tanh(x[0]);
      double f = eta[0] + memory(0, ph[0]);
      for (std::size_t n = 0; n + 1 < len; ++n) {
        const double xp = e * x[n] + a * f;  // predictor: forcing constant over the step
        const double fp = eta[n + 1] + memory(n + 1, std::tanh(xp));
        x[n + 1] = e * x[n] + w0 * f + w1 * fp;
        ph[n + 1] = std::tanh(x[n + 1]);
        f = eta[n + 1] + memory(n + 1, ph[n + 1]);
      }
      for (std::size_t n = 0; n < len; ++n) dph[n] = 1.0 - ph[n] * ph[n];
      // Delta0 and C from the measured window.
      for (std::size_t n = burn; n < len; ++n) sum_x2 += x[n] * x[n];
      std::fill(ac.begin(), ac.end(), std::complex<double>(0.0, 0.0));
      for (std::size_t n = 0; n < win; ++n) ac[n] = ph[burn + n];
      fft(ac, -1);
      for (auto& v : ac) v = std::norm(v);
      fft(ac, +1);
      for (std::size_t k = 0; k <= kc; ++k) m.c[k] += ac[k].real() / static_cast<double>(P) / static_cast<double>(win - k);
      // R: tangent dynamics from response_starts impulse times in the window.
      const std::size_t span = win > kr ? win - kr : 1;
      for (int st = 0; st < o.response_starts; ++st) {
        const std::size_t s0 = burn + (span * static_cast<std::size_t>(st)) / static_cast<std::size_t>(o.response_starts);
        if (s0 + kr >= len) break;
        auto lin = [&](std::size_t j, double yj) {  // memory of the tangent at step s0 + j
          if (G == 0.0) return 0.0;
          double s = 0.5 * R[0] * dph[s0 + j] * yj;
          const std::size_t kmax = std::min(kr_eff, j);
          for (std::size_t k = 1; k <= kmax; ++k) s += (k == j ? 0.5 : 1.0) * R[k] * dph[s0 + j - k] * y[j - k];
          return G * s;
        };
        y[0] = 1.0;
        double l = lin(0, 1.0);
        m.r[0] += dph[s0];
        for (std::size_t j = 0; j < kr; ++j) {
          const double yp = e * y[j] + a * l;
          const double lp = lin(j + 1, yp);
          y[j + 1] = e * y[j] + w0 * l + w1 * lp;
          l = lin(j + 1, y[j + 1]);
          m.r[j + 1] += dph[s0 + j + 1] * y[j + 1];
        }
        ++count_r;
      }
    }
  }
  const double npaths = 2.0 * pairs;
  for (double& v : m.c) v /= npaths;
  for (double& v : m.r) v /= static_cast<double>(std::max(count_r, 1L));
  m.delta0 = sum_x2 / (npaths * static_cast<double>(win));
  m.phi2 = m.c[0];
  m.r_int = trapezoid(m.r, dt);
  m.c_inf = tail_mean(m.c);
  m.c_half = half_time(m.c, m.c_inf, dt);
  m.clipped = tot > 0.0 ? neg / tot : 0.0;
  return m;
}

}  // namespace dmft_detail
/// \endcond

/// The sampled solution at (g, gamma) by the method of the file comment. Refused inputs
/// (invalid_options, g <= 0, gamma outside [-1, 1]) compute nothing: the statistics are
/// NaN and converged is false.
/// Initial kernels: the SCS (gamma = 0) C(tau) at max(g, 1.1) (a chaotic-size start: the
/// null phase relaxes it to 0; C = 0 itself is a fixed point that must be avoided), and
/// R(tau) = exp(-tau) (the response of a silent unit at gamma = 0).

inline SymmetricDmftSolution solve_dmft_symmetric(double g, double gamma, const SymmetricDmftOptions& o = {}) {
  namespace d = dmft_detail;
  SymmetricDmftSolution s;
  s.g = g;
  s.gamma = gamma;
  if (invalid_options(o) || !(g > 0.0) || !(gamma >= -1.0 && gamma <= 1.0)) {  // nothing computed
    s.delta0 = s.phi2 = s.r_int = s.c_half_time = s.c_inf = std::nan("");
    return s;
  }
  const double dt = o.dt;
  const std::size_t kc = static_cast<std::size_t>(std::lround(o.c_window / dt));
  const std::size_t kr = static_cast<std::size_t>(std::lround(o.r_window / dt));
  std::vector<double> C(kc + 1), R(kr + 1), Cs(kc + 1, 0.0), Rs(kr + 1, 0.0);
  {
    const DmftSolution start = solve_dmft(std::max(g, 1.1));
    for (std::size_t k = 0; k <= kc; ++k) C[k] = start.c_at(dt * static_cast<double>(k));
  }
  for (std::size_t k = 0; k <= kr; ++k) R[k] = std::exp(-dt * static_cast<double>(k));
  const int nb = std::max(2, o.batches);
  const int measured = std::max(nb, o.iterations - o.iterations % nb);
  std::vector<d::Measurement> block(static_cast<std::size_t>(nb));
  for (auto& b : block) {
    b.c.assign(kc + 1, 0.0);
    b.r.assign(kr + 1, 0.0);
  }
  const int per_block = measured / nb;
  // Burn-in: at least burn_in iterations, then until the drift of the measured C(0) is lost
  // in its noise: |mean of the last 4 - mean of the 4 before| < 2 sigma sqrt(2/4), sigma the
  // per-iteration scatter estimated from successive differences (the approach to the fixed
  // point can be slow: ~5 % per iteration at g = 4, gamma = -0.5).
  std::vector<double> trail;
  auto drifting = [&]() {
    const std::size_t n = trail.size();
    if (n < 8) return true;
    double a = 0.0, b = 0.0, dd = 0.0;
    for (std::size_t k = n - 4; k < n; ++k) a += trail[k] / 4.0;
    for (std::size_t k = n - 8; k < n - 4; ++k) b += trail[k] / 4.0;
    for (std::size_t k = n - 7; k < n; ++k) dd += (trail[k] - trail[k - 1]) * (trail[k] - trail[k - 1]) / 7.0;
    const double sigma = std::sqrt(dd / 2.0);
    return std::fabs(a - b) > 2.0 * sigma * std::sqrt(0.5) + 1e-9;
  };
  int burn = 0;
  for (int it = 0;; ++it) {
    const bool in_burn = it == burn && (it < o.burn_in || (it < o.max_burn_in && drifting()));
    if (in_burn) {
      ++burn;
    } else if (it - burn >= measured) {
      break;
    }
    const d::Measurement m = d::run_batch(g, gamma, o, C, R, d::mix(o.seed, 1000u + static_cast<std::uint64_t>(it)));
    trail.push_back(m.phi2);
#ifdef EDGECHAOS_DMFT_TRACE  // per-iteration trace for development
    std::fprintf(stderr, "it %d delta0 %.5f phi2 %.5f r_int %.5f c_inf %.5f\n", it, m.delta0, m.phi2, m.r_int, m.c_inf);
#endif
    if (!in_burn) {  // block means of the measurements (kernels and scalars)
      d::Measurement& b = block[static_cast<std::size_t>((it - burn) / per_block)];
      const double w = 1.0 / per_block;
      b.delta0 += w * m.delta0;
      b.clipped = std::max(b.clipped, m.clipped);
      for (std::size_t k = 0; k <= kc; ++k) b.c[k] += w * m.c[k];
      for (std::size_t k = 0; k <= kr; ++k) b.r[k] += w * m.r[k];
      for (std::size_t k = 0; k <= kc; ++k) Cs[k] += C[k] / measured;  // the kernels used
      for (std::size_t k = 0; k <= kr; ++k) Rs[k] += R[k] / measured;
    }
    for (std::size_t k = 0; k <= kc; ++k) C[k] += o.damping * (m.c[k] - C[k]);
    for (std::size_t k = 0; k <= kr; ++k) R[k] += o.damping * (m.r[k] - R[k]);
  }
  s.iterations = burn + measured;
  s.burn_in = burn;
  for (auto& b : block) {  // scalars of each block from its mean kernels
    b.phi2 = b.c[0];
    b.r_int = d::trapezoid(b.r, dt);
    b.c_inf = d::tail_mean(b.c);
    b.c_half = d::half_time(b.c, b.c_inf, dt);
  }
  auto stat = [&](auto get, double& mean, double& err) {
    mean = 0.0;
    for (const auto& m : block) mean += get(m) / nb;
    double var = 0.0;
    for (const auto& m : block) var += (get(m) - mean) * (get(m) - mean) / (nb - 1);
    err = std::sqrt(var / nb);
  };
  stat([](const d::Measurement& m) { return m.delta0; }, s.delta0, s.delta0_err);
  stat([](const d::Measurement& m) { return m.phi2; }, s.phi2, s.phi2_err);
  stat([](const d::Measurement& m) { return m.r_int; }, s.r_int, s.r_int_err);
  stat([](const d::Measurement& m) { return m.c_half; }, s.c_half_time, s.c_half_time_err);
  stat([](const d::Measurement& m) { return m.c_inf; }, s.c_inf, s.c_inf_err);
  for (const auto& b : block) s.clipped = std::max(s.clipped, b.clipped);
  // Fixed-point check: the measured C(0) and R_int against the mean kernels that produced them.
  // Differences below 1e-6 count as 0 (the null phase: C decays geometrically towards 0).
  const double tiny = 1e-6;
  const double dc = std::fabs(s.phi2 - Cs[0]), dr = std::fabs(s.r_int - d::trapezoid(Rs, dt));
  s.self_consistency = std::max(dc < tiny ? 0.0 : dc / (s.phi2_err + 1e-12), dr < tiny ? 0.0 : dr / (s.r_int_err + 1e-12));
  s.converged = s.self_consistency <= o.tolerance && std::isfinite(s.delta0) && !(burn >= o.max_burn_in && drifting());
  s.tau.resize(kc + 1);
  for (std::size_t k = 0; k <= kc; ++k) s.tau[k] = dt * static_cast<double>(k);
  s.c.assign(kc + 1, 0.0);
  s.r.assign(kr + 1, 0.0);
  for (const auto& b : block) {
    for (std::size_t k = 0; k <= kc; ++k) s.c[k] += b.c[k] / nb;
    for (std::size_t k = 0; k <= kr; ++k) s.r[k] += b.r[k] / nb;
  }
  return s;
}

}  // namespace edgechaos::theory
