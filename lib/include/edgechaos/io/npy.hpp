/// \file
/// NumPy .npy arrays read from bytes: a device can parse a file it was sent, a desktop tool
/// a file it read. No heap, no files: the parser points into the caller's bytes (zero copy)
/// and the copy functions convert to the library's layout.
///
/// The format (numpy.lib.format): the magic `"\x93NUMPY"`, a major and a minor version byte,
/// the header length (u16 little-endian in 1.0; u32 in 2.0 and 3.0), the header — a Python
/// dict literal with exactly the keys 'descr', 'fortran_order' and 'shape', padded with
/// spaces and a newline (ASCII in 1.0/2.0, UTF-8 in 3.0) — and then the raw data.
///
/// What is read: descr `<f4 >f4 <f8 >f8` (`=` and `|` read as little-endian), `<i4 >i4 <i8 >i8`,
/// `<U{n} >U{n}` (UTF-32 strings), `|S{n}` (byte strings); C or Fortran order; 0 to 4 dims.
/// Statuses: bad magic, a header that is not such a dict, a header or data running past the
/// end, a shape whose element or byte count overflows: malformed_file; a version other than
/// 1.0/2.0/3.0: unsupported_version; any other dtype (object 'O', structured, bool, ...) or
/// more than 4 dims: unsupported_format. Nothing is read past `size`, and `out` is left
/// untouched unless the result is ok.
#pragma once

#include <cfloat>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>

#include "edgechaos/core/config.hpp"
#include "edgechaos/core/status.hpp"

