# Cortex-M4F (FPv4-SP, hard float); tests run on QEMU's mps2-an386.
set(EDGECHAOS_CPU_FLAGS "-mcpu=cortex-m4 -mthumb -mfpu=fpv4-sp-d16 -mfloat-abi=hard")
set(EDGECHAOS_BOARD mps2-an386)
set(EDGECHAOS_QEMU_MACHINE "mps2-an386")
set(EDGECHAOS_TARGET_NAME cortex-m4f)
include(${CMAKE_CURRENT_LIST_DIR}/cortex-m-common.cmake)
