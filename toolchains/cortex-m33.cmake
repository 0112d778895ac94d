# Cortex-M33 (FPv5-SP, hard float, Secure state); tests run on QEMU's mps2-an505.
set(EDGECHAOS_CPU_FLAGS "-mcpu=cortex-m33 -mthumb -mfpu=fpv5-sp-d16 -mfloat-abi=hard")
set(EDGECHAOS_BOARD mps2-an505)
set(EDGECHAOS_QEMU_MACHINE "mps2-an505")
set(EDGECHAOS_TARGET_NAME cortex-m33)
include(${CMAKE_CURRENT_LIST_DIR}/cortex-m-common.cmake)
