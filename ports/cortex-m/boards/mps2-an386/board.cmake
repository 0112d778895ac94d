# QEMU mps2 (an385/an386/an500): semihosting console, CMSDK timer0 at 0x40000000, 25 MHz.
set(EDGECHAOS_BOARD_SOURCES src/board_semihost.cpp src/board_init_none.cpp src/counter_cmsdk.cpp)
set(EDGECHAOS_BOARD_DEFINITIONS ECM_TIMER_BASE=0x40000000u ECM_TIMER_HZ=25000000u)
