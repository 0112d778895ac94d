// The .npy parser against files numpy wrote (every dtype, byte order, memory order and format
// version numpy.lib.format writes; expected values computed by numpy, make_npy_cases.py),
// and against hand-made damaged files, each of which must give its stated status and leave
// the outputs untouched.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "edgechaos/host/npy_writer.hpp"
#include "edgechaos/io/npy.hpp"
#include "npy_cases.hpp"

namespace ec = edgechaos;

namespace {

// A .npy file from a header text (padded and ended with a newline here) and raw data.
std::vector<unsigned char> npy_file(const std::string& dict, const std::vector<unsigned char>& data, int major = 1) {
  std::string h = dict;
  const std::size_t prefix = major == 1 ? 10 : 12;
  while ((prefix + h.size() + 1) % 64 != 0) h += ' ';
  h += '\n';
  std::vector<unsigned char> out = {0x93u, 'N', 'U', 'M', 'P', 'Y', static_cast<unsigned char>(major), 0u};
  for (std::size_t k = 0; k < prefix - 8; ++k) out.push_back(static_cast<unsigned char>(h.size() >> (8 * k)));
  out.insert(out.end(), h.begin(), h.end());
  out.insert(out.end(), data.begin(), data.end());
  return out;
}

std::vector<unsigned char> le_floats(const std::vector<float>& v) {
  std::vector<unsigned char> out;
  for (const float f : v) {
    const std::uint32_t b = npy_cases::bits(f);
    for (int k = 0; k < 4; ++k) out.push_back(static_cast<unsigned char>(b >> (8 * k)));
  }
  return out;
}

ec::Status parse(const std::vector<unsigned char>& b, ec::NpyArray& a) { return ec::parse_npy(b.data(), b.size(), a); }

// An NpyArray with recognisable contents, to prove a failed parse leaves it alone.
ec::NpyArray sentinel() {
  ec::NpyArray a;
  a.ndim = 3;
  a.count = 77;
  a.item_bytes = 5;
  return a;
}

void expect_untouched(const ec::NpyArray& a) {
  EXPECT_EQ(a.ndim, 3);
  EXPECT_EQ(a.count, 77u);
  EXPECT_EQ(a.item_bytes, 5u);
  EXPECT_EQ(a.data, nullptr);
}

const std::vector<unsigned char> kSix = le_floats({1, 2, 3, 4, 5, 6});

}  // namespace

// Every file numpy wrote parses to what numpy says it holds (168 files; cases.txt).
TEST(NpyFiles, EveryNumpyFileReadsAsNumpyReadsIt) {
  SKIP_WITHOUT_NPY_CASES();
  const auto cases = npy_cases::load("npy");
  ASSERT_GE(cases.size(), 140u);
  for (const auto& c : cases) {
    SCOPED_TRACE(c.at("file"));
    npy_cases::expect_npy_matches(c, npy_cases::file(c.at("file")));
  }
}

// Fortran order by hand: a 2 x 3 array [[1, 2, 3], [4, 5, 6]] is stored column by column.
TEST(NpyParse, FortranOrderComesOutRowMajor) {
  const auto f = npy_file("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", le_floats({1, 4, 2, 5, 3, 6}));
  ec::NpyArray a;
  ASSERT_EQ(parse(f, a), ec::Status::ok);
  float out[6] = {};
  ASSERT_EQ(ec::npy_copy_float(a, out, 6), ec::Status::ok);
  for (int i = 0; i < 6; ++i) EXPECT_EQ(out[i], static_cast<float>(i + 1));
}

// The header is a Python literal: any key order, either quote, spacing, with or without the
// trailing comma, Python 2 longs; version 2.0's 4-byte length.
TEST(NpyParse, HeaderGrammarVariantsThatNumpyAccepts) {
  const char* ok[] = {
      "{'shape': (2, 3), 'fortran_order': False, 'descr': '<f4'}",
      "{\"descr\": \"<f4\", \"fortran_order\": False, \"shape\": (2,3)}",
      "{ 'descr' :'<f4' ,'fortran_order':False,'shape':( 2 , 3 , ) , }",
      "{'descr': '<f4', 'fortran_order': False, 'shape': (2L, 3L), }",
  };
  for (const char* h : ok) {
    for (int major = 1; major <= 3; ++major) {
      ec::NpyArray a;
      ASSERT_EQ(parse(npy_file(h, kSix, major), a), ec::Status::ok) << h << " v" << major;
      EXPECT_EQ(a.ndim, 2);
      EXPECT_EQ(a.shape[0], 2u);
      EXPECT_EQ(a.shape[1], 3u);
      EXPECT_EQ(a.count, 6u);
    }
  }
}

