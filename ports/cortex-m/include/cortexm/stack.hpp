// Painted-stack measurement: fill the unused stack below the current stack pointer
// with a pattern, run the code under test, then find the lowest word that changed.
#pragma once

#include <cstddef>
#include <cstdint>

namespace cortexm {

constexpr std::uint32_t kStackPaint = 0xA5C3E1F7u;
constexpr std::size_t kStackPaintMax = 64u * 1024u;  // never paint more than this (the mps2 stack reserve)

extern "C" std::uint32_t __stack_limit;  // lowest address the stack may reach (linker)

inline std::uintptr_t current_sp() {
  std::uintptr_t sp;
  __asm volatile("mov %0, sp" : "=r"(sp));
  return sp;
}

// Paints below the caller's stack pointer; returns that stack pointer. Inlined so that
// the reference point is the caller's frame, and written without calls so that it does
// not touch the region it paints.
__attribute__((always_inline)) inline std::uintptr_t stack_paint() {
  const std::uintptr_t sp = current_sp();
  std::uintptr_t lo = reinterpret_cast<std::uintptr_t>(&__stack_limit);
  if (sp - lo > kStackPaintMax) lo = sp - kStackPaintMax;
  volatile std::uint32_t* p = reinterpret_cast<volatile std::uint32_t*>((lo + 3u) & ~std::uintptr_t{3});
  volatile std::uint32_t* const end = reinterpret_cast<volatile std::uint32_t*>((sp - 16u) & ~std::uintptr_t{3});
  while (p < end) *p++ = kStackPaint;
  return sp;
}

// Bytes of stack used below `sp` (the value stack_paint() returned) since the paint.
inline std::size_t stack_used(std::uintptr_t sp) {
  std::uintptr_t lo = reinterpret_cast<std::uintptr_t>(&__stack_limit);
  if (sp - lo > kStackPaintMax) lo = sp - kStackPaintMax;
  const volatile std::uint32_t* p = reinterpret_cast<const volatile std::uint32_t*>((lo + 3u) & ~std::uintptr_t{3});
  while (reinterpret_cast<std::uintptr_t>(p) < sp && *p == kStackPaint) ++p;
  return sp - reinterpret_cast<std::uintptr_t>(p);
}

}  // namespace cortexm
