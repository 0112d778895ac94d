# STM32 Nucleo-F401RE (Cortex-M4F, 512 KiB flash, 96 KiB RAM): a real board, built, not run.
set(EDGECHAOS_CPU_FLAGS "-mcpu=cortex-m4 -mthumb -mfpu=fpv4-sp-d16 -mfloat-abi=hard")
set(EDGECHAOS_BOARD nucleo-f401re)
set(EDGECHAOS_QEMU_MACHINE "")
set(EDGECHAOS_TARGET_NAME cortex-m4f)
include(${CMAKE_CURRENT_LIST_DIR}/cortex-m-common.cmake)
