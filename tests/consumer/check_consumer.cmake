# cmake -DMODE=<subdirectory|package|package_fresh> -DSOURCE_DIR=... -DMAIN_BUILD=... -DWORK=...
#       -DCONSUMER=... -DGENERATOR=... -DCXX=... -P check_consumer.cmake
# Configures, builds and runs the consumer project against edgechaos; any failure is fatal.
#   package        installs the main build (MAIN_BUILD) into a temporary prefix;
#   package_fresh  configures the source tree once, from scratch (library only), and installs
#                  that: a first configure must already export the include directory.
foreach(var MODE SOURCE_DIR MAIN_BUILD WORK CONSUMER GENERATOR CXX)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check_consumer.cmake: ${var} not set")
  endif()
endforeach()

function(run what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  message(STATUS "${what}:\n${out}${err}")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${what} failed (${rc})")
  endif()
endfunction()

file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})

if(MODE STREQUAL "package_fresh")
  run("fresh configure of edgechaos" ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK}/main -G ${GENERATOR}
      -DCMAKE_CXX_COMPILER=${CXX} -DEDGECHAOS_BUILD_TESTS=OFF -DEDGECHAOS_BUILD_EXAMPLES=OFF
      -DEDGECHAOS_BUILD_BENCHMARKS=OFF)
  set(MAIN_BUILD ${WORK}/main)
  set(MODE package)
endif()

if(MODE STREQUAL "package")
  set(prefix ${WORK}/prefix)
  run("install of ${MAIN_BUILD}" ${CMAKE_COMMAND} --install ${MAIN_BUILD} --prefix ${prefix})
  file(GLOB_RECURSE configs ${prefix}/*/edgechaosConfig.cmake)
  if(NOT EXISTS ${prefix}/include/edgechaos/edgechaos.hpp OR NOT configs)
    message(FATAL_ERROR "install is missing the headers or edgechaosConfig.cmake")
  endif()
  set(mode_args -DEDGECHAOS_CONSUMER_MODE=package -DCMAKE_PREFIX_PATH=${prefix})
elseif(MODE STREQUAL "subdirectory")
  set(mode_args -DEDGECHAOS_CONSUMER_MODE=subdirectory -DEDGECHAOS_SOURCE_DIR=${SOURCE_DIR})
else()
  message(FATAL_ERROR "unknown MODE ${MODE}")
endif()

run("configure consumer (${MODE})" ${CMAKE_COMMAND} -S ${CONSUMER} -B ${WORK}/build -G ${GENERATOR}
    -DCMAKE_CXX_COMPILER=${CXX} -DCMAKE_BUILD_TYPE=Release ${mode_args})
if(MODE STREQUAL "package")
  # The package found must be the one just installed, not another copy on the system.
  file(STRINGS ${WORK}/build/CMakeCache.txt found REGEX "^edgechaos_DIR:")
  string(FIND "${found}" "${prefix}" at)
  if(NOT at GREATER -1)
    message(FATAL_ERROR "find_package found ${found}, not the install in ${prefix}")
  endif()
endif()
run("build consumer" ${CMAKE_COMMAND} --build ${WORK}/build --parallel 2)
run("run consumer" ${WORK}/build/consumer)