TEST(NpyParse, HeaderGrammarViolationsAreMalformed) {
  const char* bad[] = {
      "{'descr': '<f4', 'fortran_order': False, 'shape': (6)}",                  // an int, not a tuple
      "{'descr': '<f4', 'fortran_order': False, 'shape': (6,), 'descr': '<f4'}",  // a key twice
      "{'descr': '<f4', 'fortran_order': False}",                                 // no shape
      "{'descr': '<f4', 'fortran_order': False, 'shape': (6,), 'extra': 1}",      // an unknown key
      "{'descr': '<f4', 'fortran_order': false, 'shape': (6,)}",                  // not Python's False
      "{'descr': '<f4', 'fortran_order': Falsey, 'shape': (6,)}",
      "{'descr': '<f4', 'fortran_order': False, 'shape': (6,)} x",                // text after the dict
      "{'descr': '<f4', 'fortran_order': False, 'shape': (6,),,}",
      "{'descr': '<f4' 'fortran_order': False, 'shape': (6,)}",                   // no comma
      "{'descr': '<f4', 'fortran_order': False, 'shape': (-6,)}",
      "{'descr': '<f4', 'fortran_order': False, 'shape': (6,)",                   // unclosed
      "{'descr': '<f\\x34', 'fortran_order': False, 'shape': (6,)}",              // an escape
      "'descr': '<f4', 'fortran_order': False, 'shape': (6,)",
      "",
  };
  for (const char* h : bad) {
    ec::NpyArray a = sentinel();
    EXPECT_EQ(parse(npy_file(h, kSix), a), ec::Status::malformed_file) << h;
    expect_untouched(a);
  }
}

TEST(NpyParse, BadMagicIsMalformedAndEveryByteOfItCounts) {
  const auto good = npy_file("{'descr': '<f4', 'fortran_order': False, 'shape': (6,), }", kSix);
  for (int k = 0; k < 6; ++k) {
    auto f = good;
    f[static_cast<std::size_t>(k)] ^= 0x20u;
    ec::NpyArray a = sentinel();
    EXPECT_EQ(parse(f, a), ec::Status::malformed_file) << "byte " << k;
    expect_untouched(a);
  }
}

TEST(NpyParse, VersionsOtherThan1To3AreUnsupported) {
  const auto good = npy_file("{'descr': '<f4', 'fortran_order': False, 'shape': (6,), }", kSix);
  for (const auto& v : {std::pair<int, int>{0, 0}, {4, 0}, {1, 1}, {2, 5}, {255, 0}}) {
    auto f = good;
    f[6] = static_cast<unsigned char>(v.first);
    f[7] = static_cast<unsigned char>(v.second);
    ec::NpyArray a = sentinel();
    EXPECT_EQ(parse(f, a), ec::Status::unsupported_version) << v.first << "." << v.second;
    expect_untouched(a);
  }
}

TEST(NpyParse, HeaderLengthPastTheEndIsMalformed) {
  for (int major = 1; major <= 3; ++major) {
    auto f = npy_file("{'descr': '<f4', 'fortran_order': False, 'shape': (6,), }", kSix, major);
    f[8] = 0xFFu;
    f[9] = 0xFFu;
    if (major > 1) f[10] = f[11] = 0xFFu;
    ec::NpyArray a = sentinel();
    EXPECT_EQ(parse(f, a), ec::Status::malformed_file);
    expect_untouched(a);
  }
}

