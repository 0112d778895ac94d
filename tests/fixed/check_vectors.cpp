// Reads the hex test vectors `edgechaos vectors` wrote (docs/fixed_point.md, "Test vectors
// for hardware") as a testbench would, and re-runs the integer model row by row from the hex
// weights, x(0) and inputs with the documented arithmetic written out here by hand (int64
// sums, round to nearest with ties away from zero, symmetric saturation; only the integer
// tanh table is the library's, models/int_tanh.hpp, which test_int_tanh checks exhaustively):
// every state and output must equal the file's bit for bit. Any n, m, k; the rate network
// (k_hold Euler steps a row) and the echo-state map.
// usage:
//   check_vectors DIR [--sine] [--model MODEL.bin TOL_STATE TOL_OUTPUT]
//     --sine: inputs.hex must also hold round(0.7 sin(0.1 t) 2^F), the series
//             check_vectors --write-sine FILE.npy T writes as float64 for `vectors --input`
//     --model: the float model (the library's float32 runner, AnyModelRunner) driven by the
//             dequantised inputs of inputs.hex must stay within TOL_STATE of every dequantised
//             state and TOL_OUTPUT of every output: the hex holds MODEL, not some other model
//   check_vectors --write-inputs FILE.npy T M   float64 (T, M): 0.5 sin(0.1 t + j)
//   check_vectors --write-model FILE.bin KIND   esn (n 24, m 3, k 2, a constant feature, leak
//             0.6, dense J) or rk4 (a continuous RK4 model, n 8): model images for the tests
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "edgechaos/edgechaos.hpp"
#include "edgechaos/host/any_model_runner.hpp"
#include "edgechaos/host/npy_writer.hpp"
#include "edgechaos/io/model_image.hpp"

namespace ec = edgechaos;

namespace {

using Rows = std::vector<std::vector<std::int64_t>>;

// Rows of whitespace-separated hex words of `bits` bits, two's complement.
Rows read_hex(const std::string& path, int bits) {
  std::ifstream in(path);
  Rows rows;
  std::string line, word;
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    std::vector<std::int64_t> row;
    while (ls >> word) {
      if (static_cast<int>(word.size()) != bits / 4) {
        std::fprintf(stderr, "%s: word '%s' is not %d hex digits\n", path.c_str(), word.c_str(), bits / 4);
        std::exit(1);
      }
      const std::uint64_t u = std::strtoull(word.c_str(), nullptr, 16);
      const std::uint64_t sign = std::uint64_t{1} << (bits - 1);
      row.push_back(static_cast<std::int64_t>(u & (sign - 1u)) - static_cast<std::int64_t>(u & sign));
    }
    rows.push_back(row);
  }
  return rows;
}

bool shape_is(const Rows& r, std::size_t rows, std::size_t cols, const char* name) {
  bool ok = r.size() == rows;
  for (const auto& row : r) ok = ok && row.size() == cols;
  if (!ok) std::fprintf(stderr, "%s: expected %zu rows of %zu words\n", name, rows, cols);
  return ok;
}

// v / 2^s to nearest, ties away from zero (s >= 0).
std::int64_t round_shift(std::int64_t v, std::int64_t s) {
  if (s == 0) return v;
  const std::int64_t half = std::int64_t{1} << (s - 1);
  return v >= 0 ? (v + half) >> s : -((-v + half) >> s);
}
std::int64_t clamp_sym(std::int64_t v, std::int64_t max) { return v > max ? max : (v < -max ? -max : v); }

double sine(long t) { return 0.7 * std::sin(0.1 * static_cast<double>(t)); }

