/// \file
/// The balanced excitatory/inhibitory binary network of van Vreeswijk and Sompolinsky
/// (PHYSICS.md section 7).
///
/// N_E excitatory and N_I inhibitory units sigma in {0, 1}; each unit has exactly K inputs
/// from each population (weights/fixed_in_degree.hpp). The input of a unit of population k
/// (k = E, I) with n_E active E inputs and n_I active I inputs is
/// <pre>
///   u = sqrt(K) E_k m0  +  n_E / sqrt(K)  -  J_k n_I / sqrt(K)  -  theta_k,
/// </pre>
/// (J_EE = J_IE = 1/sqrt K, J_kI = -J_k/sqrt K, external drive sqrt(K) E_k m0 with E_E = E,
/// E_I = I), and an update sets sigma = 1 if u > 0, else 0 (u = 0 gives 0).
///
/// What is stored, and why:
///  - the states as bits, packed 32 to a word;
///  - per unit the two counts n_E, n_I (16-bit), kept up to date when a presynaptic unit
///    flips, so an update costs O(1) and a flip O(out-degree), never O(N);
///  - the decision as a table per population: active iff n_E >= threshold_k[n_I]. The table
///    is computed once from the parameters, with each float operation rounded on its own
///    (n_E + c_k > J_k n_I with c_k = K E_k m0 - sqrt(K) theta_k), so the update itself is
///    integer-only and a run is bit-identical on every core once the table is (it is in
///    the reproducible mode, FMA contraction off; ties u = 0 are exact in the default
///    parameters at K = 100, and so decided alike everywhere).
///
/// The model does not step itself: steppers/async_update.hpp picks which unit updates (the
/// population time constants are its rule). The buffers are the caller's (a
/// FixedBalancedNetwork<N_E, N_I, K> on the device, host/balanced_host.hpp on the desktop), so one
/// code serves compile-time and run-time sizes.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>

#include "edgechaos/core/checks.hpp"
#include "edgechaos/core/config.hpp"
#include "edgechaos/core/random.hpp"
#include "edgechaos/core/status.hpp"
#include "edgechaos/weights/fixed_in_degree.hpp"

namespace edgechaos {

/// A unit's population (the units below N_E are excitatory, the rest inhibitory).
enum class Population : std::uint8_t {
  excitatory = 0,  ///< E
  inhibitory = 1   ///< I
};

/// The parameters of PHYSICS.md section 7; the defaults are van Vreeswijk & Sompolinsky's
/// (E/I = 1.25 > J_E/J_I = 1.11 > 1: the balanced state exists).
struct BalancedParams {
  Scalar e = 1.0f;         ///< E: external drive of the E population, in units of sqrt(K) m0
  Scalar i = 0.8f;         ///< I: external drive of the I population
  Scalar je = 2.0f;        ///< J_E: strength of inhibition onto E units (J_EI = -J_E / sqrt K)
  Scalar ji = 1.8f;        ///< J_I: strength of inhibition onto I units (J_II = -J_I / sqrt K)
  Scalar theta_e = 1.0f;   ///< threshold of the E units
  Scalar theta_i = 0.7f;   ///< threshold of the I units
  Scalar m0 = 0.1f;        ///< external rate, in [0, 1]
  Scalar tau_e = 1.0f;     ///< E time constant (the stepper's update rule)
  Scalar tau_i = 0.9f;     ///< I time constant
};

/// Status::invalid_argument unless E, I, J_E, J_I are non-negative, the thresholds finite,
/// m0 in [0, 1] and both time constants positive.
inline Status validate(const BalancedParams& p) {
  return first_error(require(is_non_negative(p.e) && is_non_negative(p.i)),
                     require(is_non_negative(p.je) && is_non_negative(p.ji)),
                     require(is_finite(p.theta_e) && is_finite(p.theta_i)),
                     require(in_range(p.m0, 0.0f, 1.0f)),
                     require(is_positive(p.tau_e) && is_positive(p.tau_i)));
}

/// The caller's storage for a network of the given shape: bits[(N + 31) / 32],
/// count_e[N], count_i[N], offsets[N + 1], targets[2 K N], threshold[2 (K + 1)].
template <class IndexT>
struct BalancedBuffers {
  std::uint32_t* bits = nullptr;       ///< the states, 32 to a word: (N + 31) / 32
  std::uint16_t* count_e = nullptr;    ///< active E inputs per unit: N
  std::uint16_t* count_i = nullptr;    ///< active I inputs per unit: N
  std::uint32_t* offsets = nullptr;    ///< out-going row starts: N + 1
  IndexT* targets = nullptr;           ///< out-going targets: 2 K N
  std::uint16_t* threshold = nullptr;  ///< the two decision tables: 2 (K + 1)
};

/// The three parts of a unit's input (the balance: excitatory and inhibitory grow as
/// sqrt(K), their sum stays O(1)).
struct InputParts {
  Scalar excitatory;  ///< sqrt(K) E_k m0 + n_E / sqrt(K)
  Scalar inhibitory;  ///< -J_k n_I / sqrt(K)
  Scalar net;         ///< excitatory + inhibitory - theta_k: the u of the update rule
};

/// Fills the decision table of one population: row[n_I] = the least n_E in [0, K + 1] with
/// n_E + c > J n_I, c = K drive m0 - sqrt(K) theta (K + 1: never active), for n_I in [0, K].
/// Each product and sum is rounded on its own, in float, and no a * b + c is offered to an
/// FMA: the table is the model's definition, shared with the count theory
/// (theory/balanced_rates.hpp), which must decide ties u = 0 exactly as the network does.
inline void fill_threshold_row(Index k, Scalar drive, Scalar j, Scalar theta, Scalar m0, std::uint16_t* row) {
  const Scalar kf = static_cast<Scalar>(k);
  const Scalar sqrt_k = std::sqrt(kf);
  const Scalar ext = kf * drive;
  const Scalar ext_m0 = ext * m0;
  const Scalar theta_term = sqrt_k * theta;
  const Scalar c = ext_m0 - theta_term;
  Index n_e_needed = 0;
  for (Index n_i_active = 0; n_i_active <= k; ++n_i_active) {
    const Scalar inhibition = j * static_cast<Scalar>(n_i_active);
    // the inhibition grows with n_I, so the threshold never falls: continue from the last
    Index n = n_e_needed;
    while (n <= k && !(static_cast<Scalar>(n) + c > inhibition)) ++n;
    row[n_i_active] = static_cast<std::uint16_t>(n);
    n_e_needed = n;
  }
}

/// The balanced E/I binary network on the caller's buffers (see the top of this file);
/// \p IndexT is the unit index type of the out-going targets.
template <class IndexT>
class BalancedNetwork {
 public:
  using Index_t = IndexT;  ///< the unit index type of the targets

