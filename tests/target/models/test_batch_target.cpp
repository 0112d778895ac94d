// The shared-J batch (detail/batch_matvec.hpp, models/ensemble.hpp) on the target, in the
// build's own mode: each vector of the batch product has the bits of matvec on it alone
// (on M4F/M7/M33 matvec's square products are the fused assembly kernel, which the batch
// matches with an explicit fused multiply-add; other shapes stay portable), and an
// Ensemble's members follow single Euler and RK4 runs bit for bit. A second build runs the
// same in reproducible mode (contraction off: the kernel's vmul + vadd), and a third, on
// the FPU cores, with EDGECHAOS_ARM_MATVEC_SPLIT=1 (the kernel's vmul + vadd while the
// rest of the build contracts).
// J and vectors from NormalStream (seeds 41, 42); N in {8, 13, 16, 24, 32} fixed, 13 and
// 16 Dynamic, 9 x 16 (odd rows); R in {1, 2, 3, 5}. Ensemble: N = 16, g = 1.5, seed 5,
// R = 3, 60 steps of dt = 0.05. Sizes fit the microbit (J at most 4 KiB).
#include <cmath>
#include <cstring>

#include "edgechaos/detail/batch_matvec.hpp"
#include "edgechaos/edgechaos.hpp"
#include "edgechaos/models/ensemble.hpp"
#include "ectest.hpp"

namespace ec = edgechaos;

namespace {

constexpr int kMaxN = 32, kMaxR = 5;
float g_J[kMaxN * kMaxN];
float g_X[kMaxN * kMaxR];
float g_Y[kMaxN * kMaxR];
float g_x[kMaxN];
float g_y[kMaxN];

void fill(float* p, int count, std::uint64_t seed) {
  ec::NormalStream s(seed);
  for (int i = 0; i < count; ++i) p[i] = s.next();
}

template <int R, int Rows, int Cols>
bool columns_match(int rows, int cols) {
  fill(g_J, rows * cols, 41);
  fill(g_X, cols * R, 42);
  ec::detail::batch_matvec<R, Rows, Cols>(g_J, g_X, g_Y, rows, cols);
  bool same = true;
  for (int v = 0; v < R; ++v) {
    for (int j = 0; j < cols; ++j) g_x[j] = g_X[v * cols + j];
    ec::detail::matvec<Rows, Cols>(g_J, g_x, g_y, rows, cols);
    same = same && std::memcmp(g_y, g_Y + v * rows, sizeof(float) * static_cast<unsigned>(rows)) == 0;
  }
  return same;
}

template <int Rows, int Cols>
bool all_batches(int rows = Rows, int cols = Cols) {
  return columns_match<1, Rows, Cols>(rows, cols) && columns_match<2, Rows, Cols>(rows, cols) &&
         columns_match<3, Rows, Cols>(rows, cols) && columns_match<5, Rows, Cols>(rows, cols);
}

constexpr int kN = 16, kR = 3;
using Net = ec::RateNetwork<kN, 0, ec::FastTanh>;
using Ens = ec::Ensemble<Net, kR>;
Ens::State g_batch;
Net::State g_single[kR];

template <template <class> class Stepper>
bool members_follow_single_runs() {
  EC_CHECK(ec::generate_couplings(ec::CouplingParams{1.5f, 0.0f, 5}, g_J, kN) == ec::Status::ok);
  const Net net(g_J);
  const Ens ens(net);
  for (int v = 0; v < kR; ++v) {
    ec::NormalStream z(static_cast<std::uint64_t>(100 + v));
    for (int i = 0; i < kN; ++i) g_single[v][i] = z.next();
    EC_CHECK(ens.set_member(g_batch, v, g_single[v]) == ec::Status::ok);
  }
  Stepper<Ens> batch;
  Stepper<Net> single;
  bool same = true;
  Net::State got;
  for (int t = 0; t < 60; ++t) {
    EC_CHECK(batch.step(ens, g_batch, 0.05f) == ec::Status::ok);
    for (int v = 0; v < kR; ++v) {
      EC_CHECK(single.step(net, g_single[v], 0.05f) == ec::Status::ok);
      ens.member(g_batch, v, got);
      same = same && std::memcmp(got.data(), g_single[v].data(), sizeof(float) * kN) == 0;
    }
  }
  return same;
}

}  // namespace

EC_TEST(batch_matvec_fixed_sizes_same_bits_as_matvec) {
  EC_CHECK((all_batches<8, 8>()));
  EC_CHECK((all_batches<13, 13>()));
  EC_CHECK((all_batches<16, 16>()));
  EC_CHECK((all_batches<24, 24>()));
  EC_CHECK((all_batches<32, 32>()));
}

EC_TEST(batch_matvec_dynamic_sizes_same_bits_as_matvec) {
  EC_CHECK((all_batches<ec::Dynamic, ec::Dynamic>(13, 13)));
  EC_CHECK((all_batches<ec::Dynamic, ec::Dynamic>(16, 16)));
  EC_CHECK((all_batches<ec::Dynamic, ec::Dynamic>(9, 16)));  // a last odd row: portable in matvec
}

EC_TEST(ensemble_euler_members_same_bits_as_single_runs) { EC_CHECK(members_follow_single_runs<ec::Euler>()); }

EC_TEST(ensemble_rk4_members_same_bits_as_single_runs) { EC_CHECK(members_follow_single_runs<ec::RK4>()); }

EC_TEST(ensemble_nan_member_refused_and_nothing_moves) {
  const Net net(g_J);
  const Ens ens(net);
  g_batch.setConstant(0.25f);
  g_batch[1 * kN + 5] = NAN;
  const Ens::State before = g_batch;
  ec::Euler<Ens> euler;
  EC_CHECK(euler.step(ens, g_batch, 0.05f) == ec::Status::non_finite_input);
  EC_CHECK(std::memcmp(before.data(), g_batch.data(), sizeof(float) * kN * kR) == 0);
}
