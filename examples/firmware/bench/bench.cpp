// Cost benchmark on the target: instruction counts per step under QEMU
// `-icount shift=10,align=off` (exact: EMBEDDED.md section 7), cycles on real silicon
// (DWT). One JSON line per case on stdout, e.g.
//   {"bench":"euler_step","target":"cortex-m4f","n":64,"monitor":false,"instructions":6789,"per_mac":1.66}
// These are instruction counts, not cycles: real M4/M7 pipelines, flash wait states and
// FPU latencies change the time per instruction. Use them for comparisons and regressions.
#include <cstdint>

#include "bench_harness.hpp"
#include "bench_tables.hpp"
#include "cortexm/board.hpp"
#include "cortexm/console.hpp"
#include "eigen_reference.hpp"
#include "edgechaos/edgechaos.hpp"
#include "edgechaos/quasi/langevin.hpp"
#include "edgechaos/chaos/lyapunov.hpp"
#include "edgechaos/quasi/quasi_potential.hpp"

#ifndef EDGECHAOS_TARGET_NAME
#define EDGECHAOS_TARGET_NAME "cortex-m"
#endif

namespace {

namespace ec = edgechaos;
using cortexm::put;

using Fn = fw::BenchFn;
using fw::measure_raw;

// Two warm-up calls: the first step sizes nothing (fixed sizes) but fills the state.
std::uint32_t measure(Fn fn) { return fw::measure<2>(fn); }

// size_key: "n" for the network benches, "f" for the readout trainers (F features).
void emit(const char* bench, int n, int monitor, std::uint32_t units, std::uint32_t macs, const char* size_key = "n") {
  put("{\"bench\":\"");
  put(bench);
  put("\",\"target\":\"" EDGECHAOS_TARGET_NAME "\",\"");
  put(size_key);
  put("\":");
  cortexm::put_int(n);
  if (monitor >= 0) {
    put(",\"monitor\":");
    cortexm::put_bool(monitor != 0);
  }
  put(",\"");
  put(cortexm::counter_unit());
  put("\":");
  cortexm::put_uint(units);
  put(",\"per_mac\":");
  cortexm::put_fixed(static_cast<float>(units) / static_cast<float>(macs), 3);
  put("}\n");
}

// The noise cases of issue 15 item 3 (both normal streams side by side) at N <= 64; a board
// without room for the trainers (the Nucleo-F401RE's 96 KiB) has room for N = 64 alone.
#if EDGECHAOS_BENCH_NO_TRAINERS
constexpr int kNoiseMinN = 64;
#else
constexpr int kNoiseMinN = 1;
#endif

template <int N>
struct Case {
  using Net = ec::RateNetwork<N, 0, ec::FastTanh>;
  static inline const float* J = nullptr;
  static inline Net net;
  static inline ec::Vector<N> x;
  static inline ec::Vector<N> tmp;
  static inline float r[N], y[N];
  static inline ec::Euler<Net> euler;
  // The same network with the cheap tanh (models/sinh_tanh.hpp), for the activation's cost.
  using SinhNet = ec::RateNetwork<N, 0, ec::SinhTanh<5>>;
  static inline SinhNet sinh_net;
  static inline ec::Euler<SinhNet> sinh_euler;
  // The division-free table tanh (models/table_tanh.hpp), 512 and 1024 rows.
  using Table5Net = ec::RateNetwork<N, 0, ec::TableTanh<5>>;
  using Table6Net = ec::RateNetwork<N, 0, ec::TableTanh<6>>;
  static inline Table5Net table5_net;
  static inline Table6Net table6_net;
  static inline ec::Euler<Table5Net> table5_euler;
  static inline ec::RK4<Net> rk4;
  static inline ec::EnergyMonitor<float> monitor;
  static inline ec::Lyapunov<Net, ec::TangentScheme::rk4> lyapunov;
  static inline ec::QuasiPotential<Net> qp;
  static constexpr int kReplicas = 2;
  static inline ec::LangevinSampler<Net, kReplicas> langevin;
  // Issue 15 item 3: the noise from the double stream (NormalStream, version 1) and from the
  // float ziggurat (FloatNormalStream, version 2), side by side (kNoiseMinN <= N <= 64: RAM).
  static inline ec::LangevinSampler<Net, kReplicas, double, ec::FloatNormalStream> langevin_f32;
  static inline ec::EulerMaruyama<Net> em{0.3f, 11u};
  static inline ec::EulerMaruyamaF32<Net> em_f32{0.3f, 11u};
  static inline ec::NormalStream normal_f64{7u};
  static inline ec::FloatNormalStream normal_f32{7u};
  static constexpr float kDt = 0.05f;