  /// Takes the shape and the buffers; the network is ready once it is wired, has
  /// parameters and a state. Status::invalid_argument for a bad shape (validate_degree) or
  /// a missing buffer; on an error nothing changes.
  Status attach(const FixedInDegreeShape& shape, const BalancedBuffers<IndexT>& buffers) {
    const Status s = validate_degree<IndexT>(shape);
    if (s != Status::ok) return s;
    if (!buffers.bits || !buffers.count_e || !buffers.count_i || !buffers.offsets || !buffers.targets ||
        !buffers.threshold)
      return Status::invalid_argument;
    shape_ = shape;
    b_ = buffers;
    wired_ = has_params_ = has_state_ = false;
    return Status::ok;
  }

  /// Wires the seeded graph (weights/fixed_in_degree.hpp); the state must be set again
  /// after. Status::invalid_argument before attach().
  Status wire(std::uint64_t seed) {
    if (!attached()) return Status::invalid_argument;
    const Status s = wire_fixed_in_degree(seed, shape_, b_.offsets, b_.targets);
    if (s == Status::ok) wired_ = true, has_state_ = false;
    return s;
  }
  /// Wires the caller's in-lists (sorted, distinct; see wire_from_in_lists, whose statuses
  /// it returns); the state must be set again after. Status::invalid_argument before attach().
  Status wire_from(const IndexT* e_inputs, const IndexT* i_inputs) {
    if (!attached()) return Status::invalid_argument;
    const Status s = wire_from_in_lists(e_inputs, i_inputs, shape_, b_.offsets, b_.targets);
    if (s == Status::ok) wired_ = true, has_state_ = false;
    return s;
  }

  /// Sets the parameters and the decision tables. The state and counts stay as they are (a
  /// changed drive acts from the next update on). Bad parameters (validate) or a call
  /// before attach() give Status::invalid_argument and change nothing.
  Status set_params(const BalancedParams& p) {
    if (!attached()) return Status::invalid_argument;
    const Status s = validate(p);
    if (s != Status::ok) return s;
    p_ = p;
    const Scalar kf = static_cast<Scalar>(shape_.k);
    sqrt_k_ = std::sqrt(kf);
    fill_threshold(0, p.e, p.je, p.theta_e);
    fill_threshold(1, p.i, p.ji, p.theta_i);
    has_params_ = true;
    return Status::ok;
  }

