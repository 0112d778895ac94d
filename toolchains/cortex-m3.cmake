# Cortex-M3, soft float; tests run on QEMU's mps2-an385.
set(EDGECHAOS_CPU_FLAGS "-mcpu=cortex-m3 -mthumb -mfloat-abi=soft")
set(EDGECHAOS_BOARD mps2-an385)
set(EDGECHAOS_QEMU_MACHINE "mps2-an385")
set(EDGECHAOS_TARGET_NAME cortex-m3)
include(${CMAKE_CURRENT_LIST_DIR}/cortex-m-common.cmake)