  static void reset() {
    ec::NormalStream z(5u);
    for (int i = 0; i < N; ++i) x[i] = r[i] = z.next();
  }
  static void euler_step() { (void)euler.step(net, x, kDt); }
  // A monitored step costs the mean over one block of the monitor's statistics (every
  // kBlock-th step also merges the block: core/running_stats.hpp): kBlock steps are timed
  // and the count divided (the loop adds 3 or 4 instructions a step).
  static constexpr int kMonitorBlock = ec::EnergyMonitor<float>::Stats::kBlock;
  static void euler_step_monitor() {
    for (int k = 0; k < kMonitorBlock; ++k) (void)euler.step(net, x, kDt, monitor);
  }
  static void euler_step_sinh_tanh() { (void)sinh_euler.step(sinh_net, x, kDt); }
  // phi = tanh(x) over the state alone (the O(N) part of a step the activation costs).
  static void activate_fast_tanh() { net.activate(x, tmp); }
  static void activate_sinh_tanh() { sinh_net.activate(x, tmp); }
  static void euler_step_table_tanh5() { (void)table5_euler.step(table5_net, x, kDt); }
  static void activate_table_tanh5() { table5_net.activate(x, tmp); }
  static void activate_table_tanh6() { table6_net.activate(x, tmp); }
  static void rk4_step() { (void)rk4.step(net, x, kDt); }
  static void rk4_step_monitor() {
    for (int k = 0; k < kMonitorBlock; ++k) (void)rk4.step(net, x, kDt, monitor);
  }
  static void matvec() { ec::detail::matvec<N, N>(J, r, y, N, N); }
  // RK4 of the state plus the RK4 tangent (4 velocities + 4 Jacobian products); the
  // renormalisation every 10th step is not in a single measured step.
  static void lyapunov_step() { (void)lyapunov.step(net, x, kDt); }
  // dE/dx of the quasi-potential: one product with J (inside velocity), one with J^T.
  static void gradient() { (void)qp.gradient(net, x, tmp); }
  // One sampler step: for each of the kReplicas replicas N normal variates, the gradient and
  // x <- x - dt grad + noise, plus the rollback copy of the noise streams; no response copies.
  static void langevin_step() { (void)langevin.step(net, 100.0f); }
  static void langevin_step_f32() { (void)langevin_f32.step(net, 100.0f); }
  // Euler-Maruyama: the Euler step plus N variates times sigma sqrt(dt), added in the proposal.
  static void em_step() { (void)em.step(net, x, kDt); }
  static void em_step_f32() { (void)em_f32.step(net, x, kDt); }
  // N variates alone, into tmp (reported per variate).
  static void normals_f64() {
    for (int i = 0; i < N; ++i) tmp[i] = normal_f64.next();
  }
  static void normals_f32() {
    for (int i = 0; i < N; ++i) tmp[i] = normal_f32.next();
  }
  // The straightforward Eigen reference (eigen_reference.hpp, a translation unit of its own).
  static void eigen_euler_step() { fw::eigen_reference_euler_step<N>(J, x, tmp, kDt); }

