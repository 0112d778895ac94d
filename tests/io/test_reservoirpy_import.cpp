// The ReservoirPy importer: models numpy wrote (dense, float32, Fortran/big-endian, flat or
// column biases, none, a sparse W from scipy.sparse.save_npz as csr and csc with duplicates
// and unsorted indices, a W embedded as W_data/W_indices/...), compared value for value
// with numpy's arrays and scipy's canonical CSR (make_npy_cases.py: N = 20, M = 2, K = 3,
// seed 20261127); and bad models, each with its stated status, a reason, and `out` kept.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "edgechaos/host/npy_writer.hpp"
#include "edgechaos/host/reservoirpy_import.hpp"
#include "npy_cases.hpp"

namespace ec = edgechaos;

namespace {

void expect_doubles(const std::vector<double>& got, const std::string& field, const npy_cases::Case& c) {
  const std::vector<double> want = npy_cases::doubles(c.at(field));
  ASSERT_EQ(got.size(), want.size()) << field;
  for (std::size_t i = 0; i < want.size(); ++i) EXPECT_EQ(npy_cases::bits(got[i]), npy_cases::bits(want[i])) << field << "[" << i << "]";
}

// The float copy of each value is its IEEE round-to-nearest (the conversion C++ and numpy's
// astype(float32) both perform).
void expect_floats_of(const std::vector<float>& got, const std::vector<double>& given, const char* field) {
  ASSERT_EQ(got.size(), given.size()) << field;
  for (std::size_t i = 0; i < given.size(); ++i) EXPECT_EQ(got[i], static_cast<float>(given[i])) << field << "[" << i << "]";
}

ec::ImportedModel sentinel() {
  ec::ImportedModel m;
  m.n = 777;
  m.activation = "untouched";
  return m;
}

// Hand-made pieces: a 3-neuron model with 1 input and 2 outputs.
std::vector<unsigned char> ints(const std::vector<std::int32_t>& v, const std::vector<std::uint64_t>& shape) {
  std::string dict = "{'descr': '<i4', 'fortran_order': False, 'shape': (";
  for (std::size_t d = 0; d < shape.size(); ++d) dict += std::to_string(shape[d]) + (shape.size() == 1 || d + 1 < shape.size() ? ", " : "");
  dict += "), }";
  while ((10 + dict.size() + 1) % 64 != 0) dict += ' ';
  dict += '\n';
  std::vector<unsigned char> out = {0x93u, 'N', 'U', 'M', 'P', 'Y', 1u, 0u, static_cast<unsigned char>(dict.size()), 0u};
  out.insert(out.end(), dict.begin(), dict.end());
  for (const std::int32_t x : v) {
    const auto u = static_cast<std::uint32_t>(x);
    for (int k = 0; k < 4; ++k) out.push_back(static_cast<unsigned char>(u >> (8 * k)));
  }
  return out;
}

std::vector<unsigned char> doubles(const std::vector<double>& v, const std::vector<std::uint64_t>& shape) {
  return ec::npy_bytes(v.data(), shape);
}

struct Parts {
  std::vector<double> W = {0.1, 0, 0.2, 0, 0.3, 0, 0.4, 0, 0.5};
  std::vector<double> Win = {1, -1, 0.5};
  std::vector<double> bias = {0.01, 0.02, 0.03};
  std::vector<double> Wout = {1, 2, 3, 4, 5, 6};  // 3 x 2
  std::vector<double> bout = {-1, 1};
  double lr = 0.5;
  std::vector<ec::NpzInput> entries(bool with_w = true) const {
    std::vector<ec::NpzInput> e = {{"Win", doubles(Win, {3, 1})}, {"bias", doubles(bias, {3})},
                                   {"Wout", doubles(Wout, {3, 2})}, {"bout", doubles(bout, {2})},
                                   {"lr", ec::npy_bytes(&lr, {})}, {"activation", ec::npy_string_bytes("tanh")}};
    if (with_w) e.push_back({"W", doubles(W, {3, 3})});
    return e;
  }
};

ec::Status import(const std::vector<ec::NpzInput>& model, ec::ImportedModel& out, std::string& why,
                  const std::vector<ec::NpzInput>* sparse = nullptr) {
  const auto zip = ec::npz_bytes(model);
  if (sparse == nullptr) return ec::import_reservoirpy(zip, nullptr, out, why);
  const auto szip = ec::npz_bytes(*sparse);
  return ec::import_reservoirpy(zip, &szip, out, why);
}

void replace(std::vector<ec::NpzInput>& e, const std::string& name, std::vector<unsigned char> npy) {
  for (auto& x : e) {
    if (x.name == name) {
      x.npy = std::move(npy);
      return;
    }
  }
  e.push_back({name, std::move(npy)});
}

void expect_refused(const std::vector<ec::NpzInput>& model, ec::Status want, const char* what,
                    const std::vector<ec::NpzInput>* sparse = nullptr) {
  ec::ImportedModel out = sentinel();
  std::string why;
  EXPECT_EQ(import(model, out, why, sparse), want) << what << ": " << why;
  EXPECT_FALSE(why.empty()) << what;
  EXPECT_EQ(out.n, 777u) << what;
  EXPECT_EQ(out.activation, "untouched") << what;
}

}  // namespace

