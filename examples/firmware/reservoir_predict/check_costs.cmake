cmake_minimum_required(VERSION 3.25)
# ctest -P script: export_costs() (host/model_header.hpp, recorded in model_costs.json by
# tools/make_reservoir_predict_model.cpp) against the linked images. The model's symbols
# (namespace reservoir_predict_model) are read with objdump -t from each form's ELF:
#   arrays  the sum of the constant arrays' sizes, each padded to 4 bytes = arrays.flash;
#   image   the size of kImage = image.flash;
#   seed    the trained arrays (W_out, c, ...) = seed.flash, and the Ram object = seed.ram.
# -DOBJDUMP=<objdump> -DARRAYS=<elf> -DIMAGE=<elf> -DSEED=<elf> -DCOSTS=<model_costs.json>
file(READ ${COSTS} costs)
foreach(form arrays image seed)
  string(REGEX MATCH "\"${form}\":{\"flash\":([0-9]+),\"ram\":([0-9]+)}" _ "${costs}")
  set(want_${form}_flash ${CMAKE_MATCH_1})
  set(want_${form}_ram ${CMAKE_MATCH_2})
endforeach()

# Sums the sizes (padded to 4) of the model's symbols in an ELF: `flash` for those in
# .rodata/.text, `ram` for those in .bss/.data (inline variables are weak objects: the
# section, not the symbol type, says where they are).
function(model_bytes elf flash_out ram_out)
  execute_process(COMMAND ${OBJDUMP} -t -C ${elf} OUTPUT_VARIABLE syms RESULT_VARIABLE rc)
  if(NOT rc STREQUAL "0")
    message(FATAL_ERROR "objdump failed on ${elf}")
  endif()
  string(REPLACE "\n" ";" lines "${syms}")
  set(flash 0)
  set(ram 0)
  foreach(l IN LISTS lines)
    if(l MATCHES "^[0-9a-f]+ .* O (\\.[a-z]+)\t([0-9a-f]+) reservoir_predict_model::")
      math(EXPR size "(0x${CMAKE_MATCH_2} + 3) / 4 * 4")
      if(CMAKE_MATCH_1 MATCHES "^\\.(rodata|text)$")
        math(EXPR flash "${flash} + ${size}")
      else()
        math(EXPR ram "${ram} + ${size}")
      endif()
      message("  ${l}")
    endif()
  endforeach()
  set(${flash_out} ${flash} PARENT_SCOPE)
  set(${ram_out} ${ram} PARENT_SCOPE)
endfunction()

set(bad "")
foreach(form arrays image seed)
  string(TOUPPER ${form} var)
  message("${form}: ${${var}}")
  model_bytes(${${var}} flash ram)
  message("${form}: model flash ${flash} (export_costs ${want_${form}_flash}), model RAM ${ram} (export_costs ${want_${form}_ram})")
  if(NOT flash EQUAL want_${form}_flash OR NOT ram EQUAL want_${form}_ram)
    string(APPEND bad " ${form}")
  endif()
endforeach()
if(bad)
  message(FATAL_ERROR "export_costs() disagrees with the linked image for:${bad}")
endif()
message(STATUS "export_costs() equals the linked model's bytes in every form")
