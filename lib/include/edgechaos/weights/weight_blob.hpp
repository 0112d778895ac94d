/// \file
/// A weight blob: J, W_in and b of a trained or generated network in one checked byte
/// image, to ship in flash and read without copying.
///
/// Layout (little-endian, 4-byte aligned):
/// <pre>
///   offset  0: magic "ECW1"         offset 4: u32 version (1)
///   offset  8: u32 n (neurons)      offset 12: u32 m (inputs)
///   offset 16: u32 CRC-32 (IEEE) of the payload
///   offset 20: u32 CRC-32 of bytes 0..19 (the header itself)
///   offset 24: payload, IEEE-754 binary32: J (n*n, row-major), W_in (n*m, row-major), b (n)
/// </pre>
/// Reading checks every field, both checksums and that every weight is finite; any failure
/// is Status::corrupted_blob and fills nothing. The view points into the blob (zero copy),
/// so on a little-endian target the blob can stay in flash.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "edgechaos/core/config.hpp"
#include "edgechaos/core/crc32.hpp"
#include "edgechaos/core/status.hpp"

namespace edgechaos {

/// The weights inside a checked blob (read_weight_blob): pointers into the blob's bytes.
struct WeightBlobView {
  const Scalar* couplings = nullptr;      ///< J: n x n, row-major
  const Scalar* input_weights = nullptr;  ///< W_in: n x m, row-major (nullptr when m = 0)
  const Scalar* bias = nullptr;           ///< b: n
  std::uint32_t n = 0;                    ///< neurons
  std::uint32_t m = 0;                    ///< inputs
};

/// The weight blob's byte format: header constants and little-endian field access.
namespace blob {

constexpr std::size_t kHeaderBytes = 24;                   ///< the header's size; the payload follows
constexpr std::uint32_t kVersion = 1;                      ///< the only version written and read
constexpr unsigned char kMagic[4] = {'E', 'C', 'W', '1'};  ///< the first four bytes

/// The shared CRC-32 (core/crc32.hpp), under the name this header has always used.
inline std::uint32_t crc32(const unsigned char* data, std::size_t size, std::uint32_t crc = 0) {
  return edgechaos::crc32(data, size, crc);
}

/// The little-endian u32 at \p p (any alignment, any host byte order).
inline std::uint32_t load_u32(const unsigned char* p) {
  return static_cast<std::uint32_t>(p[0]) | (static_cast<std::uint32_t>(p[1]) << 8) |
         (static_cast<std::uint32_t>(p[2]) << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
}

/// Stores \p v little-endian at \p p (any alignment).
inline void store_u32(unsigned char* p, std::uint32_t v) {
  for (int k = 0; k < 4; ++k) p[k] = static_cast<unsigned char>(v >> (8 * k));
}

/// True on a little-endian host: the payload is read in place only there.
inline bool host_is_little_endian() {
  const std::uint32_t one = 1u;
  unsigned char first = 0;
  std::memcpy(&first, &one, 1);
  return first == 1u;
}

}  // namespace blob

/// Bytes needed for a blob of n neurons and m inputs (0 for n = 0, or n or m above 65535).
constexpr std::size_t weight_blob_size(std::size_t n, std::size_t m) {
  if (n == 0 || n > 65535 || m > 65535) return 0;
  return blob::kHeaderBytes + sizeof(Scalar) * (n * n + n * m + n);
}

/// Writes J (n x n), W (n x m; may be nullptr when m = 0) and b (n; nullptr means zero) as
/// a blob into \p out. Status::invalid_argument for a null J or out, a bad size, a null W
/// with m > 0, or a big-endian host; Status::size_mismatch when \p capacity is below
/// weight_blob_size(n, m).
inline Status write_weight_blob(const Scalar* J, const Scalar* W, const Scalar* b, std::uint32_t n, std::uint32_t m,
                                unsigned char* out, std::size_t capacity) {
  const std::size_t size = weight_blob_size(n, m);
  if (J == nullptr || out == nullptr || size == 0 || (m > 0 && W == nullptr)) return Status::invalid_argument;
  if (capacity < size) return Status::size_mismatch;
  if (!blob::host_is_little_endian()) return Status::invalid_argument;  // the format is little-endian
  unsigned char* p = out + blob::kHeaderBytes;
  std::memcpy(p, J, sizeof(Scalar) * n * n);
  p += sizeof(Scalar) * n * n;
  if (m > 0) std::memcpy(p, W, sizeof(Scalar) * n * m);
  p += sizeof(Scalar) * n * m;
  if (b != nullptr) {
    std::memcpy(p, b, sizeof(Scalar) * n);
  } else {
    std::memset(p, 0, sizeof(Scalar) * n);
  }
  std::memcpy(out, blob::kMagic, 4);
  blob::store_u32(out + 4, blob::kVersion);
  blob::store_u32(out + 8, n);
  blob::store_u32(out + 12, m);
  blob::store_u32(out + 16, blob::crc32(out + blob::kHeaderBytes, size - blob::kHeaderBytes));
  blob::store_u32(out + 20, blob::crc32(out, 20));
  return Status::ok;
}

/// Checks a blob and points \p view into it (zero copy). \p view is untouched unless the
/// result is ok. Status::corrupted_blob for a bad magic, version, size, checksum or a
/// non-finite weight; Status::invalid_argument for null data, a big-endian host or a
/// payload not aligned for float.
inline Status read_weight_blob(const unsigned char* data, std::size_t size, WeightBlobView& view) {
  if (data == nullptr) return Status::invalid_argument;
  if (size < blob::kHeaderBytes || std::memcmp(data, blob::kMagic, 4) != 0) return Status::corrupted_blob;
  if (blob::load_u32(data + 20) != blob::crc32(data, 20)) return Status::corrupted_blob;
  if (blob::load_u32(data + 4) != blob::kVersion) return Status::corrupted_blob;
  const std::uint32_t n = blob::load_u32(data + 8);
  const std::uint32_t m = blob::load_u32(data + 12);
  const std::size_t expected = weight_blob_size(n, m);
  if (expected == 0 || expected != size) return Status::corrupted_blob;
  const unsigned char* payload = data + blob::kHeaderBytes;
  if (blob::load_u32(data + 16) != blob::crc32(payload, size - blob::kHeaderBytes)) return Status::corrupted_blob;
  if (!blob::host_is_little_endian()) return Status::invalid_argument;
  if (reinterpret_cast<std::uintptr_t>(payload) % alignof(Scalar) != 0) return Status::invalid_argument;
  const Scalar* weights = reinterpret_cast<const Scalar*>(payload);
  const std::size_t count = static_cast<std::size_t>(n) * (n + m + 1);
  for (std::size_t k = 0; k < count; ++k) {
    if (!std::isfinite(weights[k])) return Status::corrupted_blob;
  }
  view.couplings = weights;
  view.input_weights = m > 0 ? weights + static_cast<std::size_t>(n) * n : nullptr;
  view.bias = weights + static_cast<std::size_t>(n) * (n + m);
  view.n = n;
  view.m = m;
  return Status::ok;
}

}  // namespace edgechaos