namespace edgechaos {

/// The element types parse_npy() reads.
enum class NpyDtype : std::uint8_t {
  float32,  ///< `f4`
  float64,  ///< `f8`
  unicode,  ///< `U{n}`: n UTF-32 code units an element
  bytes,    ///< `S{n}`: n bytes an element
  int32,    ///< `i4`
  int64     ///< `i8`
};
constexpr int kNpyMaxDims = 4;  ///< the most dimensions parse_npy() accepts

/// A parsed .npy file: its dtype and shape, and a view of its data in the caller's bytes.
struct NpyArray {
  NpyDtype dtype = NpyDtype::float32;  ///< the element type
  bool big_endian = false;             ///< the file's byte order (the copy functions convert)
  bool fortran_order = false;          ///< column-major data (the copy functions reorder to C order)
  int ndim = 0;                                   ///< 0 for a scalar (0-d) array
  std::uint64_t shape[kNpyMaxDims] = {0, 0, 0, 0};  ///< the first ndim are set
  std::uint64_t count = 0;                        ///< elements: the product of the shape (1 when 0-d)
  unsigned item_bytes = 0;                        ///< bytes an element (4 n for U{n}, n for S{n})
  const unsigned char* data = nullptr;            ///< into the parsed bytes; not aligned in general
  std::size_t data_bytes = 0;                     ///< count * item_bytes (bytes after them are ignored)
};

/// \cond IMPLEMENTATION
// (this header's implementation helpers: out of the API reference, like detail::)
namespace npy_detail {

// Strings longer than this are refused (unsupported_format): the longest the importer
// meets is an activation name, and the bound keeps 4 n far from overflowing `unsigned`.
constexpr std::uint64_t kMaxStringChars = 1u << 20;

inline bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
inline bool is_word_char(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// A cursor over the header's text, reading the little Python-literal grammar numpy writes.
struct HeaderText {
  const unsigned char* p;
  const unsigned char* end;

  void skip_space() {
    while (p < end && is_space(*p)) ++p;
  }
  bool peek(unsigned char c) {
    skip_space();
    return p < end && *p == c;
  }
  bool eat(unsigned char c) {
    if (!peek(c)) return false;
    ++p;
    return true;
  }
  // A string literal in single or double quotes, printable ASCII, no escapes (none of the
  // keys or dtypes numpy writes has one).
  bool string(const unsigned char*& s, std::size_t& len) {
    skip_space();
    if (p >= end || (*p != '\'' && *p != '"')) return false;
    const unsigned char quote = *p++;
    s = p;
    while (p < end && *p != quote) {
      if (*p == '\\' || *p < 0x20 || *p >= 0x7f) return false;
      ++p;
    }
    if (p >= end) return false;
    len = static_cast<std::size_t>(p - s);
    ++p;
    return true;
  }
  // A keyword such as True, not the start of a longer name.
  bool word(const char* w) {
    skip_space();
    const std::size_t n = std::strlen(w);
    const std::size_t left = static_cast<std::size_t>(end - p);
    if (left < n || std::memcmp(p, w, n) != 0) return false;
    if (left > n && is_word_char(p[n])) return false;
    p += n;
    return true;
  }
  // A non-negative decimal integer (Python 2's 'L' suffix allowed); false on overflow.
  bool integer(std::uint64_t& v) {
    skip_space();
    if (p >= end || *p < '0' || *p > '9') return false;
    v = 0;
    while (p < end && *p >= '0' && *p <= '9') {
      const unsigned d = static_cast<unsigned>(*p - '0');
      if (v > (std::numeric_limits<std::uint64_t>::max() - d) / 10u) return false;
      v = v * 10u + d;
      ++p;
    }
    if (p < end && *p == 'L') ++p;
    return true;
  }
};

inline bool same(const unsigned char* s, std::size_t len, const char* word) {
  return len == std::strlen(word) && std::memcmp(s, word, len) == 0;
}

// descr such as '<f8': byte order, kind, item size.
inline Status parse_descr(const unsigned char* s, std::size_t len, NpyArray& a) {
  if (len < 3) return Status::unsupported_format;  // '|O' and friends
  const unsigned char order = s[0], kind = s[1];
  if (order != '<' && order != '>' && order != '=' && order != '|') return Status::unsupported_format;
  std::uint64_t n = 0;
  for (std::size_t i = 2; i < len; ++i) {
    if (s[i] < '0' || s[i] > '9') return Status::unsupported_format;
    n = n * 10u + static_cast<unsigned>(s[i] - '0');
    if (n > kMaxStringChars) return Status::unsupported_format;
  }
  a.big_endian = order == '>';
  switch (kind) {
    case 'f':
      if (n == 4) a.dtype = NpyDtype::float32;
      else if (n == 8) a.dtype = NpyDtype::float64;
      else return Status::unsupported_format;
      a.item_bytes = static_cast<unsigned>(n);
      return Status::ok;
    case 'i':
      if (n == 4) a.dtype = NpyDtype::int32;
      else if (n == 8) a.dtype = NpyDtype::int64;
      else return Status::unsupported_format;
      a.item_bytes = static_cast<unsigned>(n);
      return Status::ok;
    case 'U':
      if (n == 0) return Status::unsupported_format;
      a.dtype = NpyDtype::unicode;
      a.item_bytes = static_cast<unsigned>(4u * n);
      return Status::ok;
    case 'S':
      if (n == 0) return Status::unsupported_format;
      a.dtype = NpyDtype::bytes;
      a.big_endian = false;
      a.item_bytes = static_cast<unsigned>(n);
      return Status::ok;
    default: return Status::unsupported_format;
  }
}

// The header dict, strictly: each of the three keys once, in any order, a trailing comma
// allowed, only white space after the closing brace.
inline Status parse_header(HeaderText t, NpyArray& a) {
  bool have_descr = false, have_order = false, have_shape = false;
  if (!t.eat('{')) return Status::malformed_file;
  while (!t.eat('}')) {
    const unsigned char* key = nullptr;
    std::size_t key_len = 0;
    if (!t.string(key, key_len) || !t.eat(':')) return Status::malformed_file;
    if (same(key, key_len, "descr")) {
      if (have_descr) return Status::malformed_file;
      have_descr = true;
      if (t.peek('[')) return Status::unsupported_format;  // a structured dtype
      const unsigned char* d = nullptr;
      std::size_t d_len = 0;
      if (!t.string(d, d_len)) return Status::malformed_file;
      const Status s = parse_descr(d, d_len, a);
      if (s != Status::ok) return s;
    } else if (same(key, key_len, "fortran_order")) {
      if (have_order) return Status::malformed_file;
      have_order = true;
      if (t.word("True")) a.fortran_order = true;
      else if (t.word("False")) a.fortran_order = false;
      else return Status::malformed_file;
    } else if (same(key, key_len, "shape")) {
      if (have_shape) return Status::malformed_file;
      have_shape = true;
      if (!t.eat('(')) return Status::malformed_file;
      a.ndim = 0;
      if (!t.eat(')')) {
        for (;;) {
          std::uint64_t v = 0;
          if (!t.integer(v)) return Status::malformed_file;
          if (a.ndim == kNpyMaxDims) return Status::unsupported_format;
          a.shape[a.ndim++] = v;
          if (t.eat(',')) {
            if (t.eat(')')) break;
          } else if (t.eat(')')) {
            if (a.ndim == 1) return Status::malformed_file;  // "(3)" is an int, not a tuple
            break;
          } else {
            return Status::malformed_file;
          }
        }
      }
    } else {
      return Status::malformed_file;
    }
    if (!t.eat(',')) {
      if (!t.eat('}')) return Status::malformed_file;
      break;
    }
  }
  t.skip_space();
  if (t.p != t.end || !have_descr || !have_order || !have_shape) return Status::malformed_file;
  return Status::ok;
}

inline std::uint64_t load_unsigned(const unsigned char* p, unsigned bytes, bool big_endian) {
  std::uint64_t v = 0;
  for (unsigned k = 0; k < bytes; ++k) {
    const unsigned shift = 8u * (big_endian ? bytes - 1u - k : k);
    v |= static_cast<std::uint64_t>(p[k]) << shift;
  }
  return v;
}

// Element `i` in storage order, widened to double (float32 and float64 arrays).
inline double load_float(const NpyArray& a, std::uint64_t i) {
  const unsigned char* p = a.data + i * a.item_bytes;
  if (a.dtype == NpyDtype::float32) {
    const std::uint32_t bits = static_cast<std::uint32_t>(load_unsigned(p, 4, a.big_endian));
    float f = 0.0f;
    std::memcpy(&f, &bits, 4);
    return static_cast<double>(f);
  }
  const std::uint64_t bits = load_unsigned(p, 8, a.big_endian);
  double d = 0.0;
  std::memcpy(&d, &bits, 8);
  return d;
}

// Element `i` of an integer array, sign-extended.
inline std::int64_t load_int(const NpyArray& a, std::uint64_t i) {
  const unsigned char* p = a.data + i * a.item_bytes;
  if (a.dtype == NpyDtype::int32) {
    const std::uint32_t bits = static_cast<std::uint32_t>(load_unsigned(p, 4, a.big_endian));
    std::int32_t v = 0;
    std::memcpy(&v, &bits, 4);
    return v;
  }
  const std::uint64_t bits = load_unsigned(p, 8, a.big_endian);
  std::int64_t v = 0;
  std::memcpy(&v, &bits, 8);
  return v;
}

// The storage position of the element at logical C-order (row-major) position i.
inline std::uint64_t storage_index(const NpyArray& a, std::uint64_t i) {
  if (!a.fortran_order || a.ndim < 2) return i;
  std::uint64_t idx[kNpyMaxDims] = {0, 0, 0, 0};
  for (int d = a.ndim - 1; d >= 0; --d) {
    idx[d] = i % a.shape[d];
    i /= a.shape[d];
  }
  std::uint64_t offset = 0;  // Fortran order: the first index varies fastest
  for (int d = a.ndim - 1; d >= 0; --d) offset = offset * a.shape[d] + idx[d];
  return offset;
}

// A hand-built NpyArray must be as parse_npy makes them before the copies read it.
inline bool consistent(const NpyArray& a) {
  if (a.ndim < 0 || a.ndim > kNpyMaxDims || a.item_bytes == 0) return false;
  std::uint64_t count = 1;
  for (int d = 0; d < a.ndim; ++d) {
    if (a.shape[d] != 0 && count > std::numeric_limits<std::uint64_t>::max() / a.shape[d]) return false;
    count *= a.shape[d];
  }
  if (count != a.count || count > a.data_bytes / a.item_bytes) return false;
  return a.data != nullptr || a.count == 0;
}

template <class T>
Status copy_floating(const NpyArray& a, T* out, std::size_t capacity) {
  if (!consistent(a) || (out == nullptr && a.count > 0)) return Status::invalid_argument;
  if (a.dtype != NpyDtype::float32 && a.dtype != NpyDtype::float64) return Status::unsupported_format;
  if (a.count > capacity) return Status::capacity_exceeded;
  // Check every value before writing any, so a failure leaves `out` as it was.
  constexpr double kLargest = static_cast<double>(std::numeric_limits<T>::max());
  for (std::uint64_t i = 0; i < a.count; ++i) {
    const double v = load_float(a, i);
    if (!std::isfinite(v) || std::fabs(v) > kLargest) return Status::non_finite_input;  // beyond float: Inf there
  }
  for (std::uint64_t i = 0; i < a.count; ++i) out[i] = static_cast<T>(load_float(a, storage_index(a, i)));
  return Status::ok;
}

}  // namespace npy_detail
/// \endcond

/// Parses a complete .npy file held in `bytes`; `out.data` points into them. The statuses
/// are the file comment's, and invalid_argument for a null `bytes`; `out` is written only on ok.
inline Status parse_npy(const unsigned char* bytes, std::size_t size, NpyArray& out) {
  static constexpr unsigned char kMagic[6] = {0x93u, 'N', 'U', 'M', 'P', 'Y'};
  if (bytes == nullptr) return Status::invalid_argument;
  if (size < 8 || std::memcmp(bytes, kMagic, 6) != 0) return Status::malformed_file;
  const unsigned major = bytes[6], minor = bytes[7];
  if (major < 1 || major > 3 || minor != 0) return Status::unsupported_version;
  const std::size_t prefix = major == 1 ? 10u : 12u;
  if (size < prefix) return Status::malformed_file;
  const std::uint64_t header_bytes = npy_detail::load_unsigned(bytes + 8, major == 1 ? 2u : 4u, false);
  if (header_bytes > size - prefix) return Status::malformed_file;
  const std::size_t data_offset = prefix + static_cast<std::size_t>(header_bytes);

  NpyArray a;
  const Status s = npy_detail::parse_header({bytes + prefix, bytes + data_offset}, a);
  if (s != Status::ok) return s;
  std::uint64_t count = 1;
  for (int d = 0; d < a.ndim; ++d) {
    if (a.shape[d] != 0 && count > std::numeric_limits<std::uint64_t>::max() / a.shape[d]) {
      return Status::malformed_file;
    }
    count *= a.shape[d];
  }
  if (count > (size - data_offset) / a.item_bytes) return Status::malformed_file;  // data shorter than the shape
  a.count = count;
  a.data = bytes + data_offset;
  a.data_bytes = static_cast<std::size_t>(count) * a.item_bytes;
  out = a;
  return Status::ok;
}

/// The values of a float32/float64 array as Scalar (float), in logical C (row-major) order
/// whatever the file's order and byte order. non_finite_input for a NaN, an Inf, or a
/// float64 beyond float's range; unsupported_format for a non-float dtype;
/// capacity_exceeded when count > capacity; invalid_argument for a null `out` or an array
/// whose fields do not agree (not from parse_npy). `out` is untouched unless ok.
inline Status npy_copy_float(const NpyArray& a, Scalar* out, std::size_t capacity) {
  return npy_detail::copy_floating(a, out, capacity);
}

/// As npy_copy_float, in double: the weights as given (a float32 file widens exactly).
inline Status npy_copy_double(const NpyArray& a, double* out, std::size_t capacity) {
  return npy_detail::copy_floating(a, out, capacity);
}

/// An int32/int64 index array (SciPy's sparse indices, indptr, shape) in logical C order.
/// unsupported_format for another dtype or a value outside [0, 2^32 - 1]; invalid_argument
/// and capacity_exceeded as npy_copy_float. `out` is untouched unless ok.
inline Status npy_copy_index(const NpyArray& a, std::uint32_t* out, std::size_t capacity) {
  if (!npy_detail::consistent(a) || (out == nullptr && a.count > 0)) return Status::invalid_argument;
  if (a.dtype != NpyDtype::int32 && a.dtype != NpyDtype::int64) return Status::unsupported_format;
  if (a.count > capacity) return Status::capacity_exceeded;
  for (std::uint64_t i = 0; i < a.count; ++i) {
    const std::int64_t v = npy_detail::load_int(a, i);
    if (v < 0 || v > static_cast<std::int64_t>(std::numeric_limits<std::uint32_t>::max())) {
      return Status::unsupported_format;
    }
  }
  for (std::uint64_t i = 0; i < a.count; ++i) {
    out[i] = static_cast<std::uint32_t>(npy_detail::load_int(a, npy_detail::storage_index(a, i)));
  }
  return Status::ok;
}

/// A one-element (0-d, as numpy.savez stores a Python str) unicode or bytes array as a
/// NUL-terminated ASCII string; numpy's trailing NUL padding is dropped. unsupported_format
/// for another dtype or a character outside printable ASCII; size_mismatch when the array
/// has more than one element; capacity_exceeded when the text and its NUL do not fit;
/// invalid_argument for a null `out`. `out` is untouched unless ok.

inline Status npy_string(const NpyArray& a, char* out, std::size_t capacity) {
  if (!npy_detail::consistent(a) || out == nullptr) return Status::invalid_argument;
  if (a.dtype != NpyDtype::unicode && a.dtype != NpyDtype::bytes) return Status::unsupported_format;
  if (a.count != 1) return Status::size_mismatch;
  const unsigned unit = a.dtype == NpyDtype::unicode ? 4u : 1u;
  std::size_t len = a.item_bytes / unit;
  while (len > 0 && npy_detail::load_unsigned(a.data + (len - 1) * unit, unit, a.big_endian) == 0) --len;
  for (std::size_t i = 0; i < len; ++i) {
    const std::uint64_t c = npy_detail::load_unsigned(a.data + i * unit, unit, a.big_endian);
    if (c < 0x20u || c >= 0x7fu) return Status::unsupported_format;
  }
  if (len >= capacity) return Status::capacity_exceeded;
  for (std::size_t i = 0; i < len; ++i) {
    out[i] = static_cast<char>(npy_detail::load_unsigned(a.data + i * unit, unit, a.big_endian));
  }
  out[len] = '\0';
  return Status::ok;
}

}  // namespace edgechaos
