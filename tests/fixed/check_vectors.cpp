// Reads the hex test vectors `edgechaos vectors` wrote (docs/fixed_point.md, "Test vectors
// for hardware") as a testbench would, and re-runs the integer model step by step from the
// hex weights, x(0) and inputs: every state and output must equal the file's bit for bit.
// usage: check_vectors DIR [--sine]   (n = 32, formats 16:32, 16:16 and 8:16; exit 0 when all rows
//        agree; --sine: inputs.hex must also hold round(0.7 sin(0.1 t) 2^F), the series
//        check_vectors --write-sine FILE.npy T writes as float64 for `vectors --input`)
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
#include "edgechaos/host/npy_writer.hpp"

namespace ec = edgechaos;

namespace {

constexpr int N = 32;

// Rows of whitespace-separated hex words of `bits` bits, two's complement.
std::vector<std::vector<std::int64_t>> read_hex(const std::string& path, int bits) {
  std::ifstream in(path);
  std::vector<std::vector<std::int64_t>> rows;
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

double sine(long t) { return 0.7 * std::sin(0.1 * static_cast<double>(t)); }

template <class QW, class QS>
int check(const std::string& dir, const std::map<std::string, std::string>& m, bool expect_sine) {
  using W = typename QW::raw_type;
  using S = typename QS::raw_type;
  const long steps = std::stol(m.at("steps"));
  auto J = read_hex(dir + "/J.hex", QW::kBits), Jf = read_hex(dir + "/J_frac.hex", 8),
       Win = read_hex(dir + "/W_in.hex", QW::kBits), b = read_hex(dir + "/b.hex", QS::kBits),
       Wout = read_hex(dir + "/W_out.hex", QW::kBits), Of = read_hex(dir + "/W_out_frac.hex", 8),
       c = read_hex(dir + "/c.hex", QS::kBits), x0 = read_hex(dir + "/x0.hex", QS::kBits),
       u = read_hex(dir + "/inputs.hex", QS::kBits), xs = read_hex(dir + "/states.hex", QS::kBits),
       ys = read_hex(dir + "/outputs.hex", QS::kBits);
  if (J.size() != N || Win.size() != N || u.size() != static_cast<std::size_t>(steps) ||
      xs.size() != static_cast<std::size_t>(steps) || ys.size() != static_cast<std::size_t>(steps)) {
    std::fprintf(stderr, "row counts differ from the manifest\n");
    return 1;
  }
  std::vector<W> Jr(N * N), Winr(N), Woutr(N);
  std::vector<std::int8_t> Jfr(N), Ofr(1);
  std::vector<S> br(N), cr(1);
  for (int i = 0; i < N; ++i) {
    for (int j = 0; j < N; ++j) Jr[i * N + j] = static_cast<W>(J[i].at(j));
    Winr[i] = static_cast<W>(Win[i].at(0));
    Jfr[i] = static_cast<std::int8_t>(Jf[0].at(i));
    br[i] = static_cast<S>(b[0].at(i));
    Woutr[i] = static_cast<W>(Wout[0].at(i));
  }
  Ofr[0] = static_cast<std::int8_t>(Of[0].at(0));
  cr[0] = static_cast<S>(c[0].at(0));
  ec::FixedDenseCouplingsView<QW> view;
  ec::FixedRateNetwork<N, 1, QW, QS> net;
  ec::FixedLinearReadout<N, 1, QW, QS> readout;
  if (view.set(Jr.data(), N, Jfr.data()) != ec::Status::ok || net.bind(view) != ec::Status::ok ||
      net.set_input_weights(Winr.data()) != ec::Status::ok ||
      net.set_dt(std::stof(m.at("dt"))) != ec::Status::ok ||
      readout.bind(Woutr.data(), Ofr.data(), cr.data()) != ec::Status::ok) {
    std::fprintf(stderr, "cannot bind the model\n");
    return 1;
  }
  if (std::to_string(net.dt_raw()) != m.at("dt_raw")) {
    std::fprintf(stderr, "dt_raw %u, manifest %s\n", net.dt_raw(), m.at("dt_raw").c_str());
    return 1;
  }
  net.set_bias(br.data());
  ec::FixedVector<QS, N> x;
  for (int i = 0; i < N; ++i) x[i] = static_cast<S>(x0[0].at(i));
  ec::FixedVector<QS, 1> in;
  ec::MapStepper<ec::FixedRateNetwork<N, 1, QW, QS>> stepper;
  long moving = 0;
  for (long t = 0; t < steps; ++t) {
    in[0] = static_cast<S>(u[static_cast<std::size_t>(t)].at(0));
    if (expect_sine) {
      // The float64 value rounded to nearest into QS, by hand: |v| 2^F + 1/2, truncated.
      const double scaled = std::fabs(static_cast<double>(static_cast<float>(sine(t)))) * QS::kScale;
      const auto mag = static_cast<long long>(std::floor(scaled + 0.5));
      const long long expected = sine(t) < 0 ? -mag : mag;
      if (in[0] != expected) {
        std::fprintf(stderr, "input %ld: %lld, expected %lld\n", t, static_cast<long long>(in[0]), expected);
        return 1;
      }
    }
    const ec::FixedVector<QS, N> before = x;
    if (stepper.step(net, x, in, readout) != ec::Status::ok) return 1;
    if (x != before) ++moving;
    for (int i = 0; i < N; ++i) {
      if (x[i] != xs[static_cast<std::size_t>(t)].at(i)) {
        std::fprintf(stderr, "step %ld neuron %d: %lld, file %lld\n", t, i, static_cast<long long>(x[i]),
                     static_cast<long long>(xs[static_cast<std::size_t>(t)].at(i)));
        return 1;
      }
    }
    if (readout.output()[0] != ys[static_cast<std::size_t>(t)].at(0)) {
      std::fprintf(stderr, "step %ld output differs\n", t);
      return 1;
    }
  }
  if (moving < steps / 2) {  // a frozen trajectory would make the comparison weak
    std::fprintf(stderr, "the state moved in only %ld of %ld steps\n", moving, steps);
    return 1;
  }
  std::printf("%s: %ld steps, states and outputs equal bit for bit (%s)\n", dir.c_str(), steps, m.at("format").c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 4 && std::string(argv[1]) == "--write-sine") {
    const long T = std::stol(argv[3]);
    std::vector<double> u(static_cast<std::size_t>(T));
    for (long t = 0; t < T; ++t) u[static_cast<std::size_t>(t)] = sine(t);
    const std::vector<unsigned char> bytes = ec::npy_bytes(u.data(), {static_cast<std::uint64_t>(T), 1u});
    std::FILE* f = std::fopen(argv[2], "wb");
    if (f == nullptr || std::fwrite(bytes.data(), 1, bytes.size(), f) != bytes.size()) return 1;
    return std::fclose(f) == 0 ? 0 : 1;
  }
  if (argc != 2 && !(argc == 3 && std::string(argv[2]) == "--sine")) return 2;
  const bool expect_sine = argc == 3;
  const std::string dir = argv[1];
  std::ifstream in(dir + "/manifest.txt");
  std::map<std::string, std::string> m;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto sp = line.find(' ');
    m[line.substr(0, sp)] = sp == std::string::npos ? "" : line.substr(sp + 1);
  }
  if (m["layout"] != "1" || m["n"] != std::to_string(N) || m["m"] != "1" || m["k"] != "1") {
    std::fprintf(stderr, "unexpected manifest\n");
    return 1;
  }
  if (m["format"] == "16:32") return check<ec::QFormat<16, 14>, ec::QFormat<32, 24>>(dir, m, expect_sine);
  if (m["format"] == "8:16") return check<ec::QFormat<8, 6>, ec::QFormat<16, 12>>(dir, m, expect_sine);
  if (m["format"] == "16:16") return check<ec::QFormat<16, 14>, ec::QFormat<16, 12>>(dir, m, expect_sine);
  std::fprintf(stderr, "unexpected format %s\n", m["format"].c_str());
  return 1;
}