template <class QW, class QS>
int check(const std::string& dir, const std::map<std::string, std::string>& m, bool expect_sine,
          const std::string& model_file, double tol_state, double tol_output) {
  const std::size_t n = std::stoul(m.at("n")), mi = std::stoul(m.at("m")), k = std::stoul(m.at("k"));
  const std::size_t steps = std::stoul(m.at("steps"));
  const bool echo = m.at("model") == "echo_state";
  const long hold = m.count("k_hold") != 0 ? std::stol(m.at("k_hold")) : 1;
  const int Fw = QW::kFrac, Fs = QS::kFrac;
  const std::int64_t smax = (std::int64_t{1} << (QS::kBits - 1)) - 1;
  auto J = read_hex(dir + "/J.hex", QW::kBits), Jf = read_hex(dir + "/J_frac.hex", 8),
       Win = read_hex(dir + "/W_in.hex", QW::kBits), b = read_hex(dir + "/b.hex", QS::kBits),
       Wout = read_hex(dir + "/W_out.hex", QW::kBits), Of = read_hex(dir + "/W_out_frac.hex", 8),
       c = read_hex(dir + "/c.hex", QS::kBits), x0 = read_hex(dir + "/x0.hex", QS::kBits),
       u = read_hex(dir + "/inputs.hex", QS::kBits), xs = read_hex(dir + "/states.hex", QS::kBits),
       ys = read_hex(dir + "/outputs.hex", QS::kBits);
  if (!shape_is(J, n, n, "J") || !shape_is(Jf, 1, n, "J_frac") || !shape_is(Win, n, mi, "W_in") ||
      !shape_is(b, 1, n, "b") || !shape_is(Wout, k, n, "W_out") || !shape_is(Of, 1, k, "W_out_frac") ||
      !shape_is(c, 1, k, "c") || !shape_is(x0, 1, n, "x0") || !shape_is(u, steps, mi, "inputs") ||
      !shape_is(xs, steps, n, "states") || !shape_is(ys, steps, k, "outputs")) {
    return 1;
  }
  // The Q0.16 rate: round(rate 2^16) of the manifest's float dt or leak.
  const char* rate_key = echo ? "leak" : "dt";
  const double rate = static_cast<double>(std::stof(m.at(rate_key)));
  const auto q = static_cast<std::int64_t>(std::floor(rate * 65536.0 + 0.5));
  if (std::to_string(q) != m.at(echo ? "leak_raw" : "dt_raw")) {
    std::fprintf(stderr, "%s_raw: %lld by hand, manifest %s\n", rate_key, static_cast<long long>(q),
                 m.at(echo ? "leak_raw" : "dt_raw").c_str());
    return 1;
  }
  std::vector<std::int64_t> x = x0[0], phi(n), next(n), y(k);
  // h_i = sat(round(sum_j J_ij r_j / 2^Jf_i) + round((sum_l W_in,il u_l + b_i 2^Fw) / 2^Fw)).
  auto field = [&](std::size_t i, const std::vector<std::int64_t>& r, const std::vector<std::int64_t>& in) {
    std::int64_t a = 0, s = b[0][i] * (std::int64_t{1} << Fw);
    for (std::size_t j = 0; j < n; ++j) a += J[i][j] * r[j];
    for (std::size_t l = 0; l < mi; ++l) s += Win[i][l] * in[l];
    return clamp_sym(round_shift(a, Jf[0][i]) + round_shift(s, Fw), smax);
  };
  auto relax = [&](std::int64_t from, std::int64_t to) { return clamp_sym(from + round_shift((to - from) * q, 16), smax); };
  using S = typename QS::raw_type;
  std::size_t moving = 0;
  for (std::size_t t = 0; t < steps; ++t) {
    const std::vector<std::int64_t>& in = u[t];
    if (expect_sine) {
      // The float64 value rounded to nearest into QS, by hand: |v| 2^F + 1/2, truncated.
      const long tl = static_cast<long>(t);
      const double scaled = std::fabs(static_cast<double>(static_cast<float>(sine(tl)))) * QS::kScale;
      const auto mag = static_cast<long long>(std::floor(scaled + 0.5));
      const long long expected = sine(tl) < 0 ? -mag : mag;
      if (in.at(0) != expected) {
        std::fprintf(stderr, "input %zu: %lld, expected %lld\n", t, static_cast<long long>(in.at(0)), expected);
        return 1;
      }
    }
    const std::vector<std::int64_t> before = x;
    for (long h = 0; h < hold; ++h) {
      if (echo) {
        for (std::size_t i = 0; i < n; ++i) next[i] = relax(x[i], ec::IntTanh<QS>::value(static_cast<S>(field(i, x, in))));
      } else {
        for (std::size_t j = 0; j < n; ++j) phi[j] = ec::IntTanh<QS>::value(static_cast<S>(x[j]));
        for (std::size_t i = 0; i < n; ++i) next[i] = relax(x[i], field(i, phi, in));
      }
      x = next;
    }
    if (x != before) ++moving;
    for (std::size_t r = 0; r < k; ++r) {
      std::int64_t a = c[0][r] * (std::int64_t{1} << Of[0][r]);
      for (std::size_t j = 0; j < n; ++j) a += Wout[r][j] * x[j];
      y[r] = clamp_sym(round_shift(a, Of[0][r]), smax);
    }
    for (std::size_t i = 0; i < n; ++i) {
      if (x[i] != xs[t][i]) {
        std::fprintf(stderr, "row %zu neuron %zu: %lld, file %lld\n", t, i, static_cast<long long>(x[i]),
                     static_cast<long long>(xs[t][i]));
        return 1;
      }
    }
    if (y != ys[t]) {
      std::fprintf(stderr, "row %zu: the outputs differ\n", t);
      return 1;
    }
  }
  if (moving < steps / 2) {  // a frozen trajectory would make the comparison weak
    std::fprintf(stderr, "the state moved in only %zu of %zu rows\n", moving, steps);
    return 1;
  }
  std::printf("%s: %zu rows, states and outputs equal bit for bit (%s, %s, n %zu m %zu k %zu)\n", dir.c_str(), steps,
              m.at("model").c_str(), m.at("format").c_str(), n, mi, k);
  if (model_file.empty()) return 0;

  // The float model over the same (dequantised) inputs.
  std::ifstream f(model_file, std::ios::binary);
  const std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  ec::ModelSpec spec;
  ec::AnyModelRunner runner;
  if (ec::read_model_image(bytes.data(), bytes.size(), spec) != ec::Status::ok || runner.bind(spec) != ec::Status::ok ||
      spec.n != n || spec.m != mi || spec.k != k) {
    std::fprintf(stderr, "%s: not a model image of this n, m, k\n", model_file.c_str());
    return 1;
  }
  std::vector<float> uf(mi), yf(k);
  double dx = 0.0, dy = 0.0, xmax = 0.0, ymax = 0.0;
  for (std::size_t t = 0; t < steps; ++t) {
    for (std::size_t l = 0; l < mi; ++l) uf[l] = static_cast<float>(std::ldexp(static_cast<double>(u[t][l]), -Fs));
    if (runner.step(uf.data(), yf.data()) != ec::Status::ok) return 1;
    for (std::size_t i = 0; i < n; ++i) {
      const double xi = std::ldexp(static_cast<double>(xs[t][i]), -Fs);
      dx = std::fmax(dx, std::fabs(xi - static_cast<double>(runner.state()[i])));
      xmax = std::fmax(xmax, std::fabs(xi));
    }
    for (std::size_t r = 0; r < k; ++r) {
      const double yi = std::ldexp(static_cast<double>(ys[t][r]), -Fs);
      dy = std::fmax(dy, std::fabs(yi - static_cast<double>(yf[r])));
      ymax = std::fmax(ymax, std::fabs(yi));
    }
  }
  std::printf("against the float model: max |dx| %.3g (max |x| %.3g), max |dy| %.3g (max |y| %.3g)\n", dx, xmax, dy,
              ymax);
  if (!(dx <= tol_state) || !(dy <= tol_output) || !(xmax > 0.05)) {
    std::fprintf(stderr, "beyond the tolerances %g, %g (or a state that stays near 0)\n", tol_state, tol_output);
    return 1;
  }
  return 0;
}

