# Nucleo-F401RE: PLL to 84 MHz, USART2 console (ST-LINK VCP), DWT cycle counter.
set(EDGECHAOS_BOARD_SOURCES src/board_stm32f401.cpp src/counter_dwt.cpp)
set(EDGECHAOS_BOARD_DEFINITIONS)