  static void run(const float* couplings) {
    J = couplings;
    (void)net.bind(J, N);
    (void)sinh_net.bind(J, N);
    (void)table5_net.bind(J, N);
    (void)table6_net.bind(J, N);
    const std::uint32_t mac = static_cast<std::uint32_t>(N) * N;
    reset();
    emit("matvec", N, -1, measure(&matvec), mac);
    reset();
    emit("euler_step", N, 0, measure(&euler_step), mac);
    reset();
    emit("euler_step", N, 1, measure(&euler_step_monitor) / kMonitorBlock, mac);
    reset();
    emit("euler_step_sinh_tanh5", N, 0, measure(&euler_step_sinh_tanh), mac);
    reset();
    emit("activate_fast_tanh", N, -1, measure(&activate_fast_tanh), static_cast<std::uint32_t>(N));
    reset();
    emit("activate_sinh_tanh5", N, -1, measure(&activate_sinh_tanh), static_cast<std::uint32_t>(N));
    reset();
    emit("euler_step_table_tanh5", N, 0, measure(&euler_step_table_tanh5), mac);
    reset();
    emit("activate_table_tanh5", N, -1, measure(&activate_table_tanh5), static_cast<std::uint32_t>(N));
    reset();
    emit("activate_table_tanh6", N, -1, measure(&activate_table_tanh6), static_cast<std::uint32_t>(N));
    reset();
    emit("rk4_step", N, 0, measure(&rk4_step), 4 * mac);
    reset();
    emit("rk4_step", N, 1, measure(&rk4_step_monitor) / kMonitorBlock, 4 * mac);
    reset();
    emit("eigen_reference_euler_step", N, 0, measure(&eigen_euler_step), mac);
    reset();
    emit("lyapunov_step", N, -1, measure(&lyapunov_step), 8 * mac);
    reset();
    emit("gradient", N, -1, measure(&gradient), 2 * mac);
    ec::LangevinConfig c;
    c.dt = 0.01f;  // below 1 / sigma_max(-I + J)^2 for these g = 1.5 couplings
    if (langevin.configure(net, c) == ec::Status::ok) {
      // reported per replica: the step of all kReplicas divided by kReplicas
      emit("langevin_step", N, -1, measure(&langevin_step) / kReplicas, 2 * mac);
    } else {
      put("bench: langevin configure failed\n");
    }
    if constexpr (N >= kNoiseMinN && N <= 64) {
      if (langevin_f32.configure(net, c) == ec::Status::ok) {
        emit("langevin_step_f32", N, -1, measure(&langevin_step_f32) / kReplicas, 2 * mac);
      } else {
        put("bench: langevin configure failed\n");
      }
      reset();
      emit("em_step", N, -1, measure(&em_step), mac);
      reset();
      emit("em_step_f32", N, -1, measure(&em_step_f32), mac);
      // per variate: the "per_mac" field divides by N here
      emit("normal_variates_f64", N, -1, measure(&normals_f64), static_cast<std::uint32_t>(N));
      emit("normal_variates_f32", N, -1, measure(&normals_f32), static_cast<std::uint32_t>(N));
    }
  }
};

// The device trainers at F features, K = 1 (readouts/rls.hpp, readouts/streaming_ridge.hpp).
// The features are a fixed pseudo-random sequence (N(0, 1) from a seed) plus a constant 1,
// the target a fixed linear function of them: a well-conditioned problem whose updates
// never fail, so every measured call does the whole update.
//
// Multiply-accumulates counted (per_mac = instructions / this count), K = 1:
//   rls_update        F^2 (P f from the packed triangle: each off-diagonal entry is used
//                     twice, the diagonal once) + F (f^T P f) + F (F + 1) / 2 (the triangle
//                     update P_ij -= k_i (P f)_j) + 2 F (W f, W += e k^T)
//   ridge_accumulate  one Givens rotation of the row [1, f - f0, y - y0] into R per column
//                     i = 0..F (P = F + 1 columns): 4 MACs per pair (r, a) it rotates, the
//                     pairs being the P - 1 - i entries right of the pivot and the K = 1
//                     right-hand entry, so 4 (P (P - 1) / 2 + P K)
//   ridge_solve       the refit: copying R, F ridge rows each rotated in from its own
//                     column j (4 ((P - j - 1) + K) MACs per rotation i >= j, summed), the
//                     pivot check (P (P + 1) / 2) and the back substitution (P (P - 1) / 2)
// The rotations' divisions and square roots (P + K per accumulate) are in the
// instructions but not in the MAC count.
template <int F>
struct TrainerCase {
  static constexpr int kP = F + 1;
  // The budgets: an M4F board of these QEMU machines has 4 MiB of SRAM; the trainers at
  // F = 128 (RLS 34 KiB, streaming ridge 68 KiB) are over the 64 KiB default budget.
  static constexpr std::size_t kBudget = 256u * 1024u;
  static inline ec::Rls<F, 1, kBudget> rls;
  static inline ec::StreamingRidge<F, 1, kBudget> ridge;
  static inline ec::ReadoutWeights<F, 1> weights;
  static inline ec::Vector<F> f;
  static inline ec::Vector<1> y;
  static inline ec::NormalStream z{11u};

