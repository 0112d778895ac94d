// Dense 8-bit couplings stored in offset binary (w + 2^7 as bytes) with one constant per
// row, for the offset product of detail/fixed_dot_offset.hpp: 4 instructions a MAC on a
// Cortex-M0/M0+ instead of 6.25 for the signed
// loop, the same bits. The models use it like FixedDenseCouplingsView (a Couplings
// parameter): they hand its dot_row the state in offset binary (detail::OffsetState), made
// once per step.
//
// Storage: J' (n^2 bytes, the same size as J) and n uint32 row constants; both may sit in
// flash (make_offset_couplings fills them from the signed J, on the device or offline).
#pragma once

#include <cstdint>

#include "edgechaos/core/config.hpp"
#include "edgechaos/core/status.hpp"
#include "edgechaos/detail/fixed_dot_offset.hpp"
#include "edgechaos/weights/fixed_row_scales.hpp"

namespace edgechaos {

/// J' = J + 2^7 (bytes) and C_i = n 2^22 - 2^15 sum_j J'_ij (mod 2^32) from the signed n x n
/// row-major J. invalid_argument for null pointers or n outside [1, 511] (the product's
/// exactness bound); nothing is written then.
inline Status make_offset_couplings(const std::int8_t* J, Index n, std::uint8_t* J_offset, std::uint32_t* row_constant) {
  if (J == nullptr || J_offset == nullptr || row_constant == nullptr || n < 1 || n > detail::kOffsetDotMaxTerms) {
    return Status::invalid_argument;
  }
  for (Index k = 0; k < n * n; ++k) J_offset[k] = detail::offset_weight(J[k]);
  for (Index i = 0; i < n; ++i) row_constant[i] = detail::offset_row_constant(J + i * n, n);
  return Status::ok;
}

/// Dense row-major n x n couplings in QW (8 bits) in offset binary, not owned.
template <class QW>
struct FixedOffsetCouplingsView : FixedRowScales<QW> {
  static_assert(QW::kBits == 8, "FixedOffsetCouplingsView: offset binary is for 8-bit weights");
  using format = QW;                          ///< the weight format
  using raw_type = typename QW::raw_type;     ///< one (signed) weight
  static constexpr bool kDense = true;        ///< dense rows: the models walk them in pairs
  static constexpr bool kOffsetBinary = true; ///< dot_row reads the state as detail::OffsetState

  const std::uint8_t* J = nullptr;            ///< n x n, row-major, J_ij + 2^7
  const std::uint32_t* row_constant = nullptr;///< n: make_offset_couplings' C_i

  /// Points the view at J' and its row constants (make_offset_couplings) and optional
  /// per-row fraction bits in [0, QW::kBits - 1]. invalid_argument for null arrays, n outside
  /// [1, 511] or a bad fraction count; on an error the view is unchanged.
  Status set(const std::uint8_t* J_, const std::uint32_t* row_constant_, Index n_, const std::int8_t* row_frac_ = nullptr) {
    if (J_ == nullptr || row_constant_ == nullptr || n_ < 1 || n_ > detail::kOffsetDotMaxTerms ||
        !this->valid_row_frac(row_frac_, n_)) {
      return Status::invalid_argument;
    }
    J = J_;
    row_constant = row_constant_;
    this->row_frac = row_frac_;
    this->n = n_;
    return Status::ok;
  }

  /// True once set() succeeded.
  bool bound() const { return J != nullptr; }

  /// sum_j J_ij r_j, exact, from the state in offset binary (kN = the model's N).
  template <class Acc, int kN>
  Acc dot_row(Index i, const detail::OffsetState<kN>& r) const {
    static_assert(sizeof(Acc) >= 4, "FixedOffsetCouplingsView: the sum needs 32 bits");
    const std::uint32_t a = detail::offset_dot<kN>(J + i * kN, r.s, kN);
    return static_cast<Acc>(detail::offset_dot_value(a, row_constant[i], r.sum7));
  }
  /// Rows i and i + 1 (the models' pair loop), the values of two dot_row calls: on
  /// Thumb-1 with N a multiple of 32 one pass that loads each s' once for both rows
  /// (detail::offset_dot2, 3.5 instructions a MAC), else the two rows one after the other.
  template <class Acc, int kN>
  void dot_rows2(Index i, const detail::OffsetState<kN>& r, Acc& a, Acc& b) const {
    static_assert(sizeof(Acc) >= 4, "FixedOffsetCouplingsView: the sum needs 32 bits");
    // The sums start from the corrections (C_i - 2^7 sum s'), so they end as the values.
    std::uint32_t a0 = row_constant[i] - r.sum7, a1 = row_constant[i + 1] - r.sum7;
    detail::offset_dot2<kN>(J + i * kN, r.s, kN, a0, a1);
    a = static_cast<Acc>(detail::to_int32(a0));
    b = static_cast<Acc>(detail::to_int32(a1));
  }
  /// The models walk this view's rows in pairs (dot_rows2) on Thumb-1, where the pair kernel
  /// is the cheaper product; elsewhere as the core's default (detail::kFixedDotPairs).
  static constexpr bool kRowPairs = detail::kOffsetDot2Asm;
};

}  // namespace edgechaos
