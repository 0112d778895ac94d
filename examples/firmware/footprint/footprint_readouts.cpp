// RAM of the readout and its device trainers per configuration (F features, K outputs):
// the constexpr kRamBytes of Rls, StreamingRidge, ReadoutWeights and LinearReadout,
// checked against sizeof on this target, one JSON line per (F, K); then the painted stack
// of one RLS update, one streaming-ridge accumulate and one refit at F = 64 and 128, K = 1.
// The table of docs/readouts.md is this output (and the -fstack-usage of the wrappers).
#include <cstddef>

#include "cortexm/console.hpp"
#include "cortexm/stack.hpp"
#include "edgechaos/edgechaos.hpp"

#ifndef EDGECHAOS_TARGET_NAME
#define EDGECHAOS_TARGET_NAME "cortex-m"
#endif

namespace {

namespace ec = edgechaos;
// Large enough for every configuration listed; the default (kReadoutRamBudget, 64 KiB)
// refuses StreamingRidge at F = 128.
constexpr std::size_t kBudget = 1u << 20;

void field(const char* name, std::size_t v) {
  cortexm::put(",\"");
  cortexm::put(name);
  cortexm::put("\":");
  cortexm::put_uint(v);
}

template <int F, int K>
bool ram_line() {
  using R = ec::Rls<F, K, kBudget>;
  using S = ec::StreamingRidge<F, K, kBudget>;
  using W = ec::ReadoutWeights<F, K>;
  using L = ec::LinearReadout<F, K>;
  static_assert(sizeof(R) == R::kRamBytes, "Rls: kRamBytes is not its size");
  static_assert(sizeof(S) == S::kRamBytes, "StreamingRidge: kRamBytes is not its size");
  static_assert(sizeof(W) == W::kRamBytes, "ReadoutWeights: kRamBytes is not its size");
  cortexm::put("{\"footprint\":\"readout_ram\",\"target\":\"" EDGECHAOS_TARGET_NAME "\"");
  field("f", F);
  field("k", K);
  field("rls", R::kRamBytes);
  field("streaming_ridge", S::kRamBytes);
  field("readout_weights", W::kRamBytes);
  field("linear_readout", L::kRamBytes);
  field("default_budget", ec::kReadoutRamBudget);
  cortexm::put("}\n");
  return true;
}

template <int F>
struct Trainers {
  static inline ec::Rls<F, 1, kBudget> rls;
  static inline ec::StreamingRidge<F, 1, kBudget> ridge;
  static inline ec::ReadoutWeights<F, 1> weights;
  static inline ec::Vector<F> f;
  static inline ec::Vector<1> y;
  static inline ec::Status status = ec::Status::ok;

  __attribute__((noinline)) static void update() { status = rls.update(f, y); }
  __attribute__((noinline)) static void accumulate() { status = ridge.add(f, y); }
  __attribute__((noinline)) static void solve() { status = ridge.solve(1e-4f, weights); }

  template <class Fn>
  static std::size_t stack_of(Fn fn) {
    const std::uintptr_t sp = cortexm::stack_paint();
    fn();
    return cortexm::stack_used(sp);
  }

  static bool run() {
    ec::NormalStream z(3u);
    bool ok = true;
    std::size_t su = 0, sa = 0, ss = 0;
    for (int s = 0; s < 2 * F; ++s) {
      f[0] = 1.0f;
      for (int j = 1; j < F; ++j) f[j] = z.next();
      y[0] = 0.5f * f[1];
      const std::size_t u = stack_of(&update);
      ok = ok && status == ec::Status::ok;
      const std::size_t a = stack_of(&accumulate);
      ok = ok && status == ec::Status::ok;
      su = u > su ? u : su;
      sa = a > sa ? a : sa;
    }
    ss = stack_of(&solve);
    ok = ok && status == ec::Status::ok;
    cortexm::put("{\"footprint\":\"readout_stack\",\"target\":\"" EDGECHAOS_TARGET_NAME "\"");
    field("f", F);
    field("k", 1);
    field("rls_update", su);
    field("ridge_accumulate", sa);
    field("ridge_solve", ss);
    cortexm::put(",\"ok\":");
    cortexm::put_bool(ok);
    cortexm::put("}\n");
    return ok;
  }
};

}  // namespace

int main() {
  bool ok = ram_line<16, 1>() && ram_line<16, 4>() && ram_line<32, 1>() && ram_line<32, 4>() && ram_line<64, 1>() &&
            ram_line<64, 4>() && ram_line<128, 1>() && ram_line<128, 4>();
  ok = Trainers<64>::run() && ok;
  ok = Trainers<128>::run() && ok;
  return ok ? 0 : 1;
}
