cmake_minimum_required(VERSION 3.25)
# ctest -P script: runs a target image under the emulator and checks its exit code and,
# optionally, that its output matches a regular expression.
# -DEMULATOR=<;-list> -DELF=<image> -DEXPECT=<code> [-DREGEX=<regex>]
execute_process(COMMAND ${EMULATOR} ${ELF} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 60)
message("${out}${err}")
if(NOT rc STREQUAL "${EXPECT}")
  message(FATAL_ERROR "exit code ${rc}, expected ${EXPECT}")
endif()
if(DEFINED REGEX AND NOT "${out}${err}" MATCHES "${REGEX}")
  message(FATAL_ERROR "output does not match ${REGEX}")
endif()
