# `edgechaos vectors MODEL` on a model file made in the test, then check_vectors on its output
# (tests/fixed/CMakeLists.txt):
#   -DBIN=<edgechaos> -DCHECK=<check_vectors> -DDIR=<output dir; the model is DIR.bin>
#   -DMAKE=<how to make DIR.bin, |-separated: `cli|<edgechaos arguments>` (--save DIR.bin is
#          appended) or `fixture|<kind>` (check_vectors --write-model DIR.bin <kind>)>
#   -DARGS=<vectors options, |-separated>   [-DINPUTS=T|M: --input from check_vectors --write-inputs]
#   -DTOL=<state tolerance>|<output tolerance>: check_vectors --model (the float model's trace)
#   [-DALSO_SPARSE=ON: the model re-stored as compressed rows (export --storage sparse: 16-bit
#    indices) must give the same hex files]
#   [-DREFUSED=<regex>: vectors must instead exit 2 with one line on stderr matching it and
#    leave no directory]
string(REPLACE "|" ";" args "${ARGS}")
string(REPLACE "|" ";" make "${MAKE}")
list(POP_FRONT make how)
file(REMOVE_RECURSE ${DIR} ${DIR}.bin ${DIR}_u.npy)
if(how STREQUAL "cli")
  execute_process(COMMAND ${BIN} ${make} --save ${DIR}.bin RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
else()
  execute_process(COMMAND ${CHECK} --write-model ${DIR}.bin ${make} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
endif()
if(NOT code EQUAL 0)
  message(FATAL_ERROR "making the model: exit ${code}\n${out}${err}")
endif()
if(DEFINED INPUTS)
  string(REPLACE "|" ";" tm "${INPUTS}")
  execute_process(COMMAND ${CHECK} --write-inputs ${DIR}_u.npy ${tm} RESULT_VARIABLE code)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "check_vectors --write-inputs failed")
  endif()
  list(APPEND args --input ${DIR}_u.npy)
endif()
execute_process(COMMAND ${BIN} vectors ${DIR}.bin --out ${DIR} ${args} RESULT_VARIABLE code OUTPUT_VARIABLE out
                ERROR_VARIABLE err)
if(DEFINED REFUSED)
  string(REGEX MATCHALL "\n" newlines "${err}")
  list(LENGTH newlines lines)
  file(GLOB left ${DIR} ${DIR}.tmp*)
  if(NOT code EQUAL 2 OR NOT lines EQUAL 1 OR NOT out STREQUAL "" OR NOT err MATCHES "${REFUSED}" OR left)
    message(FATAL_ERROR "expected exit 2, one line matching '${REFUSED}', no output, no directory; got exit ${code}\n"
                        "stdout: ${out}\nstderr: ${err}\nleft: ${left}")
  endif()
  message(STATUS "refused: ${err}")
  return()
endif()
if(NOT code EQUAL 0)
  message(FATAL_ERROR "vectors: exit ${code}\n${out}${err}")
endif()
message(STATUS "${out}")
string(REPLACE "|" ";" tol "${TOL}")
execute_process(COMMAND ${CHECK} ${DIR} --model ${DIR}.bin ${tol} RESULT_VARIABLE code OUTPUT_VARIABLE out
                ERROR_VARIABLE err)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "check_vectors: exit ${code}\n${out}${err}")
endif()
message(STATUS "${out}")
if(ALSO_SPARSE)
  file(REMOVE_RECURSE ${DIR}_sparse ${DIR}_sparse.bin)
  execute_process(COMMAND ${BIN} export ${DIR}.bin --out ${DIR}_sparse.bin --storage sparse RESULT_VARIABLE code
                  OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code EQUAL 0 OR NOT out MATCHES "\"index_bytes\": 2")
    message(FATAL_ERROR "export --storage sparse: exit ${code}\n${out}${err}")
  endif()
  execute_process(COMMAND ${BIN} vectors ${DIR}_sparse.bin --out ${DIR}_sparse ${args} RESULT_VARIABLE code
                  OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "vectors on the sparse model: exit ${code}\n${out}${err}")
  endif()
  foreach(f J J_frac W_in b W_out W_out_frac c x0 inputs states outputs)
    file(SHA256 ${DIR}/${f}.hex a)
    file(SHA256 ${DIR}_sparse/${f}.hex b)
    if(NOT a STREQUAL b)
      message(FATAL_ERROR "${f}.hex differs between the dense and the compressed-row model")
    endif()
  endforeach()
  message(STATUS "the compressed-row model gives the same files")
endif()
