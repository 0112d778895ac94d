// ARM semihosting without a C library: `bkpt 0xab`, operation in r0, argument in r1.
// Works on every M profile core under QEMU with -semihosting-config enable=on.
#pragma once

#include <cstdint>

namespace cortexm::semihost {

enum Op : std::uint32_t { kOpen = 0x01, kWrite0 = 0x04, kWrite = 0x05, kExit = 0x18, kExitExtended = 0x20 };

inline std::int32_t call(std::uint32_t op, const void* arg) {
  register std::uint32_t r0 __asm("r0") = op;
  register const void* r1 __asm("r1") = arg;
  __asm volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
  return static_cast<std::int32_t>(r0);
}

}  // namespace cortexm::semihost
