# Warnings on the project's own code. Eigen comes in as a system include, so these apply
# to edgechaos headers and sources only. Not exported to users.
#
# Warnings are errors only when EDGECHAOS_WARNINGS_AS_ERRORS is ON: the presets
# (CMakePresets.json) and CI turn it on for the project's developers; a plain configure, as
# a user or a packager does with their own compiler and build type, keeps the warnings and
# never fails on one.
option(EDGECHAOS_WARNINGS_AS_ERRORS "Treat compiler warnings in edgechaos' own code as errors (on in the presets and CI)" OFF)

add_library(edgechaos_warnings INTERFACE)
target_compile_options(edgechaos_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion
  $<$<BOOL:${EDGECHAOS_WARNINGS_AS_ERRORS}>:-Werror>
  # GCC 12 reports a false use-after-free inside Eigen's dynamic-size storage once it is
  # inlined into our code (Eigen/src/Core/util/Memory.h:203). Real use-after-free is
  # caught at run time by the AddressSanitizer preset.
  $<$<AND:$<CXX_COMPILER_ID:GNU>,$<VERSION_GREATER_EQUAL:$<CXX_COMPILER_VERSION>,12>>:-Wno-use-after-free>)
