/// \file
/// The coupling policy of a model (RateNetwork, EchoState): how J is stored and how the
/// product J r is formed. A policy provides
/// <pre>
///   static constexpr bool kDense;  bool bound() const;
///   void multiply(const Scalar* r, Scalar* y, Index n) const;      y = J r, n x n
/// </pre>
/// DenseCouplings<N> is a pointer to a row-major N x N array and detail::matvec (the
/// default of every model: the same instructions as before policies existed);
/// `SparseCouplingsView<I>` (weights/sparse_couplings.hpp) is the CSR form, whose product
/// gives the same bits as the dense one on the same matrix.
#pragma once

#include "edgechaos/core/config.hpp"
#include "edgechaos/detail/matvec.hpp"

namespace edgechaos {

/// The dense coupling policy: a pointer to a caller's row-major J and detail::matvec.
template <int N>
struct DenseCouplings {
  static constexpr bool kDense = true;  ///< dense: the model may expose couplings() and bind(J, n)
  const Scalar* data = nullptr;  ///< row-major n x n, owned by the caller (may sit in flash);
                                 ///< n is the model's (one pointer: the model's layout is as before)
  /// True once a J is bound (a model refuses to step without one).
  bool bound() const { return data != nullptr; }
  /// y = J r for the first \p rows rows and columns.
  /// The loop bound is the compile-time N where there is one (see RateNetwork::velocity).
  EDGECHAOS_INLINE void multiply(const Scalar* r, Scalar* y, Index rows) const {
    detail::matvec<N, N>(data, r, y, rows, rows);
  }
};

}  // namespace edgechaos
