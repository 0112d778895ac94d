// An independent double-precision FORCE (desktop only): the same network, start and
// protocol as force_network.hpp, written plainly from shared/RESERVOIR.md section 6 and the
// original's loop, without the library's stepper, RLS or activation:
//   x <- x + dt (-x + J r + w_f z);  r = tanh(x);  z = w^T r;
//   every 2nd training step: k = P r, c = 1 / (1 + r^T k), P <- P - c k k^T (full matrix),
//                            e = z - f,  w <- w - c e k.
// It is the reference the float32 library (desktop and device) is compared with.
#pragma once

#include <cmath>
#include <vector>

#include "force_network.hpp"

namespace edgechaos::force {

struct ReferenceResult {
  double mae_train = 0;
  double mae_test = 0;
  bool finite = true;
};

// J, w_f, x0 as generate_network wrote them (float), used here in double.
inline ReferenceResult run_reference(const float* J, const float* w_f, const float* x0, float z0, int n,
                                     const Protocol& pr) {
  const std::size_t N = static_cast<std::size_t>(n);
  std::vector<double> x(N), r(N), w(N, 0.0), Jr(N), k(N), P(N * N, 0.0);
  for (std::size_t i = 0; i < N; ++i) {
    x[i] = x0[i];
    r[i] = std::tanh(x[i]);
    P[i * N + i] = 1.0;  // P(0) = I / alpha, alpha = 1
  }
  double z = z0;
  FourSine target;
  ReferenceResult out;
  if (target.set_period(pr.period) != Status::ok) {
    out.finite = false;
    return out;
  }
  double sum_train = 0, sum_test = 0;
  long trained = 0;
  const long total = pr.pre_steps + pr.train_steps + pr.test_steps;
  for (long step = 0; step < total; ++step) {
    for (std::size_t i = 0; i < N; ++i) {
      double s = 0;
      for (std::size_t j = 0; j < N; ++j) s += static_cast<double>(J[i * N + j]) * r[j];
      Jr[i] = s;
    }
    for (std::size_t i = 0; i < N; ++i) {
      x[i] += pr.dt * (-x[i] + Jr[i] + static_cast<double>(w_f[i]) * z);
      r[i] = std::tanh(x[i]);
    }
    z = 0;
    for (std::size_t i = 0; i < N; ++i) z += w[i] * r[i];
    const double f = target.value(static_cast<double>(step + 1) * pr.dt);
    const bool training = step >= pr.pre_steps && step < pr.pre_steps + pr.train_steps;
    if (training && (++trained % 2) == 0) {
      double rk = 0;
      for (std::size_t i = 0; i < N; ++i) {
        double s = 0;
        for (std::size_t j = 0; j < N; ++j) s += P[i * N + j] * r[j];
        k[i] = s;
        rk += r[i] * s;
      }
      const double c = 1.0 / (1.0 + rk);
      for (std::size_t i = 0; i < N; ++i) {
        for (std::size_t j = 0; j < N; ++j) P[i * N + j] -= c * k[i] * k[j];
      }
      const double e = z - f;
      for (std::size_t i = 0; i < N; ++i) w[i] -= c * e * k[i];
    }
    // The error of the a-priori output, as the library's driver records it.
    const double err = std::fabs(z - static_cast<double>(static_cast<float>(f)));
    if (training) sum_train += err;
    else if (step >= pr.pre_steps) sum_test += err;
    if (!std::isfinite(z)) out.finite = false;
  }
  if (pr.train_steps > 0) out.mae_train = sum_train / static_cast<double>(pr.train_steps);
  if (pr.test_steps > 0) out.mae_test = sum_test / static_cast<double>(pr.test_steps);
  return out;
}

}  // namespace edgechaos::force
