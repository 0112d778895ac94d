// One reported float as ,"key":<7 significant digits>,"key_bits":"<its 8 hex digits>": the
// digits for people, the bits for the bit-for-bit comparison with the host build's report.
#pragma once

#include "cortexm/console.hpp"
#include "fnv1a.hpp"

namespace fw {

inline void put_value(const char* key, float v) {
  cortexm::put(",\"");
  cortexm::put(key);
  cortexm::put("\":");
  cortexm::put_sci(v, 7);
  cortexm::put(",\"");
  cortexm::put(key);
  cortexm::put("_bits\":\"");
  cortexm::put_hex(bits(v), 8);
  cortexm::put("\"");
}

}  // namespace fw
