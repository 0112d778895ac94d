// Fits the pieces of TableTanh<M> (lib/include/edgechaos/models/table_tanh.hpp) and writes
// lib/include/edgechaos/models/table_tanh_data.hpp. Build and run from the repository root:
//   g++ -std=c++17 -O2 -ffp-contract=off tools/gen_table_tanh.cpp -o /tmp/gen_table_tanh
//   /tmp/gen_table_tanh > lib/include/edgechaos/models/table_tanh_data.hpp
//
// Piece i covers the magnitudes a = |x| whose float bits b satisfy
//   i = clamp((b - base) >> (23 - M), 0, K - 1),  base = bits(2^-12) - 2^(23 - M),
// so piece 0 is [0, 2^-12), pieces 1.. split each octave into 2^M equal parts, and the last
// piece runs to +Inf. A piece is {X, A, B1, B2}, evaluated as
//   y = A - u (B1 + B2 u),   u = X - a,  X = the piece's right end,
// with B1, B2 >= 0: every operation is monotone in a (u falls, the bracket and the product rise
// with u, A - g falls with g), so each piece is non-decreasing by construction. Across a
// boundary the pieces are fitted from the right: A of piece i is lowered, when needed, to
// the float value of piece i + 1 at its left end (computed here with and without FMA
// contraction, the smaller of the two), so the whole function is non-decreasing. A piece
// that tanh leaves within the target error of 1 is {X, 1, 0, 0}: exactly 1.
// The fit of a piece is a minimax (Lawson's iteration on a weighted least squares) in double;
// tests/host/test_tanh_exhaustive.cpp measures the result over every float.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

namespace {

float from_bits(std::uint32_t b) {
  float f;
  std::memcpy(&f, &b, sizeof f);
  return f;
}
std::uint32_t to_bits(float f) {
  std::uint32_t b;
  std::memcpy(&b, &f, sizeof b);
  return b;
}

struct Piece {
  float X, A, B1, B2;
};

// The piece at a, as the header computes it: without contraction, and with both FMAs.
float eval_plain(const Piece& p, float a) {
  const float u = p.X - a;
  const float m = p.B2 * u;
  const float br = p.B1 + m;
  const float g = u * br;
  return p.A - g;
}
float eval_fma(const Piece& p, float a) {
  const float u = p.X - a;
  const float br = std::fma(p.B2, u, p.B1);
  return std::fma(-u, br, p.A);
}
float eval_min(const Piece& p, float a) { return std::fmin(eval_plain(p, a), eval_fma(p, a)); }

// Solves the weighted least squares for the columns given (A, B1, B2 or B1, B2 with A fixed).
// cols: 3 (A free) or 2 (A fixed at a_fixed).
void weighted_fit(const std::vector<double>& u, const std::vector<double>& f, const std::vector<double>& w,
                  bool a_free, double a_fixed, double out[3]) {
  const int n = a_free ? 3 : 2;
  double G[3][3] = {}, r[3] = {};
  for (std::size_t k = 0; k < u.size(); ++k) {
    // tanh = A - B1 u - B2 u^2  ->  columns {1, -u, -u^2}
    const double c[3] = {1.0, -u[k], -u[k] * u[k]};
    const double* cc = a_free ? c : c + 1;
    const double t = a_free ? f[k] : f[k] - a_fixed;
    for (int i = 0; i < n; ++i) {
      r[i] += w[k] * cc[i] * t;
      for (int j = 0; j < n; ++j) G[i][j] += w[k] * cc[i] * cc[j];
    }
  }
  // Gaussian elimination (n <= 3, well scaled enough in double for these widths).
  for (int i = 0; i < n; ++i) {
    for (int j = i + 1; j < n; ++j) {
      const double m = G[j][i] / G[i][i];
      for (int k = i; k < n; ++k) G[j][k] -= m * G[i][k];
      r[j] -= m * r[i];
    }
  }
  double x[3] = {};
  for (int i = n - 1; i >= 0; --i) {
    double s = r[i];
    for (int k = i + 1; k < n; ++k) s -= G[i][k] * x[k];
    x[i] = s / G[i][i];
  }
  if (a_free) {
    out[0] = x[0], out[1] = x[1], out[2] = x[2];
  } else {
    out[0] = a_fixed, out[1] = x[0], out[2] = x[1];
  }
}

// Minimax by Lawson's iteration: weights multiplied by the error, renormalised.
void minimax_fit(double L, double R, bool a_free, double a_fixed, double out[3]) {
  const int S = 400;
  std::vector<double> u(S), f(S), w(S, 1.0 / S);
  for (int k = 0; k < S; ++k) {
    const double a = L + (R - L) * (0.5 - 0.5 * std::cos(M_PI * k / (S - 1)));
    u[k] = (R - a) / (R - L);  // scaled to [0, 1]: the normal equations stay well conditioned
    f[k] = std::tanh(a);
  }
  for (int it = 0; it < 60; ++it) {
    weighted_fit(u, f, w, a_free, a_fixed, out);
    double sum = 0;
    for (int k = 0; k < S; ++k) {
      const double e = std::fabs(f[k] - (out[0] - out[1] * u[k] - out[2] * u[k] * u[k]));
      w[k] *= e + 1e-13;  // a floor: errors at the rounding level must not empty the weights
      sum += w[k];
    }
    for (int k = 0; k < S; ++k) w[k] /= sum;
  }
  out[1] /= R - L;
  out[2] /= (R - L) * (R - L);
}

struct Table {
  int M;
  std::vector<Piece> pieces;
  double measured;  // max |error| over a dense sample of every piece (the test measures every float)
};

Table build(int M, int K, double target) {
  const int S = 23 - M;
  const std::uint32_t base = to_bits(0x1p-12f) - (1u << S);
  std::vector<Piece> p(static_cast<std::size_t>(K));
  auto left = [&](int i) { return i == 0 ? 0.0f : from_bits(base + (static_cast<std::uint32_t>(i) << S)); };
  auto right = [&](int i) { return from_bits(base + (static_cast<std::uint32_t>(i + 1) << S)); };
  float v_next = 1.0f;  // the value of piece i + 1 at its left end
  for (int i = K - 1; i >= 0; --i) {
    const double L = left(i);
    const float Rf = i == K - 1 ? 16.0f : right(i);
    const double R = Rf;
    Piece q{Rf, 1.0f, 0.0f, 0.0f};
    if (i == K - 1 || 1.0 - std::tanh(L) <= target) {
      // saturated: exactly 1
    } else if (i == 0) {
      // [0, 2^-12): linear through 0, A = X B1 exactly (X a power of two), so y(0) = 0.
      const float A = std::fmin(static_cast<float>(std::tanh(R)), v_next);
      q = Piece{Rf, A, A / Rf, 0.0f};
    } else {
      double c[3];
      minimax_fit(L, R, true, 0.0, c);
      float A = static_cast<float>(c[0]);
      if (A > v_next) {
        A = v_next;
        minimax_fit(L, R, false, A, c);
      }
      if (!(c[1] >= 0.0 && c[2] >= 0.0 && std::isfinite(c[1]) && std::isfinite(c[2]))) {
        // Flat pieces (near saturation) leave the weighted fit with nothing to weigh: match
        // tanh at the left end and the middle instead, or fall back to a line.
        const double h = R - L, fl = std::tanh(L), fm = std::tanh(0.5 * (L + R));
        // A - h B1 - h^2 B2 = fl,  A - h/2 B1 - h^2/4 B2 = fm
        c[2] = ((A - fl) - 2.0 * (A - fm)) / (h * h - h * h / 2.0);
        c[1] = ((A - fl) - h * h * c[2]) / h;
        if (!(c[1] >= 0.0 && c[2] >= 0.0)) {
          c[2] = 0.0;
          c[1] = std::fmax((A - fl) / h, 0.0);
        }
      }
      q = Piece{Rf, A, static_cast<float>(std::fmax(c[1], 0.0)), static_cast<float>(std::fmax(c[2], 0.0))};
    }
    p[static_cast<std::size_t>(i)] = q;
    const float a_left = static_cast<float>(L);
    const float v = eval_min(q, a_left);
    if (v > v_next) std::fprintf(stderr, "piece %d: boundary not monotone\n", i);
    v_next = v;
  }
  // A sample of the error (every 61st float up to 10; the test measures every float).
  double worst = 0;
  for (std::uint32_t b = 0; b < to_bits(10.0f); b += 61) {
    const float a = from_bits(b);
    std::int32_t idx = (static_cast<std::int32_t>(b) - static_cast<std::int32_t>(base)) >> S;
    idx = idx < 0 ? 0 : (idx > K - 1 ? K - 1 : idx);
    const double e = std::fabs(eval_plain(p[static_cast<std::size_t>(idx)], a) - std::tanh(static_cast<double>(a)));
    if (e > worst) worst = e;
  }
  return Table{M, p, worst};
}

}  // namespace

