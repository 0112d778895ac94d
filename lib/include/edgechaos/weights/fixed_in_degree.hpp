/// \file
/// Fixed in-degree connectivity for the balanced E/I network (PHYSICS.md section 7):
/// every unit has exactly K inputs from the excitatory population and exactly K from the
/// inhibitory one, distinct within a population (no multapses).
///
/// Units are numbered E first (0 .. N_E - 1), then I (N_E .. N_E + N_I - 1). What a binary
/// network needs at run time is the out-going adjacency (who hears unit j when it flips),
/// so that is what is stored, in compressed rows: targets[offsets[j] .. offsets[j + 1]) are
/// the units that receive unit j. The in-going lists are never kept: they are either
/// generated from a seed or read from the caller's arrays, and transposed here.
///
/// Generation is selection sampling (Knuth's Algorithm S) over each population: candidate
/// j of a pool of P with r still needed is taken with probability r / (P - j), decided on
/// integers from Xoshiro128pp, so every platform draws the same graph. It needs no scratch
/// and no heap, gives each row sorted, and costs O(N_E + N_I) draws per unit (O(N^2) for the
/// graph): a one-off cost, 0.5 s at N = 8000 on the host.
#pragma once

#include <cstdint>
#include <limits>

#include "edgechaos/core/checks.hpp"
#include "edgechaos/core/config.hpp"
#include "edgechaos/core/random.hpp"
#include "edgechaos/core/status.hpp"

