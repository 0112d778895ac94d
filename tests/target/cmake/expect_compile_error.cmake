cmake_minimum_required(VERSION 3.25)
# ctest -P script: compiles one source with the target's compiler and flags (-fsyntax-only)
# and passes only if the compilation FAILS with output matching a regular expression.
# -DCXX=<compiler> -DFLAGS=<;-list> -DSOURCE=<file> -DREGEX=<regex>
foreach(var CXX FLAGS SOURCE REGEX)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "expect_compile_error.cmake: ${var} not set")
  endif()
endforeach()
execute_process(COMMAND ${CXX} ${FLAGS} -fsyntax-only ${SOURCE}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 120)
message("${out}${err}")
if(rc EQUAL 0)
  message(FATAL_ERROR "${SOURCE} compiled; expected a compile error matching ${REGEX}")
endif()
if(NOT "${out}${err}" MATCHES "${REGEX}")
  message(FATAL_ERROR "the compile failed (${rc}) but its output does not match ${REGEX}")
endif()