  static void next_sample() {
    f[0] = 1.0f;
    for (int j = 1; j < F; ++j) f[j] = z.next();
    float t = 0.0f;
    for (int j = 0; j < F; ++j) t += 0.01f * static_cast<float>(j % 7 - 3) * f[j];
    y[0] = t;
  }
  static void rls_update() { (void)rls.update(f, y); }
  // The update's two O(F^2) kernels alone (on the arrays of kernels_agree), to separate
  // them from the O(F) checks: P f (F^2 MACs) and the downdate at lambda = 1 (F (F + 1) / 2).
  static void kernel_pf() { ec::detail::packed_symmetric_times<F>(pa, f.data(), va); }
  static void kernel_downdate() { ec::detail::packed_rank1_downdate<F>(pa, ka, va, 1.0f); }
  static void ridge_accumulate() { (void)ridge.add(f, y); }
  static void ridge_solve() { (void)ridge.solve(1e-4f, weights); }

  static constexpr std::uint32_t rls_macs() { return std::uint32_t(F) * F + F + std::uint32_t(F) * (F + 1) / 2 + 2 * F; }
  static constexpr std::uint32_t accumulate_macs() { return 4u * (std::uint32_t(kP) * (kP - 1) / 2 + kP); }
  static constexpr std::uint32_t solve_macs() {
    std::uint32_t m = 0;
    for (int j = 1; j < kP; ++j) {
      for (int i = j; i < kP; ++i) m += 4u * static_cast<std::uint32_t>(kP - i);  // (kP - i - 1) + K pairs
    }
    return m + std::uint32_t(kP) * (kP + 1) / 2 + std::uint32_t(kP) * (kP - 1) / 2;
  }

  // Each measured call trains on a fresh sample (measure() calls the function three times,
  // the third measured); samples are drawn outside the measured call.
  static std::uint32_t measure_update(Fn fn) {
    next_sample();
    fn();
    next_sample();
    fn();
    next_sample();
    return fw::minus_overhead(measure_raw(fn));
  }

  // The assembly kernels of detail/packed_triangle.hpp against the portable loops, on a
  // random triangle: the same bits (same operations in the same order) or the bench fails.
  static inline float pa[F * (F + 1) / 2], pb[F * (F + 1) / 2], ka[F], va[F], vb[F];
  static bool same(const float* a, const float* b, int n) {
    for (int i = 0; i < n; ++i) {
      std::uint32_t x, w;
      __builtin_memcpy(&x, a + i, 4);
      __builtin_memcpy(&w, b + i, 4);
      if (x != w) return false;
    }
    return true;
  }
  static bool kernels_agree() {
    constexpr int kT = F * (F + 1) / 2;
    ec::NormalStream g(23u);
    for (int i = 0; i < kT; ++i) pa[i] = pb[i] = g.next();
    for (int i = 0; i < F; ++i) {
      f[i] = g.next();
      ka[i] = 0.1f * g.next();
    }
    ec::detail::packed_symmetric_times<F>(pa, f.data(), va);
    ec::detail::packed_symmetric_times_portable<F>(pb, f.data(), vb);
    bool ok = same(va, vb, F);
    for (float il : {1.0f, 1.0f / 0.999f}) {
      ec::detail::packed_rank1_downdate<F>(pa, ka, va, il);
      ec::detail::packed_rank1_downdate_portable<F>(pb, ka, vb, il);
      ok = ok && same(pa, pb, kT);
    }
    // The Givens kernel of the streaming ridge, over every length 0..F.
    for (int n = 0; n <= F; ++n) {
      for (int j = 0; j < n; ++j) {
        pa[j] = pb[j] = g.next();
        va[j] = vb[j] = g.next();
      }
      const float cs = 0.6f + 0.01f * g.next(), sn = 0.8f;
      ec::detail::givens_pairs(pa, va, n, cs, sn);
      ec::detail::givens_pairs_portable(pb, vb, n, cs, sn);
      ok = ok && same(pa, pb, n) && same(va, vb, n);
    }
    put("{\"check\":\"packed_kernels\",\"target\":\"" EDGECHAOS_TARGET_NAME "\",\"f\":");
    cortexm::put_int(F);
    put(",\"same_bits\":");
    cortexm::put_bool(ok);
    put("}\n");
    return ok;
  }

