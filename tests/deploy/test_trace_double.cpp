// host/trace_double.hpp: the double-precision echo-state map of `edgechaos trace --double`.
// Expected values come from closed forms (W = 0, constant input: a geometric series) and from
// a second storage of the same W (dense against compressed rows), not from the code itself.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "edgechaos/host/trace_double.hpp"

namespace ec = edgechaos;

namespace {

// W = 0, constant u: x_i(t) = (1 - (1 - a)^(t + 1)) tanh(w_i u + b_i) (x(-1) = 0), a
// geometric series; y = W_out x + c. N = 3, M = 1, K = 2, a = 0.3, 12 steps.
TEST(TraceDouble, ZeroCouplingsFollowTheGeometricSeries) {
  const std::vector<double> W(9, 0.0), W_in{0.5, -1.0, 2.0}, b{0.1, 0.2, -0.3};
  const std::vector<double> W_out{1, 2, 3, -1, 0, 0.5}, c{0.25, -0.5};
  ec::EchoStateDouble m;
  m.n = 3, m.m = 1, m.k = 2, m.leak = 0.3;
  m.W = W.data(), m.W_in = W_in.data(), m.b = b.data(), m.W_out = W_out.data(), m.c = c.data();
  const int T = 12;
  const std::vector<double> u(T, 0.7);
  std::vector<double> states(T * 3), outputs(T * 2);
  ASSERT_EQ(ec::trace_double(m, u.data(), T, states.data(), outputs.data()), ec::Status::ok);
  for (int t = 0; t < T; ++t) {
    const double grow = 1.0 - std::pow(0.7, t + 1);
    double x[3];
    for (int i = 0; i < 3; ++i) {
      x[i] = grow * std::tanh(W_in[i] * 0.7 + b[i]);
      EXPECT_NEAR(states[t * 3 + i], x[i], 1e-15) << "t " << t << " i " << i;
    }
    EXPECT_NEAR(outputs[t * 2 + 0], x[0] + 2 * x[1] + 3 * x[2] + 0.25, 1e-14);
    EXPECT_NEAR(outputs[t * 2 + 1], -x[0] + 0.5 * x[2] - 0.5, 1e-14);
  }
}

// The same random W dense and in compressed rows (N = 6, about half the entries zero, 50
// steps of a sine input, leak 1): the two storages give the same states to rounding (the
// products are the same, only zeros are skipped: equal to 1e-15).
TEST(TraceDouble, SparseStorageEqualsDense) {
  const int n = 6, T = 50;
  std::vector<double> W(n * n, 0.0), W_in(n), W_out(n);
  std::vector<std::uint32_t> row_ptr{0}, col;
  std::vector<double> val;
  unsigned state = 12345u;
  auto next = [&]() { state = state * 1103515245u + 12345u; return ((state >> 8) & 0xffff) / 65536.0 - 0.5; };
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) {
      const double v = next();
      if (v > 0) continue;
      W[i * n + j] = 2.5 * v;
      col.push_back(static_cast<std::uint32_t>(j));
      val.push_back(2.5 * v);
    }
    row_ptr.push_back(static_cast<std::uint32_t>(col.size()));
    W_in[i] = next();
    W_out[i] = next();
  }
  ec::EchoStateDouble dense;
  dense.n = n, dense.m = 1, dense.k = 1, dense.leak = 1.0;
  dense.W = W.data(), dense.W_in = W_in.data(), dense.W_out = W_out.data();
  ec::EchoStateDouble sparse = dense;
  sparse.W = nullptr, sparse.row_ptr = row_ptr.data(), sparse.col = col.data(), sparse.val = val.data();
  std::vector<double> u(T);
  for (int t = 0; t < T; ++t) u[t] = std::sin(0.3 * t);
  std::vector<double> s1(T * n), s2(T * n), y1(T), y2(T);
  ASSERT_EQ(ec::trace_double(dense, u.data(), T, s1.data(), y1.data()), ec::Status::ok);
  ASSERT_EQ(ec::trace_double(sparse, u.data(), T, s2.data(), y2.data()), ec::Status::ok);
  for (int i = 0; i < T * n; ++i) EXPECT_NEAR(s1[i], s2[i], 1e-15);
  for (int t = 0; t < T; ++t) EXPECT_NEAR(y1[t], y2[t], 1e-15);
}

// Features [1, u, x, x^2] with W = 0, leak 1: x = tanh(w u), y = c0 + c_u u + c_x x + c_s x^2.
TEST(TraceDouble, FeatureLayoutIsConstantInputStateSquares) {
  const double W = 0.0, W_in = 0.8, W_out[4] = {0.5, -2.0, 3.0, 7.0};
  ec::EchoStateDouble m;
  m.n = 1, m.m = 1, m.k = 1, m.features = ec::feature_bits::all;
  m.W = &W, m.W_in = &W_in, m.W_out = W_out;
  ec::EchoStateDoubleRunner r;
  ASSERT_EQ(r.bind(m), ec::Status::ok);
  const double u = 0.4;
  double y = 0;
  ASSERT_EQ(r.step(&u, &y), ec::Status::ok);
  const double x = std::tanh(0.8 * 0.4);
  EXPECT_NEAR(y, 0.5 - 2.0 * u + 3.0 * x + 7.0 * x * x, 1e-15);
}

TEST(TraceDouble, BadInputChangesNothing) {
  const double W = 0.5, W_in = 1.0, W_out = 1.0, nan = std::nan("");
  ec::EchoStateDouble m;
  m.n = 1, m.m = 1, m.k = 1;
  m.W = &W, m.W_in = &W_in, m.W_out = &W_out;
  ec::EchoStateDoubleRunner r;
  EXPECT_EQ(r.step(&W, nullptr), ec::Status::invalid_argument);  // not bound
  ec::EchoStateDouble bad = m;
  bad.W = &nan;
  EXPECT_EQ(r.bind(bad), ec::Status::non_finite_input);
  bad = m;
  bad.leak = 0.0;
  EXPECT_EQ(r.bind(bad), ec::Status::invalid_argument);
  bad = m;
  bad.W_out = nullptr;
  EXPECT_EQ(r.bind(bad), ec::Status::invalid_argument);
  ASSERT_EQ(r.bind(m), ec::Status::ok);
  double y = 0;
  const double u = 0.3;
  ASSERT_EQ(r.step(&u, &y), ec::Status::ok);
  const double before = r.state()[0];
  EXPECT_EQ(r.step(&nan, &y), ec::Status::non_finite_input);
  EXPECT_EQ(r.state()[0], before);
  const std::uint32_t row_ptr[2] = {0, 1}, col[1] = {3};  // column out of range
  bad = m;
  bad.W = nullptr, bad.row_ptr = row_ptr, bad.col = col, bad.val = &W;
  EXPECT_EQ(r.bind(bad), ec::Status::invalid_argument);
}

}  // namespace
