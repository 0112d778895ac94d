# edgechaos_host_tool(<name> OUTPUT <file> SOURCES <src...> [INCLUDES <dir...>] [ARGS <arg...>]
#                     [DEPENDS <file...>])
#
# While cross-compiling: builds a small program with the HOST compiler, in reproducible
# mode (-O2 -ffp-contract=off, EDGECHAOS_REPRODUCIBLE; -Werror with
# EDGECHAOS_WARNINGS_AS_ERRORS), and runs it as `<name> <file>
# [ARGS]` to produce <file> at build time. Reruns when the sources or any library header
# change. Used for the golden-model header and the firmware's expected host output.
find_program(EDGECHAOS_HOST_CXX NAMES c++ g++ clang++ REQUIRED)
get_target_property(_ec_eigen_inc Eigen3::Eigen INTERFACE_INCLUDE_DIRECTORIES)
file(GLOB_RECURSE EDGECHAOS_LIB_HEADERS CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/lib/include/*.hpp)
# The firmware's shared headers (hashes, report helpers) count as library headers here.
file(GLOB EDGECHAOS_FW_COMMON_HEADERS CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/examples/firmware/common/*.hpp)
list(APPEND EDGECHAOS_LIB_HEADERS ${EDGECHAOS_FW_COMMON_HEADERS})
set(EDGECHAOS_EIGEN_INCLUDE ${_ec_eigen_inc} CACHE INTERNAL "")

function(edgechaos_host_tool name)
  cmake_parse_arguments(ARG "" "OUTPUT" "SOURCES;INCLUDES;ARGS;DEPENDS" ${ARGN})
  set(exe ${CMAKE_CURRENT_BINARY_DIR}/host_${name})
  set(incs -I${PROJECT_SOURCE_DIR}/lib/include)
  foreach(d IN LISTS ARG_INCLUDES)
    list(APPEND incs -I${d})
  endforeach()
  foreach(d IN LISTS EDGECHAOS_EIGEN_INCLUDE)
    list(APPEND incs -isystem ${d})
  endforeach()
  get_filename_component(outdir ${ARG_OUTPUT} DIRECTORY)
  set(werror "")
  if(EDGECHAOS_WARNINGS_AS_ERRORS)
    set(werror -Werror)
  endif()
  add_custom_command(OUTPUT ${ARG_OUTPUT}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${outdir}
    COMMAND ${EDGECHAOS_HOST_CXX} -std=c++17 -O2 -ffp-contract=off -DEDGECHAOS_REPRODUCIBLE=1
            -Wall -Wextra ${werror} ${incs} ${ARG_SOURCES} -o ${exe}
    COMMAND ${exe} ${ARG_OUTPUT} ${ARG_ARGS}
    DEPENDS ${ARG_SOURCES} ${ARG_DEPENDS} ${EDGECHAOS_LIB_HEADERS}
    COMMENT "Host tool ${name}: ${ARG_OUTPUT}"
    VERBATIM)
  # A target too, so that several executables can depend on one output without racing.
  add_custom_target(${name} DEPENDS ${ARG_OUTPUT})
endfunction()