namespace edgechaos {

/// Sizes of a fixed in-degree E/I graph; checked by validate_degree below.
struct FixedInDegreeShape {
  Index n_e = 0;  ///< excitatory units (numbered first)
  Index n_i = 0;  ///< inhibitory units
  Index k = 0;    ///< inputs per unit from each population (K)
  /// N_E + N_I.
  Index units() const { return n_e + n_i; }
  /// Edges of the graph, 2 K per unit (the length of the targets array).
  std::uint64_t edges() const { return static_cast<std::uint64_t>(units()) * 2u * static_cast<std::uint64_t>(k); }
};

/// Status::invalid_argument unless 1 <= K <= N_E, N_I, K <= 65535 (the input counters are
/// 16-bit), the edges fit the 32-bit offsets and every unit index fits IndexT.
template <class IndexT>
constexpr Status validate_degree(const FixedInDegreeShape& s) {
  return first_error(require(s.n_e >= 1 && s.n_i >= 1 && s.k >= 1),
                     require(s.k <= s.n_e && s.k <= s.n_i),
                     require(s.k <= 65535),
                     require(s.edges() <= std::uint64_t{0xFFFFFFFFu}),
                     require(static_cast<std::uint64_t>(s.units()) - 1u <=
                             static_cast<std::uint64_t>(std::numeric_limits<IndexT>::max())));
}

namespace detail {

// True with probability needed / pool (0 < pool < 2^32): (u * pool) / 2^32 is uniform on
// 0 .. pool - 1 up to a bias below pool / 2^32.
inline bool take_candidate(Xoshiro128pp& rng, std::uint32_t needed, std::uint32_t pool) {
  const std::uint64_t u = rng.next_u32();
  return static_cast<std::uint32_t>((u * pool) >> 32) < needed;
}

// fn(post, pre) for every edge of the seeded graph, in the order post = 0, 1, ...;
// per post the E inputs ascending, then the I inputs ascending (pre is a global index).
template <class Fn>
void for_each_seeded_edge(std::uint64_t seed, const FixedInDegreeShape& s, Fn&& fn) {
  Xoshiro128pp rng(seed);
  for (Index post = 0; post < s.units(); ++post) {
    for (int pop = 0; pop < 2; ++pop) {
      const Index first = pop == 0 ? 0 : s.n_e;
      const auto pool = static_cast<std::uint32_t>(pop == 0 ? s.n_e : s.n_i);
      auto needed = static_cast<std::uint32_t>(s.k);
      for (std::uint32_t j = 0; j < pool && needed > 0; ++j) {
        if (take_candidate(rng, needed, pool - j)) {
          fn(post, first + static_cast<Index>(j));
          --needed;
        }
      }
    }
  }
}

// fn(post, pre) for every edge of caller-given in-lists (e_inputs[post * K + a] indexes
// the E population, i_inputs[post * K + a] the I population).
template <class IndexT, class Fn>
void for_each_listed_edge(const IndexT* e_inputs, const IndexT* i_inputs, const FixedInDegreeShape& s, Fn&& fn) {
  for (Index post = 0; post < s.units(); ++post) {
    for (Index a = 0; a < s.k; ++a) fn(post, static_cast<Index>(e_inputs[post * s.k + a]));
    for (Index a = 0; a < s.k; ++a) fn(post, s.n_e + static_cast<Index>(i_inputs[post * s.k + a]));
  }
}

// Transposes an edge enumeration into compressed out-going rows: a counting pass, a prefix
// sum, a filling pass that uses offsets[pre] as the cursor, then one shift back.
template <class IndexT, class Enumerate>
void build_out_rows(const FixedInDegreeShape& s, Enumerate&& enumerate, std::uint32_t* offsets, IndexT* targets) {
  const Index n = s.units();
  for (Index j = 0; j <= n; ++j) offsets[j] = 0;
  enumerate([&](Index, Index pre) { ++offsets[pre + 1]; });
  for (Index j = 0; j < n; ++j) offsets[j + 1] += offsets[j];
  enumerate([&](Index post, Index pre) { targets[offsets[pre]++] = static_cast<IndexT>(post); });
  for (Index j = n; j > 0; --j) offsets[j] = offsets[j - 1];
  offsets[0] = 0;
}

}  // namespace detail

/// Draws the seeded graph (selection sampling, see the top of this file) into out-going
/// compressed rows: offsets[units() + 1] and targets[edges()]. Fails as validate_degree
/// does, writing nothing.
template <class IndexT>
Status wire_fixed_in_degree(std::uint64_t seed, const FixedInDegreeShape& s, std::uint32_t* offsets, IndexT* targets) {
  const Status st = validate_degree<IndexT>(s);
  if (st != Status::ok) return st;
  detail::build_out_rows(
      s, [&](auto&& fn) { detail::for_each_seeded_edge(seed, s, fn); }, offsets, targets);
  return Status::ok;
}

/// Wires a caller's in-lists into out-going compressed rows: K E-indices (in [0, N_E)) and
/// K I-indices (in [0, N_I)) per unit, each list strictly increasing (sorted, so
/// "distinct" is one comparison per entry). Status::invalid_argument, with offsets and
/// targets untouched, for a null list, an index out of range or a list out of order.
template <class IndexT>
Status wire_from_in_lists(const IndexT* e_inputs, const IndexT* i_inputs, const FixedInDegreeShape& s,
                          std::uint32_t* offsets, IndexT* targets) {
  const Status st = validate_degree<IndexT>(s);
  if (st != Status::ok) return st;
  if (e_inputs == nullptr || i_inputs == nullptr) return Status::invalid_argument;
  for (Index post = 0; post < s.units(); ++post) {
    for (int pop = 0; pop < 2; ++pop) {
      const IndexT* row = (pop == 0 ? e_inputs : i_inputs) + post * s.k;
      const Index pool = pop == 0 ? s.n_e : s.n_i;
      for (Index a = 0; a < s.k; ++a) {
        if (static_cast<Index>(row[a]) >= pool) return Status::invalid_argument;
        if (a > 0 && !(row[a - 1] < row[a])) return Status::invalid_argument;
      }
    }
  }
  detail::build_out_rows(
      s, [&](auto&& fn) { detail::for_each_listed_edge(e_inputs, i_inputs, s, fn); }, offsets, targets);
  return Status::ok;
}

}  // namespace edgechaos