  static bool run() {
    const bool agree = kernels_agree();
    // lambda = 1 (no forgetting: FORCE's RLS), then lambda = 0.999 (one more multiply per
    // entry of P: rls_update_forgetting).
    for (float lambda : {1.0f, 0.999f}) {
      ec::RlsConfig c;
      c.alpha = 1.0f;
      c.lambda = lambda;
      if (rls.configure(c) != ec::Status::ok) put("bench: rls configure failed\n");
      for (int s = 0; s < 4; ++s) {  // a few samples first so that P is no longer diagonal
        next_sample();
        rls_update();
      }
      const std::int64_t before = rls.updates();
      emit(lambda == 1.0f ? "rls_update" : "rls_update_forgetting", F, -1, measure_update(&rls_update), rls_macs(),
           "f");
      if (rls.updates() != before + 3) put("bench: rls update refused\n");
    }
    // The occasional update that folds P's scale into the triangle (readouts/rls.hpp): at
    // lambda = 0.5 the scale doubles per update and passes 2^16 at the 17th, measured here.
    {
      ec::RlsConfig c;
      c.alpha = 1.0f;
      c.lambda = 0.5f;
      if (rls.configure(c) != ec::Status::ok) put("bench: rls configure failed\n");
      for (int s = 0; s < 14; ++s) {
        next_sample();
        rls_update();
      }
      emit("rls_update_rescale", F, -1, measure_update(&rls_update), rls_macs(), "f");
      if (rls.updates() != 17) put("bench: rls update refused\n");
    }
    for (int i = 0; i < F; ++i) ka[i] = 0.0f;  // the downdate leaves P as it is: repeatable
    emit("rls_kernel_pf", F, -1, measure(&kernel_pf), std::uint32_t(F) * F, "f");
    emit("rls_kernel_downdate", F, -1, measure(&kernel_downdate), std::uint32_t(F) * (F + 1) / 2, "f");
    for (int s = 0; s < 2 * F; ++s) {  // more samples than features: a full-rank R
      next_sample();
      ridge_accumulate();
    }
    emit("ridge_accumulate", F, -1, measure_update(&ridge_accumulate), accumulate_macs(), "f");
    if (ridge.solve(1e-4f, weights) != ec::Status::ok) put("bench: ridge solve failed\n");
    emit("ridge_solve", F, -1, measure(&ridge_solve), solve_macs(), "f");
    return agree;
  }
};

// The fixed-point network (models/fixed_rate_network.hpp), with the product of
// detail/fixed_dot.hpp (the DSP kernels on M4/M7/M33, the portable loop elsewhere): the
// product J r alone (N^2 MACs of the couplings view's dot_row, into the format's
// accumulator) and a whole Euler step (N IntTanh, the product, the rounding and the update),
// for 16-bit weights Q1.14 with 16-bit states Q3.12 (int64 accumulator) and with 32-bit
// states Q7.24 (int64), and 8-bit weights Q1.6 with 16-bit states (int32). J is the float
// table's J quantised at start-up (kJ64: g = 1.5, |J| < 2).
template <int N, class QW, class QS>
struct FixedCase {
  using Couplings = ec::FixedDenseCouplingsView<QW>;
  using Net = ec::FixedRateNetwork<N, 0, QW, QS>;
  using Acc = typename ec::QProduct<QW, QS>::acc_type;
  static inline typename QW::raw_type Jq[N * N];
  static inline Couplings view;
  static inline Net net;
  static inline ec::MapStepper<Net> stepper;
  static inline typename Net::State x;
  static inline typename Net::Input u;
  static inline Acc y[N];
  static void reset() {
    ec::Xoshiro128pp g(5u);
    for (int i = 0; i < N; ++i) x[i] = static_cast<typename QS::raw_type>(static_cast<std::int32_t>(g.next_u32() % 4096u) - 2048);
  }
  static inline volatile std::int64_t sink = 0;  // reads y, so the product is not dead code
  // The rows as the models walk them (FixedNetworkWeights::kRowPairs): in pairs where
  // detail::kFixedDotPairs (dot_rows2: one state load for two rows on the M3), else one at
  // a time.
  static void matvec() {
    int i = 0;
    if constexpr (ec::detail::kFixedDotPairs) {
      for (; i + 1 < N; i += 2) view.template dot_rows2<Acc, N>(i, x.data(), y[i], y[i + 1]);
    }
    for (; i < N; ++i) y[i] = view.template dot_row<Acc, N>(i, x.data());
  }
  static void euler_step() { (void)stepper.step(net, x, u); }
  static void run(const float* J, const char* matvec_name, const char* step_name) {
    if (ec::quantize_couplings<QW>(J, N, N, Jq) != ec::Status::ok || view.set(Jq, N) != ec::Status::ok ||
        net.bind(view) != ec::Status::ok) {
      put("bench: fixed-point setup failed\n");
      return;
    }
    const std::uint32_t mac = static_cast<std::uint32_t>(N) * N;
    reset();
    emit(matvec_name, N, -1, measure(&matvec), mac);
    sink = static_cast<std::int64_t>(y[0]) + static_cast<std::int64_t>(y[N - 1]);
    reset();
    emit(step_name, N, -1, measure(&euler_step), mac);
  }
};

// The 8 x 16 network with the couplings in offset binary (weights/fixed_offset_couplings.hpp,
// the M0's product: ldrb, ldrh, muls, adds): the product (the biased copy of the state and
// its sum, then N rows) and a whole Euler step. On the M0 (no counter under QEMU) its count
// is read from the disassembly (docs/fixed_point.md); on other cores it shows what the same
// C++ costs there.
template <int N>
struct FixedOffsetCase {
  using QW = ec::QFormat<8, 6>;
  using QS = ec::QFormat<16, 12>;
  using Couplings = ec::FixedOffsetCouplingsView<QW>;
  using Net = ec::FixedRateNetwork<N, 0, QW, QS, Couplings>;
  static inline std::int8_t Jq[N * N];
  static inline std::uint8_t Jb[N * N];
  static inline std::uint32_t C[N];
  static inline Couplings view;
  static inline Net net;
  static inline ec::MapStepper<Net> stepper;
  static inline typename Net::State x;
  static inline typename Net::Input u;
  static inline ec::detail::OffsetState<N> p;
  static inline std::int32_t y[N];
  static inline volatile std::int64_t sink = 0;  // reads y, so the product is not dead code
  static void reset() {
    ec::Xoshiro128pp g(5u);
    for (int i = 0; i < N; ++i) x[i] = static_cast<std::int16_t>(static_cast<std::int32_t>(g.next_u32() % 4096u) - 2048);
  }
  // As the models walk the rows: in pairs where the view asks for it (the M0's assembly pair).
  static void matvec() {
    p.set(x.data());
    if constexpr (Couplings::kRowPairs && N % 2 == 0) {
      for (int i = 0; i < N; i += 2) view.template dot_rows2<std::int32_t, N>(i, p, y[i], y[i + 1]);
    } else {
      for (int i = 0; i < N; ++i) y[i] = view.template dot_row<std::int32_t, N>(i, p);
    }
  }
  static void euler_step() { (void)stepper.step(net, x, u); }
  static void run(const float* J) {
    if (ec::quantize_couplings<QW>(J, N, N, Jq) != ec::Status::ok ||
        ec::make_offset_couplings(Jq, N, Jb, C) != ec::Status::ok || view.set(Jb, C, N) != ec::Status::ok ||
        net.bind(view) != ec::Status::ok) {
      put("bench: offset setup failed\n");
      return;
    }
    const std::uint32_t mac = static_cast<std::uint32_t>(N) * N;
    reset();
    emit("fixed_matvec_w8s16_offset", N, -1, measure(&matvec), mac);
    sink = static_cast<std::int64_t>(y[0]) + static_cast<std::int64_t>(y[N - 1]);
    reset();
    emit("fixed_euler_step_w8s16_offset", N, -1, measure(&euler_step), mac);
  }
};

// The linear readouts at N = 64 features, K = 1 output: the float LinearReadout
// (readouts/linear_readout.hpp: predict, its finiteness check of f included) and the fixed
// one (readouts/fixed_linear_readout.hpp, 16-bit weights Q1.14 on 16-bit states Q3.12,
// int64; 8-bit weights Q1.6, int32), weights row 0 of kJ64 (quantised). per_mac is per
// output per feature.
struct ReadoutCase {
  static constexpr int kN = 64;
  using Float = ec::LinearReadout<kN, 1>;
  using Fixed16 = ec::FixedLinearReadout<kN, 1, ec::QFormat<16, 14>, ec::QFormat<16, 12>>;
  using Fixed8 = ec::FixedLinearReadout<kN, 1, ec::QFormat<8, 6>, ec::QFormat<16, 12>>;
  static inline Float flt;
  static inline Fixed16 fix16;
  static inline Fixed8 fix8;
  static inline Float::FeatureVector f;
  static inline Float::Output fy;
  static inline Fixed16::State x;
  static inline Fixed16::Output y16;
  static inline Fixed8::Output y8;
  static inline std::int16_t w16[kN];
  static inline std::int8_t w8[kN];
  static inline float c[1] = {0.25f};
  static inline std::int16_t cq[1] = {1024};
  static void run_float() { (void)flt.predict(f, fy); }
  static void run_fixed16() { (void)fix16.predict(x, y16); }
  static void run_fixed8() { (void)fix8.predict(x, y8); }
  static void run(const float* J) {
    ec::Xoshiro128pp g(6u);
    for (int j = 0; j < kN; ++j) {
      x[j] = static_cast<std::int16_t>(static_cast<std::int32_t>(g.next_u32() % 4096u) - 2048);
      f[j] = static_cast<float>(x[j]) / 4096.0f;
    }
    if (flt.bind(J, c) != ec::Status::ok || ec::quantize_couplings<ec::QFormat<16, 14>>(J, 1, kN, w16) != ec::Status::ok ||
        ec::quantize_couplings<ec::QFormat<8, 6>>(J, 1, kN, w8) != ec::Status::ok ||
        fix16.bind(w16, nullptr, cq) != ec::Status::ok || fix8.bind(w8, nullptr, cq) != ec::Status::ok) {
      put("bench: readout setup failed\n");
      return;
    }
    emit("readout", kN, -1, measure(&run_float), kN, "f");
    emit("fixed_readout", kN, -1, measure(&run_fixed16), kN, "f");
    emit("fixed_readout_w8s16", kN, -1, measure(&run_fixed8), kN, "f");
  }
};

}  // namespace

