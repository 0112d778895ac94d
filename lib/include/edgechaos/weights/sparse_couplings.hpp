/// \file
/// Sparse couplings J in compressed-row form (CSR): row i's entries are val[k], in columns
/// col[k], for k in [row_ptr[i], row_ptr[i + 1]), columns strictly increasing within a row.
///
/// <pre>
///   SparseCouplingsView\<I\>      non-owning: pointers to const arrays (they may sit in flash)
///   SparseCouplings<N, NNZ>     owning, fixed capacity NNZ, std::array members, no heap
///   sparse_index_t<N, NNZ>      the index type of both arrays: std::uint16_t when every
///                               index fits (N <= 65535 and NNZ <= 65535: row_ptr holds values
///                               up to NNZ, col up to N - 1), std::uint32_t otherwise (and for
///                               a Dynamic size). One type for both arrays keeps one view type.
/// </pre>
///
/// The product y = J r gives the same bits as detail::matvec on the dense form of the same
/// matrix (detail/matvec.hpp's order): row i keeps kLanes = 8 partial sums from +0; the
/// product J(i, j) r(j) goes to lane j mod 8 in increasing j; the lanes are combined as
/// ((l0 + l4) + (l1 + l5)) + ((l2 + l6) + (l3 + l7)). The dense kernel also adds the
/// products of the zero entries, but for a finite r those are +-0, and adding +-0 to a lane
/// leaves it unchanged (a lane that starts at +0 is never -0 in round-to-nearest), so
/// skipping them is exact. (A non-finite r differs: 0 * Inf is NaN in the dense product;
/// the steppers never evaluate a model at a non-finite state.) The FMA contraction of the
/// lane update follows the build's mode, as the dense kernel's does.
///
/// Generation (generate_sparse_couplings): entry (i, j), i != j, is present with probability
/// p, value N(0, g^2 / (p n)), so a row sum has the variance of the dense J of gain g
/// (p (n - 1) terms of g^2 / (p n)). Draw order: a Xoshiro128pp stream seeded with the seed
/// gives one uniform per (i, j), row by row, column by column, skipping j = i; the entry is
/// present when that uniform is < p. A NormalStream seeded with seed ^ kSparseValueSeedXor
/// gives the values, one per present entry, in the same order. value = float(scale * z),
/// scale = g / sqrt(p n) in double: one rounded product, no FMA, the same bits everywhere.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "edgechaos/core/checks.hpp"
#include "edgechaos/core/config.hpp"
#include "edgechaos/core/random.hpp"
#include "edgechaos/core/status.hpp"
#include "edgechaos/detail/matvec.hpp"

