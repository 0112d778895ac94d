# Cortex-M7 (FPv5, double-precision FPU, hard float); tests run on QEMU's mps2-an500.
set(EDGECHAOS_CPU_FLAGS "-mcpu=cortex-m7 -mthumb -mfpu=fpv5-d16 -mfloat-abi=hard")
set(EDGECHAOS_BOARD mps2-an500)
set(EDGECHAOS_QEMU_MACHINE "mps2-an500")
set(EDGECHAOS_TARGET_NAME cortex-m7)
include(${CMAKE_CURRENT_LIST_DIR}/cortex-m-common.cmake)