int main() {
  if (!fw::start("bench")) return 0;
  Case<16>::run(kJ16);
  Case<32>::run(kJ32);
  Case<64>::run(kJ64);
  Case<128>::run(kJ128);
#if !EDGECHAOS_BENCH_NO_TRAINERS
  // The fixed-point and readout cases (their J in each format, about 30 KiB static): the
  // Nucleo-F401RE's 96 KiB no longer held them next to the float cases and the stack; its
  // core is the mps2-an386's M4F, whose image runs them under QEMU.
  FixedCase<64, ec::QFormat<16, 14>, ec::QFormat<16, 12>>::run(kJ64, "fixed_matvec", "fixed_euler_step");
  FixedCase<64, ec::QFormat<16, 14>, ec::QFormat<32, 24>>::run(kJ64, "fixed_matvec_w16s32", "fixed_euler_step_w16s32");
  FixedCase<64, ec::QFormat<8, 6>, ec::QFormat<16, 12>>::run(kJ64, "fixed_matvec_w8s16", "fixed_euler_step_w8s16");
  FixedOffsetCase<64>::run(kJ64);
  ReadoutCase::run(kJ64);
#endif
#if EDGECHAOS_BENCH_NO_TRAINERS
  // A board with too little RAM for the trainer cases (their objects are static: about
  // 250 KiB in all); the mps2 boards under QEMU run them.
  return 0;
#else
  const bool agree64 = TrainerCase<64>::run();
  const bool agree128 = TrainerCase<128>::run();
  // The kernels' edge cases: F below one block, odd F (a last row without a partner), F
  // not a multiple of 8 (a last group of fewer than 8 rows).
  const bool agree_small = TrainerCase<1>::kernels_agree() & TrainerCase<2>::kernels_agree() &
                           TrainerCase<3>::kernels_agree() & TrainerCase<7>::kernels_agree() &
                           TrainerCase<8>::kernels_agree() & TrainerCase<9>::kernels_agree() &
                           TrainerCase<17>::kernels_agree() & TrainerCase<30>::kernels_agree() &
                           TrainerCase<31>::kernels_agree() & TrainerCase<33>::kernels_agree() &
                           TrainerCase<62>::kernels_agree() & TrainerCase<63>::kernels_agree() &
                           TrainerCase<65>::kernels_agree();
  return agree64 && agree128 && agree_small ? 0 : 1;
#endif
}
