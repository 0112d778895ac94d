# Runs the edgechaos CLI and checks its exit code and output (used by the cli_theory_* tests).
#   -DBIN=<edgechaos>  -DARGS=<arguments separated by |>  -DEXPECT=<exit code>
#   [-DSTDOUT_REGEX=<regex stdout must match>] [-DSTDERR_ONE_LINE=ON: stderr is exactly one
#   line and stdout is empty]
string(REPLACE "|" ";" args "${ARGS}")
execute_process(COMMAND ${BIN} ${args} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT code STREQUAL "${EXPECT}")
  message(FATAL_ERROR "exit code ${code}, expected ${EXPECT}\nstdout: ${out}\nstderr: ${err}")
endif()
if(DEFINED STDOUT_REGEX AND NOT out MATCHES "${STDOUT_REGEX}")
  message(FATAL_ERROR "stdout does not match '${STDOUT_REGEX}':\n${out}")
endif()
if(STDERR_ONE_LINE)
  string(REGEX MATCHALL "\n" newlines "${err}")
  list(LENGTH newlines n)
  if(NOT n EQUAL 1 OR NOT out STREQUAL "")
    message(FATAL_ERROR "expected one line on stderr and nothing on stdout\nstdout: ${out}\nstderr: ${err}")
  endif()
endif()
message(STATUS "exit ${code}: ${out}${err}")
