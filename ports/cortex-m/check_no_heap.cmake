cmake_minimum_required(VERSION 3.25)
# ctest -P script: fails if the firmware image ELF defines or references an allocator.
# Usage: cmake -DNM=<arm-none-eabi-nm> -DELF=<image.elf> -P check_no_heap.cmake
execute_process(COMMAND ${NM} ${ELF} OUTPUT_VARIABLE syms RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "nm failed on ${ELF}")
endif()
# C allocator and its newlib reentrant forms, sbrk, and every operator new/delete form
# (_Znwj/_Znaj: new(unsigned), _ZdlPv/_ZdaPv: delete, plus sized/aligned variants).
set(bad _sbrk _sbrk_r sbrk malloc free calloc realloc _malloc_r _free_r _calloc_r _realloc_r
  memalign posix_memalign aligned_alloc)
set(found "")
string(REPLACE "\n" ";" lines "${syms}")
list(LENGTH lines nsyms)
foreach(line IN LISTS lines)
  if(line MATCHES "([A-Za-z_][A-Za-z0-9_.]*)$")
    set(name ${CMAKE_MATCH_1})
    if(name IN_LIST bad OR name MATCHES "^_Zn[wa]" OR name MATCHES "^_Zd[la]")
      list(APPEND found ${name})
    endif()
  endif()
endforeach()
if(found)
  message(FATAL_ERROR "${ELF}: allocator symbols present: ${found}")
endif()
if(nsyms LESS 10)
  message(FATAL_ERROR "${ELF}: suspiciously few symbols (${nsyms}); is this an ELF with a symbol table?")
endif()
message(STATUS "${ELF}: no allocator among ${nsyms} symbols")