int write_bytes(const char* path, const std::vector<unsigned char>& bytes) {
  std::FILE* f = std::fopen(path, "wb");
  if (f == nullptr || std::fwrite(bytes.data(), 1, bytes.size(), f) != bytes.size()) return 1;
  return std::fclose(f) == 0 ? 0 : 1;
}

// The test models (seeded, fixed): esn has every part the integer path maps (dense J, m > 1,
// k > 1, b, c, a constant feature folded into c, a leak < 1); rk4 is refused by vectors.
int write_model(const char* path, const std::string& kind) {
  const bool esn = kind == "esn";
  if (!esn && kind != "rk4") return 2;
  const std::uint32_t n = esn ? 24u : 8u, m = esn ? 3u : 1u, k = esn ? 2u : 1u;
  ec::Xoshiro128pp rng(7);
  auto uniform = [&](float a) { return a * (2.0f * rng.next_uniform() - 1.0f); };
  // J: uniform entries of variance 0.8^2 / n (spectral radius about 0.8).
  const float a = 0.8f * std::sqrt(3.0f / static_cast<float>(n));
  std::vector<float> J(n * n), W_in(n * m), bias(n), W_out(k * (n + (esn ? 1u : 0u))), c(k);
  for (float& v : J) v = uniform(a);
  for (float& v : W_in) v = uniform(0.8f);
  for (float& v : bias) v = uniform(0.2f);
  for (float& v : W_out) v = uniform(0.5f);
  for (float& v : c) v = uniform(0.3f);
  ec::ModelSpec s;
  s.form = esn ? ec::ModelForm::echo_state : ec::ModelForm::continuous;
  s.integrator = esn ? ec::IntegratorKind::none : ec::IntegratorKind::rk4;
  s.features = esn ? ec::feature_bits::constant : 0;
  s.n = n, s.m = m, s.k = k;
  s.leak = 0.6f;
  s.dt = 0.1f;
  s.J = J.data(), s.W_in = W_in.data(), s.b = bias.data(), s.W_out = W_out.data(), s.c = c.data();
  std::vector<unsigned char> image(ec::model_image_size(s));
  if (image.empty() || ec::write_model_image(s, image.data(), image.size()) != ec::Status::ok) return 1;
  return write_bytes(path, image);
}

}  // namespace

