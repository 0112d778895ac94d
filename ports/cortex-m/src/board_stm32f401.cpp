// STM32F401RE (Nucleo-F401RE): 84 MHz from the 16 MHz HSI through the PLL, and a
// register-level USART2 console on PA2 (TX, AF7), which the board routes to the ST-LINK's
// virtual COM port: 115200 8N1. Reference: RM0368 (RCC, FLASH, GPIO, USART chapters).
#include "cortexm/board.hpp"

namespace cortexm {

namespace {
volatile std::uint32_t& reg(std::uintptr_t a) { return *reinterpret_cast<volatile std::uint32_t*>(a); }

constexpr std::uintptr_t kRcc = 0x40023800u, kFlashAcr = 0x40023C00u, kPwrCr = 0x40007000u;
constexpr std::uintptr_t kGpioA = 0x40020000u, kUsart2 = 0x40004400u;
constexpr std::uint32_t kPclk1Hz = 42000000u, kBaud = 115200u;

void clock_init() {
  reg(kRcc + 0x40) = reg(kRcc + 0x40) | (1u << 28);                    // APB1ENR.PWREN
  reg(kPwrCr) = (reg(kPwrCr) & ~(3u << 14)) | (2u << 14);              // VOS scale 2: up to 84 MHz
  reg(kFlashAcr) = (1u << 8) | (1u << 9) | (1u << 10) | 2u;           // prefetch, I/D cache, 2 wait states
  // PLL from HSI (16 MHz): /M=16 -> 1 MHz, xN=336 -> 336 MHz VCO, /P=4 -> 84 MHz, /Q=7 -> 48 MHz.
  reg(kRcc + 0x04) = 16u | (336u << 6) | (1u << 16) | (7u << 24);
  reg(kRcc + 0x00) = reg(kRcc + 0x00) | (1u << 24);                    // PLLON
  while ((reg(kRcc + 0x00) & (1u << 25)) == 0u) {                      // PLLRDY
  }
  reg(kRcc + 0x08) = (4u << 10) | 2u;                                  // APB1 = HCLK/2 (42 MHz), SYSCLK = PLL
  while ((reg(kRcc + 0x08) & (3u << 2)) != (2u << 2)) {                // SWS = PLL
  }
}

void uart_init() {
  reg(kRcc + 0x30) = reg(kRcc + 0x30) | 1u;                            // AHB1ENR.GPIOAEN
  reg(kRcc + 0x40) = reg(kRcc + 0x40) | (1u << 17);                    // APB1ENR.USART2EN
  reg(kGpioA + 0x00) = (reg(kGpioA + 0x00) & ~(3u << 4)) | (2u << 4);  // PA2 alternate function
  reg(kGpioA + 0x20) = (reg(kGpioA + 0x20) & ~(0xFu << 8)) | (7u << 8);  // AF7 = USART2_TX
  reg(kUsart2 + 0x08) = (kPclk1Hz + kBaud / 2u) / kBaud;               // BRR (oversampling 16)
  reg(kUsart2 + 0x0C) = (1u << 13) | (1u << 3);                        // UE, TE
}
}  // namespace

void board_init() {
  clock_init();
  uart_init();
}

void console_write(const char* s) {
  for (; *s != '\0'; ++s) {
    if (*s == '\n') {
      while ((reg(kUsart2) & (1u << 7)) == 0u) {  // TXE
      }
      reg(kUsart2 + 0x04) = '\r';
    }
    while ((reg(kUsart2) & (1u << 7)) == 0u) {
    }
    reg(kUsart2 + 0x04) = static_cast<std::uint8_t>(*s);
  }
}

void board_exit(int code) {
  console_write(code == 0 ? "EXIT 0 (pass)\n" : "EXIT nonzero (fail)\n");
  while ((reg(kUsart2) & (1u << 6)) == 0u) {  // TC: last byte sent
  }
  for (;;) __asm volatile("wfi");
}

}  // namespace cortexm
