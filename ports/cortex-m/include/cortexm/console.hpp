// Small console formatting without printf: newlib-nano's float printf allocates
// (EMBEDDED.md pitfall 10), so numbers are printed from integers.
#pragma once

#include <cstdint>

#include "cortexm/board.hpp"

namespace cortexm {

void put(const char* s);
void put_int(std::int64_t v);
void put_uint(std::uint64_t v);
void put_hex(std::uint64_t v, int digits);  // 0x-prefixed, zero-padded
// v with `decimals` digits after the point, rounded half away from zero ("-0.012346").
// |v| must be below 9.2e18 / 10^decimals; NaN and Inf print as "nan", "inf", "-inf".
void put_fixed(float v, int decimals);
// v in scientific notation with `digits` significant digits ("1.2346e-05").
void put_sci(float v, int digits);
void put_bool(bool b);
inline void newline() { put("\n"); }

}  // namespace cortexm
