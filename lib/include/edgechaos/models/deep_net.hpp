/// \file
/// Signal propagation through a deep random feed-forward network (PHYSICS.md section 8,
/// Poole et al.\ 2016):
/// <pre>
///   h^l = W^l phi(h^(l-1)) + b^l,   W^l_ij ~ N(0, sigma_w^2 / N),   b^l_i ~ N(0, sigma_b^2),
/// </pre>
/// two inputs h^0_a, h^0_b (the pre-activations of a layer 0) propagated together through
/// the same weights. After each layer the observer gets the lengths q^l_a = |h^l_a|^2 / N,
/// q^l_b, the overlap q^l_ab = h^l_a . h^l_b / N and the correlation c^l = q_ab / sqrt(q_a q_b).
///
/// Depth costs no memory: layer l's weights are never stored. Each layer has its own
/// NormalStream, seeded from (seed, l) alone, and row i draws b_i, then W_i0 ... W_i,N-1
/// from it in order, each used at once for both inputs. So any layer can be regenerated
/// on its own, the RAM is four vectors of N floats whatever the depth, and (random.hpp)
/// the same seed gives the same bits on every platform in reproducible mode (no FMA
/// contraction: the arithmetic below is plain float + and *, in a fixed order).
/// The cost is N (N + 1) normal variates per layer (the weights are drawn, not read):
/// about 1300 M4F instructions per weight, nearly all of a layer (docs/deepnet.md).
#pragma once

#include <cmath>
#include <cstdint>

#include "edgechaos/core/checks.hpp"
#include "edgechaos/core/config.hpp"
#include "edgechaos/core/random.hpp"
#include "edgechaos/core/status.hpp"
#include "edgechaos/models/activation.hpp"

namespace edgechaos {

/// The deep net's weight and bias scales and its seed.
struct DeepNetParams {
  float sigma_w = 1.0f;     ///< weight scale: Var W_ij = sigma_w^2 / N
  float sigma_b = 0.0f;     ///< bias scale: Var b_i = sigma_b^2
  std::uint64_t seed = 1u;  ///< names every layer's weights
};

/// Status::invalid_argument unless both scales are in [0, 1e30] (NaN fails).
constexpr Status validate(const DeepNetParams& p) {
  return require(is_non_negative(p.sigma_w) && is_non_negative(p.sigma_b));
}

/// The seed of layer l's stream (l >= 1): the l-th output of SplitMix64(seed ^ salt),
/// computed directly (SplitMix64's state after l - 1 outputs is a sum, so no loop over l).
/// The salt (fractional part of sqrt(5), 64 bits) keeps the deep-net streams apart from a
/// reservoir run with the same seed (seeds.hpp). Never changes: published numbers use it.
constexpr std::uint64_t deep_layer_seed(std::uint64_t seed, std::uint64_t layer) {
  constexpr std::uint64_t kSalt = 0x3C6EF372FE94F82Bull;
  constexpr std::uint64_t kGolden = 0x9E3779B97F4A7C15ull;  // SplitMix64's increment
  SplitMix64 mix((seed ^ kSalt) + (layer - 1u) * kGolden);
  return mix.next();
}

/// What the observer sees after each layer; stats() also holds it for layer 0 (the inputs).
struct DeepLayerStats {
  std::uint32_t layer = 0;  ///< l (0: the inputs)
  float q_a = 0.0f;   ///< |h_a|^2 / N
  float q_b = 0.0f;   ///< |h_b|^2 / N
  float q_ab = 0.0f;  ///< h_a . h_b / N
  float c = 0.0f;     ///< q_ab / sqrt(q_a q_b); 0 when either length is 0
};

/// Accumulates the statistics of one layer's pre-activations in index order, in float (a
/// fixed order: the same bits everywhere in reproducible mode).
class DeepLayerSums {
 public:
  /// Adds entry i of h_a (\p a) and of h_b (\p b).
  EDGECHAOS_INLINE void add(Scalar a, Scalar b) {
    saa_ += a * a;
    sbb_ += b * b;
    sab_ += a * b;
  }
  /// The statistics of the \p n entries added, labelled \p layer.
  DeepLayerStats finish(std::uint32_t layer, Index n) const {
    const Scalar inv_n = 1.0f / static_cast<Scalar>(n);
    DeepLayerStats s;
    s.layer = layer;
    s.q_a = saa_ * inv_n;
    s.q_b = sbb_ * inv_n;
    s.q_ab = sab_ * inv_n;
    const Scalar qq = s.q_a * s.q_b;
    s.c = qq > 0.0f ? s.q_ab / std::sqrt(qq) : 0.0f;
    return s;
  }

