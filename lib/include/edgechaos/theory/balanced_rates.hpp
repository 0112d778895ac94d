/// \file
/// Mean-field rates of the balanced E/I binary network (PHYSICS.md section 7), desktop,
/// double, deterministic.
///
/// Finite K: the stationary rates solve, for k = E, I,
/// \code{.unparsed}
///   m_k = H(-u_k / sqrt(alpha_k)),  u_k = sqrt(K)(E_k m0 + m_E - J_k m_I) - theta_k,
///   H(x) = erfc(x / sqrt 2) / 2,    alpha_k = v(m_E, N_E) + J_k^2 v(m_I, N_I),
/// \endcode
/// with v the variance, per input and in units of 1/K, of the active count of K inputs from
/// a population whose fraction m is active:
/// \code{.unparsed}
///   random sparse connections (PHYSICS.md as written; Poisson in-degree): v = m;
///   fixed in-degree K drawn without replacement from N (the network of
///     models/balanced_network.hpp): v = m (1 - m) (N - K) / (N - 1), and m (1 - m) for N = 0
///     (meaning N -> infinity).
/// \endcode
/// At alpha_k = 0 (a silent network) H(-u / 0) is the step: 1 for u > 0, else 0.
///
/// The Gaussian H is the large-K form. The network's input moves on a lattice (steps of
/// 1/sqrt K in n_E, J_k/sqrt K in n_I), which at K = 100 shifts the rates by about a tenth
/// (measured: m_E 0.101 simulated at N = 2000, m0 = 0.2, against 0.112 from H). So the
/// same equations are also solved with the count statistics themselves
/// (InputStatistics::counts): n_E and n_I independent, hypergeometric (K drawn without
/// replacement from N_k units of which m_k N_k are active; m N between integers is
/// interpolated linearly) or binomial for N = 0, and
/// \code{.unparsed}
///   F_k(m_E, m_I) = sum_{n_I} P(n_I) P(n_E >= t_k(n_I)),
/// \endcode
/// t_k(n_I) the least n_E with u > 0: the network's own table (fill_threshold_row), so
/// ties u = 0, frequent at round parameters, are decided as the network decides them.
///
/// Solving: for each m_E the I equation g(m_I) = m_I - H_I(m_E, m_I) has g(0) <= 0 <= g(1),
/// so bisection on [0, 1] always finds an m_I(m_E). Then h(m_E) = m_E - H_E(m_E, m_I(m_E))
/// has h(0) <= 0 <= h(1); it is scanned on a uniform grid of [0, 1] and every sign change is
/// refined by bisection, so every solution separated by more than the grid step is found,
/// the silent one (m_E = 0 exactly, if h(0) = 0) included. A bracket whose bisection
/// converges onto a jump of h (not a root: |h| stays large) is dropped. All steps are
/// bisections: no starting guess, no derivative, the same answer every run.
///
/// Large K (the balanced state): the O(sqrt K) parts of u_k cancel,
/// \code{.unparsed}
///   E_k m0 + m_E - J_k m_I = 0  =>  m_E = (E J_I - I J_E) / (J_E - J_I) m0,
///                                   m_I = (E - I) / (J_E - J_I) m0,
/// \endcode
/// positive and unique when E / I > J_E / J_I > 1.
#pragma once

#include "edgechaos/host/host_only.hpp"  // desktop-only: stops a Cortex-M build here

#include <cmath>
#include <vector>

#include "edgechaos/core/checks.hpp"
#include "edgechaos/core/status.hpp"
#include "edgechaos/models/balanced_network.hpp"

