#include "fixed_point_cli.hpp"

#include <vector>

#include "command.hpp"
#include "edgechaos/core/seeds.hpp"
#include "edgechaos/desktop/clock.hpp"
#include "edgechaos/edgechaos.hpp"

namespace edgechaos::cli {

FixedFormat parse_fixed_format(const std::string& spec, const char* option) {
  const char* const allowed[] = {"8:16", "8:32", "16:16", "16:32"};
  for (const char* a : allowed) {
    if (spec == a) {
      FixedFormat f;
      f.wbits = spec[1] == ':' ? 8 : 16;
      f.sbits = spec.substr(spec.find(':') + 1) == "16" ? 16 : 32;
      return f;
    }
  }
  throw UsageError{std::string("--") + option + " must be WBITS:SBITS, one of 8:16, 8:32, 16:16, 16:32 (got '" + spec +
                   "')"};
}

ScaleMode parse_scale_mode(const std::string& name) {
  if (name == "format") return ScaleMode::format;
  if (name == "per-matrix") return ScaleMode::per_matrix;
  if (name == "per-row") return ScaleMode::per_row;
  throw UsageError{"--scales must be format, per-matrix or per-row"};
}

const char* scale_mode_name(ScaleMode mode) {
  switch (mode) {
    case ScaleMode::format: return "format";
    case ScaleMode::per_matrix: return "per-matrix";
    case ScaleMode::per_row: return "per-row";
  }
  return "?";
}

long long fixed_max_n(const FixedFormat& f) {
  long long n = 0;
  with_fixed_formats(f, [&](auto qw, auto qs) {
    using QW = decltype(qw);
    using QS = decltype(qs);
    n = static_cast<long long>(QProduct<QW, QS>::kMaxTerms) - 1;
  });
  return n;
}

std::string weight_format_name(const FixedFormat& f) { return f.wbits == 8 ? "Q1.6" : "Q1.14"; }
std::string state_format_name(const FixedFormat& f) { return f.sbits == 16 ? "Q3.12" : "Q7.24"; }

FixedRunOptions parse_fixed_run(Args& args, RunConfig& c, bool integrator_given, bool trace_given) {
  FixedRunOptions o;
  const bool scales_given = args.has("scales");
  const std::string spec = args.text("fixed-point", "");
  const std::string scales = args.text("scales", "per-row");
  if (spec.empty()) {
    if (scales_given) throw UsageError{"--scales needs --fixed-point"};
    return o;
  }
  o.format = parse_fixed_format(spec, "fixed-point");
  o.scales = parse_scale_mode(scales);
  if (integrator_given && c.integrator != "euler") throw UsageError{"--fixed-point runs the integer Euler step: --integrator euler"};
  c.integrator = "euler";
  if (c.activation != "tanh") throw UsageError{"--fixed-point uses the integer tanh: --activation tanh"};
  if (c.noise != 0.0) throw UsageError{"--fixed-point runs without noise (--noise 0)"};
  if (c.lyapunov || c.spectrum > 0) throw UsageError{"--fixed-point has no --lyapunov or --spectrum"};
  if (trace_given) throw UsageError{"--fixed-point writes no --trace"};
  if (!(c.dt > 0.0 && c.dt <= 1.0)) throw UsageError{"--fixed-point needs --dt in (0, 1]"};
  if (c.n > fixed_max_n(o.format)) {
    throw UsageError{"--n " + std::to_string(c.n) + " could overflow the accumulator of --fixed-point " + spec +
                     " (n <= " + std::to_string(fixed_max_n(o.format)) + ")"};
  }
  return o;
}

namespace {

// The statistics from the dequantised step: |x|^2, |phi(x)|^2, |v|^2 with v = (x' - x) / dt_q
// over the first n neurons (the rest is padding).
template <class QS, class State>
struct FixedStatsObserver {
  static constexpr bool kWantsSums = false;
  EnergyMonitor<double>* monitor;
  int n;
  double dt_q;
  void operator()(const StepView<State>& s) const {
    double x2 = 0, phi2 = 0, v2 = 0;
    for (int i = 0; i < n; ++i) {
      const double xi = QS::to_double(s.x[i]), pi = QS::to_double(s.phi[i]);
      const double vi = (QS::to_double(s.x_next[i]) - xi) / dt_q;
      x2 += xi * xi;
      phi2 += pi * pi;
      v2 += vi * vi;
    }
    (*monitor)(StepSums{static_cast<Scalar>(x2), static_cast<Scalar>(phi2), static_cast<Scalar>(v2), n});
  }
};

template <int Cap, class QW, class QS>
RunResult run_fixed(const RunConfig& c, ScaleMode scales, FixedRunExtras& extras) {
  using Net = FixedRateNetwork<Cap, 0, QW, QS>;
  using State = typename Net::State;
  RunResult result;
  const int n = c.n;
  if (n < 1 || n > Cap) {  // parse_fixed_run checked it; stated so the sizes below are known positive
    result.status = Status::invalid_argument;
    return result;
  }
  // J and x(0): the float run's (simulation.cpp: the same generator calls and seeds).
  const std::vector<float> J = make_couplings(n, c.g, c.gamma, c.seed);
  Vector<Dynamic> x0(n);
  result.status = initial_state(x0, 1.0f, sub_seed(c.seed, SeedStream::initial_state));
  if (result.status != Status::ok) return result;

  std::vector<typename QW::raw_type> Jq(static_cast<std::size_t>(n) * static_cast<std::size_t>(n));
  std::vector<std::int8_t> frac(static_cast<std::size_t>(n));
  FloatModelView fv;
  fv.J = J.data();
  fv.n = n;
  QuantizedModelView<QW, QS> qv;
  qv.J = Jq.data();
  qv.J_frac = frac.data();
  const Status qs = quantize_model<QW, QS>(fv, scales, qv, extras.report);
  if (qs != Status::ok) {
    throw UsageError{std::string("--fixed-point: J does not fit ") + weight_format_name(FixedFormat{QW::kBits, QS::kBits}) +
                     " at " + scale_mode_name(scales) + " scales (" + to_string(qs) + ")"};
  }
  // Padded to Cap (the file comment of fixed_point_cli.hpp).
  std::vector<typename QW::raw_type> Jp(static_cast<std::size_t>(Cap) * Cap, 0);
  std::vector<std::int8_t> fp(static_cast<std::size_t>(Cap), static_cast<std::int8_t>(QW::kFrac));
  for (int i = 0; i < n; ++i) {
    fp[static_cast<std::size_t>(i)] = frac[static_cast<std::size_t>(i)];
    for (int j = 0; j < n; ++j) {
      Jp[static_cast<std::size_t>(i) * Cap + static_cast<std::size_t>(j)] =
          Jq[static_cast<std::size_t>(i) * static_cast<std::size_t>(n) + static_cast<std::size_t>(j)];
    }
  }
  FixedDenseCouplingsView<QW> view;
  Net net;
  if (view.set(Jp.data(), Cap, fp.data()) != Status::ok || net.bind(view) != Status::ok) {
    result.status = Status::invalid_argument;
    return result;
  }
  if (net.set_dt(static_cast<Scalar>(c.dt)) != Status::ok) throw UsageError{"--fixed-point needs --dt in (0, 1]"};
  extras.capacity = Cap;
  extras.dt_raw = net.dt_raw();
  const double dt_q = static_cast<double>(net.dt_raw()) / 65536.0;

  State x = State::Zero();
  for (int i = 0; i < n; ++i) {
    if (to_fixed<QS>(static_cast<double>(x0[i]), x[i]) != Status::ok) {
      result.status = Status::invalid_argument;  // |x_i(0)| beyond the state range
      return result;
    }
  }
  const typename Net::Input u;
  FixedStatsObserver<QS, State> obs{&result.monitor, n, dt_q};
  MapStepper<Net> stepper;
  const std::int64_t t0 = desktop::now_ns();
  for (long long k = 0; k < c.steps; ++k) {
    if (k == c.transient) result.monitor.reset();
    const Status s = stepper.step(net, x, u, obs);
    if (s != Status::ok) {
      result.status = s;
      break;
    }
    ++result.steps_done;
  }
  const std::int64_t t1 = desktop::now_ns();
  result.ns_per_step = result.steps_done > 0 ? static_cast<double>(t1 - t0) / static_cast<double>(result.steps_done) : 0.0;
  result.regime = classify(result.monitor, result.lyapunov_max, result.lyapunov_stderr);
  return result;
}

}  // namespace

RunResult simulate_fixed(const RunConfig& config, const FixedFormat& format, ScaleMode scales, FixedRunExtras& extras) {
  RunResult result;
  result.status = Status::invalid_argument;
  with_fixed_formats(format, [&](auto qw, auto qs) {
    using QW = decltype(qw);
    using QS = decltype(qs);
    const bool fits = with_capacity<QW, QS>(config.n, [&](auto cap) {
      result = run_fixed<decltype(cap)::value, QW, QS>(config, scales, extras);
    });
    if (!fits) throw UsageError{"--n is above the largest size of --fixed-point " + format.spec()};
  });
  return result;
}

void add_fixed_fields(JsonObject& out, const FixedRunOptions& o, const FixedRunExtras& e) {
  out.string("q_format", o.format.spec()).string("q_weights", weight_format_name(o.format));
  out.string("q_states", state_format_name(o.format)).string("q_scales", scale_mode_name(o.scales));
  out.integer("q_capacity", e.capacity).integer("q_dt_raw", e.dt_raw);
  out.number("q_J_max_abs", e.report.J.max_abs).number("q_J_max_rel", e.report.J.max_rel);
}

}  // namespace edgechaos::cli