TEST(ReservoirPyImport, EveryNumpyModelImportsAsNumpyHoldsIt) {
  SKIP_WITHOUT_NPY_CASES();
  const auto cases = npy_cases::load("model");
  ASSERT_EQ(cases.size(), 20u);
  for (const auto& c : cases) {
    const std::string what = c.at("file") + (c.count("sparse") ? " + " + c.at("sparse") : "");
    SCOPED_TRACE(what);
    const auto zip = npy_cases::file(c.at("file"));
    std::vector<unsigned char> szip;
    if (c.count("sparse")) szip = npy_cases::file(c.at("sparse"));
    ec::ImportedModel m = sentinel();
    std::string why;
    const ec::Status s = ec::import_reservoirpy(zip, c.count("sparse") ? &szip : nullptr, m, why);
    ASSERT_STREQ(ec::to_string(s), c.at("status").c_str()) << why;
    if (s != ec::Status::ok) {
      EXPECT_FALSE(why.empty());
      EXPECT_EQ(m.n, 777u);
      continue;
    }
    EXPECT_EQ(std::to_string(m.n), c.at("n"));
    EXPECT_EQ(std::to_string(m.m), c.at("m"));
    EXPECT_EQ(std::to_string(m.k), c.at("k"));
    EXPECT_EQ(m.leak, std::strtod(c.at("leak").c_str(), nullptr));
    EXPECT_EQ(m.activation, "tanh");
    expect_doubles(m.W_in, "Win", c);
    expect_doubles(m.b, "b", c);
    expect_doubles(m.W_out, "Wout_T", c);
    expect_doubles(m.c, "c", c);
    expect_floats_of(m.W_inf, m.W_in, "Win");
    expect_floats_of(m.bf, m.b, "b");
    expect_floats_of(m.W_outf, m.W_out, "W_out");
    expect_floats_of(m.cf, m.c, "c");
    if (c.count("row_ptr")) {
      ASSERT_TRUE(m.sparse);
      const auto row_ptr = npy_cases::integers(c.at("row_ptr")), col = npy_cases::integers(c.at("col"));
      ASSERT_EQ(m.row_ptr.size(), row_ptr.size());
      for (std::size_t i = 0; i < row_ptr.size(); ++i) EXPECT_EQ(m.row_ptr[i], row_ptr[i]);
      ASSERT_EQ(m.col.size(), col.size());
      for (std::size_t i = 0; i < col.size(); ++i) EXPECT_EQ(m.col[i], col[i]);
      expect_doubles(m.val, "val", c);
      expect_floats_of(m.valf, m.val, "val");
      EXPECT_EQ(m.spec.storage, ec::CouplingStorage::sparse);
      EXPECT_EQ(m.spec.sparse.nnz, m.val.size());
      EXPECT_TRUE(m.W.empty());
    } else {
      ASSERT_FALSE(m.sparse);
      expect_doubles(m.W, "W", c);
      expect_floats_of(m.Wf, m.W, "W");
      EXPECT_EQ(m.spec.storage, ec::CouplingStorage::dense);
      EXPECT_EQ(m.spec.J, m.Wf.data());
    }
    EXPECT_EQ(ec::validate(m.spec), ec::Status::ok);
    EXPECT_EQ(m.spec.form, ec::ModelForm::echo_state);
    EXPECT_EQ(m.spec.features, 0u);
    EXPECT_EQ(m.spec.leak, static_cast<float>(m.leak));
    EXPECT_EQ(m.spec.W_out, m.W_outf.data());
  }
}

// CSC to CSR by hand: [[1, 0, 2], [0, 3, 0], [4, 0, 5]] with the 4 stored as 3 + 1 in column 0.
TEST(ReservoirPyImport, CscBecomesCsrWithDuplicatesSummed) {
  Parts p;
  const std::vector<ec::NpzInput> sparse = {{"data", doubles({1, 3, 1, 3, 2, 5}, {6})},
                                            {"indices", ints({0, 2, 2, 1, 0, 2}, {6})},
                                            {"indptr", ints({0, 3, 4, 6}, {4})},
                                            {"shape", ints({3, 3}, {2})},
                                            {"format", ec::npy_string_bytes("csc")}};
  ec::ImportedModel m;
  std::string why;
  ASSERT_EQ(import(p.entries(false), m, why, &sparse), ec::Status::ok) << why;
  EXPECT_EQ(m.row_ptr, (std::vector<std::uint32_t>{0, 2, 3, 5}));
  EXPECT_EQ(m.col, (std::vector<std::uint32_t>{0, 2, 1, 0, 2}));
  EXPECT_EQ(m.val, (std::vector<double>{1, 2, 3, 4, 5}));
  EXPECT_EQ(ec::validate(m.spec), ec::Status::ok);
}

