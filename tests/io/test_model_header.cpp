// The exported header (host/model_header.hpp), compiled: headers generated at build time
// (tests/io/gen_model_headers.cpp) from small models (tests/io/model_header_cases.hpp), each
// run through its own `Runner` type and compared bit for bit with the desktop runner of the
// same spec (host/any_model_runner.hpp) over T = 60 samples; the hex literals give back the
// very bits of the arrays; the image form reads back; the seed forms regenerate J and W_in.
// Sizes: n = 6, m = 2, k = 2.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "edgechaos/host/any_model_runner.hpp"
#include "edgechaos/host/model_header.hpp"
#include "esn_arrays.hpp"
#include "esn_image.hpp"
#include "gen_seed.hpp"
#include "known_seed.hpp"
#include "model_header_cases.hpp"
#include "rk4_arrays.hpp"

namespace ec = edgechaos;

namespace {

constexpr int kT = 60;

template <class R>
void run(R& runner, std::vector<float>& xs, std::vector<float>& ys) {
  for (int t = 0; t < kT; ++t) {
    const float u[cases::kM] = {std::sin(0.3f * static_cast<float>(t)), std::cos(0.7f * static_cast<float>(t))};
    float y[cases::kK];
    ASSERT_EQ(runner.step(u, y), ec::Status::ok);
    xs.insert(xs.end(), runner.state(), runner.state() + cases::kN);
    ys.insert(ys.end(), y, y + cases::kK);
  }
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

void expect_runs_like(const ec::ModelSpec& reference, const std::vector<float>& xs, const std::vector<float>& ys) {
  ec::AnyModelRunner any;
  ASSERT_EQ(any.bind(reference), ec::Status::ok);
  std::vector<float> xr, yr;
  run(any, xr, yr);
  EXPECT_TRUE(same_bits(xs, xr));
  EXPECT_TRUE(same_bits(ys, yr));
}

static_assert(esn_arrays::spec().n == cases::kN && esn_arrays::kF == 1 + cases::kM + 2 * cases::kN,
              "the arrays form's spec() is a constant expression");

}  // namespace

TEST(ModelHeader, ArraysHoldTheSameBits) {
  const fixture::Model esn(cases::esn_kind(), cases::kN, cases::kM, cases::kK);
  EXPECT_EQ(std::memcmp(esn_arrays::kVal, esn.val.data(), esn.val.size() * 4), 0);
  EXPECT_EQ(esn_arrays::kNnz, esn.val.size());
  for (int i = 0; i <= cases::kN; ++i) EXPECT_EQ(esn_arrays::kRowPtr[i], esn.row16[static_cast<std::size_t>(i)]);
  EXPECT_EQ(std::memcmp(esn_arrays::kW_out, esn.W_out.data(), esn.W_out.size() * 4), 0);
  EXPECT_EQ(std::memcmp(esn_arrays::kW_fb, esn.W_fb.data(), esn.W_fb.size() * 4), 0);
  EXPECT_EQ(std::memcmp(esn_arrays::kB, esn.b.data(), esn.b.size() * 4), 0);
  EXPECT_TRUE((std::is_same_v<esn_arrays::Runner::index_type, std::uint16_t>));
}

TEST(ModelHeader, ArraysAndImageRunLikeTheSpec) {
  const fixture::Model esn(cases::esn_kind(), cases::kN, cases::kM, cases::kK);
  esn_arrays::Runner a;
  ASSERT_EQ(a.bind(esn_arrays::spec()), ec::Status::ok);
  std::vector<float> xa, ya;
  run(a, xa, ya);
  expect_runs_like(esn.spec, xa, ya);

  ec::ModelSpec view;
  ASSERT_EQ(esn_image::spec(view), ec::Status::ok);
  esn_image::Runner b;
  ASSERT_EQ(b.bind(view), ec::Status::ok);
  std::vector<float> xb, yb;
  run(b, xb, yb);
  EXPECT_TRUE(same_bits(xa, xb));
  EXPECT_TRUE(same_bits(ya, yb));

  const fixture::Model rk4(cases::rk4_kind(), cases::kN, cases::kM, cases::kK);
  rk4_arrays::Runner r;
  ASSERT_EQ(r.bind(rk4_arrays::spec()), ec::Status::ok);
  std::vector<float> xr, yr;
  run(r, xr, yr);
  expect_runs_like(rk4.spec, xr, yr);
}

TEST(ModelHeader, SeedFormsRegenerate) {
  const fixture::Model gen(cases::gen_kind(), cases::kN, cases::kM, cases::kK);
  gen_seed::Runner g;
  ASSERT_EQ(g.bind(gen_seed::spec(), gen_seed::ram.view()), ec::Status::ok);
  std::vector<float> xg, yg;
  run(g, xg, yg);
  expect_runs_like(gen.spec, xg, yg);

  const cases::KnownModel known;
  known_seed::Runner k;
  ASSERT_EQ(k.bind(known_seed::spec(), known_seed::ram.view()), ec::Status::ok);
  std::vector<float> xk, yk;
  run(k, xk, yk);
  expect_runs_like(known.spec, xk, yk);  // the explicit arrays
}

// The costs by hand: 4 bytes a float, the index type's bytes an index, each part padded to 4.
TEST(ModelHeader, ExportCosts) {
  const fixture::Model esn(cases::esn_kind(), cases::kN, cases::kM, cases::kK);
  ec::ExportCosts c;
  ASSERT_EQ(ec::export_costs(esn.spec, c), ec::Status::ok);
  const std::size_t n = cases::kN, m = cases::kM, k = cases::kK, f = 1 + m + 2 * n, nnz = esn.val.size();
  const std::size_t trained = 4 * (k * f + n + k + n * k);
  EXPECT_EQ(c.arrays.flash_bytes, (2 * (n + 1) + 3) / 4 * 4 + (2 * nnz + 3) / 4 * 4 + 4 * nnz + 4 * n * m + trained);
  EXPECT_EQ(c.arrays.ram_bytes, 0u);
  EXPECT_EQ(c.image.flash_bytes, 96 + c.arrays.flash_bytes);
  EXPECT_FALSE(c.seed_possible);

  const cases::KnownModel known;
  ASSERT_EQ(ec::export_costs(known.spec, c), ec::Status::ok);
  EXPECT_TRUE(c.seed_possible);
  const std::size_t f0 = n;  // features 0
  EXPECT_EQ(c.seed.ram_bytes, 4 * n * n + 4 * n * m);
  EXPECT_EQ(c.seed.flash_bytes, 4 * (k * f0 + n + k));
  EXPECT_EQ(c.arrays.flash_bytes, 4 * (n * n + n * m) + c.seed.flash_bytes);
}

TEST(ModelHeader, Refusals) {
  const fixture::Model esn(cases::esn_kind(), cases::kN, cases::kM, cases::kK);
  std::string out = "unchanged";
  EXPECT_EQ(ec::model_header(esn.spec, "ns", ec::HeaderForm::seed, out), ec::Status::unsupported_format);
  EXPECT_EQ(ec::model_header(esn.spec, "", ec::HeaderForm::arrays, out), ec::Status::invalid_argument);
  ec::ModelSpec bad = esn.spec;
  bad.W_out = nullptr;
  EXPECT_EQ(ec::model_header(bad, "ns", ec::HeaderForm::arrays, out), ec::Status::invalid_argument);
  EXPECT_EQ(out, "unchanged");
  EXPECT_EQ(ec::model_header(esn.spec, "ns", ec::HeaderForm::seed), "");
  EXPECT_NE(ec::model_header(esn.spec, "ns", ec::HeaderForm::arrays).find("namespace ns {"), std::string::npos);
  // A J rescaled after its draw (as a spectral-radius scaling does) is no longer its seed's.
  cases::KnownModel known;
  known.J[1] *= 0.5f;
  EXPECT_EQ(ec::model_header(known.spec, "ns", ec::HeaderForm::seed, out), ec::Status::unsupported_format);
}
