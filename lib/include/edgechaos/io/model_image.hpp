/// \file
/// A model image: a whole ModelSpec (io/model_spec.hpp) in one self-describing, versioned,
/// CRC-checked byte image, read back zero-copy (the view's pointers point into the image,
/// so the image can sit in flash). It is version 2 of the weight-blob family: the version-1
/// blob (weights/weight_blob.hpp, magic "ECW1") stays readable by read_weight_blob, and
/// read_model_image answers it with unsupported_version.
///
/// Layout (little-endian; every array starts on a 4-byte boundary; floats IEEE-754 binary32):
/// \code{.unparsed}
///   offset  0: magic "ECMI"                 4: u32 version (2)
///   offset  8: u32 total bytes of the image (header + payload; must equal the size given)
///   offset 12: u8 form, u8 integrator, u8 activation, u8 storage   (io/model_spec.hpp's values)
///   offset 16: u8 features (feature_bits), u8 index bytes (2 or 4 for sparse, else 0),
///              u8 flags (bit 0 b, bit 1 c, bit 2 W_fb present, bit 3 generator_known), u8 0
///   offset 20: u32 n, 24: u32 m, 28: u32 k
///   offset 32: f32 leak, 36: f32 dt, 40: u32 k_hold, 44: u32 nnz (sparse, else 0)
///   offset 48: the generator: f32 g, 52: f32 gamma, 56: u64 coupling seed, 64: f32 sparse_p,
///              68: f32 input scaling, 72: f32 input connectivity, 76: u8 input kind, u8 0 x 3,
///              80: u64 input seed   (stored as given; used for storage generated, a record
///              of where J and W_in came from when generator_known)
///   offset 88: u32 CRC-32 of the payload (bytes 96 .. total - 1)
///   offset 92: u32 CRC-32 of bytes 0..91 (the header itself)
///   offset 96: the payload, in this order, each part padded with zeros to 4 bytes:
///     dense J (n*n f32) | sparse row_ptr (n+1), col (nnz) in the index type, val (nnz f32) |
///     nothing for generated;
///     W_in (n*m f32; not for generated storage, whose W_in is regenerated);
///     b (n, if flagged); W_out (k*f, f = feature_count()); c (k, if flagged); W_fb (n*k, if flagged).
/// \endcode
/// CRC-32 is weights/weight_blob.hpp's blob::crc32 (IEEE 802.3); it detects every single-bit
/// error and every burst up to 32 bits, so a damaged image is malformed_file, not a model.
///
/// Reading checks, in order: the "ECW1" magic (unsupported_version), the size and the magic,
/// the header CRC, the version (a well-formed header of another version: unsupported_version),
/// every field's range and that the sizes add up to the total exactly (all in 64-bit, with
/// the ModelSpec bounds first, so no count can overflow), the payload CRC (all malformed_file);
/// then io/model_spec.hpp's validate() on the view (invalid_argument for a parameter out of
/// its domain, non_finite_input for a NaN/Inf weight). Nothing is read past `size`, and the
/// view is written only when the answer is ok.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "edgechaos/core/config.hpp"
#include "edgechaos/core/status.hpp"
#include "edgechaos/io/model_spec.hpp"
#include "edgechaos/weights/weight_blob.hpp"

