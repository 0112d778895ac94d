// The files make_npy_cases.py writes at test time and what numpy says they hold
// (cases.txt: one case a line, space-separated key=value fields).
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "edgechaos/io/npy.hpp"

namespace npy_cases {

using Case = std::map<std::string, std::string>;

inline std::string dir() {
#ifdef EDGECHAOS_NPY_CASES
  return EDGECHAOS_NPY_CASES;
#else
  return "";
#endif
}

inline std::vector<unsigned char> read_bytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  EXPECT_TRUE(f.good()) << "cannot open " << path;
  return std::vector<unsigned char>(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

inline std::vector<unsigned char> file(const std::string& name) { return read_bytes(dir() + "/" + name); }

// Every case of `kind`; empty (and the caller skips) when Python was not found at configure time.
inline std::vector<Case> load(const std::string& kind) {
  std::vector<Case> out;
  if (dir().empty()) return out;
  std::ifstream f(dir() + "/cases.txt");
  EXPECT_TRUE(f.good()) << "no cases.txt in " << dir() << " (the fixture test_npy_make_cases writes it)";
  std::string line;
  while (std::getline(f, line)) {
    std::istringstream words(line);
    std::string w;
    Case c;
    while (words >> w) {
      const std::size_t eq = w.find('=');
      if (eq != std::string::npos) c[w.substr(0, eq)] = w.substr(eq + 1);
    }
    if (c["kind"] == kind) out.push_back(c);
  }
  return out;
}

inline std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  if (s.empty() || s == "-") return out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = s.find(',', start);
    out.push_back(s.substr(start, comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

// Hexadecimal float literals (float.hex) and "nan"/"inf", exactly.
inline std::vector<double> doubles(const std::string& s) {
  std::vector<double> out;
  for (const std::string& w : split(s)) out.push_back(std::strtod(w.c_str(), nullptr));
  return out;
}

inline std::vector<std::uint64_t> integers(const std::string& s) {
  std::vector<std::uint64_t> out;
  for (const std::string& w : split(s)) out.push_back(std::strtoull(w.c_str(), nullptr, 10));
  return out;
}

inline std::uint64_t bits(double v) {
  std::uint64_t b = 0;
  std::memcpy(&b, &v, 8);
  return b;
}
inline std::uint32_t bits(float v) {
  std::uint32_t b = 0;
  std::memcpy(&b, &v, 4);
  return b;
}

inline const char* dtype_name(edgechaos::NpyDtype d) {
  switch (d) {
    case edgechaos::NpyDtype::float32: return "float32";
    case edgechaos::NpyDtype::float64: return "float64";
    case edgechaos::NpyDtype::unicode: return "unicode";
    case edgechaos::NpyDtype::bytes: return "bytes";
    case edgechaos::NpyDtype::int32: return "int32";
    case edgechaos::NpyDtype::int64: return "int64";
  }
  return "?";
}

// Parses `bytes` as .npy and checks everything numpy said of it: the status, dtype, byte
// order, memory order, shape, and the values through every copy function that applies.
inline void expect_npy_matches(const Case& c, const std::vector<unsigned char>& bytes) {
  namespace ec = edgechaos;
  const std::string what = c.at("file") + (c.count("key") ? ":" + c.at("key") : "");
  ec::NpyArray a;
  const ec::Status s = ec::parse_npy(bytes.data(), bytes.size(), a);
  ASSERT_STREQ(ec::to_string(s), c.at("status").c_str()) << what;
  if (s != ec::Status::ok) return;
  EXPECT_STREQ(dtype_name(a.dtype), c.at("dtype").c_str()) << what;
  EXPECT_EQ(a.big_endian, c.at("big") == "1") << what;
  EXPECT_EQ(a.fortran_order, c.at("fortran") == "1") << what;
  const std::vector<std::uint64_t> shape = integers(c.at("shape"));
  ASSERT_EQ(a.ndim, static_cast<int>(shape.size())) << what;
  std::uint64_t count = 1;
  for (int d = 0; d < a.ndim; ++d) {
    EXPECT_EQ(a.shape[d], shape[static_cast<std::size_t>(d)]) << what;
    count *= shape[static_cast<std::size_t>(d)];
  }
  EXPECT_EQ(a.count, count) << what;
  const std::size_t n = static_cast<std::size_t>(count);
  if (c.at("dtype") == "float32" || c.at("dtype") == "float64") {
    const std::vector<double> expected = doubles(c.at("values"));
    ASSERT_EQ(expected.size(), n) << what;
    bool finite = true;
    for (const double v : expected) finite = finite && std::isfinite(v);
    std::vector<double> got(n + 1, 7.0);  // one past the end: must stay untouched
    const ec::Status sd = ec::npy_copy_double(a, got.data(), n);
    if (!finite) {
      EXPECT_EQ(sd, ec::Status::non_finite_input) << what;
      for (const double v : got) EXPECT_EQ(v, 7.0) << what;
    } else {
      ASSERT_EQ(sd, ec::Status::ok) << what;
      for (std::size_t i = 0; i < n; ++i) EXPECT_EQ(bits(got[i]), bits(expected[i])) << what << " [" << i << "]";
      EXPECT_EQ(got[n], 7.0) << what;
    }
    std::vector<float> got32(n + 1, 7.0f);
    const ec::Status sf = ec::npy_copy_float(a, got32.data(), n);
    if (c.count("values32") != 0 && finite) {
      const std::vector<double> expected32 = doubles(c.at("values32"));
      ASSERT_EQ(sf, ec::Status::ok) << what;
      for (std::size_t i = 0; i < n; ++i) {
        EXPECT_EQ(bits(got32[i]), bits(static_cast<float>(expected32[i]))) << what << " [" << i << "]";
      }
    } else {
      EXPECT_EQ(sf, ec::Status::non_finite_input) << what;
      for (std::size_t i = 0; i < n; ++i) EXPECT_EQ(got32[i], 7.0f) << what;
    }
    EXPECT_EQ(got32[n], 7.0f) << what;
    std::vector<std::uint32_t> idx(n);
    EXPECT_EQ(ec::npy_copy_index(a, idx.data(), n), ec::Status::unsupported_format) << what;
  } else if (c.at("dtype") == "int32" || c.at("dtype") == "int64") {
    const std::vector<std::uint64_t> expected = integers(c.at("values"));
    ASSERT_EQ(expected.size(), n) << what;
    std::vector<std::uint32_t> got(n);
    ASSERT_EQ(ec::npy_copy_index(a, got.data(), n), ec::Status::ok) << what;
    for (std::size_t i = 0; i < n; ++i) EXPECT_EQ(got[i], expected[i]) << what << " [" << i << "]";
    std::vector<float> f(n);
    EXPECT_EQ(ec::npy_copy_float(a, f.data(), n), ec::Status::unsupported_format) << what;
  } else {
    char text[64];
    std::memset(text, 'x', sizeof text);
    const ec::Status st = ec::npy_string(a, text, sizeof text);
    if (c.count("text") != 0) {
      ASSERT_EQ(st, ec::Status::ok) << what;
      EXPECT_STREQ(text, c.at("text").c_str()) << what;
    } else {
      EXPECT_STREQ(ec::to_string(st), c.at("text_status").c_str()) << what;
      EXPECT_EQ(text[0], 'x') << what;
    }
  }
}

}  // namespace npy_cases

#define SKIP_WITHOUT_NPY_CASES()                                                                \
  do {                                                                                          \
    if (npy_cases::dir().empty()) GTEST_SKIP() << "python3 with numpy and scipy not found"; \
  } while (0)
