// Couplings J in a fixed-point weight format QW (8 or 16 bits), dense or sparse (CSR as
// weights/sparse_couplings.hpp), as views of arrays that may sit in flash, and the
// quantisation of a float J into them.
//
// Scales. Entry J_ij is raw_ij 2^-f_i: f_i = QW::kFrac for every row (one scale per matrix,
// row_frac = nullptr), or a per-row fraction count row_frac[i] in [0, QW::kBits - 1] (one
// power-of-two scale per row, so each row uses its full range; the product's shift is then
// per row). Powers of two keep the product an integer sum followed by one rounding shift.
//
// The product of row i with a raw state vector is an exact integer sum (acc_type of
// core/q_format.hpp's QProduct; no overflow for the sizes the models allow), so its order
// does not matter: a sparse view gives the same bits as the dense form of the same matrix.
#pragma once

#include <cstdint>
#include <limits>
#include <type_traits>

#include "edgechaos/core/checks.hpp"
#include "edgechaos/core/config.hpp"
#include "edgechaos/core/q_format.hpp"
#include "edgechaos/core/status.hpp"
#include "edgechaos/detail/fixed_dot.hpp"
#include "edgechaos/weights/fixed_row_scales.hpp"

namespace edgechaos {

/// Dense row-major n x n couplings in QW, not owned (the array may sit in flash).
template <class QW>
struct FixedDenseCouplingsView : FixedRowScales<QW> {
  using format = QW;                          ///< the weight format
  using raw_type = typename QW::raw_type;     ///< one weight
  static constexpr bool kDense = true;        ///< a dense matrix

  const raw_type* J = nullptr;                ///< n x n, row-major

  /// Points the view at J (and per-row fraction bits, each in [0, QW::kBits - 1], or
  /// nullptr). invalid_argument for a null J, n < 1 or a bad fraction count; on an error the
  /// view is unchanged.
  Status set(const raw_type* J_, Index n_, const std::int8_t* row_frac_ = nullptr) {
    if (J_ == nullptr || n_ < 1 || !this->valid_row_frac(row_frac_, n_)) return Status::invalid_argument;
    J = J_;
    this->row_frac = row_frac_;
    this->n = n_;
    return Status::ok;
  }

  /// True once set() succeeded.
  bool bound() const { return J != nullptr; }

  /// sum_j J_ij r_j, exact, in Acc. kN: the compile-time size when the caller has one (the
  /// models pass theirs), so the loop has a constant trip count and is unrolled. On a core
  /// with the DSP extension the product is detail/fixed_dot.hpp's kernel (same bits).
  template <class Acc, int kN = Dynamic, class S>
  Acc dot_row(Index i, const S* r) const {
    const Index cols = kN == Dynamic ? this->n : Index{kN};
    return detail::fixed_dot<Acc, kN>(J + i * cols, r, cols);
  }

  /// Rows i and i + 1 (i + 1 < n) times r: a and b equal dot_row<Acc, kN>(i, r) and
  /// dot_row<Acc, kN>(i + 1, r) bit for bit; on the M3 (and the host) each r_j is loaded
  /// once for both rows (detail/fixed_dot.hpp's fixed_dot2).
  template <class Acc, int kN = Dynamic, class S>
  void dot_rows2(Index i, const S* r, Acc& a, Acc& b) const {
    const Index cols = kN == Dynamic ? this->n : Index{kN};
    const raw_type* row = J + i * cols;
    detail::fixed_dot2<Acc, kN>(row, row + cols, r, cols, a, b);
  }
};

/// CSR couplings in QW, not owned: row i's entries are val[k] in columns col[k], k in
/// [row_ptr[i], row_ptr[i + 1]), columns strictly increasing within a row.
template <class QW, class I = std::uint16_t>
struct FixedSparseCouplingsView : FixedRowScales<QW> {
  static_assert(std::is_unsigned_v<I>, "FixedSparseCouplingsView: the index type must be unsigned");
  using format = QW;                          ///< the weight format
  using raw_type = typename QW::raw_type;     ///< one weight
  using index_type = I;                       ///< row pointer and column index type
  static constexpr bool kDense = false;       ///< a sparse matrix

  const I* row_ptr = nullptr;                 ///< n + 1
  const I* col = nullptr;                     ///< nnz
  const raw_type* val = nullptr;              ///< nnz
  Index nnz = 0;                              ///< stored entries

