// edgechaos reservoir: a reservoir on a benchmark task (shared/RESERVOIR.md), one JSON object.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "args.hpp"
#include "command.hpp"
#include "edgechaos/desktop/console.hpp"
#include "edgechaos/host/any_model_runner.hpp"
#include "edgechaos/io/model_image.hpp"
#include "files.hpp"
#include "json.hpp"
#include "reservoir_experiment.hpp"
#include "reservoir_tasks.hpp"

namespace edgechaos::cli {
namespace {

const char* const kHelp =
    "usage: edgechaos reservoir --task narma10|mackey-glass|memory|force|nvar-lorenz\n"
    "           [--model esn|rate] [--n N] [--sr SR | --g G] [--gamma GAMMA] [--dt DT] [--hold K]\n"
    "           [--connectivity P] [--input-scaling S] [--input-connectivity P] [--leak A]\n"
    "           [--bias B] [--input-offset C]\n"
    "           [--period T] [--ridge ALPHA] [--seed S] [--seeds COUNT]\n"
    "           [--trainer ridge|streaming|rls] [--forgetting LAMBDA] [--horizon H] [--generative]\n"
    "           [--variant standard|reservoirpy] [--features state|state-input|augmented]\n"
    "           [--search] [--sweep-g A:B:STEP] [--threads T]\n"
    "\n"
    "Runs a reservoir on a task of shared/RESERVOIR.md section 4 and prints one JSON object.\n"
    "Models: esn, the leaky echo-state map x' = (1 - a) x + a tanh(W x + W_in u + b) with W sparse\n"
    "(density --connectivity, N(0, 1) entries rescaled to spectral radius --sr); rate, this\n"
    "library's network dx/dt = -x + J tanh(x) + W_in u (J of gain --g and symmetry --gamma,\n"
    "density --connectivity), Euler step --dt, each input held for --hold steps. W_in entries\n"
    "+-S (Bernoulli 1/2) with density --input-connectivity. Features: the state after each sample;\n"
    "the ridge and streaming trainers fit an intercept, RLS gets a constant feature.\n"
    "\n"
    "Protocol (narma10, mackey-glass): 100 washout, 2000 train, 1000 test samples from one run;\n"
    "fields nrmse_train, nrmse_test (means over the seeds), nrmse_test_std, per-seed values.\n"
    "--search chooses sr (g), input scaling, leak (dt for the rate model) and alpha on the grid of\n"
    "RESERVOIR.md section 4 (fit on 1..1500, validate on 1501..2000, mean over 5 seeds, on every\n"
    "core), refits on all 2000 and scores the test block; the choice is in the field `search`.\n"
    "memory: u ~ U[-0.5, 0.5], 6000 samples, the last 2000 test, k_max = 2N delays, input scaling\n"
    "0.1 by default; fields memory_capacity and r2 (per delay). --sweep-g A:B:STEP prints it\n"
    "against g (rate) or sr (esn). force: FORCE learning (RESERVOIR.md section 6), mae_train and\n"
    "mae_test. nvar-lorenz: the next-generation reservoir on Lorenz-63 (section 5).\n"
    "\n"
    "  --task NAME          required\n"
    "  --model esn|rate     default esn\n"
    "  --n N                reservoir size (default 100; 8..2048)\n"
    "  --sr SR              esn spectral radius (default 0.9)\n"
    "  --g G                rate gain (default 0.9)\n"
    "  --gamma GAMMA        rate symmetry in [-1, 1] (default 0)\n"
    "  --dt DT              rate Euler step (default 0.5)\n"
    "  --hold K             rate steps per sample (default 2)\n"
    "  --connectivity P     density of W or J in (0, 1] (default 0.1)\n"
    "  --input-scaling S    default 0.5 (memory: 0.1)\n"
    "  --input-connectivity P  density of W_in in (0, 1] (default 1: dense, the protocol's)\n"
    "  --leak A             esn leak in (0, 1] (default 1)\n"
    "  --bias B             a bias b_i = +-B (Bernoulli 1/2, its own seed stream) in the reservoir\n"
    "                       (default 0, RESERVOIR.md section 1; narma10 at N >= 100: 0.2, docs/reservoir.md)\n"
    "  --input-offset C     the reservoir sees u - C (features and targets keep u; default 0)\n"
    "  --period T           force target period (default 120; 30 for the device variant)\n"
    "  --ridge ALPHA        ridge penalty (default 1e-6); RLS: P(0) = I / ALPHA\n"
    "  --trainer NAME       ridge (offline, double), streaming (float32 streaming QR), rls\n"
    "  --forgetting LAMBDA  RLS forgetting factor in (0, 1] (default 1)\n"
    "  --horizon H          mackey-glass prediction horizon (default 1)\n"
    "  --generative         mackey-glass: free run on the test block (output fed back); adds\n"
    "                       nrmse_free_84, the NRMSE over its first 84 steps (Jaeger & Haas 2004)\n"
    "                       and nrmse_free_lyapunov, over one Lyapunov time (200 steps)\n"
    "  --features F         readout features: state (x, the default), state-input ([x, u]),\n"
    "                       augmented ([x, x^2, u], Jaeger's augmented state)\n"
    "  --variant V          narma10: standard (Atiya & Parlos) or reservoirpy (shifted windows)\n"
    "  --seed S, --seeds C  seeds S..S+C-1 (default 1, 1; --search uses 5)\n"
    "  --threads T          worker threads (default: every core)\n"
    "  --save MODEL.bin     write the first seed's trained reservoir and readout as a model\n"
    "                       image (edgechaos export makes it a header; trace runs it);\n"
    "                       saved_nrmse_test: that image run by the library's float32 runner\n"
    "                       on the first seed's test block (equals nrmse_test for one seed)\n"
    "ns_per_step (one reservoir step) and ns_per_update (one trainer sample; ridge: the whole\n"
    "fit per sample) are the worker thread's CPU time, so a loaded machine does not inflate them.\n"
    "exit codes: 0 done, 1 a fit or run failed (the field `status` says which), 2 bad arguments.\n";

// The runs of one task for one specification and seed.
struct Outcome {
  Status status = Status::ok;
  double train = NAN, test = NAN;       // nrmse or mae
  double ns_per_step = NAN, ns_per_update = NAN;
  std::vector<double> r2;               // memory task
  double free_84 = NAN;                 // generative: NRMSE over the first 84 free-run steps
  double free_lyapunov = NAN;           // generative: NRMSE over one Lyapunov time (kLyapunovSteps)
  long long train_length = 0, test_length = 0;
  ReadoutFit fit;                       // the trained readout (for --save)
};

struct Options {
  std::string task;
  ReservoirSpec spec;
  TrainOptions train;
  int seeds = 1;
  int horizon = 1;
  bool generative = false;
  std::string variant = "standard";
  double period = 120;
  int threads = 1;
  std::string save;  // --save: the model image of the first seed's trained reservoir
};

constexpr Index kWashout = 100, kTrain = 2000, kTest = 1000, kFitPart = 1500;
// One Lyapunov time of Mackey-Glass tau = 17 in samples (1 per time unit): the largest
// exponent of the library's series is 0.0049 +- 0.0005 per time unit (two runs 1e-10 apart,
// 20 histories; docs/reservoir.md), so 1 / lambda = 200 samples. Jaeger & Haas's 84 steps
// are about 0.4 of it.
constexpr Index kLyapunovSteps = 200;

double nrmse(const Eigen::MatrixXd& yhat, const Eigen::MatrixXf& y) {
  return task_nrmse(yhat.col(0), y.col(0).cast<double>());
}

// Teacher-forced task: harvest once, fit on the training block, score both blocks.
Outcome run_supervised(const Options& o, const ReservoirSpec& spec, const TaskSeries& series) {
  Outcome out;
  Eigen::MatrixXf states;
  out.status = harvest(spec, series.u, states, out.ns_per_step);
  if (out.status != Status::ok) return out;
  const Index rows = series.u.rows();
  const Index train = rows - kWashout - kTest;
  ReadoutFit fit;
  out.status = train_readout(states.middleRows(kWashout, train), series.y.middleRows(kWashout, train), o.train, fit);
  if (out.status != Status::ok) return out;
  out.fit = fit;
  out.ns_per_update = fit.ns_per_update;
  out.train = nrmse(predict(fit, states.middleRows(kWashout, train)), series.y.middleRows(kWashout, train));
  out.train_length = train;
  out.test_length = kTest;
  if (!o.generative) {
    out.test = nrmse(predict(fit, states.bottomRows(kTest)), series.y.bottomRows(kTest));
    return out;
  }
  // Free run: from the end of the training block the reservoir's own prediction is its input.
  std::unique_ptr<DesktopReservoir> r;
  out.status = make_reservoir(spec, 1, r);
  if (out.status != Status::ok) return out;
  for (Index t = 0; t < kWashout + train; ++t) {
    out.status = r->advance(series.u.row(t).data());
    if (out.status != Status::ok) return out;
  }
  Eigen::MatrixXd yhat(kTest, 1);
  Eigen::MatrixXf x(1, r->size());
  Eigen::MatrixXf last_u = series.u.row(kWashout + train - 1);
  for (Index t = 0; t < kTest; ++t) {
    x.row(0) = Eigen::Map<const Eigen::RowVectorXf>(r->state(), r->size());
    yhat(t, 0) = predict(fit, make_features(spec, x, last_u))(0, 0);
    last_u(0, 0) = static_cast<float>(yhat(t, 0));
    const float u = static_cast<float>(yhat(t, 0));
    out.status = r->advance(&u);
    if (out.status != Status::ok) return out;
  }
  // Output t, read after the input of sample kWashout + train + t - 1, predicts the input
  // of sample kWashout + train + t (horizon 1).
  const Eigen::VectorXd truth = series.u.bottomRows(kTest).col(0).cast<double>();
  out.test = task_nrmse(yhat.col(0), truth);
  // Jaeger & Haas's horizon: 84 steps of free run (the whole block diverges from a chaotic
  // series sooner or later, so its NRMSE mostly measures the attractor's spread).
  out.free_84 = task_nrmse(yhat.col(0).head(84), truth.head(84));
  out.free_lyapunov = task_nrmse(yhat.col(0).head(kLyapunovSteps), truth.head(kLyapunovSteps));
  return out;
}

// Memory capacity: one readout per delay (K = k_max outputs of one fit).
Outcome run_memory(const Options& o, const ReservoirSpec& spec, std::uint64_t seed) {
  Outcome out;
  const int k_max = 2 * spec.n;
  const MemorySplit split = memory_split(k_max);
  const TaskSeries series = memory_series(seed, split.total, k_max);
  Eigen::MatrixXf states;
  out.status = harvest(spec, series.u, states, out.ns_per_step);
  if (out.status != Status::ok) return out;
  ReadoutFit fit;
  out.status = train_readout(states.middleRows(split.washout, split.train), series.y.middleRows(split.washout, split.train),
                             o.train, fit);
  if (out.status != Status::ok) return out;
  out.fit = fit;
  out.ns_per_update = fit.ns_per_update;
  const Eigen::MatrixXd yhat = predict(fit, states.bottomRows(split.test));
  const Eigen::MatrixXd y = series.y.bottomRows(split.test).cast<double>();
  double mc = 0;
  for (int k = 0; k < k_max; ++k) {
    const double r2 = squared_correlation(yhat.col(k), y.col(k));
    out.r2.push_back(r2);
    mc += r2;
  }
  out.test = mc;
  out.train_length = split.train;
  out.test_length = split.test;
  return out;
}

Outcome run_once(const Options& o, const ReservoirSpec& spec, std::uint64_t seed) {
  ReservoirSpec s = spec;
  s.seed = seed;
  if (o.task == "memory") return run_memory(o, s, seed);
  const Index total = kWashout + kTrain + kTest;
  TaskSeries series;
  if (o.task == "narma10") {
    series = narma_series(seed, total, o.variant == "reservoirpy");
  } else {
    series = mackey_glass_series(seed, total, o.generative ? 1 : o.horizon);
  }
  if (series.u.rows() != total) {
    Outcome bad;
    bad.status = Status::non_finite_result;
    return bad;
  }
  return run_supervised(o, s, series);
}

// Runs f(i) for i in [0, count) on `threads` workers with a progress bar.
void parallel_for(int count, int threads, const char* label, const std::function<void(int)>& f) {
  std::atomic<int> next{0};
  std::atomic<int> done{0};
  std::mutex lock;
  desktop::Progress progress(label, count);
  auto worker = [&]() {
    for (int i = next++; i < count; i = next++) {
      f(i);
      std::lock_guard<std::mutex> guard(lock);
      progress.update(++done);
    }
  };
  std::vector<std::thread> pool;
  const int used = std::max(1, std::min(threads, count));
  for (int k = 0; k < used; ++k) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  progress.finish();
}

double mean(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return v.empty() ? NAN : s / static_cast<double>(v.size());
}
double stddev(const std::vector<double>& v) {
  if (v.size() < 2) return 0;
  const double m = mean(v);
  double s = 0;
  for (double x : v) s += (x - m) * (x - m);
  return std::sqrt(s / static_cast<double>(v.size() - 1));
}

// The grid of RESERVOIR.md section 4. For the rate model g stands for sr and the Euler step
// dt for the leak (Euler with step dt is the leaky update x' = (1 - dt) x + dt (...)).
struct GridPoint {
  double radius, scaling, leak, alpha;
};

JsonObject search(Options& o) {
  const std::vector<double> radii{0.7, 0.9, 1.0, 1.1}, scalings{0.1, 0.5, 1.0}, leaks{0.3, 1.0},
      alphas{1e-8, 1e-6, 1e-4};
  constexpr int kSearchSeeds = 5;
  struct Job {
    double radius, scaling, leak;
    int seed;
  };
  std::vector<Job> jobs;
  for (double r : radii)
    for (double s : scalings)
      for (double l : leaks)
        for (int k = 0; k < kSearchSeeds; ++k) jobs.push_back({r, s, l, k});
  // validation[job][alpha]
  std::vector<std::vector<double>> validation(jobs.size(), std::vector<double>(alphas.size(), INFINITY));
  const Index total = kWashout + kTrain + kTest;
  parallel_for(static_cast<int>(jobs.size()), o.threads, "search", [&](int i) {
    const Job& j = jobs[static_cast<std::size_t>(i)];
    ReservoirSpec spec = o.spec;
    (spec.model == "esn" ? spec.sr : spec.g) = j.radius;
    spec.input_scaling = j.scaling;
    (spec.model == "esn" ? spec.leak : spec.dt) = j.leak;
    const std::uint64_t seed = o.spec.seed + static_cast<std::uint64_t>(j.seed);
    spec.seed = seed;
    const TaskSeries series = o.task == "narma10" ? narma_series(seed, total, o.variant == "reservoirpy")
                                                  : mackey_glass_series(seed, total, o.horizon);
    Eigen::MatrixXf states;
    double ns = 0;
    if (series.u.rows() != total || harvest(spec, series.u, states, ns) != Status::ok) return;
    for (std::size_t a = 0; a < alphas.size(); ++a) {
      TrainOptions t = o.train;
      t.alpha = alphas[a];
      ReadoutFit fit;
      if (train_readout(states.middleRows(kWashout, kFitPart), series.y.middleRows(kWashout, kFitPart), t, fit) != Status::ok)
        continue;
      const Index val = kTrain - kFitPart;
      const double e = nrmse(predict(fit, states.middleRows(kWashout + kFitPart, val)),
                             series.y.middleRows(kWashout + kFitPart, val));
      validation[static_cast<std::size_t>(i)][a] = std::isfinite(e) ? e : INFINITY;
    }
  });
  GridPoint best{NAN, NAN, NAN, NAN};
  double best_score = INFINITY;
  for (std::size_t i = 0; i < jobs.size(); i += kSearchSeeds) {
    for (std::size_t a = 0; a < alphas.size(); ++a) {
      double s = 0;
      for (int k = 0; k < kSearchSeeds; ++k) s += validation[i + static_cast<std::size_t>(k)][a];
      s /= kSearchSeeds;
      if (s < best_score) {
        best_score = s;
        best = {jobs[i].radius, jobs[i].scaling, jobs[i].leak, alphas[a]};
      }
    }
  }
  JsonObject chosen;
  const bool esn = o.spec.model == "esn";
  chosen.number(esn ? "sr" : "g", best.radius).number("input_scaling", best.scaling);
  chosen.number(esn ? "leak" : "dt", best.leak).number("ridge", best.alpha).number("validation_nrmse", best_score);
  chosen.integer("grid_points", static_cast<long long>(radii.size() * scalings.size() * leaks.size() * alphas.size()));
  chosen.integer("seeds", kSearchSeeds);
  if (std::isfinite(best_score)) {
    (esn ? o.spec.sr : o.spec.g) = best.radius;
    o.spec.input_scaling = best.scaling;
    (esn ? o.spec.leak : o.spec.dt) = best.leak;
    o.train.alpha = best.alpha;
    o.seeds = kSearchSeeds;
  }
  return chosen;
}

void describe(JsonObject& j, const Options& o) {
  const ReservoirSpec& s = o.spec;
  j.string("task", o.task).string("model", s.model).integer("n", s.n);
  if (s.model == "esn") {
    j.number("sr", s.sr).number("leak", s.leak);
  } else {
    j.number("g", s.g).number("gamma", s.gamma).number("dt", s.dt).integer("hold", s.hold);
  }
  j.number("connectivity", s.connectivity).number("input_scaling", s.input_scaling);
  j.number("input_connectivity", s.input_connectivity).number("ridge", o.train.alpha).string("features", s.features);
  j.number("bias", s.bias).number("input_offset", s.input_offset);
  j.string("trainer", to_string(o.train.trainer));
  if (o.train.trainer == Trainer::rls) j.number("forgetting", o.train.lambda);
  j.integer("seed", static_cast<long long>(s.seed)).integer("seeds", o.seeds);
  if (o.task == "narma10") j.string("variant", o.variant);
  if (o.task == "mackey-glass") j.integer("horizon", o.horizon).boolean("generative", o.generative);
}

int run_sweep(Options& o, const std::vector<double>& values) {
  const bool esn = o.spec.model == "esn";
  const int count = static_cast<int>(values.size()) * o.seeds;
  std::vector<Outcome> results(static_cast<std::size_t>(count));
  parallel_for(count, o.threads, "sweep", [&](int i) {
    ReservoirSpec spec = o.spec;
    (esn ? spec.sr : spec.g) = values[static_cast<std::size_t>(i / o.seeds)];
    results[static_cast<std::size_t>(i)] = run_once(o, spec, o.spec.seed + static_cast<std::uint64_t>(i % o.seeds));
  });
  std::vector<double> mc, sd;
  int failures = 0;
  for (std::size_t v = 0; v < values.size(); ++v) {
    std::vector<double> m;
    for (int k = 0; k < o.seeds; ++k) {
      const Outcome& r = results[v * static_cast<std::size_t>(o.seeds) + static_cast<std::size_t>(k)];
      if (r.status != Status::ok) ++failures;
      m.push_back(r.status == Status::ok ? r.test : NAN);
    }
    mc.push_back(mean(m));
    sd.push_back(stddev(m));
  }
  JsonObject j;
  describe(j, o);
  j.string("sweep", esn ? "sr" : "g").numbers(esn ? "sr_values" : "g_values", values);
  j.numbers("memory_capacity", mc).numbers("memory_capacity_std", sd);
  // The edge of chaos: g (1 + gamma) = 1 for the rate model; sr = 1 for the ESN.
  j.number(esn ? "sr_edge" : "g_edge", esn ? 1.0 : 1.0 / (1.0 + o.spec.gamma));
  j.integer("failures", failures);
  std::printf("%s\n", j.str().c_str());
  return failures == 0 ? 0 : 1;
}

// --save: the first seed's reservoir (rebuilt from its seed: the same arrays) and readout
// as a model image. The CLI's feature columns [x, x^2, u] become ModelSpec's layout
// [u][x][x^2] (readouts/features.hpp); the intercept is c.
std::string save_model(const Options& o, const Outcome& r, int inputs, double& saved_test_nrmse) {
  if (r.status != Status::ok) return std::string("no model to save: ") + to_string(r.status);
  std::unique_ptr<DesktopReservoir> res;
  ModelSpec spec;
  if (make_reservoir(o.spec, inputs, res) != Status::ok || res->describe(spec) != Status::ok)
    return "cannot rebuild the reservoir";
  const bool with_input = o.spec.features != "state", squares = o.spec.features == "augmented";
  spec.features =
      static_cast<std::uint8_t>((with_input ? feature_bits::input : 0) | (squares ? feature_bits::squares : 0));
  const Index n = spec.n, m = spec.m, k = r.fit.w.rows(), f = spec.feature_count();
  if (r.fit.w.cols() != f) return "the readout's size does not match the features";
  spec.k = static_cast<std::uint32_t>(k);
  std::vector<float> w_out(static_cast<std::size_t>(k * f)), c(static_cast<std::size_t>(k));
  for (Index row = 0; row < k; ++row) {
    float* dst = w_out.data() + row * f;
    const auto src = r.fit.w.row(row);
    Index at = 0;
    for (Index j = 0; j < m && with_input; ++j) dst[at++] = static_cast<float>(src(n * (squares ? 2 : 1) + j));
    for (Index j = 0; j < n * (squares ? 2 : 1); ++j) dst[at++] = static_cast<float>(src(j));
    c[static_cast<std::size_t>(row)] = static_cast<float>(r.fit.c(row));
  }
  spec.W_out = w_out.data();
  spec.c = c.data();
  std::vector<unsigned char> image(model_image_size(spec));
  if (image.empty()) return "the trained model is not valid for a model image";
  const Status st = write_model_image(spec, image.data(), image.size());
  if (st != Status::ok) return std::string("cannot write the model image: ") + to_string(st);
  std::string why;
  if (!write_file_atomically(o.save, image, why)) return why;
  // The saved model run by the library's runner (read back from the image's bytes) over the
  // task series: its test NRMSE must be the trained one's (teacher-forced tasks).
  if (o.task != "memory" && !o.generative) {
    ModelSpec back;
    AnyModelRunner runner;
    const Index total = kWashout + kTrain + kTest;
    const TaskSeries series = o.task == "narma10" ? narma_series(o.spec.seed, total, o.variant == "reservoirpy")
                                                  : mackey_glass_series(o.spec.seed, total, o.horizon);
    if (read_model_image(image.data(), image.size(), back) != Status::ok || runner.bind(back) != Status::ok)
      return "the saved image does not read back";
    Eigen::MatrixXd yhat(kTest, 1);
    for (Index t = 0; t < total; ++t) {
      float u = series.u(t, 0), y = 0.0f;
      if (runner.step(&u, &y) != Status::ok) return "the saved model failed a step";
      if (t >= total - kTest) yhat(t - (total - kTest), 0) = y;
    }
    saved_test_nrmse = nrmse(yhat, series.y.bottomRows(kTest));
  }
  return {};
}

int run(const std::vector<std::string>& tokens) {
  Args args(tokens, {"search", "generative"});
  // Which options were given (the getters below consume them).
  std::vector<std::string> given_names;
  for (const char* name : {"g", "gamma", "dt", "hold", "sr", "leak", "n", "model", "trainer", "ridge"})
    if (args.has(name)) given_names.emplace_back(name);
  const auto given = [&](const char* name) {
    return std::find(given_names.begin(), given_names.end(), name) != given_names.end();
  };
  Options o;
  o.task = args.choice("task", "", {"narma10", "mackey-glass", "memory", "force", "nvar-lorenz"});
  if (o.task.empty()) throw UsageError{"--task is required (narma10, mackey-glass, memory, force, nvar-lorenz)"};
  ReservoirSpec& s = o.spec;
  s.model = args.choice("model", o.task == "force" ? "rate" : "esn", {"esn", "rate"});
  s.n = static_cast<int>(args.integer("n", 100, 8, 2048));
  s.sr = args.number("sr", 0.9, 0, 1e3);
  s.g = args.number("g", 0.9, 0, 1e3);
  s.gamma = args.number("gamma", 0, -1, 1);
  s.dt = args.number("dt", 0.5, 1e-6, 1);
  s.hold = static_cast<int>(args.integer("hold", 2, 1, 100000));
  s.connectivity = args.number("connectivity", 0.1, 1e-6, 1);
  s.input_scaling = args.number("input-scaling", o.task == "memory" ? 0.1 : 0.5, 0, 1e6);
  s.input_connectivity = args.number("input-connectivity", 1, 1e-6, 1);
  s.leak = args.number("leak", 1, 1e-6, 1);
  s.bias = args.number("bias", 0, 0, 1e6);
  s.input_offset = args.number("input-offset", 0, -1e6, 1e6);
  s.features = args.choice("features", "state", {"state", "state-input", "augmented"});
  o.period = args.number("period", 120, 1, 1e6);
  o.train.alpha = args.number("ridge", 1e-6, 1e-300, 1e30);
  if (!(o.train.alpha > 0)) throw UsageError{"--ridge must be > 0"};
  o.train.trainer = parse_trainer(args.choice("trainer", "ridge", {"ridge", "streaming", "rls"}));
  o.train.lambda = args.number("forgetting", 1, 1e-6, 1);
  s.seed = static_cast<std::uint64_t>(args.integer("seed", 1, 0, std::numeric_limits<long long>::max() / 2));
  o.seeds = static_cast<int>(args.integer("seeds", 1, 1, 1000));
  o.horizon = static_cast<int>(args.integer("horizon", 1, 1, 1000));
  o.generative = args.flag("generative");
  o.variant = args.choice("variant", "standard", {"standard", "reservoirpy"});
  const bool do_search = args.flag("search");
  const std::string sweep = args.text("sweep-g", "");
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  o.threads = static_cast<int>(args.integer("threads", cores, 1, 1024));
  o.save = args.text("save", "");
  if (s.model == "esn" && (given("g") || given("gamma") || given("dt") || given("hold")))
    throw UsageError{"--g, --gamma, --dt and --hold belong to --model rate"};
  if (s.model == "rate" && (given("sr") || given("leak"))) throw UsageError{"--sr and --leak belong to --model esn"};
  if (o.generative && o.horizon != 1) throw UsageError{"--generative predicts one step ahead (--horizon 1)"};
  if (!sweep.empty() && o.task != "memory") throw UsageError{"--sweep-g needs --task memory"};
  // --sweep-g's values are --g (rate) or --sr (esn) values: the same range, checked here.
  const std::vector<double> sweep_values = sweep.empty() ? std::vector<double>{} : parse_range(sweep, "--sweep-g");
  for (const double v : sweep_values)
    if (!(v >= 0 && v <= 1e3)) throw UsageError{"--sweep-g: values must be in [0, 1000] (as --g and --sr)"};
  if (sweep_values.size() * static_cast<std::size_t>(o.seeds) > 100000)
    throw UsageError{"--sweep-g: more than 100000 runs (points x --seeds)"};
  if (do_search && o.task != "narma10" && o.task != "mackey-glass")
    throw UsageError{"--search runs the grid of the narma10 and mackey-glass protocol"};
  const std::string problem = validate(s);
  if (!problem.empty()) throw UsageError{problem};
  if (!o.save.empty() && (o.task == "force" || o.task == "nvar-lorenz" || !sweep.empty()))
    throw UsageError{"--save saves the reservoir of narma10, mackey-glass or memory (no --sweep-g)"};
  if (o.task == "force" && s.model != "rate") throw UsageError{"--task force runs the rate model"};
  if (o.task == "force" && o.train.trainer != Trainer::rls && given("trainer"))
    throw UsageError{"--task force trains by RLS"};
  args.finish();

  if (o.task == "force") {
    // RESERVOIR.md section 6's network unless told otherwise: N = 1000, g = 1.5, dt = 0.1.
    if (!given("n")) s.n = 1000;
    if (!given("g")) s.g = 1.5;
    if (!given("dt")) s.dt = 0.1;
    return run_force_task(o.spec, o.period, o.seeds);
  }
  if (o.task == "nvar-lorenz") return run_nvar_task(given("ridge") ? o.train.alpha : 2.5e-6, o.seeds, s.seed);
  if (!sweep.empty()) return run_sweep(o, sweep_values);

  JsonObject chosen;
  if (do_search) chosen = search(o);
  std::vector<Outcome> results(static_cast<std::size_t>(o.seeds));
  parallel_for(o.seeds, o.threads, "seeds", [&](int k) {
    results[static_cast<std::size_t>(k)] = run_once(o, o.spec, o.spec.seed + static_cast<std::uint64_t>(k));
  });
  std::vector<double> train, test, ns_step, ns_update;
  Status status = Status::ok;
  for (const Outcome& r : results) {
    if (r.status != Status::ok && status == Status::ok) status = r.status;
    train.push_back(r.train);
    test.push_back(r.test);
    ns_step.push_back(r.ns_per_step);
    ns_update.push_back(r.ns_per_update);
  }
  JsonObject j;
  describe(j, o);
  if (o.task == "memory") {
    j.number("memory_capacity", mean(test)).number("memory_capacity_std", stddev(test));
    j.integer("k_max", 2 * s.n).numbers("r2", results.front().r2);
    if (o.seeds > 1) j.numbers("memory_capacity_per_seed", test);
  } else {
    j.number("nrmse_train", mean(train)).number("nrmse_test", mean(test)).number("nrmse_test_std", stddev(test));
    if (o.generative) {
      std::vector<double> f84;
      for (const Outcome& r : results) f84.push_back(r.free_84);
      j.number("nrmse_free_84", mean(f84)).number("nrmse_free_84_std", stddev(f84));
      std::vector<double> fl;
      for (const Outcome& r : results) fl.push_back(r.free_lyapunov);
      j.number("nrmse_free_lyapunov", mean(fl)).number("nrmse_free_lyapunov_std", stddev(fl));
      j.integer("lyapunov_steps", kLyapunovSteps);
      if (o.seeds > 1) j.numbers("nrmse_free_84_per_seed", f84).numbers("nrmse_free_lyapunov_per_seed", fl);
    }
    if (o.seeds > 1) j.numbers("nrmse_test_per_seed", test);
  }
  j.integer("train_length", results.front().train_length).integer("test_length", results.front().test_length);
  j.number("ns_per_step", mean(ns_step)).number("ns_per_update", mean(ns_update));
  if (do_search) j.raw("search", chosen.str());
  if (!o.save.empty()) {
    const int inputs = 1;  // narma10, mackey-glass and memory have one input
    double saved_nrmse = NAN;
    const std::string failed = save_model(o, results.front(), inputs, saved_nrmse);
    if (!failed.empty()) return input_error("reservoir", "--save " + o.save + ": " + failed);
    j.string("saved", o.save);
    if (std::isfinite(saved_nrmse)) j.number("saved_nrmse_test", saved_nrmse);
  }
  j.string("status", to_string(status));
  std::printf("%s\n", j.str().c_str());
  return status == Status::ok ? 0 : 1;
}

const Registrar kRegistrar{Command{"reservoir", "a reservoir on a benchmark task: NARMA10, Mackey-Glass, memory, FORCE, NVAR (JSON)",
                                   kHelp, run}};

}  // namespace
}  // namespace edgechaos::cli
