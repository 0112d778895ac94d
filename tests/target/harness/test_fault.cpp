// A fault anywhere must end the run with its own exit code (cortexm::kExitFault = 99),
// not hang and not pass: this executes an undefined instruction inside a "test".
#include "ectest.hpp"

EC_TEST(undefined_instruction_faults) {
  __asm volatile("udf #0");
  EC_CHECK(false);  // not reached
}
