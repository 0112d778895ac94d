// Helpers of the bit-for-bit tests: a float's bits, N(0, 1) samples from the library's
// NormalStream (the same values on every platform, so a test's inputs are fixed by its
// seed), and detail::matvec's documented summation order written out literally.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "edgechaos/core/random.hpp"

namespace edgechaos::test {

/// The bits of v (to compare floats bit for bit, -0 and NaN payloads included).
inline std::uint32_t bits(float v) {
  std::uint32_t u;
  std::memcpy(&u, &v, sizeof u);
  return u;
}

/// count values of NormalStream(seed).
inline std::vector<float> normals(int count, std::uint64_t seed) {
  NormalStream s(seed);
  std::vector<float> v(static_cast<std::size_t>(count));
  for (float& x : v) x = s.next();
  return v;
}

/// row . r in detail/matvec.hpp's documented order, one scalar operation at a time: lane k
/// takes columns k, k + 8, ... from +0, the last n % 8 columns go to lanes 0, 1, ..., and
/// the lanes combine as ((l0 + l4) + (l1 + l5)) + ((l2 + l6) + (l3 + l7)).
inline float reference_dot(const float* row, const float* r, int n) {
  float lane[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  const int full = n - n % 8;
  for (int j = 0; j < full; ++j) lane[j % 8] = lane[j % 8] + row[j] * r[j];
  for (int j = full; j < n; ++j) lane[j - full] = lane[j - full] + row[j] * r[j];
  return ((lane[0] + lane[4]) + (lane[1] + lane[5])) + ((lane[2] + lane[6]) + (lane[3] + lane[7]));
}

/// The proposal of a one-stage step as steppers/stepper.hpp documents it, one element at a
/// time: out_i = (x_i + h v_i) + noise_i (noise may be null), stored as +0 when its
/// magnitude is below `floor`; false if any out_i is NaN or Inf.
inline bool reference_advance(const float* x, const float* v, float h, const float* noise, float* out, int n,
                              float floor) {
  bool finite = true;
  for (int i = 0; i < n; ++i) {
    float xn = x[i] + h * v[i];
    if (noise != nullptr) xn = xn + noise[i];
    out[i] = std::fabs(xn) < floor ? 0.0f : xn;
    finite = finite && std::isfinite(xn);
  }
  return finite;
}

/// Holds a fused proposal-and-sums pass `fused(x, v, phi, h, noise, out, n, sums)` against
/// reference_advance and three reference_dot calls, bit for bit, at every length 0..77
/// (every tail), with and without noise (noise null), on values that cover the floor
/// (+-1e-31 and -0 are stored as +0); the element after the n-th must stay unwritten. Then
/// each NaN or Inf placed in a lane or in the tail must make it report false. Returns the
/// number of mismatches (0 = pass) and reports the first through `fail(what, n)`.
template <class Fused, class Fail>
int check_fused_advance(Fused fused, Fail fail) {
  constexpr int kMax = 77;
  std::vector<float> x = normals(kMax, 71), v = normals(kMax, 72), phi = normals(kMax, 73), noise = normals(kMax, 74);
  x[1] = 0.0f;
  v[1] = -0.0f;  // 0 + h (-0) = +0
  x[2] = -0.0f;
  v[2] = -0.0f;  // -0 + h (-0) = -0
  x[3] = 1e-31f;
  v[3] = 0.0f;  // below the floor: +0
  x[4] = -3e-31f;
  v[4] = 1e-32f;
  x[70] = 2e-31f;
  v[70] = 0.0f;  // in a tail
  const float h = 0.05f, floor = 0x1p-100f;
  int mismatches = 0;
  const auto report = [&](const char* what, int n) {
    if (mismatches++ == 0) fail(what, n);
  };
  for (int with_noise = 0; with_noise < 2; ++with_noise) {
    const float* nz = with_noise != 0 ? noise.data() : nullptr;
    for (int n = 0; n <= kMax; ++n) {
      std::vector<float> got(kMax + 1, -7.0f), want(kMax + 1, -7.0f);
      float sums[3] = {-1.0f, -1.0f, -1.0f};
      const bool ok = fused(x.data(), v.data(), phi.data(), h, nz, got.data(), n, sums);
      if (ok != reference_advance(x.data(), v.data(), h, nz, want.data(), n, floor)) report("finiteness", n);
      for (int i = 0; i <= n && i <= kMax; ++i) {
        if (bits(got[static_cast<std::size_t>(i)]) != bits(want[static_cast<std::size_t>(i)])) report("proposal", n);
      }
      if (bits(sums[0]) != bits(reference_dot(x.data(), x.data(), n))) report("x . x", n);
      if (bits(sums[1]) != bits(reference_dot(phi.data(), phi.data(), n))) report("phi . phi", n);
      if (bits(sums[2]) != bits(reference_dot(v.data(), v.data(), n))) report("v . v", n);
    }
  }
  // A non-finite proposal anywhere: lanes 0 and 5 of the first chunk, a later chunk, the tail.
  for (const int at : {0, 5, 13, 64, 66, 76}) {
    for (const float bad : {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity()}) {
      std::vector<float> xb = x, out(kMax);
      xb[static_cast<std::size_t>(at)] = bad;
      float sums[3];
      if (fused(xb.data(), v.data(), phi.data(), h, nullptr, out.data(), kMax, sums)) report("non-finite missed", at);
    }
  }
  return mismatches;
}

}  // namespace edgechaos::test
