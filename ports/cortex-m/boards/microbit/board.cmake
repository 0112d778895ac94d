# QEMU microbit: semihosting console; no instruction counter is wired up here.
set(EDGECHAOS_BOARD_SOURCES src/board_semihost.cpp src/board_init_none.cpp src/counter_none.cpp)
set(EDGECHAOS_BOARD_DEFINITIONS)