int main(int argc, char** argv) {
  const std::string first = argc > 1 ? argv[1] : "";
  if (argc == 4 && first == "--write-sine") {
    const long T = std::stol(argv[3]);
    std::vector<double> u(static_cast<std::size_t>(T));
    for (long t = 0; t < T; ++t) u[static_cast<std::size_t>(t)] = sine(t);
    return write_bytes(argv[2], ec::npy_bytes(u.data(), {static_cast<std::uint64_t>(T), 1u}));
  }
  if (argc == 5 && first == "--write-inputs") {
    const std::size_t T = std::stoul(argv[3]), M = std::stoul(argv[4]);
    std::vector<double> u(T * M);
    for (std::size_t t = 0; t < T; ++t)
      for (std::size_t j = 0; j < M; ++j) u[t * M + j] = 0.5 * std::sin(0.1 * static_cast<double>(t) + static_cast<double>(j));
    return write_bytes(argv[2], ec::npy_bytes(u.data(), {static_cast<std::uint64_t>(T), static_cast<std::uint64_t>(M)}));
  }
  if (argc == 4 && first == "--write-model") return write_model(argv[2], argv[3]);
  bool expect_sine = false;
  std::string model_file;
  double tol_state = 0.0, tol_output = 0.0;
  for (int i = 2; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--sine") {
      expect_sine = true;
    } else if (a == "--model" && i + 3 < argc) {
      model_file = argv[i + 1];
      tol_state = std::stod(argv[i + 2]);
      tol_output = std::stod(argv[i + 3]);
      i += 3;
    } else {
      return 2;
    }
  }
  if (argc < 2) return 2;
  const std::string dir = argv[1];
  std::ifstream in(dir + "/manifest.txt");
  std::map<std::string, std::string> m;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto sp = line.find(' ');
    m[line.substr(0, sp)] = sp == std::string::npos ? "" : line.substr(sp + 1);
  }
  if (m["layout"] != "1" || (m["model"] != "rate_euler" && m["model"] != "echo_state") || m["n"].empty() ||
      m["m"].empty() || m["k"].empty()) {
    std::fprintf(stderr, "unexpected manifest\n");
    return 1;
  }
  const std::string fmt = m["format"];
  if (fmt == "16:32") return check<ec::QFormat<16, 14>, ec::QFormat<32, 24>>(dir, m, expect_sine, model_file, tol_state, tol_output);
  if (fmt == "8:16") return check<ec::QFormat<8, 6>, ec::QFormat<16, 12>>(dir, m, expect_sine, model_file, tol_state, tol_output);
  if (fmt == "16:16") return check<ec::QFormat<16, 14>, ec::QFormat<16, 12>>(dir, m, expect_sine, model_file, tol_state, tol_output);
  if (fmt == "8:32") return check<ec::QFormat<8, 6>, ec::QFormat<32, 24>>(dir, m, expect_sine, model_file, tol_state, tol_output);
  std::fprintf(stderr, "unexpected format %s\n", fmt.c_str());
  return 1;
}