  /// Points the view at checked CSR arrays (the checks of validate_sparse: row_ptr[0] = 0,
  /// non-decreasing, row_ptr[n] = nnz, columns < n and increasing in a row) and optional
  /// per-row fraction bits. invalid_argument otherwise; on an error the view is unchanged.
  Status set(const I* row_ptr_, const I* col_, const raw_type* val_, Index n_, Index nnz_,
             const std::int8_t* row_frac_ = nullptr) {
    if (row_ptr_ == nullptr || n_ < 1 || nnz_ < 0 || !this->valid_row_frac(row_frac_, n_)) return Status::invalid_argument;
    if (nnz_ > 0 && (col_ == nullptr || val_ == nullptr)) return Status::invalid_argument;
    if (static_cast<std::uint64_t>(n_) > std::numeric_limits<I>::max() + std::uint64_t{1} ||
        static_cast<std::uint64_t>(nnz_) > std::numeric_limits<I>::max()) {
      return Status::invalid_argument;
    }
    if (row_ptr_[0] != 0 || static_cast<Index>(row_ptr_[n_]) != nnz_) return Status::invalid_argument;
    for (Index i = 0; i < n_; ++i) {
      const auto begin = static_cast<Index>(row_ptr_[i]), end = static_cast<Index>(row_ptr_[i + 1]);
      if (end < begin || end > nnz_) return Status::invalid_argument;
      for (Index k = begin; k < end; ++k) {
        if (static_cast<Index>(col_[k]) >= n_) return Status::invalid_argument;
        if (k > begin && !(col_[k] > col_[k - 1])) return Status::invalid_argument;
      }
    }
    row_ptr = row_ptr_;
    col = col_;
    val = val_;
    this->row_frac = row_frac_;
    this->n = n_;
    nnz = nnz_;
    return Status::ok;
  }

  /// True once set() succeeded.
  bool bound() const { return row_ptr != nullptr; }

  /// sum over row i's stored entries of J_ij r_j, exact, in Acc (kN is unused: rows vary).
  template <class Acc, int kN = Dynamic, class S>
  Acc dot_row(Index i, const S* r) const {
    using P = detail::fixed_product_t<raw_type, S, Acc>;
    Acc acc = 0;
    const auto end = static_cast<Index>(row_ptr[i + 1]);
    for (auto k = static_cast<Index>(row_ptr[i]); k < end; ++k) {
      acc += static_cast<Acc>(static_cast<P>(val[k]) * static_cast<P>(r[static_cast<Index>(col[k])]));
    }
    return acc;
  }
};

/// Quantises a float row-major rows x cols matrix W into QW: out = round(W_ij 2^f_i),
/// ties away from zero.
///   row_frac == nullptr: one scale, f_i = QW::kFrac; every entry must round into
///     [-kMax, kMax], else invalid_argument (the scale is out of range for W).
///   row_frac != nullptr: per row, the largest f_i in [0, QW::kBits - 1] at which row i's
///     largest |W_ij| still rounds into range (so each row uses its full range); f_i is
///     written to row_frac[i]; invalid_argument if even f_i = 0 does not fit.
/// non_finite_input for a NaN/Inf entry; invalid_argument for null pointers or sizes < 1.
/// On any error nothing is written.
template <class QW>
Status quantize_couplings(const Scalar* W, Index rows, Index cols, typename QW::raw_type* out,
                          std::int8_t* row_frac = nullptr) {
  if (W == nullptr || out == nullptr || rows < 1 || cols < 1) return Status::invalid_argument;
  for (Index k = 0; k < rows * cols; ++k) {
    if (!is_finite(W[k])) return Status::non_finite_input;
  }
  // Pass 1: the scale of each row, and that it fits.
  auto row_fits = [&](Index i, int f) {
    const double scale = static_cast<double>(std::int64_t{1} << f);
    for (Index j = 0; j < cols; ++j) {
      const double v = static_cast<double>(W[i * cols + j]) * scale;
      if (!((v < 0.0 ? -v : v) < static_cast<double>(QW::kMax) + 0.5)) return false;
    }
    return true;
  };
  auto row_scale = [&](Index i) {
    if (row_frac == nullptr) return row_fits(i, QW::kFrac) ? QW::kFrac : -1;
    for (int f = QW::kBits - 1; f >= 0; --f) {
      if (row_fits(i, f)) return f;
    }
    return -1;
  };
  for (Index i = 0; i < rows; ++i) {
    if (row_scale(i) < 0) return Status::invalid_argument;
  }
  // Pass 2: write (every value is known to fit, so the conversions succeed).
  for (Index i = 0; i < rows; ++i) {
    const int f = row_scale(i);
    if (row_frac != nullptr) row_frac[i] = static_cast<std::int8_t>(f);
    const double scale = static_cast<double>(std::int64_t{1} << f);
    for (Index j = 0; j < cols; ++j) {
      const double v = static_cast<double>(W[i * cols + j]) * scale;
      const double mag = v < 0.0 ? -v : v;
      const std::int64_t r = round_magnitude(mag);
      out[i * cols + j] = static_cast<typename QW::raw_type>(v < 0.0 ? -r : r);
    }
  }
  return Status::ok;
}

}  // namespace edgechaos