 private:
  Scalar saa_ = 0.0f, sbb_ = 0.0f, sab_ = 0.0f;
};

/// One layer on caller arrays: h = W^layer x + b^layer for both inputs, the n x n weights
/// drawn row by row; writes phi(h) to y_* and the statistics of h to \p stats. x_* and y_*
/// must not overlap. No checks (DeepNet does them); true when every h is finite.
template <class Phi>
bool deep_layer(const DeepNetParams& p, std::uint32_t layer, const Scalar* x_a, const Scalar* x_b, Scalar* y_a,
                Scalar* y_b, Index n, DeepLayerStats& stats) {
  const Scalar scale = p.sigma_w / std::sqrt(static_cast<Scalar>(n));
  NormalStream normal(deep_layer_seed(p.seed, layer));
  DeepLayerSums sums;
  Scalar finite = 0.0f;  // all_finite's test, folded into the loop
  for (Index i = 0; i < n; ++i) {
    const Scalar bias = p.sigma_b * normal.next();
    Scalar acc_a = 0.0f, acc_b = 0.0f;
    for (Index j = 0; j < n; ++j) {
      const Scalar z = normal.next();
      acc_a += z * x_a[j];
      acc_b += z * x_b[j];
    }
    const Scalar h_a = scale * acc_a + bias;
    const Scalar h_b = scale * acc_b + bias;
    finite += h_a * 0.0f + h_b * 0.0f;
    sums.add(h_a, h_b);
    y_a[i] = Phi::value(h_a);
    y_b[i] = Phi::value(h_b);
  }
  stats = sums.finish(layer, n);
  return finite == 0.0f;
}

/// The network of width N (compile-time on a device; Dynamic on the desktop, sized by the
/// constructor). The state is the activity x^l = phi(h^l) of both inputs; RAM is four
/// vectors of N floats (the state and the next layer's) and the last statistics, whatever
/// the depth.
template <int N, class Phi = Tanh>
class DeepNet {
 public:
  using State = Vector<N>;          ///< one input's activity x^l
  static constexpr int kWidth = N;  ///< the width at compile time (or Dynamic)

  /// A net at layer 0 with zero inputs. \p width sizes a Dynamic net (a width below 1 is
  /// taken as 1: a constructor has no status); a fixed net ignores it.
  explicit DeepNet(Index width = (N == Dynamic ? 1 : N)) {
    const Index n = N == Dynamic ? (width < 1 ? 1 : width) : N;
    x_a_.setZero(n);
    x_b_.setZero(n);
    y_a_.setZero(n);
    y_b_.setZero(n);
  }

  /// N, the width.
  Index width() const { return x_a_.size(); }

  /// Takes the scales and seed; Status::invalid_argument (nothing changed) for a negative or
  /// non-finite sigma.
  Status set_params(const DeepNetParams& p) {
    const Status s = validate(p);
    if (s == Status::ok) params_ = p;
    return s;
  }
  /// The parameters in use.
  const DeepNetParams& params() const { return params_; }

  /// Sets the two inputs: the pre-activations h^0 of layer 0 (so q^0, c^0 are theirs, and
  /// the maps start from them). Restarts at layer 0. Status::size_mismatch or
  /// Status::non_finite_input, with nothing changed.
  template <class A, class B>
  Status set_inputs(const Eigen::MatrixBase<A>& h_a, const Eigen::MatrixBase<B>& h_b) {
    if (h_a.size() != width() || h_b.size() != width()) return Status::size_mismatch;
    Scalar finite = 0.0f;
    for (Index i = 0; i < width(); ++i) finite += h_a.coeff(i) * 0.0f + h_b.coeff(i) * 0.0f;
    if (!(finite == 0.0f)) return Status::non_finite_input;
    DeepLayerSums sums;
    for (Index i = 0; i < width(); ++i) {
      const Scalar a = h_a.coeff(i), b = h_b.coeff(i);
      sums.add(a, b);
      x_a_[i] = Phi::value(a);
      x_b_[i] = Phi::value(b);
    }
    stats_ = sums.finish(0u, width());
    layer_ = 0u;
    return Status::ok;
  }

