// "And back" (issue 11, item 5): a firmware prints an array it computed (a readout trained
// on the device) as one JSON line on its console (semihosting under QEMU, a serial line on
// a board),
//   {"array":"W_out","dtype":"<f4","shape":[K,F],"hex":"<the float32 bytes, little-endian, lowercase hex>"}
// and `edgechaos undump LOG --out-dir DIR` turns each such line into DIR/<array>.npy, so the
// device's model can be inspected in Python. The hex is the bytes of each float as stored
// on a little-endian core (every Cortex-M here), first float first: exact, no decimal
// rounding.
#pragma once

#include <cstdint>
#include <cstring>

#include "cortexm/console.hpp"

namespace fw {

// One line for `count` floats of the given shape (ndim >= 1; the product of the shape must
// be count; the caller's business, as the name's: letters, digits, '_').
inline void dump_array(const char* name, const float* data, const std::uint32_t* shape, int ndim) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::uint64_t count = 1;
  cortexm::put("{\"array\":\"");
  cortexm::put(name);
  cortexm::put("\",\"dtype\":\"<f4\",\"shape\":[");
  for (int d = 0; d < ndim; ++d) {
    if (d > 0) cortexm::put(",");
    cortexm::put_uint(shape[d]);
    count *= shape[d];
  }
  cortexm::put("],\"hex\":\"");
  char chunk[8 * 8 + 1];  // eight floats a write
  int at = 0;
  for (std::uint64_t i = 0; i < count; ++i) {
    std::uint32_t bits;
    std::memcpy(&bits, &data[i], sizeof bits);
    for (int b = 0; b < 4; ++b) {  // little-endian: the low byte first
      const unsigned byte = (bits >> (8 * b)) & 0xFFu;
      chunk[at++] = kDigits[byte >> 4];
      chunk[at++] = kDigits[byte & 15u];
    }
    if (at == 64 || i + 1 == count) {
      chunk[at] = '\0';
      cortexm::put(chunk);
      at = 0;
    }
  }
  cortexm::put("\"}\n");
}

inline void dump_array(const char* name, const float* data, std::uint32_t rows, std::uint32_t cols) {
  const std::uint32_t shape[2] = {rows, cols};
  dump_array(name, data, shape, 2);
}

inline void dump_array(const char* name, const float* data, std::uint32_t length) {
  dump_array(name, data, &length, 1);
}

}  // namespace fw