// y = Wout^T x + bout: W_out is the transpose (k x n) of ReservoirPy's N x K.
TEST(ReservoirPyImport, WoutIsTransposedAndTheSpecViewsTheFloatCopies) {
  Parts p;
  ec::ImportedModel m;
  std::string why;
  ASSERT_EQ(import(p.entries(), m, why), ec::Status::ok) << why;
  EXPECT_EQ(m.W_out, (std::vector<double>{1, 3, 5, 2, 4, 6}));
  EXPECT_EQ(m.spec.n, 3u);
  EXPECT_EQ(m.spec.m, 1u);
  EXPECT_EQ(m.spec.k, 2u);
  EXPECT_EQ(m.spec.leak, 0.5f);
  // Copies and moves view their own arrays.
  ec::ImportedModel copy = m;
  EXPECT_EQ(copy.spec.J, copy.Wf.data());
  EXPECT_EQ(copy.spec.W_in, copy.W_inf.data());
  EXPECT_EQ(copy.spec.b, copy.bf.data());
  EXPECT_EQ(copy.spec.c, copy.cf.data());
  EXPECT_NE(copy.spec.J, m.spec.J);
  const float* moved_from = m.Wf.data();
  ec::ImportedModel moved = std::move(m);
  EXPECT_EQ(moved.spec.J, moved_from);
  EXPECT_EQ(ec::validate(moved.spec), ec::Status::ok);
}

TEST(ReservoirPyImport, BadModelsGiveTheirStatusAndKeepTheOutput) {
  Parts p;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  {
    auto e = p.entries();
    replace(e, "bias", doubles({0.1, nan, 0.2}, {3}));
    expect_refused(e, ec::Status::non_finite_input, "NaN bias");
  }
  {
    auto e = p.entries();
    replace(e, "W", doubles({0.1, 0, 0.2, 0, 3e38 * 10.0, 0, 0.4, 0, 0.5}, {3, 3}));
    expect_refused(e, ec::Status::non_finite_input, "a weight beyond float");
  }
  {
    auto e = p.entries();
    replace(e, "W", doubles({0.1, 0, 0.2, 0, 0.3, 0}, {2, 3}));
    expect_refused(e, ec::Status::size_mismatch, "W 2 x 3 with Win 3 x 1");
  }
  {
    auto e = p.entries();
    replace(e, "bias", doubles({0.1, 0.2, 0.3}, {1, 3}));
    expect_refused(e, ec::Status::size_mismatch, "bias 1 x 3");
  }
  {
    auto e = p.entries();
    replace(e, "lr", doubles({0.5, 0.5}, {2}));
    expect_refused(e, ec::Status::size_mismatch, "two leak rates");
  }
  {
    auto e = p.entries();
    const double zero = 0.0;
    replace(e, "lr", ec::npy_bytes(&zero, {}));
    expect_refused(e, ec::Status::invalid_argument, "lr = 0");
  }
  {
    auto e = p.entries();
    replace(e, "activation", ec::npy_string_bytes("sigmoid"));
    expect_refused(e, ec::Status::unsupported_format, "sigmoid");
  }
  {
    auto e = p.entries();
    replace(e, "W", ints({1, 0, 0, 0, 1, 0, 0, 0, 1}, {3, 3}));
    expect_refused(e, ec::Status::unsupported_format, "an int W");
  }
  expect_refused(p.entries(false), ec::Status::malformed_file, "no W");
  {
    const std::vector<ec::NpzInput> sparse = {{"data", doubles({1}, {1})}, {"indices", ints({0}, {1})},
                                              {"indptr", ints({0, 1, 1, 1}, {4})}, {"shape", ints({3, 3}, {2})}};
    expect_refused(p.entries(true), ec::Status::invalid_argument, "W twice", &sparse);
    auto bad_index = sparse;
    bad_index[1].npy = ints({3}, {1});
    expect_refused(p.entries(false), ec::Status::malformed_file, "a column index past N", &bad_index);
    auto decreasing = sparse;
    decreasing[2].npy = ints({0, 1, 0, 1}, {4});
    expect_refused(p.entries(false), ec::Status::malformed_file, "indptr decreasing", &decreasing);
    auto short_ptr = sparse;
    short_ptr[2].npy = ints({0, 1, 1}, {3});
    expect_refused(p.entries(false), ec::Status::size_mismatch, "indptr of N entries", &short_ptr);
    auto negative = sparse;
    negative[1].npy = ints({-1}, {1});
    expect_refused(p.entries(false), ec::Status::unsupported_format, "a negative index", &negative);
    auto coo = sparse;
    coo.push_back({"format", ec::npy_string_bytes("coo")});
    expect_refused(p.entries(false), ec::Status::unsupported_format, "coo", &coo);
  }
  {
    std::string why;
    ec::ImportedModel out = sentinel();
    const std::vector<unsigned char> not_a_zip = {1, 2, 3};
    EXPECT_EQ(ec::import_reservoirpy(not_a_zip, nullptr, out, why), ec::Status::malformed_file);
    EXPECT_EQ(out.n, 777u);
  }
}
