#include "fixed_bits.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <utility>

#include <Eigen/Cholesky>
#include <Eigen/Core>

#include "edgechaos/core/narrow_q_format.hpp"
#include "edgechaos/core/random.hpp"
#include "edgechaos/core/seeds.hpp"
#include "edgechaos/edgechaos.hpp"
#include "reservoir_tasks.hpp"
#include "simulation.hpp"

namespace edgechaos::cli {

std::string classify_regime(double activity, double speed2) {
  if (!(activity >= kActiveThreshold)) return "quiescent";
  if (!(speed2 >= 1e-6 * activity)) return "fixed_point";
  return "chaotic";
}

namespace {

// Weights in int16; W_in's fraction bits 15 (|s| < 1). J's scale is the view's shift below.
using QW = QFormat<16, 15>;

// The dense couplings view with one shift for the whole matrix, any count in [0, 40]: the
// library's view limits a fraction count to the storage's 15, which would leave the top bits
// of a 16-bit weight unused when max |J_ij| is well below 1 (N = 1000, g = 0.5: 0.07).
// round_shift_right takes any shift up to 62, and the sum |sum_j J_ij r_j| <= N 2^15 2^31
// fits int64, so the field is exact for every shift used here.
struct ShiftedCouplings : FixedDenseCouplingsView<QW> {
  int shift = QW::kFrac;
  int frac(Index) const { return shift; }
};

constexpr double kEsnLeak = 1.0;
constexpr Index kWashout = 100, kTrain = 2000, kTest = 1000;
constexpr long long kEsnAutonomousSteps = 500, kEsnAutonomousTransient = 250;

// The float model of one seed (J row-major n x n, x0, W_in signs, bias signs, series).
struct SeedModel {
  int n = 0;
  std::vector<float> J;
  std::vector<double> x0;
  std::vector<double> w_in, b;  // narma10: +-s, +-B
  TaskSeries series;            // narma10
};

// J in W bits: raw (padded to nb x nb) and the shift.
struct QuantJ {
  std::vector<std::int16_t> raw;
  int shift = 0;
};

QuantJ quantize_j(const SeedModel& m, int nb, int w_bits) {
  QuantJ q;
  const double k_max = static_cast<double>((std::int64_t{1} << (w_bits - 1)) - 1);
  double peak = 0.0;
  for (float v : m.J) peak = std::max(peak, std::fabs(static_cast<double>(v)));
  q.shift = 0;
  for (int f = 40; f >= 0; --f) {
    if (peak * std::ldexp(1.0, f) < k_max + 0.5) {
      q.shift = f;
      break;
    }
  }
  q.raw.assign(static_cast<std::size_t>(nb) * static_cast<std::size_t>(nb), 0);
  const double scale = std::ldexp(1.0, q.shift);
  for (int i = 0; i < m.n; ++i) {
    for (int j = 0; j < m.n; ++j) {
      const double v = static_cast<double>(m.J[static_cast<std::size_t>(i * m.n + j)]) * scale;
      // <= k_max by the choice of shift, unless even f = 0 does not fit (|J_ij| > 2^(W-1) - 1,
      // possible only for tiny W and a large gain): then the W-bit register saturates.
      const std::int64_t r = std::min<std::int64_t>(round_magnitude(std::fabs(v)), static_cast<std::int64_t>(k_max));
      q.raw[static_cast<std::size_t>(i * nb + j)] = static_cast<std::int16_t>(v < 0.0 ? -r : r);
    }
  }
  return q;
}

// |s| on the W-bit grid with the largest shift <= 15 at which it fits, as a Q0.15 raw value.
std::int16_t quantize_input_scale(double s, int w_bits) {
  const double k_max = static_cast<double>((std::int64_t{1} << (w_bits - 1)) - 1);
  int f = 0;
  for (int c = QW::kFrac; c >= 0; --c) {
    if (s * std::ldexp(1.0, c) < k_max + 0.5) {
      f = c;
      break;
    }
  }
  const std::int64_t r = round_magnitude(s * std::ldexp(1.0, f));
  return static_cast<std::int16_t>(r << (QW::kFrac - f));
}

template <class QS>
typename QS::raw_type to_state(double v) {
  const std::int64_t r = round_magnitude(std::fabs(v) * QS::kScale);
  return saturate<QS>(v < 0.0 ? -r : r);
}

// Activity and speed accumulated after the transient.
struct Motion {
  double activity = 0.0, speed2 = 0.0;
  long long count = 0;
  void add(double a, double s2) {
    activity += a;
    speed2 += s2;
    ++count;
  }
  void finish(BitsMeasure& out) const {
    out.activity = count > 0 ? activity / static_cast<double>(count) : 0.0;
    out.speed2 = count > 0 ? speed2 / static_cast<double>(count) : 0.0;
    out.regime = classify_regime(out.activity, out.speed2);
  }
};

// ---- activity: the fixed rate network and its double reference ----

template <int Nb, int S>
BitsMeasure activity_fixed(const SeedModel& m, const QuantJ& q, const BitsConfig& c) {
  using QS = NarrowQFormat<32, S, S - 1 - kRateStateIntBits>;
  using Net = FixedRateNetwork<Nb, 0, QW, QS, ShiftedCouplings>;
  auto net = std::make_unique<Net>();
  ShiftedCouplings view;
  BitsMeasure out;
  if (view.set(q.raw.data(), Nb) != Status::ok) {
    out.regime = "error";
    return out;
  }
  view.shift = q.shift;  // before bind: the model keeps a copy of the view
  if (net->bind(view) != Status::ok || net->set_dt(static_cast<Scalar>(c.dt)) != Status::ok) {
    out.regime = "error";
    return out;
  }
  out.weight_shift = q.shift;
  typename Net::State x = Net::State::Zero(), prev;
  for (int i = 0; i < m.n; ++i) x[i] = to_state<QS>(m.x0[static_cast<std::size_t>(i)]);
  const typename Net::Input u;
  MapStepper<Net> stepper;
  Motion motion;
  const double inv_scale2 = 1.0 / (QS::kScale * QS::kScale);
  for (long long t = 0; t < c.steps; ++t) {
    prev = x;
    if (stepper.step(*net, x, u) != Status::ok) {
      out.regime = "error";
      return out;
    }
    if (t >= c.transient) {
      double a = 0.0, s2 = 0.0;
      for (int i = 0; i < m.n; ++i) {
        const double xi = static_cast<double>(x[i]);
        const double d = xi - static_cast<double>(prev[i]);
        a += xi * xi;
        s2 += d * d;
      }
      motion.add(a * inv_scale2 / m.n, s2 * inv_scale2 / m.n / (c.dt * c.dt));
    }
  }
  motion.finish(out);
  out.value = out.activity;
  return out;
}

BitsMeasure activity_reference(const SeedModel& m, const BitsConfig& c) {
  const Eigen::MatrixXd J =
      Eigen::Map<const Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(m.J.data(), m.n, m.n).cast<double>();
  Eigen::VectorXd x = Eigen::Map<const Eigen::VectorXd>(m.x0.data(), m.n);
  Motion motion;
  for (long long t = 0; t < c.steps; ++t) {
    const Eigen::VectorXd v = -x + J * x.array().tanh().matrix();
    x += c.dt * v;
    if (t >= c.transient) motion.add(x.squaredNorm() / m.n, v.squaredNorm() / m.n);  // |x(t+1) - x(t)|^2 / dt^2 = |v|^2
  }
  BitsMeasure out;
  motion.finish(out);
  out.value = out.activity;
  return out;
}

// ---- narma10: the fixed echo-state map, a ridge readout in double ----

// Ridge with an unpenalised intercept (centred features), test NRMSE.
double ridge_nrmse(const Eigen::MatrixXd& states, const TaskSeries& series, double alpha) {
  const Eigen::MatrixXd Xtr = states.middleRows(kWashout, kTrain);
  const Eigen::VectorXd ytr = series.y.col(0).segment(kWashout, kTrain).cast<double>();
  const Eigen::RowVectorXd mean = Xtr.colwise().mean();
  const double ymean = ytr.mean();
  const Eigen::MatrixXd Xc = Xtr.rowwise() - mean;
  Eigen::MatrixXd A = Xc.transpose() * Xc;
  A.diagonal().array() += alpha;
  const Eigen::VectorXd w = A.ldlt().solve(Xc.transpose() * (ytr.array() - ymean).matrix());
  const Eigen::MatrixXd Xte = states.bottomRows(kTest);
  const Eigen::VectorXd yhat = ((Xte.rowwise() - mean) * w).array() + ymean;
  return task_nrmse(yhat, series.y.col(0).tail(kTest).cast<double>());
}

template <int Nb, int S>
BitsMeasure narma_fixed(const SeedModel& m, const QuantJ& q, int w_bits, const BitsConfig& c) {
  using QS = NarrowQFormat<32, S, S - 1 - kEsnStateIntBits>;
  using Net = FixedEchoState<Nb, 1, QW, QS, ShiftedCouplings>;
  auto net = std::make_unique<Net>();
  BitsMeasure out;
  out.weight_shift = q.shift;
  ShiftedCouplings view;
  if (view.set(q.raw.data(), Nb) != Status::ok) {
    out.regime = "error";
    return out;
  }
  view.shift = q.shift;
  std::vector<std::int16_t> w_in(Nb, 0);
  const std::int16_t s_raw = quantize_input_scale(c.input_scaling, w_bits);
  for (int i = 0; i < m.n; ++i) w_in[static_cast<std::size_t>(i)] = m.w_in[static_cast<std::size_t>(i)] < 0 ? static_cast<std::int16_t>(-s_raw) : s_raw;
  std::vector<typename QS::raw_type> bias(Nb, 0);
  for (int i = 0; i < m.n; ++i) bias[static_cast<std::size_t>(i)] = to_state<QS>(m.b[static_cast<std::size_t>(i)]);
  if (net->bind(view) != Status::ok || net->set_input_weights(w_in.data()) != Status::ok ||
      net->set_leak(static_cast<Scalar>(kEsnLeak)) != Status::ok) {
    out.regime = "error";
    return out;
  }
  net->set_bias(bias.data());
  MapStepper<Net> stepper;
  typename Net::State x = Net::State::Zero();
  typename Net::Input u;
  const Index total = m.series.u.rows();
  Eigen::MatrixXd states(total, m.n);
  for (Index t = 0; t < total; ++t) {
    u[0] = to_state<QS>(static_cast<double>(m.series.u(t, 0)));
    if (stepper.step(*net, x, u) != Status::ok) {
      out.regime = "error";
      return out;
    }
    for (int i = 0; i < m.n; ++i) states(t, i) = QS::to_double(x[i]);
  }
  out.value = ridge_nrmse(states, m.series, c.ridge);
  // The side of the edge: the same map without input, from x(0) = tanh of the seed's N(0, 1).
  x.setZero();
  for (int i = 0; i < m.n; ++i) x[i] = to_state<QS>(std::tanh(m.x0[static_cast<std::size_t>(i)]));
  u[0] = 0;
  Motion motion;
  typename Net::State prev;
  for (long long t = 0; t < kEsnAutonomousSteps; ++t) {
    prev = x;
    if (stepper.step(*net, x, u) != Status::ok) break;
    if (t >= kEsnAutonomousTransient) {
      double a = 0.0, s2 = 0.0;
      for (int i = 0; i < m.n; ++i) {
        const double xi = QS::to_double(x[i]), d = xi - QS::to_double(prev[i]);
        a += xi * xi;
        s2 += d * d;
      }
      motion.add(a / m.n, s2 / m.n);
    }
  }
  motion.finish(out);
  return out;
}

BitsMeasure narma_reference(const SeedModel& m, const BitsConfig& c) {
  const Eigen::MatrixXd J =
      Eigen::Map<const Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(m.J.data(), m.n, m.n).cast<double>();
  const Eigen::VectorXd w = Eigen::Map<const Eigen::VectorXd>(m.w_in.data(), m.n);
  const Eigen::VectorXd b = Eigen::Map<const Eigen::VectorXd>(m.b.data(), m.n);
  const Index total = m.series.u.rows();
  Eigen::MatrixXd states(total, m.n);
  Eigen::VectorXd x = Eigen::VectorXd::Zero(m.n);
  for (Index t = 0; t < total; ++t) {
    const Eigen::VectorXd h = J * x + w * static_cast<double>(m.series.u(t, 0)) + b;
    x = (1.0 - kEsnLeak) * x + kEsnLeak * h.array().tanh().matrix();
    states.row(t) = x.transpose();
  }
  BitsMeasure out;
  out.value = ridge_nrmse(states, m.series, c.ridge);
  x = Eigen::Map<const Eigen::VectorXd>(m.x0.data(), m.n).array().tanh().matrix();
  Motion motion;
  for (long long t = 0; t < kEsnAutonomousSteps; ++t) {
    const Eigen::VectorXd next = (1.0 - kEsnLeak) * x + kEsnLeak * (J * x + b).array().tanh().matrix();
    if (t >= kEsnAutonomousTransient) motion.add(next.squaredNorm() / m.n, (next - x).squaredNorm() / m.n);
    x = next;
  }
  motion.finish(out);
  return out;
}

// ---- dispatch: the padded size and the state width are compile-time ----

constexpr int kMinStateBits = 8;

template <int Nb, int... Ks>
BitsMeasure run_fixed_at(const SeedModel& m, const QuantJ& q, int w_bits, int s_bits, const BitsConfig& c,
                         std::integer_sequence<int, Ks...>) {
  BitsMeasure out;
  out.regime = "error";
  const bool narma = c.task == "narma10";
  (void)((s_bits == Ks + kMinStateBits
              ? (out = narma ? narma_fixed<Nb, Ks + kMinStateBits>(m, q, w_bits, c) : activity_fixed<Nb, Ks + kMinStateBits>(m, q, c),
                 true)
              : false) ||
         ...);
  return out;
}

template <int Nb>
BitsMeasure run_fixed_padded(const SeedModel& m, int w_bits, int s_bits, const BitsConfig& c) {
  const QuantJ q = quantize_j(m, Nb, w_bits);
  return run_fixed_at<Nb>(m, q, w_bits, s_bits, c, std::make_integer_sequence<int, 32 - kMinStateBits + 1>{});
}

BitsMeasure run_fixed(const SeedModel& m, int w_bits, int s_bits, const BitsConfig& c) {
  if (m.n <= 64) return run_fixed_padded<64>(m, w_bits, s_bits, c);
  if (m.n <= 128) return run_fixed_padded<128>(m, w_bits, s_bits, c);
  if (m.n <= 256) return run_fixed_padded<256>(m, w_bits, s_bits, c);
  if (m.n <= 512) return run_fixed_padded<512>(m, w_bits, s_bits, c);
  return run_fixed_padded<kBitsMaxN>(m, w_bits, s_bits, c);
}

SeedModel make_model(const BitsConfig& c, std::uint64_t seed) {
  SeedModel m;
  m.n = c.n;
  m.J = make_couplings(c.n, c.g, c.gamma, seed);
  Vector<Dynamic> x0(c.n);
  if (initial_state(x0, 1.0f, sub_seed(seed, SeedStream::initial_state)) != Status::ok) x0.setZero();
  m.x0.resize(static_cast<std::size_t>(c.n));
  for (int i = 0; i < c.n; ++i) m.x0[static_cast<std::size_t>(i)] = static_cast<double>(x0[i]);
  if (c.task == "narma10") {
    // W_in = +-s and b = +-B, Bernoulli 1/2, each on a stream of its own.
    Xoshiro128pp wr(sub_seed(seed, SeedStream::input_weights));
    Xoshiro128pp br(sub_seed(seed, SeedStream::input_weights) ^ 0x3C6EF372FE94F82Bull);
    for (int i = 0; i < c.n; ++i) {
      m.w_in.push_back((wr.next_u32() & 1u) ? c.input_scaling : -c.input_scaling);
      m.b.push_back((br.next_u32() & 1u) ? c.bias : -c.bias);
    }
    m.series = narma_series(seed, kWashout + kTrain + kTest, false);
  }
  return m;
}

}  // namespace

BitsSeedResult run_bits_seed(const BitsConfig& c, std::uint64_t seed) {
  BitsSeedResult r;
  const SeedModel m = make_model(c, seed);
  if (c.task == "narma10" && m.series.u.rows() == 0) {
    r.ok = false;
    r.reason = "NARMA10 diverged for this seed";
    return r;
  }
  r.reference = c.task == "narma10" ? narma_reference(m, c) : activity_reference(m, c);
  for (int w : c.weight_bits) {
    for (int s : c.state_bits) r.fixed.push_back(run_fixed(m, w, s, c));
  }
  return r;
}

}  // namespace edgechaos::cli
