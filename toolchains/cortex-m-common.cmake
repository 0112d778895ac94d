# Shared part of the Cortex-M toolchain files. The including file sets, before include():
#   EDGECHAOS_CPU_FLAGS    compiler flags that pick the core, FPU and multilib
#   EDGECHAOS_BOARD        a folder under ports/cortex-m/boards/ (linker script, board code)
#   EDGECHAOS_QEMU_MACHINE the qemu-system-arm -M machine the tests run on ("" for real boards)
#   EDGECHAOS_TARGET_NAME  the name benchmarks print (cortex-m4f, ...)
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)

set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_CXX_COMPILER arm-none-eabi-g++)
set(CMAKE_ASM_COMPILER arm-none-eabi-gcc)
# The compiler checks cannot link a bare-metal program.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

# Toolchain files run again in every try_compile: pass our variables through.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES
  EDGECHAOS_CPU_FLAGS EDGECHAOS_BOARD EDGECHAOS_QEMU_MACHINE EDGECHAOS_TARGET_NAME)

# -fno-math-errno: sqrtf becomes vsqrt.f32 on FPU cores instead of a libm call that sets errno.
set(_ec_common "${EDGECHAOS_CPU_FLAGS} -ffunction-sections -fdata-sections -fno-math-errno")
set(CMAKE_C_FLAGS_INIT "${_ec_common}")
set(CMAKE_ASM_FLAGS_INIT "${_ec_common}")
set(CMAKE_CXX_FLAGS_INIT
  "${_ec_common} -fno-exceptions -fno-rtti -fno-threadsafe-statics -fno-use-cxa-atexit")
# nano.specs WITHOUT nosys/rdimon: any hidden malloc/stdio/abort is a link error (no _sbrk).
# The linker script (-T) is added per executable by ports/cortex-m (edgechaos_firmware()).
set(CMAKE_EXE_LINKER_FLAGS_INIT
  "${EDGECHAOS_CPU_FLAGS} --specs=nano.specs -nostartfiles -Wl,--gc-sections")
# Release by default: target code needs -DNDEBUG (Eigen asserts pull in stdio otherwise).
set(CMAKE_BUILD_TYPE_INIT Release)
# -O2 rather than CMake's Release -O3: smaller images, and the method of EMBEDDED.md.
# (Cache entries: CMake appends its own -O3 to the *_INIT variables.)
set(CMAKE_C_FLAGS_RELEASE "-O2 -DNDEBUG" CACHE STRING "Cortex-M release flags")
set(CMAKE_CXX_FLAGS_RELEASE "-O2 -DNDEBUG" CACHE STRING "Cortex-M release flags")
set(CMAKE_EXECUTABLE_SUFFIX .elf)
set(CMAKE_EXECUTABLE_SUFFIX_CXX .elf)
set(CMAKE_EXECUTABLE_SUFFIX_C .elf)

if(EDGECHAOS_QEMU_MACHINE)
  # CMake appends the executable: -kernel must come last.
  set(CMAKE_CROSSCOMPILING_EMULATOR
    qemu-system-arm -M ${EDGECHAOS_QEMU_MACHINE} -nographic -monitor none
    -semihosting-config enable=on,target=native -kernel)
endif()

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