namespace edgechaos {

/// The CSR index type: std::uint16_t when N and NNZ both fit 16 bits (fixed sizes only),
/// else std::uint32_t.
template <int N, long NNZ>
using sparse_index_t =
    std::conditional_t<(N != Dynamic && N >= 1 && N <= 65535 && NNZ >= 0 && NNZ <= 65535), std::uint16_t, std::uint32_t>;

/// The value stream's seed: the run seed XOR the fractional part of sqrt(5) (64 bits), so
/// the mask and the values are separate streams. Fixed forever (it is in every sparse J).
constexpr std::uint64_t kSparseValueSeedXor = 0x3C6EF372FE94F82Bull;

/// The parameters of a random sparse J (generate_sparse_couplings).
struct SparseCouplingParams {
  float g = 1.0f;           ///< gain: a row sum has variance g^2 (n - 1) / n, as the dense J
  float p = 0.1f;           ///< connection probability, in (0, 1]
  std::uint64_t seed = 1u;  ///< stream seed
};

/// Status::invalid_argument unless g is in [0, 1e30] and p in (0, 1] (NaN fails).
constexpr Status validate(const SparseCouplingParams& q) {
  if (!(q.g >= 0.0f) || !(q.g <= 1e30f)) return Status::invalid_argument;
  if (!(q.p > 0.0f) || !(q.p <= 1.0f)) return Status::invalid_argument;
  return Status::ok;
}

/// Checks CSR arrays: row_ptr[0] = 0, non-decreasing, row_ptr[n] = nnz; col < n and strictly
/// increasing within each row (the product's order needs increasing j; duplicates would
/// have no dense form); values finite. Status::invalid_argument for a structural fault
/// (also null arrays, n < 1, or sizes the index type I cannot hold),
/// Status::non_finite_input for a NaN/Inf value.
template <class I>
Status validate_sparse(const I* row_ptr, const I* col, const Scalar* val, Index n, Index nnz) {
  if (row_ptr == nullptr || n < 1 || nnz < 0) return Status::invalid_argument;
  if (nnz > 0 && (col == nullptr || val == nullptr)) return Status::invalid_argument;
  if (static_cast<std::uint64_t>(n) > std::numeric_limits<I>::max() + std::uint64_t{1} ||
      static_cast<std::uint64_t>(nnz) > std::numeric_limits<I>::max()) {
    return Status::invalid_argument;  // the index type cannot hold these sizes
  }
  if (row_ptr[0] != 0 || static_cast<Index>(row_ptr[n]) != nnz) return Status::invalid_argument;
  for (Index i = 0; i < n; ++i) {
    const Index begin = static_cast<Index>(row_ptr[i]), end = static_cast<Index>(row_ptr[i + 1]);
    if (end < begin || end > nnz) return Status::invalid_argument;
    for (Index k = begin; k < end; ++k) {
      if (static_cast<Index>(col[k]) >= n) return Status::invalid_argument;
      if (k > begin && !(col[k] > col[k - 1])) return Status::invalid_argument;
    }
  }
  for (Index k = 0; k < nnz; ++k) {
    if (!is_finite(val[k])) return Status::non_finite_input;
  }
  return Status::ok;
}

namespace detail {

// y = J r for CSR J in detail::matvec's order (see the top of this file).
template <class I>
inline void sparse_matvec(const I* __restrict row_ptr, const I* __restrict col, const Scalar* __restrict val,
                          const Scalar* __restrict r, Scalar* __restrict y, Index n) {
  for (Index i = 0; i < n; ++i) {
    Scalar l[kLanes] = {0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f};
    const Index end = static_cast<Index>(row_ptr[i + 1]);
    for (Index k = static_cast<Index>(row_ptr[i]); k < end; ++k) {
      const Index j = static_cast<Index>(col[k]);
      l[j & (kLanes - 1)] += val[k] * r[j];
    }
    y[i] = ((l[0] + l[4]) + (l[1] + l[5])) + ((l[2] + l[6]) + (l[3] + l[7]));
  }
}

}  // namespace detail

/// A view of CSR arrays that outlive it. Also the coupling policy of a model
/// (RateNetwork, EchoState): multiply() is the product J r.
template <class I = std::uint32_t>
struct SparseCouplingsView {
  static_assert(std::is_unsigned_v<I>, "SparseCouplingsView: the index type must be unsigned");
  using index_type = I;                  ///< the unsigned index type of row_ptr and col
  static constexpr bool kDense = false;  ///< not dense: the dense-only model members are off

  const I* row_ptr = nullptr;  ///< n + 1 row starts
  const I* col = nullptr;      ///< nnz column indices
  const Scalar* val = nullptr; ///< nnz values
  Index n = 0;                 ///< rows (= columns)
  Index nnz = 0;               ///< stored entries

  /// Points the view at arrays checked by validate_sparse; on an error the view is unchanged.
  Status set(const I* row_ptr_, const I* col_, const Scalar* val_, Index n_, Index nnz_) {
    const Status s = validate_sparse(row_ptr_, col_, val_, n_, nnz_);
    if (s != Status::ok) return s;
    row_ptr = row_ptr_;
    col = col_;
    val = val_;
    n = n_;
    nnz = nnz_;
    return Status::ok;
  }

  /// True once arrays are set (a model refuses to step without them).
  bool bound() const { return row_ptr != nullptr; }
  /// n, the matrix's order.
  Index size() const { return n; }
  /// y = J r over the first \p rows rows, the same bits as the dense product (file comment).
  void multiply(const Scalar* r, Scalar* y, Index rows) const { detail::sparse_matvec(row_ptr, col, val, r, y, rows); }

