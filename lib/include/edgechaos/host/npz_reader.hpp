/// \file
/// An .npz entry as the bytes of its .npy file, STORED or DEFLATEd (numpy.savez_compressed,
/// scipy.sparse.save_npz), on the desktop: io/npz.hpp finds and checks the entry, zlib
/// inflates it, and the CRC-32 of the result is checked. Link the CMake target
/// `edgechaos::host` (zlib).
#pragma once

#include "edgechaos/host/host_only.hpp"

#include <zlib.h>

#include <cstddef>
#include <string>
#include <vector>

#include "edgechaos/core/crc32.hpp"
#include "edgechaos/core/status.hpp"
#include "edgechaos/io/npz.hpp"

namespace edgechaos {

/// Entries larger than this are refused (capacity_exceeded) before anything is allocated:
/// a damaged or hostile directory can claim any size.
constexpr std::size_t kNpzMaxEntryBytes = std::size_t{1} << 31;

/// The uncompressed bytes of entry `entry` (checked: method 8 must inflate to exactly its
/// stated size with its CRC-32). malformed_file for a corrupt stream; the other statuses as
/// npz_find; capacity_exceeded for an entry over `max_bytes`, unsupported_format for a
/// method other than 0 or 8. `npy_bytes` is untouched unless the result is ok.

inline Status read_npz_entry(const NpzEntry& entry, std::vector<unsigned char>& npy_bytes,
                             std::size_t max_bytes = kNpzMaxEntryBytes) {
  if (entry.bytes > max_bytes) return Status::capacity_exceeded;
  if (entry.method == 0) {
    if (edgechaos::crc32(entry.data, entry.bytes) != entry.crc32) return Status::malformed_file;
    npy_bytes.assign(entry.data, entry.data + entry.bytes);
    return Status::ok;
  }
  if (entry.method != 8) return Status::unsupported_format;
  if (entry.compressed_bytes > max_bytes) return Status::capacity_exceeded;
  // DEFLATE expands at most 1032-fold (a 258-byte match in 2 bits): a larger stated size is
  // a lie, refused before it is allocated.
  if (entry.bytes / 1032u > entry.compressed_bytes + 1u) return Status::malformed_file;
  // One byte more than stated: a stream that would inflate to more ends with room left
  // over instead of Z_BUF_ERROR, and total_out tells.
  std::vector<unsigned char> out(entry.bytes + 1);
  z_stream z{};
  if (inflateInit2(&z, -MAX_WBITS) != Z_OK) return Status::malformed_file;  // raw DEFLATE, as in ZIP
  z.next_in = const_cast<Bytef*>(entry.data);
  z.avail_in = static_cast<uInt>(entry.compressed_bytes);
  z.next_out = out.data();
  z.avail_out = static_cast<uInt>(out.size());
  const int r = inflate(&z, Z_FINISH);
  const uLong produced = z.total_out;
  const uInt left_in = z.avail_in;
  inflateEnd(&z);
  if (r != Z_STREAM_END || produced != entry.bytes || left_in != 0) return Status::malformed_file;
  out.resize(entry.bytes);
  if (edgechaos::crc32(out.data(), out.size()) != entry.crc32) return Status::malformed_file;
  npy_bytes.swap(out);
  return Status::ok;
}

/// As read_npz_entry(const NpzEntry&, ...), the entry found by name ("W" finds "W.npy").
inline Status read_npz_entry(const std::vector<unsigned char>& zip, const std::string& name,
                             std::vector<unsigned char>& npy_bytes, std::size_t max_bytes = kNpzMaxEntryBytes) {
  NpzEntry e;
  const Status s = npz_find(zip.data(), zip.size(), name.c_str(), e);
  if (s != Status::ok) return s;
  return read_npz_entry(e, npy_bytes, max_bytes);
}

/// The names of the entries, ".npy" removed (numpy.load(...).files). `names` is untouched
/// unless ok.

inline Status npz_names(const std::vector<unsigned char>& zip, std::vector<std::string>& names) {
  std::vector<std::string> list;
  const Status s = npz_for_each(zip.data(), zip.size(), [&](const NpzEntry& e) {
    std::string n(e.name, e.name_len);
    if (n.size() > 4 && n.compare(n.size() - 4, 4, ".npy") == 0) n.resize(n.size() - 4);
    list.push_back(n);
  });
  if (s != Status::ok) return s;
  names.swap(list);
  return Status::ok;
}

}  // namespace edgechaos
