# Runs two builds of gen_fixed_golden (A, B) into OUT and fails unless their headers are
# identical (tests/fixed/CMakeLists.txt: fixed_golden_flags_agree).
execute_process(COMMAND ${A} ${OUT}/fixed_golden_a.hpp RESULT_VARIABLE ra)
execute_process(COMMAND ${B} ${OUT}/fixed_golden_b.hpp RESULT_VARIABLE rb)
if(NOT ra EQUAL 0 OR NOT rb EQUAL 0)
  message(FATAL_ERROR "gen_fixed_golden failed: ${ra} ${rb}")
endif()
file(READ ${OUT}/fixed_golden_a.hpp a)
file(READ ${OUT}/fixed_golden_b.hpp b)
if(NOT a STREQUAL b)
  message(FATAL_ERROR "the hashes differ between the two builds:\n${a}\n${b}")
endif()
message(STATUS "identical:\n${a}")
