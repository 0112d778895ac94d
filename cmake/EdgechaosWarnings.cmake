# Warnings are errors on the project's own code. Eigen comes in as a system include,
# so these apply to edgechaos headers and sources only. Not exported to users.
add_library(edgechaos_warnings INTERFACE)
target_compile_options(edgechaos_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Werror
  # GCC 12 reports a false use-after-free inside Eigen's dynamic-size storage once it is
  # inlined into our code (Eigen/src/Core/util/Memory.h:203). Real use-after-free is
  # caught at run time by the AddressSanitizer preset.
  $<$<AND:$<CXX_COMPILER_ID:GNU>,$<VERSION_GREATER_EQUAL:$<CXX_COMPILER_VERSION>,12>>:-Wno-use-after-free>)