  /// Sets each unit active with probability \p fraction (in [0, 1]), from the stream of
  /// \p seed, then the input counts from scratch (O(edges)). Status::invalid_argument before
  /// wiring or for a fraction outside [0, 1].
  Status set_random_state(Scalar fraction, std::uint64_t seed) {
    if (!wired_ || !in_range(fraction, 0.0f, 1.0f)) return Status::invalid_argument;
    Xoshiro128pp rng(seed);
    // u / 2^32 < fraction, decided on integers: fraction * 2^32 rounded down (1 -> all).
    const double scaled = static_cast<double>(fraction) * 4294967296.0;
    const std::uint64_t cut = static_cast<std::uint64_t>(scaled);
    for (Index w = 0; w < words(); ++w) b_.bits[w] = 0;
    for (Index j = 0; j < units(); ++j)
      if (rng.next_u32() < cut) b_.bits[j >> 5] |= std::uint32_t{1} << (j & 31);
    recount();
    return Status::ok;
  }
  /// Sets the caller's bits (bit j of word j / 32; bits past N ignored), then the counts.
  /// Status::invalid_argument before wiring or for null bits.
  Status set_state(const std::uint32_t* bits) {
    if (!wired_ || bits == nullptr) return Status::invalid_argument;
    for (Index w = 0; w < words(); ++w) b_.bits[w] = bits[w];
    if (units() & 31) b_.bits[words() - 1] &= (std::uint32_t{1} << (units() & 31)) - 1u;
    recount();
    return Status::ok;
  }

  /// True when wired, with parameters and a state: update() may run.
  bool ready() const { return wired_ && has_params_ && has_state_; }
  /// True once set_params() succeeded.
  bool has_params() const { return has_params_; }

  /// One unit's update: sigma_j = [n_E >= threshold_k[n_I]]; on a flip the counts of its
  /// targets move by one. Returns true when the unit flipped. Precondition: ready(), j < N
  /// (the stepper checks both).
  EDGECHAOS_INLINE bool update(Index j) {
    const int pop = j < shape_.n_e ? 0 : 1;
    const bool now = b_.count_e[j] >= b_.threshold[pop * (shape_.k + 1) + b_.count_i[j]];
    const std::uint32_t mask = std::uint32_t{1} << (j & 31);
    const bool was = (b_.bits[j >> 5] & mask) != 0;
    if (now == was) return false;
    b_.bits[j >> 5] ^= mask;
    std::uint16_t* counts = pop == 0 ? b_.count_e : b_.count_i;
    const IndexT* t = b_.targets + b_.offsets[j];
    const IndexT* end = b_.targets + b_.offsets[j + 1];
    if (now) {
      for (; t != end; ++t) ++counts[*t];
    } else {
      for (; t != end; ++t) --counts[*t];
    }
    active_[pop] += now ? 1 : -1;
    return true;
  }

  // Accessors (indices are not checked: j < units(), n_i_active <= k()).
  /// The shape attached.
  const FixedInDegreeShape& shape() const { return shape_; }
  /// N = N_E + N_I.
  Index units() const { return shape_.units(); }
  /// N_E.
  Index n_e() const { return shape_.n_e; }
  /// N_I.
  Index n_i() const { return shape_.n_i; }
  /// K, the inputs per unit from each population.
  Index k() const { return shape_.k; }
  /// The parameters in use.
  const BalancedParams& params() const { return p_; }
  /// Unit \p j's population.
  Population population(Index j) const { return j < shape_.n_e ? Population::excitatory : Population::inhibitory; }
  /// Unit \p j's state sigma_j.
  bool state(Index j) const { return (b_.bits[j >> 5] >> (j & 31)) & 1u; }
  /// The packed states (words() words).
  const std::uint32_t* bits() const { return b_.bits; }
  /// Words of packed states, (N + 31) / 32.
  Index words() const { return (units() + 31) / 32; }
  /// Active E inputs of unit \p j.
  std::uint16_t count_e(Index j) const { return b_.count_e[j]; }
  /// Active I inputs of unit \p j.
  std::uint16_t count_i(Index j) const { return b_.count_i[j]; }
  /// Active units of \p pop.
  Index active(Population pop) const { return active_[static_cast<int>(pop)]; }
  /// The population rate m_k: active units of \p pop over its size.
  Scalar rate(Population pop) const {
    return static_cast<Scalar>(active(pop)) /
           static_cast<Scalar>(pop == Population::excitatory ? shape_.n_e : shape_.n_i);
  }
  /// Units that receive unit \p j.
  Index out_degree(Index j) const { return static_cast<Index>(b_.offsets[j + 1] - b_.offsets[j]); }
  /// The out_degree(j) units that receive unit \p j, ascending.
  const IndexT* out_targets(Index j) const { return b_.targets + b_.offsets[j]; }
  /// The least n_E that activates a unit of \p pop with \p n_i_active active I inputs
  /// (K + 1: never).
  std::uint16_t threshold(Population pop, Index n_i_active) const {
    return b_.threshold[static_cast<int>(pop) * (shape_.k + 1) + n_i_active];
  }
  /// sqrt(K) as the model computed it (1 before set_params).
  Scalar sqrt_k() const { return sqrt_k_; }