namespace edgechaos {

/// The model-image format (the layout in io/model_image.hpp's file comment) and its
/// little-endian byte helpers, shared by the writer, the reader and the tools.
namespace image {

constexpr unsigned char kMagic[4] = {'E', 'C', 'M', 'I'};  ///< the first 4 bytes of an image
constexpr std::uint32_t kVersion = 2;                       ///< the format version written and read
constexpr std::size_t kHeaderBytes = 96;                    ///< header size; the payload starts here
constexpr std::size_t kPayloadCrcOffset = 88;               ///< where the payload's CRC-32 is stored
constexpr std::size_t kHeaderCrcOffset = 92;                ///< where the CRC-32 of bytes 0..91 is stored

constexpr std::uint8_t kFlagBias = 1u;             ///< flags bit: b is stored
constexpr std::uint8_t kFlagC = 2u;                ///< flags bit: c is stored
constexpr std::uint8_t kFlagFeedback = 4u;         ///< flags bit: W_fb is stored
constexpr std::uint8_t kFlagGeneratorKnown = 8u;   ///< flags bit: ModelSpec::generator_known
constexpr std::uint8_t kFlagsAll = 15u;            ///< every defined flag (others are malformed)

/// bytes rounded up to a multiple of 4 (every array starts 4-byte aligned).
constexpr std::uint64_t pad4(std::uint64_t bytes) { return (bytes + 3u) / 4u * 4u; }

/// A little-endian u64 from p (no alignment needed).
inline std::uint64_t load_u64(const unsigned char* p) {
  return static_cast<std::uint64_t>(blob::load_u32(p)) | (static_cast<std::uint64_t>(blob::load_u32(p + 4)) << 32);
}
/// v as a little-endian u64 at p.
inline void store_u64(unsigned char* p, std::uint64_t v) {
  blob::store_u32(p, static_cast<std::uint32_t>(v));
  blob::store_u32(p + 4, static_cast<std::uint32_t>(v >> 32));
}
/// A little-endian IEEE-754 binary32 from p (bit-exact, no alignment needed).
inline float load_f32(const unsigned char* p) {
  const std::uint32_t b = blob::load_u32(p);
  float v;
  std::memcpy(&v, &b, sizeof v);
  return v;
}
/// v as little-endian binary32 at p (bit-exact).
inline void store_f32(unsigned char* p, float v) {
  std::uint32_t b;
  std::memcpy(&b, &v, sizeof b);
  blob::store_u32(p, b);
}

/// Byte offsets of the payload's parts (relative to the image start); 0 = absent.
struct Layout {
  std::uint64_t J = 0,  ///< dense J (n*n f32)
      row_ptr = 0,      ///< sparse row starts (n + 1, index type)
      col = 0,          ///< sparse column indices (nnz, index type)
      val = 0,          ///< sparse values (nnz f32)
      W_in = 0,         ///< input weights (n*m f32; absent for generated storage)
      b = 0,            ///< bias (n f32, if flagged)
      W_out = 0,        ///< readout (k*f f32)
      c = 0,            ///< readout intercept (k f32, if flagged)
      W_fb = 0;         ///< feedback (n*k f32, if flagged)
  std::uint64_t total = 0;  ///< the image size these parts add up to
};

/// The layout of a header's sizes. The caller has bounded n, m, k and nnz (n <= 65535,
/// m, k <= 4096, nnz <= n*n), so every product below is far below 2^64.
inline Layout layout(CouplingStorage storage, std::uint8_t index_bytes, std::uint8_t flags, std::uint64_t n,
                     std::uint64_t m, std::uint64_t k, std::uint64_t f, std::uint64_t nnz) {
  Layout L;
  std::uint64_t at = kHeaderBytes;
  if (storage == CouplingStorage::dense) {
    L.J = at;
    at += 4u * n * n;
  } else if (storage == CouplingStorage::sparse) {
    L.row_ptr = at;
    at += pad4(index_bytes * (n + 1u));
    L.col = at;
    at += pad4(index_bytes * nnz);
    L.val = at;
    at += 4u * nnz;
  }
  if (storage != CouplingStorage::generated) {
    L.W_in = at;
    at += 4u * n * m;
  }
  if (flags & kFlagBias) {
    L.b = at;
    at += 4u * n;
  }
  L.W_out = at;
  at += 4u * k * f;
  if (flags & kFlagC) {
    L.c = at;
    at += 4u * k;
  }
  if (flags & kFlagFeedback) {
    L.W_fb = at;
    at += 4u * n * k;
  }
  L.total = at;
  return L;
}

/// The flags byte of s (which optional arrays are present, generator_known).
inline std::uint8_t flags_of(const ModelSpec& s) {
  return static_cast<std::uint8_t>((s.b != nullptr ? kFlagBias : 0u) | (s.c != nullptr ? kFlagC : 0u) |
                                   (s.W_fb != nullptr ? kFlagFeedback : 0u) |
                                   (s.generator_known ? kFlagGeneratorKnown : 0u));
}

/// The index-bytes field of s: 2 or 4 for sparse storage, else 0.
inline std::uint8_t index_bytes_of(const ModelSpec& s) {
  return s.storage == CouplingStorage::sparse ? s.sparse.index_bytes : std::uint8_t{0};
}

/// count floats of v copied to out + offset (the image's byte order is the host's, little-endian).
inline void put_floats(unsigned char* out, std::uint64_t offset, const Scalar* v, std::uint64_t count) {
  if (count > 0) std::memcpy(out + static_cast<std::size_t>(offset), v, static_cast<std::size_t>(4u * count));
}

}  // namespace image

/// Bytes of the image of s; 0 if s is not valid (validate(s) != ok) or the image would not
/// fit a size_t (or 32 bits, the header's total field).
inline std::size_t model_image_size(const ModelSpec& s) {
  if (validate(s) != Status::ok) return 0;
  const image::Layout L = image::layout(s.storage, image::index_bytes_of(s), image::flags_of(s), s.n, s.m, s.k,
                                        s.feature_count(), s.storage == CouplingStorage::sparse ? s.sparse.nnz : 0u);
  if (L.total > static_cast<std::uint64_t>(static_cast<std::size_t>(-1)) || L.total > 0xFFFFFFFFu) return 0;
  return static_cast<std::size_t>(L.total);
}

/// Writes the image of s into out[0 .. model_image_size(s)). invalid_argument /
/// non_finite_input as validate(s) says (or a null out), size_mismatch when capacity is too
/// small, unsupported_format on a big-endian host. Nothing is written unless the result is ok.
inline Status write_model_image(const ModelSpec& s, unsigned char* out, std::size_t capacity) {
  if (out == nullptr) return Status::invalid_argument;
  const Status v = validate(s);
  if (v != Status::ok) return v;
  if (!blob::host_is_little_endian()) return Status::unsupported_format;
  const std::size_t size = model_image_size(s);
  if (size == 0) return Status::invalid_argument;
  if (capacity < size) return Status::size_mismatch;
  const std::uint8_t flags = image::flags_of(s), ib = image::index_bytes_of(s);
  const std::uint64_t n = s.n, m = s.m, k = s.k, f = s.feature_count();
  const std::uint32_t nnz = s.storage == CouplingStorage::sparse ? s.sparse.nnz : 0u;
  const image::Layout L = image::layout(s.storage, ib, flags, n, m, k, f, nnz);

  std::memset(out, 0, size);  // the header's reserved bytes and the parts' padding are 0
  std::memcpy(out, image::kMagic, 4);
  blob::store_u32(out + 4, image::kVersion);
  blob::store_u32(out + 8, static_cast<std::uint32_t>(size));
  out[12] = static_cast<unsigned char>(s.form);
  out[13] = static_cast<unsigned char>(s.integrator);
  out[14] = static_cast<unsigned char>(s.activation);
  out[15] = static_cast<unsigned char>(s.storage);
  out[16] = s.features;
  out[17] = ib;
  out[18] = flags;
  blob::store_u32(out + 20, s.n);
  blob::store_u32(out + 24, s.m);
  blob::store_u32(out + 28, s.k);
  image::store_f32(out + 32, s.leak);
  image::store_f32(out + 36, s.dt);
  blob::store_u32(out + 40, s.k_hold);
  blob::store_u32(out + 44, nnz);
  image::store_f32(out + 48, s.generator.couplings.g);
  image::store_f32(out + 52, s.generator.couplings.gamma);
  image::store_u64(out + 56, s.generator.couplings.seed);
  image::store_f32(out + 64, s.generator.sparse_p);
  image::store_f32(out + 68, s.generator.input.scaling);
  image::store_f32(out + 72, s.generator.input.connectivity);
  out[76] = static_cast<unsigned char>(s.generator.input.kind);
  image::store_u64(out + 80, s.generator.input.seed);

  if (s.storage == CouplingStorage::dense) image::put_floats(out, L.J, s.J, n * n);
  if (s.storage == CouplingStorage::sparse) {
    for (std::uint64_t i = 0; i <= n; ++i) {
      const std::uint32_t r = ib == 2 ? s.sparse.row_ptr16[static_cast<std::size_t>(i)] : s.sparse.row_ptr32[static_cast<std::size_t>(i)];
      for (unsigned b = 0; b < ib; ++b) out[static_cast<std::size_t>(L.row_ptr + ib * i + b)] = static_cast<unsigned char>(r >> (8u * b));
    }
    for (std::uint64_t j = 0; j < nnz; ++j) {
      const std::uint32_t c = ib == 2 ? s.sparse.col16[static_cast<std::size_t>(j)] : s.sparse.col32[static_cast<std::size_t>(j)];
      for (unsigned b = 0; b < ib; ++b) out[static_cast<std::size_t>(L.col + ib * j + b)] = static_cast<unsigned char>(c >> (8u * b));
    }
    image::put_floats(out, L.val, s.sparse.val, nnz);
  }
  if (s.storage != CouplingStorage::generated) image::put_floats(out, L.W_in, s.W_in, n * m);
  if (s.b != nullptr) image::put_floats(out, L.b, s.b, n);
  image::put_floats(out, L.W_out, s.W_out, k * f);
  if (s.c != nullptr) image::put_floats(out, L.c, s.c, k);
  if (s.W_fb != nullptr) image::put_floats(out, L.W_fb, s.W_fb, n * k);

  blob::store_u32(out + image::kPayloadCrcOffset, blob::crc32(out + image::kHeaderBytes, size - image::kHeaderBytes));
  blob::store_u32(out + image::kHeaderCrcOffset, blob::crc32(out, image::kHeaderCrcOffset));
  return Status::ok;
}

/// Checks an image and points `view` into it (see the top of this file for the checks and
/// their statuses). invalid_argument for a null data pointer or an image that is not 4-byte
/// aligned in memory (its arrays are used in place); unsupported_format on a big-endian host.
/// `view` is untouched unless the result is ok.

inline Status read_model_image(const unsigned char* data, std::size_t size, ModelSpec& view) {
  if (data == nullptr) return Status::invalid_argument;
  if (size >= 4 && std::memcmp(data, blob::kMagic, 4) == 0) return Status::unsupported_version;
  if (size < image::kHeaderBytes || std::memcmp(data, image::kMagic, 4) != 0) return Status::malformed_file;
  if (blob::load_u32(data + image::kHeaderCrcOffset) != blob::crc32(data, image::kHeaderCrcOffset)) {
    return Status::malformed_file;
  }
  if (blob::load_u32(data + 4) != image::kVersion) return Status::unsupported_version;
  if (blob::load_u32(data + 8) != size) return Status::malformed_file;

  ModelSpec s;
  const std::uint8_t form = data[12], integrator = data[13], activation = data[14], storage = data[15];
  const std::uint8_t features = data[16], ib = data[17], flags = data[18];
  if (form < 1 || form > 2 || integrator > 2 || activation < 1 || activation > 3 || storage < 1 || storage > 3 ||
      (features & ~feature_bits::all) != 0 || (flags & ~image::kFlagsAll) != 0 || data[19] != 0 ||
      data[77] != 0 || data[78] != 0 || data[79] != 0 || data[76] > 1) {
    return Status::malformed_file;
  }
  s.form = static_cast<ModelForm>(form);
  s.integrator = static_cast<IntegratorKind>(integrator);
  s.activation = static_cast<ActivationKind>(activation);
  s.storage = static_cast<CouplingStorage>(storage);
  s.features = features;
  s.n = blob::load_u32(data + 20);
  s.m = blob::load_u32(data + 24);
  s.k = blob::load_u32(data + 28);
  if (s.n < 1 || s.n > kMaxModelNeurons || s.m > kMaxModelInputs || s.k < 1 || s.k > kMaxModelOutputs) {
    return Status::malformed_file;
  }
  s.leak = image::load_f32(data + 32);
  s.dt = image::load_f32(data + 36);
  s.k_hold = blob::load_u32(data + 40);
  const std::uint32_t nnz = blob::load_u32(data + 44);
  if (s.storage == CouplingStorage::sparse) {
    if (ib != 2 && ib != 4) return Status::malformed_file;
    if (static_cast<std::uint64_t>(nnz) > static_cast<std::uint64_t>(s.n) * s.n) return Status::malformed_file;
  } else if (ib != 0 || nnz != 0) {
    return Status::malformed_file;
  }
  s.generator.couplings.g = image::load_f32(data + 48);
  s.generator.couplings.gamma = image::load_f32(data + 52);
  s.generator.couplings.seed = image::load_u64(data + 56);
  s.generator.sparse_p = image::load_f32(data + 64);
  s.generator.input.scaling = image::load_f32(data + 68);
  s.generator.input.connectivity = image::load_f32(data + 72);
  s.generator.input.kind = static_cast<InputWeightKind>(data[76]);
  s.generator.input.seed = image::load_u64(data + 80);
  s.generator_known = (flags & image::kFlagGeneratorKnown) != 0;

  const image::Layout L = image::layout(s.storage, ib, flags, s.n, s.m, s.k, s.feature_count(), nnz);
  if (L.total != size) return Status::malformed_file;
  if (blob::load_u32(data + image::kPayloadCrcOffset) != blob::crc32(data + image::kHeaderBytes, size - image::kHeaderBytes)) {
    return Status::malformed_file;
  }
  if (!blob::host_is_little_endian()) return Status::unsupported_format;
  if (reinterpret_cast<std::uintptr_t>(data) % 4u != 0) return Status::invalid_argument;

  const auto floats = [data](std::uint64_t offset) { return reinterpret_cast<const Scalar*>(data + static_cast<std::size_t>(offset)); };
  if (s.storage == CouplingStorage::dense) s.J = floats(L.J);
  if (s.storage == CouplingStorage::sparse) {
    s.sparse.index_bytes = ib;
    s.sparse.nnz = nnz;
    s.sparse.val = floats(L.val);
    if (ib == 2) {
      s.sparse.row_ptr16 = reinterpret_cast<const std::uint16_t*>(data + static_cast<std::size_t>(L.row_ptr));
      s.sparse.col16 = reinterpret_cast<const std::uint16_t*>(data + static_cast<std::size_t>(L.col));
    } else {
      s.sparse.row_ptr32 = reinterpret_cast<const std::uint32_t*>(data + static_cast<std::size_t>(L.row_ptr));
      s.sparse.col32 = reinterpret_cast<const std::uint32_t*>(data + static_cast<std::size_t>(L.col));
    }
  }
  if (s.storage != CouplingStorage::generated && s.m > 0) s.W_in = floats(L.W_in);
  if (flags & image::kFlagBias) s.b = floats(L.b);
  s.W_out = floats(L.W_out);
  if (flags & image::kFlagC) s.c = floats(L.c);
  if (flags & image::kFlagFeedback) s.W_fb = floats(L.W_fb);

  const Status v = validate(s);
  if (v != Status::ok) return v;
  view = s;
  return Status::ok;
}

}  // namespace edgechaos
