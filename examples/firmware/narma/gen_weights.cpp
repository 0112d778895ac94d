// Host tool (build time): the NARMA10 firmware's reservoir matrix W, "already scaled"
// (shared/RESERVOIR.md section 1), as a header of constexpr CSR arrays that the image keeps
// in flash. W is built exactly as the desktop CLI builds an ESN (examples/cli/
// reservoir_experiment.cpp): generate_sparse_couplings with gain 1, density 0.1 and the seed
// sub_seed(seed, couplings), then every value multiplied by the float factor that takes the
// eigen-solver's spectral radius (double, host/spectral_radius.hpp) to the target. The
// device has no eigen-solver, so this is the only way the scaled W can be the desktop's.
// Values are written as hex float literals: the header holds the same bits as the host's W.
//
// usage: host_narma_weights <out.hpp> <N> <seed> <sr>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "edgechaos/core/seeds.hpp"
#include "edgechaos/host/spectral_radius.hpp"
#include "edgechaos/weights/sparse_couplings.hpp"

namespace ec = edgechaos;

int main(int argc, char** argv) {
  if (argc != 5) return 2;
  const int n = std::atoi(argv[2]);
  const std::uint64_t seed = std::strtoull(argv[3], nullptr, 10);
  const double sr = std::strtod(argv[4], nullptr);
  if (n < 2 || n > 4096) return 2;
  const ec::SparseCouplingParams q{1.0f, 0.1f, ec::sub_seed(seed, ec::SeedStream::couplings)};
  ec::Index nnz = 0;
  if (ec::count_sparse_couplings(q, n, nnz) != ec::Status::ok) return 1;
  std::vector<std::uint32_t> row_ptr(static_cast<std::size_t>(n + 1)), col(static_cast<std::size_t>(nnz));
  std::vector<float> val(static_cast<std::size_t>(nnz));
  ec::SparseCouplingsView<std::uint32_t> view;
  double rho = 0;
  float factor = 0;
  if (ec::generate_sparse_couplings(q, n, row_ptr.data(), col.data(), val.data(), nnz, nnz) != ec::Status::ok ||
      view.set(row_ptr.data(), col.data(), val.data(), n, nnz) != ec::Status::ok ||
      ec::spectral_radius(view, rho) != ec::Status::ok ||
      ec::detail::rescale_factor(sr, rho, factor) != ec::Status::ok) {
    return 1;
  }
  for (float& v : val) v *= factor;
  double rho_after = 0;
  if (ec::spectral_radius(view, rho_after) != ec::Status::ok) return 1;

  std::FILE* out = std::fopen(argv[1], "w");
  if (out == nullptr) return 2;
  const char* index = (n <= 65535 && nnz <= 65535) ? "std::uint16_t" : "std::uint32_t";
  std::fprintf(out,
               "// Generated at build time by examples/firmware/narma/gen_weights.cpp: do not edit.\n"
               "// The ESN's W, sparse (density 0.1, N(0, 1) from sub_seed(seed, couplings)), rescaled on the\n"
               "// host to spectral radius %.17g by the eigen-solver (rho before %.17g, after %.17g).\n"
               "#pragma once\n#include <cstdint>\n\nnamespace narma_fw {\n"
               "using WIndex = %s;\n"
               "constexpr int kN = %d;\nconstexpr int kNnz = %ld;\nconstexpr std::uint64_t kSeed = %" PRIu64 ";\n"
               "constexpr double kSpectralRadius = %.17g;\nconstexpr double kRhoAfter = %.17g;\n"
               "constexpr float kScaleFactor = %af;\n",
               sr, rho, rho_after, index, n, static_cast<long>(nnz), seed, sr, rho_after, static_cast<double>(factor));
  // The separator before entry k of a list with `per_line` entries a line.
  const auto sep = [](long k, long per_line) { return k == 0 ? "\n    " : (k % per_line ? ", " : ",\n    "); };
  std::fprintf(out, "constexpr WIndex kRowPtr[kN + 1] = {");
  for (int i = 0; i <= n; ++i) std::fprintf(out, "%s%u", sep(i, 16), row_ptr[static_cast<std::size_t>(i)]);
  std::fprintf(out, "};\nconstexpr WIndex kCol[kNnz] = {");
  for (ec::Index k = 0; k < nnz; ++k) std::fprintf(out, "%s%u", sep(k, 16), col[static_cast<std::size_t>(k)]);
  std::fprintf(out, "};\nconstexpr float kVal[kNnz] = {");
  for (ec::Index k = 0; k < nnz; ++k) {
    std::fprintf(out, "%s%af", sep(k, 6), static_cast<double>(val[static_cast<std::size_t>(k)]));
  }
  std::fprintf(out, "};\n\n}  // namespace narma_fw\n");
  return std::fclose(out) == 0 ? 0 : 1;
}
