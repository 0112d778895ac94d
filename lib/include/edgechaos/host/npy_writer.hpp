/// \file
/// .npy and .npz files as bytes, on the desktop: what numpy.save and numpy.savez would write
/// for float32/float64 arrays in C order (format 1.0, little-endian), and 0-d strings, so
/// that numpy.load reads what edgechaos writes. The caller writes the bytes to a file.
#pragma once

#include "edgechaos/host/host_only.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "edgechaos/core/crc32.hpp"

namespace edgechaos {

/// \cond IMPLEMENTATION
// (this header's implementation helpers: out of the API reference, like detail::)
namespace npy_writer_detail {

// The header dict as numpy writes it, padded with spaces so that the data starts at a
// multiple of 64 bytes, and ended by a newline.
inline std::vector<unsigned char> header(const char* descr, const std::vector<std::uint64_t>& shape) {
  std::string dict = std::string("{'descr': '") + descr + "', 'fortran_order': False, 'shape': (";
  for (std::size_t d = 0; d < shape.size(); ++d) {
    dict += std::to_string(shape[d]);
    if (d + 1 < shape.size() || shape.size() == 1) dict += ",";
    if (d + 1 < shape.size()) dict += " ";
  }
  dict += "), }";
  const std::size_t unpadded = 10 + dict.size() + 1;
  dict.append((64 - unpadded % 64) % 64, ' ');
  dict += '\n';
  std::vector<unsigned char> out = {0x93u, 'N', 'U', 'M', 'P', 'Y', 1u, 0u};
  out.push_back(static_cast<unsigned char>(dict.size() & 0xFFu));
  out.push_back(static_cast<unsigned char>(dict.size() >> 8));
  out.insert(out.end(), dict.begin(), dict.end());
  return out;
}

inline std::uint64_t count_of(const std::vector<std::uint64_t>& shape) {
  std::uint64_t n = 1;
  for (const std::uint64_t s : shape) n *= s;
  return n;
}

template <class T, class Bits>
std::vector<unsigned char> array_bytes(const char* descr, const T* data, const std::vector<std::uint64_t>& shape) {
  std::vector<unsigned char> out = header(descr, shape);
  const std::uint64_t n = count_of(shape);
  out.reserve(out.size() + static_cast<std::size_t>(n) * sizeof(T));
  for (std::uint64_t i = 0; i < n; ++i) {
    Bits bits = 0;
    std::memcpy(&bits, data + i, sizeof(T));
    for (std::size_t k = 0; k < sizeof(T); ++k) out.push_back(static_cast<unsigned char>(bits >> (8 * k)));
  }
  return out;
}

inline void put(std::vector<unsigned char>& out, std::uint64_t v, unsigned bytes) {
  for (unsigned k = 0; k < bytes; ++k) out.push_back(static_cast<unsigned char>(v >> (8u * k)));
}

}  // namespace npy_writer_detail
/// \endcond

/// A float32 (descr `<f4`) array of `shape` (empty: 0-d) as .npy bytes, its values in C
/// (row-major) order. The element count is the product of the shape.
inline std::vector<unsigned char> npy_bytes(const float* data, const std::vector<std::uint64_t>& shape) {
  return npy_writer_detail::array_bytes<float, std::uint32_t>("<f4", data, shape);
}
/// As npy_bytes(const float*, ...) for a float64 (descr `<f8`) array.
inline std::vector<unsigned char> npy_bytes(const double* data, const std::vector<std::uint64_t>& shape) {
  return npy_writer_detail::array_bytes<double, std::uint64_t>("<f8", data, shape);
}

/// A 0-d unicode string array (descr `<U{n}`) as .npy bytes, as numpy.savez stores a Python
/// str ("tanh").
inline std::vector<unsigned char> npy_string_bytes(const std::string& text) {
  const std::size_t n = text.empty() ? 1 : text.size();
  std::vector<unsigned char> out = npy_writer_detail::header(("<U" + std::to_string(n)).c_str(), {});
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned char c = i < text.size() ? static_cast<unsigned char>(text[i]) : 0u;
    npy_writer_detail::put(out, c, 4);
  }
  return out;
}

/// One .npz entry: its name without ".npy" and the bytes of its .npy file.
struct NpzInput {
  std::string name;             ///< the key numpy.load gives (".npy" is appended)
  std::vector<unsigned char> npy;  ///< a whole .npy file (npy_bytes, npy_string_bytes)
};

/// A ZIP of STORED entries named `"<name>.npy"`, each with its CRC-32, as numpy.savez writes
/// (without its zip64 fields: every size here fits in 32 bits). Empty when an entry or the
/// whole archive would reach 4 GiB, a name is longer than 65535 bytes, or there are 65535
/// entries or more.


inline std::vector<unsigned char> npz_bytes(const std::vector<NpzInput>& entries) {
  using npy_writer_detail::put;
  // 1980-01-01 00:00, reproducible: year - 1980 = 0 (bits 9-15), month 1 (bits 5-8), day 1.
  constexpr std::uint32_t kDosDate = (1u << 5) | 1u;
  std::vector<unsigned char> out, dir;
  for (const NpzInput& e : entries) {
    const std::string name = e.name + ".npy";
    const std::uint64_t offset = out.size();
    if (name.size() > 0xFFFFu || e.npy.size() >= 0xFFFFFFFFu || offset >= 0xFFFFFFFFu) return {};
    const std::uint32_t crc = edgechaos::crc32(e.npy.data(), e.npy.size());
    const auto size = static_cast<std::uint32_t>(e.npy.size());
    put(out, 0x04034b50u, 4);  // local header
    put(out, 20, 2);           // version needed: 2.0
    put(out, 0, 2);            // flags
    put(out, 0, 2);            // method: stored
    put(out, 0, 2);            // time
    put(out, kDosDate, 2);
    put(out, crc, 4);
    put(out, size, 4);
    put(out, size, 4);
    put(out, name.size(), 2);
    put(out, 0, 2);  // extra
    out.insert(out.end(), name.begin(), name.end());
    out.insert(out.end(), e.npy.begin(), e.npy.end());

    put(dir, 0x02014b50u, 4);  // central directory record
    put(dir, (3u << 8) | 20u, 2);  // made by: Unix, 2.0
    put(dir, 20, 2);
    put(dir, 0, 2);
    put(dir, 0, 2);
    put(dir, 0, 2);
    put(dir, kDosDate, 2);
    put(dir, crc, 4);
    put(dir, size, 4);
    put(dir, size, 4);
    put(dir, name.size(), 2);
    put(dir, 0, 2);  // extra
    put(dir, 0, 2);  // comment
    put(dir, 0, 2);  // disk
    put(dir, 0, 2);  // internal attributes
    put(dir, 0x81A40000u, 4);  // external: a regular file, rw-r--r--
    put(dir, offset, 4);
    dir.insert(dir.end(), name.begin(), name.end());
  }
  const std::uint64_t dir_offset = out.size();
  if (entries.size() >= 0xFFFFu || dir_offset >= 0xFFFFFFFFu || dir.size() >= 0xFFFFFFFFu ||
      dir_offset + dir.size() >= 0xFFFFFFFFu) {
    return {};
  }
  out.insert(out.end(), dir.begin(), dir.end());
  put(out, 0x06054b50u, 4);  // end of central directory
  put(out, 0, 2);
  put(out, 0, 2);
  put(out, entries.size(), 2);
  put(out, entries.size(), 2);
  put(out, dir.size(), 4);
  put(out, dir_offset, 4);
  put(out, 0, 2);  // comment
  return out;
}

}  // namespace edgechaos
