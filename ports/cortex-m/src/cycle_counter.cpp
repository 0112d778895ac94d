// The DWT cycle counter probe (cortexm/cycle_counter.hpp). Register addresses and bits from
// the ARMv7-M ARM (C1.6.3 DEMCR, C1.8.7 DWT_CTRL, C1.8.8 DWT_CYCCNT) and the CoreSight lock
// access register the Cortex-M7 requires (its TRM: the DWT is locked out of reset).
#include "cortexm/cycle_counter.hpp"

namespace cortexm {

namespace {

CycleCounter g_state = CycleCounter::no_dwt;

#if defined(__ARM_ARCH_7M__) || defined(__ARM_ARCH_7EM__) || defined(__ARM_ARCH_8M_MAIN__) || \
    defined(__ARM_ARCH_8_1M_MAIN__)
#define CORTEXM_HAS_DWT 1
volatile std::uint32_t& reg(std::uintptr_t a) { return *reinterpret_cast<volatile std::uint32_t*>(a); }
constexpr std::uintptr_t kDemcr = 0xE000EDFCu, kDwtCtrl = 0xE0001000u, kDwtCyccnt = 0xE0001004u,
                         kDwtLar = 0xE0001FB0u;
constexpr std::uint32_t kTrcena = 1u << 24, kCyccntena = 1u, kNoCyccnt = 1u << 25, kLarKey = 0xC5ACCE55u;
#else
#define CORTEXM_HAS_DWT 0
#endif

}  // namespace

CycleCounter cycle_counter_enable() {
#if CORTEXM_HAS_DWT
  reg(kDemcr) = reg(kDemcr) | kTrcena;  // the DWT is powered only with TRCENA
  reg(kDwtLar) = kLarKey;               // RAZ/WI where there is no lock (M4, M33)
  if ((reg(kDwtCtrl) & kNoCyccnt) != 0u) {
    g_state = CycleCounter::not_implemented;
    return g_state;
  }
  reg(kDwtCyccnt) = 0u;
  reg(kDwtCtrl) = reg(kDwtCtrl) | kCyccntena;
  const std::uint32_t t0 = reg(kDwtCyccnt);
  for (int i = 0; i < 32; ++i) __asm volatile("nop");
  const std::uint32_t t1 = reg(kDwtCyccnt);
  // A counter that runs moves by at least the 32 nops; QEMU's DWT reads as zero.
  const bool counting = (reg(kDwtCtrl) & kCyccntena) != 0u && t1 - t0 >= 32u;
  g_state = counting ? CycleCounter::available : CycleCounter::not_counting;
#else
  g_state = CycleCounter::no_dwt;
#endif
  return g_state;
}

CycleCounter cycle_counter_state() { return g_state; }

std::uint32_t cycle_counter_read() {
#if CORTEXM_HAS_DWT
  return g_state == CycleCounter::available ? reg(kDwtCyccnt) : 0u;
#else
  return 0u;
#endif
}

const char* cycle_counter_name(CycleCounter c) {
  switch (c) {
    case CycleCounter::available:
      return "available";
    case CycleCounter::not_implemented:
      return "not_implemented";
    case CycleCounter::not_counting:
      return "not_counting";
    case CycleCounter::no_dwt:
      break;
  }
  return "no_dwt";
}

}  // namespace cortexm