namespace edgechaos {
namespace theory {

/// The variance v of an input count (see the file comment).
enum class InputVariance {
  random_sparse,   ///< Poisson in-degree, v = m (PHYSICS.md as written)
  fixed_in_degree  ///< K drawn without replacement from N, as models/balanced_network.hpp
};
/// The distribution the rate equations average over.
enum class InputStatistics {
  gaussian,  ///< the large-K Gaussian H
  counts     ///< the count statistics themselves (hypergeometric or binomial)
};

/// One finite-K rate problem: the network's parameters and how to average.
struct BalancedTheoryConfig {
  BalancedParams params{};                          ///< E, I, J_E, J_I, m0, thresholds
  double k = 100;                                   ///< inputs per population
  double n_e = 0,                                   ///< excitatory population size (0: infinite)
      n_i = 0;                                      ///< inhibitory population size (0: infinite)
  InputVariance variance = InputVariance::fixed_in_degree;  ///< which v
  InputStatistics statistics = InputStatistics::gaussian;   ///< Gaussian H or count statistics
  int grid = 400;                                   ///< scan points of m_E on [0, 1]
};

/// One stationary solution (m_E, m_I) and its inputs.
struct BalancedSolution {
  double m_e = 0,       ///< excitatory rate (active fraction)
      m_i = 0;          ///< inhibitory rate (active fraction)
  double residual_e = 0,  ///< |m_E - H_E(m_E, m_I)|
      residual_i = 0;     ///< |m_I - H_I(m_E, m_I)|
  double mu_e = 0,      ///< mean net input u_E
      mu_i = 0;         ///< mean net input u_I
  double alpha_e = 0,   ///< input variance alpha_E
      alpha_i = 0;      ///< input variance alpha_I
};

/// Every stationary solution balanced_rates found, m_E ascending.
struct BalancedRates {
  Status status = Status::ok;  ///< ok, or why there are no solutions
  static constexpr int kMaxSolutions = 8;  ///< solutions kept (any beyond are dropped)
  int count = 0;                                    ///< solutions found, m_E ascending
  BalancedSolution solutions[kMaxSolutions]{};      ///< the first count are set
  bool silent_only = false;                         ///< the only solution is m_E = m_I = 0
  /// The solution with the largest m_E (the active state when there is one).
  const BalancedSolution& active() const { return solutions[count > 0 ? count - 1 : 0]; }
};

/// The large-K balanced state (the last lines of the file comment).
struct BalancedLimit {
  Status status = Status::ok;  ///< ok, or invalid_argument (bad parameters, J_E = J_I)
  double m_e = 0,              ///< the large-K excitatory rate
      m_i = 0;                 ///< the large-K inhibitory rate
  double slope_e = 0,          ///< dm_E / dm0
      slope_i = 0;             ///< dm_I / dm0
  bool condition = false;                           ///< E / I > J_E / J_I > 1
  bool positive = false;                            ///< both rates in (0, 1]
};

/// H(x) = erfc(x / sqrt 2) / 2, the standard Gaussian upper tail.
inline double gaussian_tail(double x) { return 0.5 * std::erfc(x / std::sqrt(2.0)); }

namespace detail {

inline double input_variance_unit(double m, double n, double k, InputVariance v) {
  if (v == InputVariance::random_sparse) return m;
  const double q = m * (1.0 - m);
  return n > 0 ? (n > 1 ? q * (n - k) / (n - 1.0) : 0.0) : q;
}

struct Field {
  double mu, alpha, h;
};

// log(n!) for integers n, from a table grown on demand (every argument of the count laws
// is an integer: lgamma once per n, not per term).
inline double log_factorial(double n) {
  thread_local std::vector<double> table{0.0};
  const auto i = static_cast<std::size_t>(n);
  while (table.size() <= i) table.push_back(std::lgamma(static_cast<double>(table.size()) + 1.0));
  return table[i];
}
inline double log_choose(double n, double r) { return log_factorial(n) - log_factorial(r) - log_factorial(n - r); }

// P(count = n), n = 0 .. K, of active inputs among K drawn from a population of n_pop (0:
// infinite) with a fraction m active.
inline void count_pmf(double m, double n_pop, int k, std::vector<double>& pmf) {
  pmf.assign(static_cast<std::size_t>(k) + 1, 0.0);
  const double kd = k;
  if (n_pop <= 0) {
    if (m <= 0 || m >= 1) {
      pmf[m <= 0 ? 0 : static_cast<std::size_t>(k)] = 1.0;
      return;
    }
    for (int n = 0; n <= k; ++n)
      pmf[static_cast<std::size_t>(n)] = std::exp(log_choose(kd, n) + n * std::log(m) + (kd - n) * std::log1p(-m));
    return;
  }
  const double a = m * n_pop;
  const double a0 = std::floor(a);
  const double w1 = a - a0;
  for (int side = 0; side < 2; ++side) {
    const double w = side == 0 ? 1.0 - w1 : w1;
    const double act = a0 + side;
    if (w == 0 || act > n_pop) continue;
    for (int n = 0; n <= k; ++n) {
      if (n > act || kd - n > n_pop - act) continue;
      pmf[static_cast<std::size_t>(n)] +=
          w * std::exp(log_choose(act, n) + log_choose(n_pop - act, kd - n) - log_choose(n_pop, kd));
    }
  }
}

// F_k of the count statistics: sum over n_I of P(n_I) P(n_E >= t_k(n_I)).
inline double count_rate(const BalancedTheoryConfig& c, int pop, double m_e, double m_i) {
  const BalancedParams& p = c.params;
  const int k = static_cast<int>(c.k);
  thread_local std::vector<double> pe, pi, tail;
  count_pmf(m_e, c.n_e, k, pe);
  count_pmf(m_i, c.n_i, k, pi);
  tail.assign(static_cast<std::size_t>(k) + 2, 0.0);  // tail[t] = P(n_E >= t)
  for (int n = k; n >= 0; --n) tail[static_cast<std::size_t>(n)] = tail[static_cast<std::size_t>(n) + 1] + pe[static_cast<std::size_t>(n)];
  thread_local std::vector<std::uint16_t> row;
  row.assign(static_cast<std::size_t>(k) + 1, 0);
  if (pop == 0)
    fill_threshold_row(k, p.e, p.je, p.theta_e, p.m0, row.data());
  else
    fill_threshold_row(k, p.i, p.ji, p.theta_i, p.m0, row.data());
  double f = 0;
  for (int ni = 0; ni <= k; ++ni) f += pi[static_cast<std::size_t>(ni)] * tail[row[static_cast<std::size_t>(ni)]];
  return f;
}

inline Field field(const BalancedTheoryConfig& c, int pop, double m_e, double m_i) {
  const BalancedParams& p = c.params;
  const double ext = pop == 0 ? p.e : p.i;
  const double j = pop == 0 ? p.je : p.ji;
  const double theta = pop == 0 ? p.theta_e : p.theta_i;
  const double sk = std::sqrt(c.k);
  Field f;
  f.mu = sk * (ext * static_cast<double>(p.m0) + m_e - j * m_i) - theta;
  f.alpha = input_variance_unit(m_e, c.n_e, c.k, c.variance) + j * j * input_variance_unit(m_i, c.n_i, c.k, c.variance);
  if (c.statistics == InputStatistics::counts)
    f.h = count_rate(c, pop, m_e, m_i);
  else if (f.alpha > 0)
    f.h = gaussian_tail(-f.mu / std::sqrt(f.alpha));
  else
    f.h = f.mu > 0 ? 1.0 : 0.0;
  return f;
}

// m_I(m_E): bisection of m_I - H_I(m_E, m_I) on [0, 1].
inline double solve_inhibitory(const BalancedTheoryConfig& c, double m_e) {
  double lo = 0, hi = 1;
  if (0.0 - field(c, 1, m_e, 0.0).h >= 0) return 0.0;
  if (1.0 - field(c, 1, m_e, 1.0).h <= 0) return 1.0;
  for (int it = 0; it < 200 && hi - lo > 1e-15; ++it) {
    const double mid = 0.5 * (lo + hi);
    (mid - field(c, 1, m_e, mid).h < 0 ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

inline double excitatory_gap(const BalancedTheoryConfig& c, double m_e) {
  return m_e - field(c, 0, m_e, solve_inhibitory(c, m_e)).h;
}

inline BalancedSolution make_solution(const BalancedTheoryConfig& c, double m_e) {
  BalancedSolution s;
  s.m_e = m_e;
  s.m_i = solve_inhibitory(c, m_e);
  const Field fe = field(c, 0, s.m_e, s.m_i), fi = field(c, 1, s.m_e, s.m_i);
  s.residual_e = std::fabs(s.m_e - fe.h);
  s.residual_i = std::fabs(s.m_i - fi.h);
  s.mu_e = fe.mu, s.mu_i = fi.mu;
  s.alpha_e = fe.alpha, s.alpha_i = fi.alpha;
  return s;
}

}  // namespace detail

/// Every stationary solution at finite K (at most BalancedRates::kMaxSolutions). Status in
/// the result: invalid_argument for bad parameters (validate), K < 1 or above 1e12, a
/// population smaller than K, count statistics with K not an integer up to 65535, or a grid
/// below 10; not_converged if no solution is found (not expected: h is continuous).
inline BalancedRates balanced_rates(const BalancedTheoryConfig& c) {
  BalancedRates r;
  const bool sizes_ok = (c.n_e == 0 || c.n_e >= c.k) && (c.n_i == 0 || c.n_i >= c.k) && c.n_e >= 0 && c.n_i >= 0;
  r.status = first_error(validate(c.params), require(c.k >= 1 && c.k <= 1e12 && sizes_ok),
                         require(c.statistics == InputStatistics::gaussian || (c.k <= 65535 && c.k == std::floor(c.k))), require(c.grid >= 10));
  if (r.status != Status::ok) return r;
  auto add = [&](double m_e) {
    if (r.count < BalancedRates::kMaxSolutions) r.solutions[r.count++] = detail::make_solution(c, m_e);
  };
  double prev_x = 0, prev_h = detail::excitatory_gap(c, 0.0);
  if (prev_h == 0) add(0.0);
  for (int g = 1; g <= c.grid; ++g) {
    const double x = static_cast<double>(g) / c.grid;
    const double hx = detail::excitatory_gap(c, x);
    if (hx == 0) {
      add(x);
    } else if (prev_h != 0 && (prev_h < 0) != (hx < 0)) {
      double lo = prev_x, hi = x;
      const bool rising = prev_h < 0;
      for (int it = 0; it < 200 && hi - lo > 1e-15; ++it) {
        const double mid = 0.5 * (lo + hi);
        ((detail::excitatory_gap(c, mid) < 0) == rising ? lo : hi) = mid;
      }
      const BalancedSolution s = detail::make_solution(c, 0.5 * (lo + hi));
      if (s.residual_e < 1e-9 && s.residual_i < 1e-9 && r.count < BalancedRates::kMaxSolutions)
        r.solutions[r.count++] = s;
    }
    prev_x = x, prev_h = hx;
  }
  if (r.count == 0) {
    r.status = Status::not_converged;  // cannot happen for continuous h; reported, not hidden
    return r;
  }
  r.silent_only = true;
  for (int s = 0; s < r.count; ++s)
    if (r.solutions[s].m_e > 0 || r.solutions[s].m_i > 0) r.silent_only = false;
  return r;
}

/// The large-K balanced rates and the condition for them; invalid_argument (in the result)
/// for bad parameters or J_E = J_I.

inline BalancedLimit balanced_limit(const BalancedParams& p) {
  BalancedLimit b;
  b.status = validate(p);
  if (b.status != Status::ok) return b;
  const double e = p.e, i = p.i, je = p.je, ji = p.ji, m0 = p.m0;
  b.condition = i > 0 && ji > 0 && e / i > je / ji && je / ji > 1;
  if (je == ji) {  // the two balance equations are parallel: no unique balanced state
    b.status = Status::invalid_argument;
    return b;
  }
  b.slope_e = (e * ji - i * je) / (je - ji);
  b.slope_i = (e - i) / (je - ji);
  b.m_e = b.slope_e * m0;
  b.m_i = b.slope_i * m0;
  b.positive = b.m_e > 0 && b.m_i > 0 && b.m_e <= 1 && b.m_i <= 1;
  return b;
}

}  // namespace theory
}  // namespace edgechaos
