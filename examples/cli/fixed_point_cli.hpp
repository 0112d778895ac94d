// The CLI's fixed-point glue (issue 14): the WBITS:SBITS formats `run --fixed-point` and
// `vectors` accept, the dispatch of a run-time n onto the compile-time sizes of the integer
// models, and the integer run behind `run --fixed-point`.
//
// Formats: WBITS 8 -> Q1.6, 16 -> Q1.14 (weights in [-2, 2) at the format's own scale; with
// per-row or per-matrix scales a row may use any fraction count); SBITS 16 -> Q3.12, 32 ->
// Q7.24 (states, inputs, bias, outputs).
//
// Run-time n. The models' sizes are template parameters (the overflow proof needs them), so
// n is run in the smallest capacity N >= n of a fixed list, padded with zero rows and
// columns: a padded neuron has zero field, stays at 0 and adds exact zeros to every sum, so
// the first n states are those of the n-neuron network bit for bit. n must leave room for
// the readout's n + 1 terms: n + 1 <= QProduct<QW, QS>::kMaxTerms (8:16: n <= 510).
#pragma once

#include <cstdint>
#include <string>
#include <type_traits>

#include "edgechaos/core/q_format.hpp"
#include "edgechaos/weights/quantize_model.hpp"
#include "args.hpp"
#include "json.hpp"
#include "simulation.hpp"

namespace edgechaos::cli {

struct FixedFormat {
  int wbits = 0;  // 0: not a fixed-point run
  int sbits = 0;
  bool on() const { return wbits != 0; }
  std::string spec() const { return std::to_string(wbits) + ":" + std::to_string(sbits); }
};

// "8:16", "8:32", "16:16" or "16:32"; anything else is a UsageError naming `option`.
FixedFormat parse_fixed_format(const std::string& spec, const char* option);
// format | per-matrix | per-row; anything else is a UsageError.
ScaleMode parse_scale_mode(const std::string& name);
const char* scale_mode_name(ScaleMode mode);
// The largest n the format allows (n + 1 products per readout row).
long long fixed_max_n(const FixedFormat& f);
// "Q1.14" etc.
std::string weight_format_name(const FixedFormat& f);
std::string state_format_name(const FixedFormat& f);

// Calls fn(QW{}, QS{}) with the formats of f.
template <class Fn>
void with_fixed_formats(const FixedFormat& f, Fn&& fn) {
  using W8 = QFormat<8, 6>;
  using W16 = QFormat<16, 14>;
  using S16 = QFormat<16, 12>;
  using S32 = QFormat<32, 24>;
  if (f.wbits == 8 && f.sbits == 16) fn(W8{}, S16{});
  if (f.wbits == 8 && f.sbits == 32) fn(W8{}, S32{});
  if (f.wbits == 16 && f.sbits == 16) fn(W16{}, S16{});
  if (f.wbits == 16 && f.sbits == 32) fn(W16{}, S32{});
}

// Calls fn(std::integral_constant<int, N>{}) with the smallest capacity N >= n that the
// formats allow (N + 1 <= kMaxTerms); false if there is none.
template <class QW, class QS, int First = 0, class Fn>
bool with_capacity(int n, Fn&& fn) {
  // Few sizes, each an instantiation of the model per format in two TUs (compile time),
  // at most twice apart above 64 (the padded product at most 4x the exact one); 510 is
  // the largest 8:16 allows.
  constexpr int kCaps[] = {64, 128, 256, 510, 1024, 2048};
  constexpr int kCount = static_cast<int>(sizeof(kCaps) / sizeof(kCaps[0]));
  if constexpr (First >= kCount) {
    (void)n;
    (void)fn;
    return false;
  } else {
    constexpr int cap = kCaps[First];
    if constexpr (cap + 1 <= QProduct<QW, QS>::kMaxTerms) {
      if (n <= cap) {
        fn(std::integral_constant<int, cap>{});
        return true;
      }
    }
    return with_capacity<QW, QS, First + 1>(n, fn);
  }
}

// run's --fixed-point WBITS:SBITS and --scales MODE.
struct FixedRunOptions {
  FixedFormat format;  // not on(): a float run
  ScaleMode scales = ScaleMode::per_row;
};

// Takes --fixed-point and --scales from args; with --fixed-point, checks that the run's other
// options fit the integer model (UsageError otherwise): --integrator euler or not given (it
// is then set to euler), --activation tanh, --noise 0, no --lyapunov/--spectrum/--trace,
// --dt in (0, 1], n <= fixed_max_n. --scales without --fixed-point is an error.
FixedRunOptions parse_fixed_run(Args& args, RunConfig& config, bool integrator_given, bool trace_given);

// What a fixed-point run adds to the float run's result.
struct FixedRunExtras {
  QuantizationReport report;
  int capacity = 0;           // the compile-time N the run used
  std::uint32_t dt_raw = 0;   // dt as the Q0.16 multiplier
};

// The integer Euler network built from the same J and x(0) as simulate(config) (Euler, tanh,
// no noise), its statistics computed from the dequantised states: v = (x' - x) / dt_q with
// dt_q = dt_raw / 2^16 the integer step's exact dt. A J that does not fit the format at the
// chosen scales is a UsageError.
RunResult simulate_fixed(const RunConfig& config, const FixedFormat& format, ScaleMode scales, FixedRunExtras& extras);

// The q_* fields of `run --fixed-point` (after the float run's fields).
void add_fixed_fields(JsonObject& out, const FixedRunOptions& options, const FixedRunExtras& extras);

}  // namespace edgechaos::cli
