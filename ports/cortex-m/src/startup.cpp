// Vector table, reset handler and fault handlers for every Cortex-M target.
//
// QEMU (and the silicon) load SP and PC from the vector table at the FLASH origin, so
// the table sits in its own kept section that the linker script puts first.
#include <cstddef>
#include <cstdint>

#include "cortexm/board.hpp"
#include "cortexm/console.hpp"

extern "C" {
// Linker script symbols (ports/cortex-m/cortex-m.ld).
extern std::uint32_t __stack_top;
extern std::uint32_t __data_load, __data_start, __data_end;
extern std::uint32_t __bss_start, __bss_end;
extern void (*__preinit_array_start[])();
extern void (*__preinit_array_end[])();
extern void (*__init_array_start[])();
extern void (*__init_array_end[])();

// main() under another name: ISO C++ does not let a program call main itself.
int ec_application_main() __asm("main");
void Reset_Handler();
void Fault_Handler();
void Default_Handler();
void ec_fault_report(const std::uint32_t* frame);
}

namespace {
using Handler = void (*)();

struct VectorTable {
  void* initial_sp;
  Handler vectors[15 + 32];  // 15 system exceptions after the SP, 32 external interrupts
};

// Fault vectors (NMI, HardFault, MemManage, BusFault, UsageFault, SecureFault) report and
// exit with kExitFault; everything else that fires unexpectedly does the same.
constexpr VectorTable make_table() {
  VectorTable t{&__stack_top, {}};
  for (Handler& h : t.vectors) h = Default_Handler;
  t.vectors[0] = Reset_Handler;
  for (int i = 1; i <= 6; ++i) t.vectors[i] = Fault_Handler;  // exceptions 2..7
  return t;
}
}  // namespace

__attribute__((section(".isr_vector"), used)) const VectorTable ec_vector_table = make_table();

extern "C" void Reset_Handler() {
#if defined(__ARM_FP)
  // CP10/CP11 full access before the first floating-point instruction.
  volatile std::uint32_t& cpacr = *reinterpret_cast<volatile std::uint32_t*>(0xE000ED88u);
  cpacr = cpacr | (0xFu << 20);
  __asm volatile("dsb\n\tisb" ::: "memory");
#endif
  // .data from its load address in FLASH, .bss to zero (volatile: no memcpy/memset calls).
  const volatile std::uint32_t* src = &__data_load;
  for (volatile std::uint32_t* dst = &__data_start; dst < &__data_end;) *dst++ = *src++;
  for (volatile std::uint32_t* dst = &__bss_start; dst < &__bss_end;) *dst++ = 0u;
  for (auto f = __preinit_array_start; f < __preinit_array_end; ++f) (*f)();
  cortexm::board_init();
  for (auto f = __init_array_start; f < __init_array_end; ++f) (*f)();
  cortexm::board_exit(ec_application_main());
}

// Hands the stacked exception frame (MSP; nothing here runs on PSP) to the reporter.
extern "C" __attribute__((naked)) void Fault_Handler() {
  __asm volatile(
      "mrs r0, msp\n\t"
      "ldr r1, =ec_fault_report\n\t"
      "bx r1\n\t"
      ".ltorg");
}

extern "C" void Default_Handler() { Fault_Handler(); }

extern "C" void ec_fault_report(const std::uint32_t* frame) {
  using cortexm::put;
  std::uint32_t ipsr;
  __asm volatile("mrs %0, ipsr" : "=r"(ipsr));
  put("FAULT exception=");
  cortexm::put_uint(ipsr & 0x1FFu);
#if defined(__ARM_ARCH_7M__) || defined(__ARM_ARCH_7EM__) || defined(__ARM_ARCH_8M_MAIN__)
  // Configurable/HardFault status registers (not on ARMv6-M).
  put(" cfsr=");
  cortexm::put_hex(*reinterpret_cast<volatile std::uint32_t*>(0xE000ED28u), 8);
  put(" hfsr=");
  cortexm::put_hex(*reinterpret_cast<volatile std::uint32_t*>(0xE000ED2Cu), 8);
#endif
  put(" pc=");
  cortexm::put_hex(frame[6], 8);
  put(" lr=");
  cortexm::put_hex(frame[5], 8);
  put("\n");
  cortexm::board_exit(cortexm::kExitFault);
}
