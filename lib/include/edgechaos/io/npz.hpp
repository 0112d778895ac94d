/// \file
/// NumPy .npz archives read from bytes: a ZIP file of .npy entries (numpy.savez writes them
/// STORED; numpy.savez_compressed and scipy.sparse.save_npz DEFLATE them). No heap, no
/// files, no inflater: an entry is a view of its bytes in the archive, a STORED one is
/// checked against its CRC-32 here, and a DEFLATEd one is reported with method 8 for the
/// desktop to inflate (host/npz_reader.hpp).
///
/// The central directory is the index (found through the end record, and the zip64 end
/// record when the end record's fields are saturated); each entry's local header must agree
/// with it (signature, name, method, and the sizes and CRC unless they follow the data in a
/// descriptor). numpy.savez forces zip64 on every entry, so sizes and offsets are taken from
/// the zip64 extra field wherever the 32-bit field is 0xFFFFFFFF.
///
/// Statuses: anything that does not parse or runs past `size`, or a STORED entry whose CRC
/// differs: malformed_file; split archives, encryption, a method other than 0 or 8:
/// unsupported_format; npz_find of a name not in the archive: invalid_argument. Nothing is
/// read past `size`; the output entry is untouched unless the result is ok.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

#include "edgechaos/core/crc32.hpp"
#include "edgechaos/core/status.hpp"

