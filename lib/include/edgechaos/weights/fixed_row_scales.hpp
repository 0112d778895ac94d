// The row scales every fixed-point couplings view shares (weights/fixed_couplings.hpp,
// weights/fixed_offset_couplings.hpp): row i's entries are raw_ij 2^-f_i, with f_i = QW::kFrac
// for the whole matrix (row_frac = nullptr) or one power-of-two scale per row. One place for
// the range check and the accessors, so the dense, sparse and offset views cannot disagree.
#pragma once

#include <cstdint>

#include "edgechaos/core/config.hpp"

namespace edgechaos {

/// The size and per-row fraction bits of a fixed-point couplings view in QW; a view derives
/// from it and sets both in its set() once everything it checks holds.
template <class QW>
struct FixedRowScales {
  const std::int8_t* row_frac = nullptr;  ///< per-row fraction bits, or nullptr: QW::kFrac
  Index n = 0;                            ///< size

  /// The number of rows (and columns).
  Index size() const { return n; }
  /// Row i's fraction bits: the shift that brings its product to the state's scale.
  int frac(Index i) const { return row_frac != nullptr ? row_frac[i] : QW::kFrac; }

  /// True for nullptr (one scale) or n counts each in [0, QW::kBits - 1] (a shift the
  /// product's rounding takes and a scale the storage can use).
  static bool valid_row_frac(const std::int8_t* row_frac_, Index n_) {
    if (row_frac_ == nullptr) return true;
    for (Index i = 0; i < n_; ++i) {
      if (row_frac_[i] < 0 || row_frac_[i] >= QW::kBits) return false;
    }
    return true;
  }
};

}  // namespace edgechaos
