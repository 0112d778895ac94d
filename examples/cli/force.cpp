// The desktop FORCE driver: see force.hpp.
#include "force.hpp"

#include "edgechaos/weights/sparse_couplings.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>

#include "edgechaos/models/rate_network.hpp"
#include "force_network.hpp"
#include "force_reference.hpp"

namespace edgechaos::cli {
namespace {

using Clock = std::chrono::steady_clock;

// The trainer of N = 1000 is about 2 MB (the RLS triangle): the budget is raised for the
// desktop and the object lives on the heap.
constexpr std::size_t kDesktopBudget = std::size_t{64} << 20;

template <int N, class Act>
ForceResult run_fixed(const ForceParams& prm) {
  ForceResult out;
  std::vector<Scalar> J(static_cast<std::size_t>(N) * N), wf(N), x0(N);
  Scalar z0 = 0;
  force::NetworkParams q;
  q.g = static_cast<float>(prm.g);
  q.p = static_cast<float>(prm.p);
  q.seed = prm.seed;
  out.status = force::generate_network(q, N, J.data(), wf.data(), x0.data(), z0);
  if (out.status != Status::ok) return out;

  force::Protocol pr;
  pr.period = prm.period;
  pr.dt = prm.dt;
  pr.pre_steps = std::lround(prm.pre_time / prm.dt);
  pr.train_steps = std::lround(prm.train_time / prm.dt);
  pr.test_steps = std::lround(prm.test_time / prm.dt);

  // J in compressed rows (p N^2 entries): the product skips the zeros and gives the same bits
  // as the dense kernel (weights/sparse_couplings.hpp), so results equal the device's dense run.
  std::vector<std::uint32_t> row_ptr(N + 1), col(J.size());
  std::vector<Scalar> val(J.size());
  Index nnz = 0;
  SparseCouplingsView<std::uint32_t> csr;
  out.status = sparse_from_dense(J.data(), N, row_ptr.data(), col.data(), val.data(), static_cast<Index>(J.size()), nnz);
  if (out.status == Status::ok) out.status = csr.set(row_ptr.data(), col.data(), val.data(), N, nnz);
  if (out.status != Status::ok) return out;
  using Net = RateNetwork<N, 1, Act, SparseCouplingsView<std::uint32_t>>;
  Net net;
  out.status = net.bind(csr);
  if (out.status == Status::ok) out.status = net.set_input_weights(wf.data(), 1);
  if (out.status != Status::ok) return out;
  auto trainer = std::make_unique<ForceTrainer<N, Act, kDesktopBudget>>();
  auto euler = std::make_unique<Euler<Net>>();
  Vector<N> x = Eigen::Map<const Vector<N>>(x0.data());

  const long train_end = pr.pre_steps + pr.train_steps;
  Clock::time_point t_train_start = Clock::now(), t_train_end = t_train_start;
  if (prm.trace) out.trace.reserve(static_cast<std::size_t>(train_end + pr.test_steps));
  auto on_step = [&](long k, double t, Scalar f, Scalar z, force::Phase phase) {
    if (k == pr.pre_steps) t_train_start = Clock::now();
    if (k == train_end) t_train_end = Clock::now();
    if (prm.trace) out.trace.push_back(ForceTracePoint{t, f, z, static_cast<int>(phase)});
  };
  const Clock::time_point t0 = Clock::now();
  if (pr.pre_steps == 0) t_train_start = t0;
  const force::PhaseResult r = force::run_protocol(*trainer, *euler, net, x, z0, pr, on_step);
  const Clock::time_point t1 = Clock::now();
  out.status = r.status;
  out.mae_train = r.mae_train;
  out.mae_test = r.mae_test;
  out.steps = r.steps;
  out.updates = r.updates;
  out.seconds = std::chrono::duration<double>(t1 - t0).count();
  if (pr.test_steps > 0) {
    out.ns_per_step = std::chrono::duration<double, std::nano>(t1 - t_train_end).count() / static_cast<double>(pr.test_steps);
  }
  if (r.updates > 0) {
    const double train_ns = std::chrono::duration<double, std::nano>(t_train_end - t_train_start).count();
    out.ns_per_update = (train_ns - static_cast<double>(pr.train_steps) * out.ns_per_step) / static_cast<double>(r.updates);
  }
  if (prm.reference) {
    const force::ReferenceResult ref = force::run_reference(J.data(), wf.data(), x0.data(), z0, N, pr);
    out.ref_mae_train = ref.mae_train;
    out.ref_mae_test = ref.mae_test;
    out.ref_finite = ref.finite;
  }
  return out;
}

template <int N>
ForceResult run_n(const ForceParams& prm) {
  return prm.fast_tanh ? run_fixed<N, FastTanh>(prm) : run_fixed<N, Tanh>(prm);
}

}  // namespace

ForceResult run_force(const ForceParams& prm) {
  ForceResult bad;
  bad.status = Status::invalid_argument;
  if (!(prm.dt > 0) || !(prm.period > 0) || !(prm.train_time >= 0) || !(prm.test_time >= 0) ||
      !(prm.pre_time >= 0) || !(prm.train_time + prm.test_time + prm.pre_time <= 1e7)) {
    return bad;
  }
  switch (prm.n) {
    case 64: return run_n<64>(prm);
    case 128: return run_n<128>(prm);
    case 256: return run_n<256>(prm);
    case 500: return run_n<500>(prm);
    case 1000: return run_n<1000>(prm);
    default: return bad;
  }
}

bool write_force_trace(const std::string& path, const std::vector<ForceTracePoint>& trace) {
  std::FILE* f = std::fopen(path.c_str(), "w");
  if (f == nullptr) return false;
  static const char* const kPhase[] = {"spontaneous", "train", "test"};
  std::fprintf(f, "t,target,output,phase\n");
  for (const ForceTracePoint& p : trace) {
    std::fprintf(f, "%.4f,%.7g,%.7g,%s\n", p.t, static_cast<double>(p.target), static_cast<double>(p.output),
                 kPhase[p.phase]);
  }
  return std::fclose(f) == 0;
}

}  // namespace edgechaos::cli