  /// Sets two inputs of length q0 and correlation c0 (exact up to float rounding), built
  /// from NormalStream(seed): z_1, z_2 normal vectors, v = z_2 minus its projection on z_1,
  /// h_a = z_1 sqrt(N q0) / |z_1|, h_b = c0 h_a + sqrt(1 - c0^2) v sqrt(N q0) / |v|.
  /// Status::invalid_argument (nothing changed) for q0 < 0 or c0 outside [-1, 1], or N < 2.
  Status set_input_pair(float q0, float c0, std::uint64_t seed) {
    if (!is_non_negative(q0) || !in_range(c0, -1.0f, 1.0f) || width() < 2) return Status::invalid_argument;
    const Index n = width();
    NormalStream normal(seed);
    for (Index i = 0; i < n; ++i) y_a_[i] = normal.next();
    for (Index i = 0; i < n; ++i) y_b_[i] = normal.next();
    // Gram-Schmidt with double sums (built once: accuracy over speed).
    double uu = 0.0, uv = 0.0;
    for (Index i = 0; i < n; ++i) {
      uu += static_cast<double>(y_a_[i]) * static_cast<double>(y_a_[i]);
      uv += static_cast<double>(y_a_[i]) * static_cast<double>(y_b_[i]);
    }
    const double proj = uv / uu;
    double vv = 0.0;
    for (Index i = 0; i < n; ++i) {
      const double pa = proj * static_cast<double>(y_a_[i]);
      const double v = static_cast<double>(y_b_[i]) - pa;
      y_b_[i] = static_cast<Scalar>(v);
      vv += static_cast<double>(y_b_[i]) * static_cast<double>(y_b_[i]);
    }
    const double len = std::sqrt(static_cast<double>(n) * static_cast<double>(q0));
    const double su = len / std::sqrt(uu), sv = len / std::sqrt(vv);
    const double cc = static_cast<double>(c0), ss = std::sqrt(1.0 - cc * cc);
    for (Index i = 0; i < n; ++i) {
      const double u = su * static_cast<double>(y_a_[i]);
      const double cu = cc * u;
      const double sv_i = ss * (sv * static_cast<double>(y_b_[i]));
      y_a_[i] = static_cast<Scalar>(u);
      y_b_[i] = static_cast<Scalar>(cu + sv_i);
    }
    return set_inputs(y_a_, y_b_);
  }

  /// Propagates one layer. Status::non_finite_result, with nothing changed, if a
  /// pre-activation would not be finite (an unbounded phi, or sigma near the float limit).
  Status step() {
    DeepLayerStats next;
    if (!deep_layer<Phi>(params_, layer_ + 1u, x_a_.data(), x_b_.data(), y_a_.data(), y_b_.data(), width(), next))
      return Status::non_finite_result;
    x_a_.swap(y_a_);
    x_b_.swap(y_b_);
    stats_ = next;
    ++layer_;
    return Status::ok;
  }

  /// Propagates \p depth layers, \p observer called with the DeepLayerStats of each. Stops
  /// at the first failing layer, which is left undone, and returns its status.
  template <class Observer>
  Status propagate(std::uint32_t depth, Observer&& observer) {
    for (std::uint32_t k = 0; k < depth; ++k) {
      const Status s = step();
      if (s != Status::ok) return s;
      observer(static_cast<const DeepLayerStats&>(stats_));
    }
    return Status::ok;
  }
  /// Propagates \p depth layers without an observer.
  Status propagate(std::uint32_t depth) {
    return propagate(depth, [](const DeepLayerStats&) {});
  }

  /// The current layer l (0 after setting the inputs).
  std::uint32_t layer() const { return layer_; }
  /// The statistics of h^layer().
  const DeepLayerStats& stats() const { return stats_; }  // of h^layer()
  /// phi(h^layer()) of input a.
  const State& x_a() const { return x_a_; }                // phi(h^layer()) of input a
  /// phi(h^layer()) of input b.
  const State& x_b() const { return x_b_; }

 private:
  DeepNetParams params_{};
  State x_a_, x_b_, y_a_, y_b_;
  DeepLayerStats stats_{};
  std::uint32_t layer_ = 0u;
};

}  // namespace edgechaos
