// Cost of one layer of the deep random network (models/deep_net.hpp) on the target:
// instructions per layer under QEMU `-icount shift=10,align=off` (exact counts, not cycles;
// cycles on real silicon with the DWT), at N = 64 and 256, FastTanh, and the cost of the
// normal variates alone (a layer draws N (N + 1) of them: the weights are drawn, not read).
// One JSON line per case, e.g.
//   {"bench":"deepnet_layer","target":"cortex-m4f","n":64,"instructions":...,"per_weight":...}
#include <cstdint>

#include "bench_harness.hpp"
#include "cortexm/board.hpp"
#include "cortexm/console.hpp"
#include "edgechaos/models/deep_net.hpp"

#ifndef EDGECHAOS_TARGET_NAME
#define EDGECHAOS_TARGET_NAME "cortex-m"
#endif

namespace {

namespace ec = edgechaos;
using cortexm::put;
using fw::measure;

void emit(const char* bench, int n, std::uint32_t units, std::uint32_t per) {
  put("{\"bench\":\"");
  put(bench);
  put("\",\"target\":\"" EDGECHAOS_TARGET_NAME "\",\"n\":");
  cortexm::put_int(n);
  put(",\"");
  put(cortexm::counter_unit());
  put("\":");
  cortexm::put_uint(units);
  put(",\"per_weight\":");
  cortexm::put_fixed(static_cast<float>(units) / static_cast<float>(per), 2);
  put("}\n");
}

template <int N>
struct Case {
  static inline ec::DeepNet<N, ec::FastTanh> net;
  static inline ec::NormalStream normal{5u};
  static inline volatile float sink = 0.0f;
  static void layer() {
    if (net.step() != ec::Status::ok) sink = -1.0f;
  }
  static void normals() {  // as many variates as one layer draws
    float s = 0.0f;
    for (int k = 0; k < N * (N + 1); ++k) s += normal.next();
    sink = s;
  }
  static void run() {
    if (net.set_params({1.5f, 0.3f, 1u}) != ec::Status::ok) return;
    if (net.set_input_pair(1.0f, 0.5f, 2u) != ec::Status::ok) return;
    emit("deepnet_layer", N, measure<1>(&layer), N * (N + 1));
    emit("normal_variates", N, measure<1>(&normals), N * (N + 1));
  }
};

}  // namespace

int main() {
  if (!fw::start("bench_deepnet")) return 0;
  Case<64>::run();
  Case<256>::run();
  return 0;
}