int main() {
  struct Spec {
    int M, K;
    double target;
  };
  const Spec specs[] = {{3, 128, 4e-6}, {4, 256, 6e-7}, {5, 512, 1.5e-7}, {6, 1024, 3e-8}};
  std::printf(
      "/// \\file\n"
      "/// The pieces of TableTanh<M> (models/table_tanh.hpp), written by tools/gen_table_tanh.cpp:\n"
      "/// do not edit. Each row is {X, A, B1, B2}: y = A - u (B1 + B2 u), u = X - |x|.\n"
      "#pragma once\n\n"
      "#include <cstdint>\n\n"
      "namespace edgechaos {\n"
      "namespace detail {\n\n"
      "template <int M>\n"
      "struct TableTanhPieces;\n\n");
  for (const Spec& s : specs) {
    const Table t = build(s.M, s.K, s.target);
    std::fprintf(stderr, "M = %d: K = %d, sampled max |error| = %.3g\n", s.M, s.K, t.measured);
    std::printf("// M = %d: %d pieces (%d bytes); sampled max |error| %.3g (the test measures every float).\n",
                s.M, s.K, s.K * 16, t.measured);
    std::printf("template <>\nstruct TableTanhPieces<%d> {\n", s.M);
    std::printf("  static constexpr int kPieces = %d;\n", s.K);
    std::printf("  static constexpr std::int32_t kBase = 0x%08x;\n", to_bits(0x1p-12f) - (1u << (23 - s.M)));
    std::printf("  alignas(16) static constexpr float kRow[%d][4] = {\n", s.K);
    for (const Piece& q : t.pieces) std::printf("      {%af, %af, %af, %af},\n", q.X, q.A, q.B1, q.B2);
    std::printf("  };\n};\n\n");
  }
  std::printf("}  // namespace detail\n}  // namespace edgechaos\n");
  return 0;
}
