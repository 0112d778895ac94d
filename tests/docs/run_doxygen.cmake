# Runs doxygen on a configured Doxyfile (docs/CMakeLists.txt) and judges the result.
#   -DDOXYGEN=<exe> -DDOXYFILE=<file> -DOUT=<output dir> -DEXPECT=clean|audit|fixture
#   [-DPYTHON=<python3> -DCHECKER=<check_documented.py>]      (audit, and fixture's audit)
#   [-DAUDIT_DOXYFILE=<file> -DAUDIT_OUT=<dir>]                (fixture)
# clean:   the public headers; passes only with exit code 0, no warning at all, and the
#          pages that prove the input was read (the main page and the edgechaos namespace).
# audit:   the public headers extracted into XML; passes only when check_documented.py
#          finds no public name without documentation.
# fixture: tests/docs/fixture; passes only if both passes fail, each with every name the
#          fixture plants for it and none of the names the checks must ignore.
foreach(var DOXYGEN DOXYFILE OUT EXPECT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_doxygen.cmake: -D${var}= is required")
  endif()
endforeach()

function(run_doxygen doxyfile out)
  file(REMOVE_RECURSE ${out})
  execute_process(COMMAND ${DOXYGEN} ${doxyfile} RESULT_VARIABLE rc OUTPUT_VARIABLE o ERROR_VARIABLE e)
  set(rc ${rc} PARENT_SCOPE)
  set(err "${o}${e}" PARENT_SCOPE)
endfunction()

function(run_audit doxyfile out)
  if(NOT PYTHON OR NOT CHECKER)
    message(FATAL_ERROR "run_doxygen.cmake: the audit needs -DPYTHON= and -DCHECKER=")
  endif()
  run_doxygen(${doxyfile} ${out})
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "doxygen failed on ${doxyfile} (exit code ${rc}):\n${err}")
  endif()
  execute_process(COMMAND ${PYTHON} ${CHECKER} ${out}/xml RESULT_VARIABLE arc OUTPUT_VARIABLE aout ERROR_VARIABLE aerr)
  set(arc ${arc} PARENT_SCOPE)
  set(report "${aout}${aerr}" PARENT_SCOPE)
endfunction()

if(EXPECT STREQUAL "clean")
  run_doxygen(${DOXYFILE} ${OUT})
  if(NOT rc EQUAL 0 OR err MATCHES "warning|error")
    message(FATAL_ERROR "the API reference has warnings (exit code ${rc}); every public name "
      "needs a Doxygen comment and every reference must resolve:\n${err}")
  endif()
  foreach(page index.html namespaceedgechaos.html)
    if(NOT EXISTS ${OUT}/html/${page})
      message(FATAL_ERROR "doxygen succeeded but ${OUT}/html/${page} is missing:\n${err}")
    endif()
  endforeach()
elseif(EXPECT STREQUAL "audit")
  run_audit(${DOXYFILE} ${OUT})
  if(NOT arc EQUAL 0)
    message(FATAL_ERROR "public names without documentation (Doxygen's warnings miss these: "
      "empty classes, members of undocumented namespaces):\n${report}")
  endif()
elseif(EXPECT STREQUAL "fixture")
  run_doxygen(${DOXYFILE} ${OUT})
  if(rc EQUAL 0)
    message(FATAL_ERROR "doxygen passed the fixture, which plants warnings: the check "
      "cannot fail (was WARN_AS_ERROR or WARN_IF_UNDOCUMENTED changed?)\n${err}")
  endif()
  foreach(planted
      "Compound edgechaos::PlantedClass is not documented"
      "Member planted_member \\(variable\\) of struct edgechaos::PlantedClass is not documented"
      "planted_function\\(\\) \\(function\\) of namespace edgechaos is not documented"
      "unable to resolve reference to 'planted_missing_name'")
    if(NOT err MATCHES "${planted}")
      message(FATAL_ERROR "the planted warning \"${planted}\" was not reported:\n${err}")
    endif()
  endforeach()
  foreach(ignored HiddenDetail hidden_detail_function hidden_ Clean)
    if(err MATCHES "${ignored}")
      message(FATAL_ERROR "a warning names ${ignored}, which the check must ignore:\n${err}")
    endif()
  endforeach()
  if(PYTHON AND AUDIT_DOXYFILE)
    run_audit(${AUDIT_DOXYFILE} ${AUDIT_OUT})
    if(arc EQUAL 0)
      message(FATAL_ERROR "the audit passed the fixture, which plants undocumented names:\n${report}")
    endif()
    foreach(planted
        "struct edgechaos::PlantedEmpty"
        "namespace edgechaos::planted_namespace"
        "function edgechaos::planted_namespace::planted_namespace_function"
        "struct edgechaos::PlantedClass"
        "function edgechaos::planted_function")
      if(NOT report MATCHES "${planted}")
        message(FATAL_ERROR "the audit did not report the planted \"${planted}\":\n${report}")
      endif()
    endforeach()
    foreach(ignored HiddenDetail hidden_detail_function hidden_ Clean Copyable)
      if(report MATCHES "${ignored}")
        message(FATAL_ERROR "the audit names ${ignored}, which it must ignore:\n${report}")
      endif()
    endforeach()
  endif()
else()
  message(FATAL_ERROR "run_doxygen.cmake: EXPECT must be clean, audit or fixture, not ${EXPECT}")
endif()