  /// J(i, j), 0 where no entry is stored (a search of row i; indices are not checked).
  Scalar at(Index i, Index j) const {
    for (Index k = static_cast<Index>(row_ptr[i]); k < static_cast<Index>(row_ptr[i + 1]); ++k) {
      if (static_cast<Index>(col[k]) == j) return val[k];
    }
    return 0.0f;
  }
};

// (SparseCouplings, the owned storage, follows the free functions it is built on.)
/// The number of entries that generate_sparse_couplings draws for (q, n), into \p nnz: the
/// mask stream alone, so a caller can size its arrays first. Status::invalid_argument for
/// \p n < 1 or parameters that fail validate(); \p nnz is then unchanged.
inline Status count_sparse_couplings(const SparseCouplingParams& q, Index n, Index& nnz) {
  if (n < 1) return Status::invalid_argument;
  const Status s = validate(q);
  if (s != Status::ok) return s;
  Index count = 0;
  Xoshiro128pp mask(q.seed);
  for (Index i = 0; i < n; ++i) {
    for (Index j = 0; j < n; ++j) {
      if (j != i && mask.next_uniform() < q.p) ++count;
    }
  }
  nnz = count;
  return Status::ok;
}

/// Random sparse couplings into a caller's CSR arrays (row_ptr: n + 1, col and val:
/// capacity), the draws of the top of this file; nnz gets the count.
/// Status::capacity_exceeded if the draw does not fit, or if an index would not fit I;
/// Status::invalid_argument for null arrays or bad parameters. On an error nothing is written.
template <class I>
Status generate_sparse_couplings(const SparseCouplingParams& q, Index n, I* row_ptr, I* col, Scalar* val, Index capacity,
                                 Index& nnz) {
  if (row_ptr == nullptr || (capacity > 0 && (col == nullptr || val == nullptr))) return Status::invalid_argument;
  Index count = 0;
  const Status s = count_sparse_couplings(q, n, count);
  if (s != Status::ok) return s;
  if (count > capacity || static_cast<std::uint64_t>(count > n ? count : n) > std::numeric_limits<I>::max()) {
    return Status::capacity_exceeded;
  }
  Xoshiro128pp mask(q.seed);
  NormalStream normal(q.seed ^ kSparseValueSeedXor);
  const double scale = static_cast<double>(q.g) / std::sqrt(static_cast<double>(q.p) * static_cast<double>(n));
  Index k = 0;
  for (Index i = 0; i < n; ++i) {
    row_ptr[i] = static_cast<I>(k);
    for (Index j = 0; j < n; ++j) {
      if (j == i || !(mask.next_uniform() < q.p)) continue;
      col[k] = static_cast<I>(j);
      val[k] = static_cast<Scalar>(scale * static_cast<double>(normal.next()));
      ++k;
    }
  }
  row_ptr[n] = static_cast<I>(k);
  nnz = k;
  return Status::ok;
}

/// The nonzero entries of a dense row-major n x n array into a caller's CSR arrays (exact
/// zeros, +0 and -0, are dropped: they add nothing to the product). Status::capacity_exceeded
/// if they do not fit; Status::non_finite_input for a NaN/Inf entry;
/// Status::invalid_argument for null arrays or \p n < 1. On an error nothing is written.
template <class I>
Status sparse_from_dense(const Scalar* J, Index n, I* row_ptr, I* col, Scalar* val, Index capacity, Index& nnz) {
  if (J == nullptr || row_ptr == nullptr || n < 1 || (capacity > 0 && (col == nullptr || val == nullptr))) {
    return Status::invalid_argument;
  }
  Index count = 0;
  for (Index k = 0; k < n * n; ++k) {
    if (!is_finite(J[k])) return Status::non_finite_input;
    if (J[k] != 0.0f) ++count;
  }
  if (count > capacity || static_cast<std::uint64_t>(count > n ? count : n) > std::numeric_limits<I>::max()) {
    return Status::capacity_exceeded;
  }
  Index k = 0;
  for (Index i = 0; i < n; ++i) {
    row_ptr[i] = static_cast<I>(k);
    for (Index j = 0; j < n; ++j) {
      const Scalar v = J[i * n + j];
      if (v == 0.0f) continue;
      col[k] = static_cast<I>(j);
      val[k] = v;
      ++k;
    }
  }
  row_ptr[n] = static_cast<I>(k);
  nnz = k;
  return Status::ok;
}

/// Owned CSR storage of capacity NNZ for an N x N matrix (fixed N, no heap). Only nnz()
/// entries are in use; it binds a model through its View.
template <int N, int NNZ>
class SparseCouplings {
  static_assert(N >= 1, "SparseCouplings: N must be a fixed size of at least 1");
  static_assert(NNZ >= 0, "SparseCouplings: NNZ (capacity) must be non-negative");

 public:
  using index_type = sparse_index_t<N, NNZ>;      ///< 16-bit when N and NNZ allow it
  using View = SparseCouplingsView<index_type>;  ///< the policy a model binds
  static constexpr int kNeurons = N;             ///< the matrix's order
  static constexpr int kCapacity = NNZ;          ///< the most entries it can store

  /// An empty matrix (nnz() = 0: J = 0).
  SparseCouplings() { row_ptr_.fill(0); }

