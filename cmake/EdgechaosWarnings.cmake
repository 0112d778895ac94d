# Warnings are errors on the project's own code. Eigen comes in as a system include,
# so these apply to edgechaos headers and sources only. Not exported to users.
add_library(edgechaos_warnings INTERFACE)
target_compile_options(edgechaos_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Werror)
