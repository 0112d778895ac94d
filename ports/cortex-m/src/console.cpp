#include "cortexm/console.hpp"

#include <cmath>

namespace cortexm {

void put(const char* s) { console_write(s); }

void put_uint(std::uint64_t v) {
  char buf[24];
  char* p = buf + sizeof buf;
  *--p = '\0';
  do {
    *--p = static_cast<char>('0' + v % 10u);
    v /= 10u;
  } while (v != 0u);
  put(p);
}

void put_int(std::int64_t v) {
  if (v < 0) {
    put("-");
    put_uint(static_cast<std::uint64_t>(-(v + 1)) + 1u);
  } else {
    put_uint(static_cast<std::uint64_t>(v));
  }
}

void put_hex(std::uint64_t v, int digits) {
  char buf[20];
  int n = digits < 1 ? 1 : (digits > 16 ? 16 : digits);
  buf[0] = '0';
  buf[1] = 'x';
  for (int i = 0; i < n; ++i) {
    buf[2 + n - 1 - i] = "0123456789abcdef"[v & 0xFu];
    v >>= 4;
  }
  buf[2 + n] = '\0';
  put(buf);
}

void put_bool(bool b) { put(b ? "true" : "false"); }

namespace {
bool put_special(float v) {
  if (std::isnan(v)) {
    put("nan");
  } else if (std::isinf(v)) {
    put(v < 0 ? "-inf" : "inf");
  } else {
    return false;
  }
  return true;
}

std::uint64_t pow10u(int k) {
  std::uint64_t p = 1;
  while (k-- > 0) p *= 10u;
  return p;
}

// Prints the unsigned scaled integer m as "int.frac" with `decimals` fraction digits.
void put_scaled(std::uint64_t m, int decimals) {
  const std::uint64_t scale = pow10u(decimals);
  put_uint(m / scale);
  if (decimals > 0) {
    char buf[24];
    std::uint64_t f = m % scale;
    buf[decimals] = '\0';
    for (int i = decimals - 1; i >= 0; --i) {
      buf[i] = static_cast<char>('0' + f % 10u);
      f /= 10u;
    }
    put(".");
    put(buf);
  }
}
}  // namespace

void put_fixed(float v, int decimals) {
  if (put_special(v)) return;
  // Double keeps the scaling exact enough for float input (24-bit mantissa).
  double a = std::fabs(static_cast<double>(v)) * static_cast<double>(pow10u(decimals));
  const std::uint64_t m = static_cast<std::uint64_t>(a + 0.5);
  if (std::signbit(v) && m != 0u) put("-");
  put_scaled(m, decimals);
}

void put_sci(float v, int digits) {
  if (put_special(v)) return;
  if (digits < 1) digits = 1;
  if (digits > 9) digits = 9;
  double a = std::fabs(static_cast<double>(v));
  if (std::signbit(v)) put("-");
  int e = 0;
  if (a != 0.0) {
    // Normalise to [1, 10) by exact-enough powers of ten (double has 29 spare bits).
    while (a >= 10.0) { a /= 10.0; ++e; }
    while (a < 1.0) { a *= 10.0; --e; }
  }
  std::uint64_t m = static_cast<std::uint64_t>(a * static_cast<double>(pow10u(digits - 1)) + 0.5);
  if (m >= pow10u(digits)) {  // rounding carried into a new digit: 9.99 -> 10.0
    m /= 10u;
    ++e;
  }
  put_scaled(m, digits - 1);
  put(e < 0 ? "e-" : "e+");
  const int ae = e < 0 ? -e : e;
  if (ae < 10) put("0");
  put_uint(static_cast<std::uint64_t>(ae));
}

}  // namespace cortexm