namespace edgechaos {

/// One entry of an .npz archive, as views into the archive's bytes.
struct NpzEntry {
  const char* name = nullptr;  ///< into the archive, not NUL-terminated ("W.npy")
  std::size_t name_len = 0;    ///< the name's length in bytes
  std::uint16_t method = 0;                ///< 0 stored, 8 deflate
  const unsigned char* data = nullptr;     ///< the entry's (compressed) bytes in the archive
  std::size_t compressed_bytes = 0;        ///< the length of `data`
  std::size_t bytes = 0;                   ///< uncompressed size
  std::uint32_t crc32 = 0;                 ///< of the uncompressed bytes
};

/// \cond IMPLEMENTATION
// (this header's implementation helpers: out of the API reference, like detail::)
namespace zip_detail {

constexpr std::uint32_t kLocalSig = 0x04034b50u;
constexpr std::uint32_t kCentralSig = 0x02014b50u;
constexpr std::uint32_t kEndSig = 0x06054b50u;
constexpr std::uint32_t kZip64EndSig = 0x06064b50u;
constexpr std::uint32_t kZip64LocatorSig = 0x07064b50u;
constexpr std::size_t kLocalBytes = 30, kCentralBytes = 46, kEndBytes = 22, kZip64LocatorBytes = 20,
                      kZip64EndBytes = 56;

inline std::uint64_t load(const unsigned char* p, unsigned bytes) {
  std::uint64_t v = 0;
  for (unsigned k = 0; k < bytes; ++k) v |= static_cast<std::uint64_t>(p[k]) << (8u * k);
  return v;
}
inline std::uint16_t u16(const unsigned char* p) { return static_cast<std::uint16_t>(load(p, 2)); }
inline std::uint32_t u32(const unsigned char* p) { return static_cast<std::uint32_t>(load(p, 4)); }
inline std::uint64_t u64(const unsigned char* p) { return load(p, 8); }

// [offset, offset + len) lies within [0, limit).
inline bool fits(std::uint64_t offset, std::uint64_t len, std::uint64_t limit) {
  return offset <= limit && len <= limit - offset;
}

struct Directory {
  std::uint64_t offset = 0, bytes = 0, entries = 0;
};

// The central directory through the end record (the last 22 bytes, or earlier by a comment
// of up to 65535 bytes that must then end the file).
inline Status find_directory(const unsigned char* z, std::size_t size, Directory& dir) {
  if (size < kEndBytes) return Status::malformed_file;
  const std::size_t last = size - kEndBytes;
  const std::size_t lowest = last > 65535u ? last - 65535u : 0u;
  for (std::size_t pos = last + 1; pos-- > lowest;) {
    const unsigned char* e = z + pos;
    if (u32(e) != kEndSig || pos + kEndBytes + u16(e + 20) != size) continue;
    std::uint64_t disk = u16(e + 4), dir_disk = u16(e + 6), disk_entries = u16(e + 8), entries = u16(e + 10),
                  bytes = u32(e + 12), offset = u32(e + 16);
    const bool saturated =
        disk == 0xFFFFu || dir_disk == 0xFFFFu || entries == 0xFFFFu || bytes == 0xFFFFFFFFu || offset == 0xFFFFFFFFu;
    if (pos >= kZip64LocatorBytes && u32(e - kZip64LocatorBytes) == kZip64LocatorSig) {
      const unsigned char* loc = e - kZip64LocatorBytes;
      const std::uint64_t rec_at = u64(loc + 8);
      if (u32(loc + 4) != 0 || u32(loc + 16) != 1) return Status::unsupported_format;  // split archive
      if (!fits(rec_at, kZip64EndBytes, pos - kZip64LocatorBytes)) return Status::malformed_file;
      const unsigned char* r = z + rec_at;
      if (u32(r) != kZip64EndSig) return Status::malformed_file;
      disk = u32(r + 16);
      dir_disk = u32(r + 20);
      disk_entries = u64(r + 24);
      entries = u64(r + 32);
      bytes = u64(r + 40);
      offset = u64(r + 48);
    } else if (saturated) {
      return Status::malformed_file;
    }
    if (disk != 0 || dir_disk != 0 || disk_entries != entries) return Status::unsupported_format;
    if (!fits(offset, bytes, pos)) return Status::malformed_file;
    dir.offset = offset;
    dir.bytes = bytes;
    dir.entries = entries;
    return Status::ok;
  }
  return Status::malformed_file;
}

// The zip64 extended-information field (id 1) of an extra area: the 64-bit values of the
// saturated fields, in the order uncompressed, compressed, offset, disk.
inline Status zip64_extra(const unsigned char* extra, std::size_t len, bool want_size, std::uint64_t* size_out,
                          bool want_csize, std::uint64_t* csize_out, bool want_offset, std::uint64_t* offset_out) {
  std::size_t k = 0;
  while (k + 4 <= len) {
    const std::uint16_t id = u16(extra + k), field = u16(extra + k + 2);
    if (field > len - k - 4) return Status::malformed_file;
    if (id == 1) {
      const unsigned char* q = extra + k + 4;
      std::size_t left = field;
      const bool want[3] = {want_size, want_csize, want_offset};
      std::uint64_t* dest[3] = {size_out, csize_out, offset_out};
      for (int i = 0; i < 3; ++i) {
        if (!want[i]) continue;
        if (left < 8) return Status::malformed_file;
        *dest[i] = u64(q);
        q += 8;
        left -= 8;
      }
      return Status::ok;
    }
    k += 4u + field;
  }
  return Status::malformed_file;  // saturated fields without their zip64 values
}

// The central directory record at `pos` (advanced past it) and its local header.
inline Status read_entry(const unsigned char* z, std::size_t size, const Directory& dir, std::uint64_t& pos,
                         NpzEntry& out) {
  const std::uint64_t dir_end = dir.offset + dir.bytes;
  if (!fits(pos, kCentralBytes, dir_end)) return Status::malformed_file;
  const unsigned char* c = z + pos;
  if (u32(c) != kCentralSig) return Status::malformed_file;
  const std::uint16_t flags = u16(c + 8), method = u16(c + 10);
  const std::uint32_t crc = u32(c + 16);
  std::uint64_t csize = u32(c + 20), usize = u32(c + 24), local = u32(c + 42);
  const std::size_t name_len = u16(c + 28), extra_len = u16(c + 30), comment_len = u16(c + 32);
  const std::uint16_t disk = u16(c + 34);
  if (!fits(pos + kCentralBytes, name_len + extra_len + comment_len, dir_end)) return Status::malformed_file;
  const unsigned char* name = c + kCentralBytes;
  const bool big_u = usize == 0xFFFFFFFFu, big_c = csize == 0xFFFFFFFFu, big_o = local == 0xFFFFFFFFu;
  if (big_u || big_c || big_o) {
    const Status s = zip64_extra(name + name_len, extra_len, big_u, &usize, big_c, &csize, big_o, &local);
    if (s != Status::ok) return s;
  }
  if (disk != 0 && disk != 0xFFFFu) return Status::unsupported_format;
  if ((flags & 0x41u) != 0) return Status::unsupported_format;  // encrypted
  if (method != 0 && method != 8) return Status::unsupported_format;

  if (!fits(local, kLocalBytes, size)) return Status::malformed_file;
  const unsigned char* l = z + local;
  const std::size_t local_name_len = u16(l + 26), local_extra_len = u16(l + 28);
  if (u32(l) != kLocalSig || u16(l + 8) != method || local_name_len != name_len) return Status::malformed_file;
  if (!fits(local + kLocalBytes, local_name_len + local_extra_len, size)) return Status::malformed_file;
  if (std::memcmp(l + kLocalBytes, name, name_len) != 0) return Status::malformed_file;
  if ((u16(l + 6) & 8u) == 0) {  // sizes and CRC here, not in a descriptor after the data
    std::uint64_t lc = u32(l + 18), lu = u32(l + 22);
    if (lc == 0xFFFFFFFFu || lu == 0xFFFFFFFFu) {  // the local zip64 field holds both sizes
      const Status s = zip64_extra(l + kLocalBytes + name_len, local_extra_len, true, &lu, true, &lc, false, nullptr);
      if (s != Status::ok) return s;
    }
    if (u32(l + 14) != crc || lc != csize || lu != usize) return Status::malformed_file;
  }
  const std::uint64_t data_at = local + kLocalBytes + local_name_len + local_extra_len;
  if (!fits(data_at, csize, size)) return Status::malformed_file;
  if (method == 0 && csize != usize) return Status::malformed_file;
  if (usize > std::numeric_limits<std::size_t>::max()) return Status::malformed_file;

  out.name = reinterpret_cast<const char*>(name);
  out.name_len = name_len;
  out.method = method;
  out.data = z + data_at;
  out.compressed_bytes = static_cast<std::size_t>(csize);
  out.bytes = static_cast<std::size_t>(usize);
  out.crc32 = crc;
  pos += kCentralBytes + name_len + extra_len + comment_len;
  return Status::ok;
}

inline Status check_stored_crc(const NpzEntry& e) {
  if (e.method == 0 && edgechaos::crc32(e.data, e.bytes) != e.crc32) return Status::malformed_file;
  return Status::ok;
}

// Walks every entry; stops at the first failure of the archive or of `visit`.
template <class F>
Status walk(const unsigned char* zip, std::size_t size, F&& visit) {
  if (zip == nullptr) return Status::invalid_argument;
  Directory dir;
  Status s = find_directory(zip, size, dir);
  if (s != Status::ok) return s;
  std::uint64_t pos = dir.offset;
  for (std::uint64_t i = 0; i < dir.entries; ++i) {
    NpzEntry e;
    s = read_entry(zip, size, dir, pos, e);
    if (s != Status::ok) return s;
    s = visit(e);
    if (s != Status::ok) return s;
  }
  if (pos != dir.offset + dir.bytes) return Status::malformed_file;  // the directory holds more than it says
  return Status::ok;
}

inline bool name_matches(const NpzEntry& e, const char* name, std::size_t len) {
  if (e.name_len == len && std::memcmp(e.name, name, len) == 0) return true;
  return e.name_len == len + 4 && std::memcmp(e.name, name, len) == 0 && std::memcmp(e.name + len, ".npy", 4) == 0;
}

}  // namespace zip_detail
/// \endcond

/// The entry `name` ("W" finds "W.npy"; an exact name is found too). A later entry of the same
/// name wins, as in Python's zipfile. Every directory record and local header is checked;
/// a STORED match is checked against its CRC-32. invalid_argument for a null name or a
/// name not in the archive; the other statuses are the file comment's.
inline Status npz_find(const unsigned char* zip, std::size_t size, const char* name, NpzEntry& out) {
  if (name == nullptr) return Status::invalid_argument;
  const std::size_t len = std::strlen(name);
  NpzEntry found;
  bool have = false;
  const Status s = zip_detail::walk(zip, size, [&](const NpzEntry& e) {
    if (zip_detail::name_matches(e, name, len)) {
      found = e;
      have = true;
    }
    return Status::ok;
  });
  if (s != Status::ok) return s;
  if (!have) return Status::invalid_argument;
  const Status crc = zip_detail::check_stored_crc(found);
  if (crc != Status::ok) return crc;
  out = found;
  return Status::ok;
}

/// Calls visit(const NpzEntry&) for every entry in directory order, after the whole archive
/// (every record, every STORED entry's CRC) has been checked: a damaged archive visits
/// nothing. `visit` returns void, or a Status that stops the walk and is returned when not ok.

template <class F>
Status npz_for_each(const unsigned char* zip, std::size_t size, F&& visit) {
  const Status s = zip_detail::walk(zip, size, [](const NpzEntry& e) { return zip_detail::check_stored_crc(e); });
  if (s != Status::ok) return s;
  return zip_detail::walk(zip, size, [&](const NpzEntry& e) {
    if constexpr (std::is_void_v<decltype(visit(e))>) {
      visit(e);
      return Status::ok;
    } else {
      return static_cast<Status>(visit(e));
    }
  });
}

}  // namespace edgechaos
