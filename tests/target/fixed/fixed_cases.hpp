// The fixed-point golden cases, run both by the host generator (gen_fixed_golden.cpp) and on
// the target (test_fixed_target.cpp): the same code, hashed bit for bit. Integer arithmetic
// is exact, so the target test is built WITHOUT reproducible mode (no -ffp-contract=off):
// the only float work is drawing J (weights/couplings.hpp: the same bits everywhere by
// construction) and quantising it (a multiply by a power of two and a +0.5: exact).
//
// N = 32 (fits the microbit: a case needs the float J once, 4 KiB, its integer copy, at most
// 2 KiB, and a few 32-entry vectors), M = 1, 200 steps, J with g = 1.5 (chaotic side), seed
// 2026; W_in uniform scaling 0.5, seed 2027; inputs and x0 from integer streams (no libm on
// the trajectory's path).
#pragma once

#include <cstdint>
#include <type_traits>

#include "edgechaos/core/random.hpp"
#include "edgechaos/models/fixed_echo_state.hpp"
#include "edgechaos/models/fixed_rate_network.hpp"
#include "edgechaos/steppers/map_stepper.hpp"
#include "edgechaos/weights/couplings.hpp"
#include "edgechaos/weights/input_weights.hpp"
#include "fnv1a.hpp"

