// STAND-IN, not the Arduino core: declares only what the edgechaos examples use (Serial,
// its print/println overloads as the core's Print class has them, so that an ambiguous call
// fails here as it would there). For the compile check of tests/packaging only; nothing is
// defined, nothing is linked. The real Arduino.h is the board core's.
#pragma once

#include <stddef.h>
#include <stdint.h>

class HardwareSerial {
 public:
  void begin(unsigned long baud);
  explicit operator bool() const;

  size_t print(const char* s);
  size_t print(char c);
  size_t print(unsigned char n, int base = 10);
  size_t print(int n, int base = 10);
  size_t print(unsigned int n, int base = 10);
  size_t print(long n, int base = 10);
  size_t print(unsigned long n, int base = 10);
  size_t print(double x, int digits = 2);

  size_t println(const char* s);
  size_t println(char c);
  size_t println(unsigned char n, int base = 10);
  size_t println(int n, int base = 10);
  size_t println(unsigned int n, int base = 10);
  size_t println(long n, int base = 10);
  size_t println(unsigned long n, int base = 10);
  size_t println(double x, int digits = 2);
  size_t println();
};

extern HardwareSerial Serial;

void delay(unsigned long ms);
unsigned long millis();
