// The reservoir models on the target (every core, the microbit included): a sparse rate
// network and the echo-state map at N = 16 against their dense forms, bit for bit, in the
// build's own mode (fast: FMA contraction on FPU cores, where the dense product is the
// assembly kernel of detail/matvec_arm.hpp). No heap: the image's fw_noheap check.
// N = 16, p = 0.25 (about 60 entries), g = 2 (chaotic), seed 5; 200 Euler and 200 RK4
// steps at dt = 0.05; 100 ESN steps with leak 0.5 and a two-channel input.
#include <cmath>
#include <cstring>

#include "edgechaos/edgechaos.hpp"
#include "ectest.hpp"

namespace ec = edgechaos;

namespace {

constexpr int kN = 16, kM = 2, kCap = kN * (kN - 1);
using Sparse = ec::SparseCouplings<kN, kCap>;
static_assert(sizeof(Sparse::index_type) == 2, "N = 16: 16-bit indices");

Sparse g_sparse;
float g_dense[kN * kN];
float g_win[kN * kM];

bool same_bits(const ec::Vector<kN>& a, const ec::Vector<kN>& b) {
  return std::memcmp(a.data(), b.data(), sizeof(float) * kN) == 0;
}

void make_weights() {
  EC_CHECK(g_sparse.generate({2.0f, 0.25f, 5u}) == ec::Status::ok);
  g_sparse.to_dense(g_dense);
  EC_CHECK(ec::generate_input_weights(ec::InputWeightParams{0.5f, 1.0f, ec::InputWeightKind::uniform, 6u}, g_win, kN, kM) ==
           ec::Status::ok);
}

ec::Vector<kN> start() {
  ec::Vector<kN> x;
  ec::NormalStream z(7u);
  for (int i = 0; i < kN; ++i) x[i] = z.next();
  return x;
}

template <template <class> class Stepper>
void flow_dense_vs_sparse() {
  using Dense = ec::RateNetwork<kN, 0, ec::FastTanh>;
  using SparseNet = ec::RateNetwork<kN, 0, ec::FastTanh, Sparse::View>;
  Dense dense(g_dense);
  SparseNet sparse(g_sparse.view());
  Stepper<Dense> sd;
  Stepper<SparseNet> ss;
  ec::Vector<kN> xd = start(), xs = xd;
  const ec::Vector<kN> x0 = xd;
  bool same = true;
  for (int k = 0; k < 200 && same; ++k) {
    EC_CHECK(sd.step(dense, xd, 0.05f) == ec::Status::ok);
    EC_CHECK(ss.step(sparse, xs, 0.05f) == ec::Status::ok);
    same = same_bits(xd, xs);
  }
  EC_CHECK(same);
  EC_CHECK((xd - x0).norm() > 0.5f);  // it moved
}

}  // namespace

EC_TEST(sparse_generation_shape) {
  make_weights();
  // About p N (N - 1) = 60 entries (Binomial sd 6.7: 5 sd), no diagonal, columns sorted.
  EC_CHECK(g_sparse.nnz() > 26 && g_sparse.nnz() < 94);
  for (int i = 0; i < kN; ++i) {
    for (int k = g_sparse.row_ptr()[i]; k < g_sparse.row_ptr()[i + 1]; ++k) {
      EC_CHECK(g_sparse.col()[k] != i);
      if (k > g_sparse.row_ptr()[i]) {
        EC_CHECK(g_sparse.col()[k - 1] < g_sparse.col()[k]);
      }
    }
  }
}

EC_TEST(sparse_euler_bits_equal_dense) {
  make_weights();
  flow_dense_vs_sparse<ec::Euler>();
}

EC_TEST(sparse_rk4_bits_equal_dense) {
  make_weights();
  flow_dense_vs_sparse<ec::RK4>();
}

EC_TEST(echo_state_sparse_bits_equal_dense) {
  make_weights();
  using Dense = ec::EchoState<kN, kM>;
  using SparseEsn = ec::EchoState<kN, kM, ec::Tanh, Sparse::View>;
  Dense dense;
  SparseEsn sparse;
  EC_CHECK(dense.bind(g_dense, kN) == ec::Status::ok);
  EC_CHECK(sparse.bind(g_sparse.view()) == ec::Status::ok);
  EC_CHECK(dense.set_input_weights(g_win) == ec::Status::ok);
  EC_CHECK(sparse.set_input_weights(g_win) == ec::Status::ok);
  EC_CHECK(dense.set_leak(0.5f) == ec::Status::ok);
  EC_CHECK(sparse.set_leak(0.5f) == ec::Status::ok);
  ec::DrivenReservoir<Dense, ec::MapStepper<Dense>> rd(dense);
  ec::DrivenReservoir<SparseEsn, ec::MapStepper<SparseEsn>> rs(sparse);
  bool same = true;
  for (int t = 0; t < 100 && same; ++t) {
    const ec::Vector<kM> u(std::sin(0.3f * static_cast<float>(t)), 0.5f);
    EC_CHECK(rd.advance(u) == ec::Status::ok);
    EC_CHECK(rs.advance(u) == ec::Status::ok);
    same = same_bits(rd.state(), rs.state());
  }
  EC_CHECK(same);
  EC_CHECK(rd.state().norm() > 0.1f);
  // |x| <= 1 for a leaky tanh map from 0.
  EC_CHECK(rd.state().cwiseAbs().maxCoeff() <= 1.0f);
  // A non-finite input is refused and the state kept.
  const ec::Vector<kN> before = rs.state();
  EC_CHECK(rs.advance(ec::Vector<kM>(NAN, 0.0f)) == ec::Status::non_finite_input);
  EC_CHECK(same_bits(rs.state(), before));
}