// Truncated at every byte offset: a status (malformed_file), never a read past the end
// (the copy below is exactly k bytes, so ASan sees any overread).
TEST(NpyParse, TruncatedAtEveryOffsetIsMalformed) {
  const auto good = npy_file("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", kSix);
  for (std::size_t k = 0; k < good.size(); ++k) {
    const std::vector<unsigned char> cut(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(k));
    ec::NpyArray a = sentinel();
    EXPECT_EQ(ec::parse_npy(cut.empty() ? good.data() : cut.data(), k, a), ec::Status::malformed_file) << k;
    expect_untouched(a);
  }
  ec::NpyArray a;
  EXPECT_EQ(parse(good, a), ec::Status::ok);
}

TEST(NpyParse, ShapeProductsThatOverflowAreMalformed) {
  const char* bad[] = {
      "{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296), }",  // 2^64 elements
      "{'descr': '<f8', 'fortran_order': False, 'shape': (2305843009213693952,), }",   // 2^61 x 8 bytes = 2^64
      "{'descr': '<f4', 'fortran_order': False, 'shape': (18446744073709551616,), }",  // 2^64 itself
      "{'descr': '<f4', 'fortran_order': False, 'shape': (1099511627776,), }",         // 2^40: data too short
      "{'descr': '<f4', 'fortran_order': False, 'shape': (7,), }",                     // one more than given
  };
  for (const char* h : bad) {
    ec::NpyArray a = sentinel();
    EXPECT_EQ(parse(npy_file(h, kSix), a), ec::Status::malformed_file) << h;
    expect_untouched(a);
  }
  // A zero in the shape makes any other extent fine: no elements, no data.
  ec::NpyArray a;
  EXPECT_EQ(parse(npy_file("{'descr': '<f4', 'fortran_order': False, 'shape': (0, 18446744073709551615), }", {}), a),
            ec::Status::ok);
  EXPECT_EQ(a.count, 0u);
}

TEST(NpyParse, ObjectAndOtherDtypesAreUnsupported) {
  const char* descr[] = {"|O", "<O8", "|b1", "<i2", "<u4", "<f2", "<c8", "<f16", "|V8", "<M8[s]", "<U0", "|S0", "f4", "<F4"};
  for (const char* d : descr) {
    const std::string h = std::string("{'descr': '") + d + "', 'fortran_order': False, 'shape': (1,), }";
    ec::NpyArray a = sentinel();
    EXPECT_EQ(parse(npy_file(h, std::vector<unsigned char>(64, 0)), a), ec::Status::unsupported_format) << d;
    expect_untouched(a);
  }
  ec::NpyArray a = sentinel();
  EXPECT_EQ(parse(npy_file("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", kSix), a),
            ec::Status::unsupported_format);
  EXPECT_EQ(parse(npy_file("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1, 1, 1, 1), }", kSix), a),
            ec::Status::unsupported_format);
  expect_untouched(a);
}

TEST(NpyCopy, NanAndInfAreRefusedAndTheOutputKept) {
  const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
  for (const float bad : {nan, inf, -inf}) {
    const auto f = npy_file("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", le_floats({1.0f, bad, 2.0f}));
    ec::NpyArray a;
    ASSERT_EQ(parse(f, a), ec::Status::ok);
    float out[3] = {9, 9, 9};
    double outd[3] = {9, 9, 9};
    EXPECT_EQ(ec::npy_copy_float(a, out, 3), ec::Status::non_finite_input);
    EXPECT_EQ(ec::npy_copy_double(a, outd, 3), ec::Status::non_finite_input);
    for (int i = 0; i < 3; ++i) {
      EXPECT_EQ(out[i], 9.0f);
      EXPECT_EQ(outd[i], 9.0);
    }
  }
}

TEST(NpyCopy, TooSmallAnOutputIsCapacityExceededAndKept) {
  const auto f = npy_file("{'descr': '<f4', 'fortran_order': False, 'shape': (6,), }", kSix);
  ec::NpyArray a;
  ASSERT_EQ(parse(f, a), ec::Status::ok);
  float out[5] = {9, 9, 9, 9, 9};
  EXPECT_EQ(ec::npy_copy_float(a, out, 5), ec::Status::capacity_exceeded);
  for (const float v : out) EXPECT_EQ(v, 9.0f);
  char text[4] = {'x', 'x', 'x', 'x'};
  EXPECT_EQ(ec::npy_string(a, text, 4), ec::Status::unsupported_format);
  EXPECT_EQ(text[0], 'x');
}

