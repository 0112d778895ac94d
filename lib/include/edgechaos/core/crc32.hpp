/// \file
/// CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320): the checksum of ZIP entries, PNG
/// and gzip, so a weight blob, a model image and an .npz entry are checked by the same code.
#pragma once

#include <cstddef>
#include <cstdint>

namespace edgechaos {

/// The CRC-32 of \p size bytes at \p data.
/// Four bits at a time: a 16-entry table keeps flash use tiny. \p crc continues a running
/// checksum (crc32(b, nb, crc32(a, na)) == crc32(a then b)).
inline std::uint32_t crc32(const unsigned char* data, std::size_t size, std::uint32_t crc = 0) {
  constexpr std::uint32_t table[16] = {0x00000000u, 0x1DB71064u, 0x3B6E20C8u, 0x26D930ACu, 0x76DC4190u, 0x6B6B51F4u,
                                       0x4DB26158u, 0x5005713Cu, 0xEDB88320u, 0xF00F9344u, 0xD6D6A3E8u, 0xCB61B38Cu,
                                       0x9B64C2B0u, 0x86D3D2D4u, 0xA00AE278u, 0xBDBDF21Cu};
  crc = ~crc;
  for (std::size_t i = 0; i < size; ++i) {
    crc ^= data[i];
    crc = (crc >> 4) ^ table[crc & 15u];
    crc = (crc >> 4) ^ table[crc & 15u];
  }
  return ~crc;
}

}  // namespace edgechaos
