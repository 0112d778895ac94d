// The harness must be able to fail: a false check gives exit code 1 (cortexm::kExitFail).
#include "ectest.hpp"

EC_TEST(a_false_check_fails_the_run) { EC_CHECK(1 + 1 == 3); }