TEST(NpyCopy, IndexValuesOutsideU32AreUnsupported) {
  std::vector<unsigned char> data(16, 0);
  data[8] = 0xFF;  // second int64 = 255 ... then make it negative
  for (int k = 9; k < 16; ++k) data[static_cast<std::size_t>(k)] = 0xFF;  // -1
  const auto f = npy_file("{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }", data);
  ec::NpyArray a;
  ASSERT_EQ(parse(f, a), ec::Status::ok);
  std::uint32_t out[2] = {5, 5};
  EXPECT_EQ(ec::npy_copy_index(a, out, 2), ec::Status::unsupported_format);
  EXPECT_EQ(out[0], 5u);
  EXPECT_EQ(out[1], 5u);
}

TEST(NpyCopy, StringsMustBeOneAsciiElementThatFits) {
  ec::NpyArray a;
  const auto tanh = ec::npy_string_bytes("tanh");
  ASSERT_EQ(parse(tanh, a), ec::Status::ok);
  char small[4] = {'x', 'x', 'x', 'x'};
  EXPECT_EQ(ec::npy_string(a, small, 4), ec::Status::capacity_exceeded);  // 4 letters and the NUL
  EXPECT_EQ(small[0], 'x');
  char fits[5];
  ASSERT_EQ(ec::npy_string(a, fits, 5), ec::Status::ok);
  EXPECT_STREQ(fits, "tanh");
  const auto two = npy_file("{'descr': '|S2', 'fortran_order': False, 'shape': (2,), }", {'a', 'b', 'c', 'd'});
  ASSERT_EQ(parse(two, a), ec::Status::ok);
  EXPECT_EQ(ec::npy_string(a, fits, 5), ec::Status::size_mismatch);
}

// The writer's files are format 1.0 with the data 64-byte aligned, and read back bit for bit
// (numpy reading them is test_npy_writer_numpy_reads).
TEST(NpyWriter, RoundTripsEveryShapeExactly) {
  const std::vector<std::vector<std::uint64_t>> shapes = {{}, {1}, {7}, {2, 3}, {2, 3, 4}, {1, 2, 3, 2}, {0, 3}};
  for (const auto& shape : shapes) {
    std::uint64_t n = 1;
    for (const auto s : shape) n *= s;
    std::vector<double> d(static_cast<std::size_t>(n));
    std::vector<float> f(static_cast<std::size_t>(n));
    for (std::size_t i = 0; i < d.size(); ++i) {
      d[i] = 0.1 * static_cast<double>(i) - 1.0 / 3.0;
      f[i] = static_cast<float>(d[i]);
    }
    const auto bd = ec::npy_bytes(d.data(), shape), bf = ec::npy_bytes(f.data(), shape);
    for (const auto* b : {&bd, &bf}) {
      ec::NpyArray a;
      ASSERT_EQ(parse(*b, a), ec::Status::ok);
      EXPECT_EQ((*b)[6], 1u);
      EXPECT_EQ(static_cast<std::size_t>(a.data - b->data()) % 64, 0u);
      EXPECT_EQ(a.ndim, static_cast<int>(shape.size()));
      EXPECT_FALSE(a.fortran_order);
      EXPECT_FALSE(a.big_endian);
      EXPECT_EQ(a.count, n);
    }
    std::vector<double> back(d.size() + 1);
    ec::NpyArray a;
    ASSERT_EQ(parse(bd, a), ec::Status::ok);
    ASSERT_EQ(ec::npy_copy_double(a, back.data(), back.size()), ec::Status::ok);
    for (std::size_t i = 0; i < d.size(); ++i) EXPECT_EQ(npy_cases::bits(back[i]), npy_cases::bits(d[i]));
    std::vector<float> backf(f.size() + 1);
    ASSERT_EQ(parse(bf, a), ec::Status::ok);
    ASSERT_EQ(a.dtype, ec::NpyDtype::float32);
    ASSERT_EQ(ec::npy_copy_float(a, backf.data(), backf.size()), ec::Status::ok);
    for (std::size_t i = 0; i < f.size(); ++i) EXPECT_EQ(npy_cases::bits(backf[i]), npy_cases::bits(f[i]));
  }
}