  /// The input of a unit of \p pop with the given counts, in its three parts (for monitors
  /// and tests; the update itself uses the table).
  InputParts input(Population pop, Index n_e_active, Index n_i_active) const {
    const bool e = pop == Population::excitatory;
    const Scalar drive = sqrt_k_ * (e ? p_.e : p_.i) * p_.m0;
    const Scalar exc = drive + static_cast<Scalar>(n_e_active) / sqrt_k_;
    const Scalar inh = -(e ? p_.je : p_.ji) * static_cast<Scalar>(n_i_active) / sqrt_k_;
    return {exc, inh, exc + inh - (e ? p_.theta_e : p_.theta_i)};
  }
  /// Unit \p j's present input, in its three parts.
  InputParts input(Index j) const { return input(population(j), b_.count_e[j], b_.count_i[j]); }

 private:
  bool attached() const { return b_.bits != nullptr; }

  void fill_threshold(int pop, Scalar drive, Scalar j, Scalar theta) {
    fill_threshold_row(shape_.k, drive, j, theta, p_.m0, b_.threshold + pop * (shape_.k + 1));
  }

  void recount() {
    for (Index j = 0; j < units(); ++j) b_.count_e[j] = b_.count_i[j] = 0;
    active_[0] = active_[1] = 0;
    for (Index j = 0; j < units(); ++j) {
      if (!state(j)) continue;
      const int pop = j < shape_.n_e ? 0 : 1;
      ++active_[pop];
      std::uint16_t* counts = pop == 0 ? b_.count_e : b_.count_i;
      for (const IndexT* t = out_targets(j); t != out_targets(j) + out_degree(j); ++t) ++counts[*t];
    }
    has_state_ = true;
  }

  FixedInDegreeShape shape_{};
  BalancedBuffers<IndexT> b_{};
  BalancedParams p_{};
  Scalar sqrt_k_ = 1.0f;
  Index active_[2] = {0, 0};
  bool wired_ = false, has_params_ = false, has_state_ = false;
};

/// Compile-time sizes for the device: the storage and the network in one object, no heap.
/// RAM: (N + 31) / 32 * 4 + 4 N (counts) + 4 (N + 1) (offsets) + 2 K N sizeof(IndexT)
/// (targets) + 4 (K + 1) (tables) bytes, plus the network's few words. Attached at
/// construction; wire, set the parameters and a state before stepping.
template <int NE, int NI, int K, class IndexT = std::uint16_t>
class FixedBalancedNetwork : public BalancedNetwork<IndexT> {
  static_assert(K >= 1 && K <= NE && K <= NI, "FixedBalancedNetwork: need 1 <= K <= N_E, N_I");
  static_assert(K <= 65535, "FixedBalancedNetwork: the input counters are 16-bit (K <= 65535)");
  static_assert(static_cast<unsigned long long>(NE + NI - 1) <= static_cast<unsigned long long>(std::numeric_limits<IndexT>::max()),
                "FixedBalancedNetwork: IndexT too narrow for N_E + N_I units (use std::uint32_t)");

 public:
  static constexpr int kUnits = NE + NI;             ///< N
  static constexpr int kWords = (kUnits + 31) / 32;  ///< words of packed states
  static constexpr long kEdges = 2L * K * kUnits;    ///< edges, 2 K N

  /// Attached to its own storage (not yet wired).
  FixedBalancedNetwork() {
    BalancedBuffers<IndexT> b;
    b.bits = bits_;
    b.count_e = count_e_;
    b.count_i = count_i_;
    b.offsets = offsets_;
    b.targets = targets_;
    b.threshold = threshold_;
    const Status s = this->attach(FixedInDegreeShape{NE, NI, K}, b);  // cannot fail: sizes checked above
    (void)s;
  }
  /// Not copyable: the base points into this object.
  FixedBalancedNetwork(const FixedBalancedNetwork&) = delete;  // the base points into this object
  /// Not assignable: the base points into this object.
  FixedBalancedNetwork& operator=(const FixedBalancedNetwork&) = delete;

 private:
  std::uint32_t bits_[kWords] = {};
  std::uint16_t count_e_[kUnits] = {};
  std::uint16_t count_i_[kUnits] = {};
  std::uint32_t offsets_[kUnits + 1] = {};
  IndexT targets_[kEdges] = {};
  std::uint16_t threshold_[2 * (K + 1)] = {};
};

}  // namespace edgechaos