  /// Copies arrays checked by validate_sparse (n = N); Status::capacity_exceeded when
  /// \p nnz > NNZ; on an error nothing changes.
  Status assign(const index_type* row_ptr, const index_type* col, const Scalar* val, Index nnz) {
    if (nnz > NNZ) return Status::capacity_exceeded;
    const Status s = validate_sparse(row_ptr, col, val, N, nnz);
    if (s != Status::ok) return s;
    for (Index i = 0; i <= N; ++i) row_ptr_[static_cast<std::size_t>(i)] = row_ptr[i];
    for (Index k = 0; k < nnz; ++k) {
      col_[static_cast<std::size_t>(k)] = col[k];
      val_[static_cast<std::size_t>(k)] = val[k];
    }
    nnz_ = nnz;
    return Status::ok;
  }

  /// The nonzero entries of a dense row-major N x N array (exact zeros, +0 and -0, are
  /// dropped: they add nothing to the product). Status::capacity_exceeded if they do not
  /// fit; Status::non_finite_input for a NaN/Inf entry. On an error nothing changes.
  Status from_dense(const Scalar* J) {
    Index count = 0;
    const Status s = sparse_from_dense(J, N, row_ptr_.data(), col_.data(), val_.data(), Index{NNZ}, count);
    if (s == Status::ok) nnz_ = count;
    return s;
  }

  /// Random sparse couplings (see the top of this file for the draws).
  /// Status::capacity_exceeded if the draw has more than NNZ entries (then nothing changes:
  /// size NNZ for p N (N - 1) plus a margin of a few standard deviations, or N (N - 1) to
  /// be sure); Status::invalid_argument for parameters that fail validate().
  Status generate(const SparseCouplingParams& q) {
    Index count = 0;
    const Status s = generate_sparse_couplings(q, N, row_ptr_.data(), col_.data(), val_.data(), Index{NNZ}, count);
    if (s == Status::ok) nnz_ = count;
    return s;
  }

  /// Writes the dense row-major N x N form to \p J (zeros where no entry is stored).
  void to_dense(Scalar* J) const {
    for (Index k = 0; k < Index{N} * N; ++k) J[k] = 0.0f;
    for (Index i = 0; i < N; ++i) {
      for (Index k = row_ptr_[static_cast<std::size_t>(i)]; k < row_ptr_[static_cast<std::size_t>(i) + 1]; ++k) {
        J[i * N + col_[static_cast<std::size_t>(k)]] = val_[static_cast<std::size_t>(k)];
      }
    }
  }

  /// Multiplies every value by \p c (rescaling to a spectral radius,
  /// host/spectral_radius.hpp); Status::non_finite_input, nothing changed, for a NaN/Inf c.
  Status scale(Scalar c) {
    if (!is_finite(c)) return Status::non_finite_input;
    for (Index k = 0; k < nnz_; ++k) val_[static_cast<std::size_t>(k)] *= c;
    return Status::ok;
  }

  /// A view of the stored arrays (valid while this object lives and is not changed).
  View view() const {
    View v;
    v.row_ptr = row_ptr_.data();
    v.col = col_.data();
    v.val = val_.data();
    v.n = N;
    v.nnz = nnz_;
    return v;
  }
  /// view(), implicitly: the storage binds a model directly.
  operator View() const { return view(); }  // NOLINT: binds a model directly

  /// N, the matrix's order.
  Index size() const { return N; }
  /// Entries in use (at most NNZ).
  Index nnz() const { return nnz_; }
  /// The N + 1 row starts.
  const std::array<index_type, N + 1>& row_ptr() const { return row_ptr_; }
  /// Column indices; the first nnz() are in use.
  const std::array<index_type, NNZ>& col() const { return col_; }
  /// Values; the first nnz() are in use.
  const std::array<Scalar, NNZ>& val() const { return val_; }

 private:
  std::array<index_type, N + 1> row_ptr_{};
  std::array<index_type, NNZ> col_{};
  std::array<Scalar, NNZ> val_{};
  Index nnz_ = 0;
};

/// The dense form of a view: row-major n x n, zeros where no entry is stored.
/// Status::invalid_argument for an unbound view or a null \p J, Status::size_mismatch when
/// \p n is not the view's order.
template <class I>
Status sparse_to_dense(const SparseCouplingsView<I>& s, Scalar* J, Index n) {
  if (!s.bound() || J == nullptr) return Status::invalid_argument;
  if (n != s.n) return Status::size_mismatch;
  for (Index k = 0; k < n * n; ++k) J[k] = 0.0f;
  for (Index i = 0; i < n; ++i) {
    for (Index k = static_cast<Index>(s.row_ptr[i]); k < static_cast<Index>(s.row_ptr[i + 1]); ++k) {
      J[i * n + static_cast<Index>(s.col[k])] = s.val[k];
    }
  }
  return Status::ok;
}

}  // namespace edgechaos
