# Cortex-M0, soft float; tests run on QEMU's microbit (nRF51: 256 KiB flash, 16 KiB RAM).
set(EDGECHAOS_CPU_FLAGS "-mcpu=cortex-m0 -mthumb -mfloat-abi=soft")
set(EDGECHAOS_BOARD microbit)
set(EDGECHAOS_QEMU_MACHINE "microbit")
set(EDGECHAOS_TARGET_NAME cortex-m0)
include(${CMAKE_CURRENT_LIST_DIR}/cortex-m-common.cmake)