namespace fixed_golden {

namespace ec = edgechaos;
using Hash = fw::Fnv1a64;

constexpr int N = 32, M = 1, kSteps = 200;
using QW16 = ec::QFormat<16, 14>;
using QW8 = ec::QFormat<8, 6>;
using QS16 = ec::QFormat<16, 12>;
using QS32 = ec::QFormat<32, 24>;

/// The float model both sides quantise (drawn once).
struct FloatModel {
  float J[N * N];
  float W_in[N * M];
};

inline bool draw(FloatModel& f) {
  if (ec::generate_couplings(ec::CouplingParams{1.5f, 0.0f, 2026u}, f.J, N) != ec::Status::ok) return false;
  return ec::generate_input_weights(ec::InputWeightParams{0.5f, 1.0f, ec::InputWeightKind::uniform, 2027u}, f.W_in, N,
                                    M) == ec::Status::ok;
}

/// A raw value in [-0.5, 0.5] of QS from an integer stream (x0 and the inputs).
template <class QS>
typename QS::raw_type small(ec::Xoshiro128pp& g) {
  const std::int64_t half = QS::kOneRaw / 2;  // 0.5
  const std::int64_t r = static_cast<std::int64_t>(g.next_u32() % static_cast<std::uint32_t>(2 * half + 1)) - half;
  return static_cast<typename QS::raw_type>(r);
}

struct Result {
  std::uint64_t hash = 0;     // every state of the trajectory, raw values as 32-bit words
  std::uint64_t weights = 0;  // the quantised J, W_in (and row fractions): where a mismatch starts
  std::int64_t last_sum = 0;  // sum of the last state's raw values (printed)
};

enum class Kind { euler, leaky, euler_sparse };

/// The integer weights, one set per weight type (shared by the cases: RAM).
template <class W>
struct Weights {
  W J[N * N];
  W W_in[N * M];
  std::int8_t frac[N];
};
template <class W>
Weights<W>& weights() {
  static Weights<W> w;
  return w;
}
/// CSR arrays of the sparse case (4.2 KiB: the microbit skips that case, EC_SMALL_RAM).
template <class W>
struct Csr {
  std::uint16_t row_ptr[N + 1], col[N * N];
  W val[N * N];
};
template <class W>
Csr<W>& csr() {
  static Csr<W> c;
  return c;
}

/// One case: quantise J (per matrix, or per row), build the model, run kSteps, hash.
template <class QW, class QS, class Couplings = ec::FixedDenseCouplingsView<QW>>
Result run(const FloatModel& f, Kind kind, bool per_row) {
  using W = typename QW::raw_type;
  Weights<W>& wts = weights<W>();
  W* Jq = wts.J;
  W* Wq = wts.W_in;
  std::int8_t* frac = wts.frac;
  Result res;
  if (ec::quantize_couplings<QW>(f.J, N, N, Jq, per_row ? frac : nullptr) != ec::Status::ok) return res;
  if (ec::quantize_couplings<QW>(f.W_in, N, M, Wq) != ec::Status::ok) return res;
  Hash hw;
  for (int k = 0; k < N * N; ++k) hw.add(Jq[k]);
  for (int k = 0; k < N * M; ++k) hw.add(Wq[k]);
  if (per_row) {
    for (int i = 0; i < N; ++i) hw.add(frac[i]);
  }
  res.weights = hw.h;

  Couplings J;
  if constexpr (Couplings::kDense) {
    if (J.set(Jq, N, per_row ? frac : nullptr) != ec::Status::ok) return res;
  } else {
    Csr<W>& c = csr<W>();
    std::uint16_t* row_ptr = c.row_ptr;
    std::uint16_t* col = c.col;
    W* val = c.val;
    int nnz = 0;
    for (int i = 0; i < N; ++i) {
      row_ptr[i] = static_cast<std::uint16_t>(nnz);
      for (int j = 0; j < N; ++j) {
        if (Jq[i * N + j] == 0) continue;
        col[nnz] = static_cast<std::uint16_t>(j);
        val[nnz++] = Jq[i * N + j];
      }
    }
    row_ptr[N] = static_cast<std::uint16_t>(nnz);
    if (J.set(row_ptr, col, val, N, nnz, per_row ? frac : nullptr) != ec::Status::ok) return res;
  }
  ec::Xoshiro128pp g(2028u);
  ec::FixedVector<QS, N> x;
  for (int i = 0; i < N; ++i) x[i] = small<QS>(g);
  ec::FixedVector<QS, M> u;
  Hash h;
  auto go = [&](auto& net) {
    if (net.bind(J) != ec::Status::ok || net.set_input_weights(Wq) != ec::Status::ok) return false;
    ec::MapStepper<std::remove_reference_t<decltype(net)>> stepper;
    for (int t = 0; t < kSteps; ++t) {
      u[0] = small<QS>(g);
      if (stepper.step(net, x, u) != ec::Status::ok) return false;
      for (int i = 0; i < N; ++i) h.add(x[i]);
    }
    return true;
  };
  bool ok;
  if (kind == Kind::leaky) {
    static ec::FixedEchoState<N, M, QW, QS, Couplings> net;
    ok = net.set_leak(0.3f) == ec::Status::ok && go(net);
  } else {
    static ec::FixedRateNetwork<N, M, QW, QS, Couplings> net;
    ok = net.set_dt(0.1f) == ec::Status::ok && go(net);
  }
  if (!ok) return res;
  res.hash = h.h;
  for (int i = 0; i < N; ++i) res.last_sum += x[i];
  return res;
}

/// The cases, in the order of the golden header (the microbit runs the first four).
constexpr int kCases = 5;
#if defined(EC_SMALL_RAM)
constexpr int kCasesOnTarget = 4;
#else
constexpr int kCasesOnTarget = 5;
#endif
constexpr const char* kNames[kCases] = {
    "euler  W16 Q1.14 S16 Q3.12", "euler  W16 Q1.14 S32 Q7.24", "leaky  W8 Q1.6 per-row S16 Q3.12",
    "leaky  W16 Q1.14 S32 Q7.24", "euler  sparse W16 Q1.14 S16 Q3.12 (== case 0)"};

inline Result run_case(const FloatModel& f, int c) {
  switch (c) {
    case 0: return run<QW16, QS16>(f, Kind::euler, false);
    case 1: return run<QW16, QS32>(f, Kind::euler, false);
    case 2: return run<QW8, QS16>(f, Kind::leaky, true);
    case 3: return run<QW16, QS32>(f, Kind::leaky, false);
    default: return run<QW16, QS16, ec::FixedSparseCouplingsView<QW16>>(f, Kind::euler, false);
  }
}

}  // namespace fixed_golden
