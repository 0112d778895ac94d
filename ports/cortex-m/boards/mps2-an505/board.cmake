# QEMU mps2-an505: semihosting console, CMSDK timer0 at its Secure alias 0x50000000, 20 MHz.
set(EDGECHAOS_BOARD_SOURCES src/board_semihost.cpp src/board_init_none.cpp src/counter_cmsdk.cpp)
set(EDGECHAOS_BOARD_DEFINITIONS ECM_TIMER_BASE=0x50000000u ECM_TIMER_HZ=20000000u)
