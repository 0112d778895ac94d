# `edgechaos vectors` then check_vectors on its output (tests/fixed/CMakeLists.txt):
#   -DBIN=<edgechaos> -DCHECK=<check_vectors> -DDIR=<output dir> -DARGS=<vectors options, |-separated>
string(REPLACE "|" ";" args "${ARGS}")
file(REMOVE_RECURSE ${DIR})
execute_process(COMMAND ${BIN} vectors --out ${DIR} ${args} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "vectors: exit ${code}\n${out}${err}")
endif()
message(STATUS "${out}")
execute_process(COMMAND ${CHECK} ${DIR} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "check_vectors: exit ${code}\n${out}${err}")
endif()
message(STATUS "${out}")
# A second run onto the existing directory is refused (exit 2) and leaves it as it was.
file(SHA256 ${DIR}/states.hex before)
execute_process(COMMAND ${BIN} vectors --out ${DIR} ${args} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
file(SHA256 ${DIR}/states.hex after)
if(NOT code EQUAL 2 OR NOT before STREQUAL after)
  message(FATAL_ERROR "an existing --out: exit ${code} (expected 2), states.hex changed: ${before} ${after}")
endif()
# A failing run (a missing input file) leaves no directory, not even a temporary one.
file(REMOVE_RECURSE ${DIR}_bad)
execute_process(COMMAND ${BIN} vectors --out ${DIR}_bad --input ${DIR}_missing.npy ${args} RESULT_VARIABLE code
                OUTPUT_VARIABLE out ERROR_VARIABLE err)
file(GLOB left ${DIR}_bad*)
if(NOT code EQUAL 2 OR left)
  message(FATAL_ERROR "a missing --input: exit ${code} (expected 2), left: ${left}")
endif()
