// FloatNormalStream is the same with FMA contraction as without: this file is built with
// -mfma -ffp-contract=fast (x86-64), its hash is compared with the one the generator
// computed with -ffp-contract=off at build time. A control shows that contraction really
// happens in this file (otherwise equal hashes would prove nothing).
#include <gtest/gtest.h>

#include "float_normal_hash.hpp"
#include "float_normal_hash_expected.hpp"

namespace {

// a * b + c for a = b = 1 + 2^-12, c = -(1 + 2^-11): the exact result is 2^-24; with the
// product rounded first (1 + 2^-11 + 2^-24 rounds to even, 1 + 2^-11) it is 0.
[[gnu::noinline]] float multiply_add(float a, float b, float c) { return a * b + c; }

}  // namespace

TEST(FloatNormalFma, SameBitsWithAndWithoutContraction) {
  if (!__builtin_cpu_supports("fma")) GTEST_SKIP() << "this CPU has no FMA";
  volatile float a = 1.0f + 1.0f / 4096.0f, c = -(1.0f + 1.0f / 2048.0f);
  ASSERT_EQ(multiply_add(a, a, c), 1.0f / 16777216.0f) << "no contraction in this build: the test would be vacuous";
  EXPECT_EQ(float_normal_hash::compute(), kFloatNormalHashNoContraction);
}
