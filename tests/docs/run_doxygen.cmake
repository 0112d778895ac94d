# Runs doxygen on one configured Doxyfile (docs/CMakeLists.txt) and judges the result.
#   -DDOXYGEN=<exe> -DDOXYFILE=<file> -DHTML=<html dir> -DEXPECT=clean|fixture
# clean:   the public headers; passes only with exit code 0, no warning at all, and the
#          pages that prove the input was read (the main page and the edgechaos namespace).
# fixture: tests/docs/fixture; passes only if doxygen fails (FAIL_ON_WARNINGS) with each
#          planted warning and none about the names the check must ignore.
foreach(var DOXYGEN DOXYFILE HTML EXPECT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_doxygen.cmake: -D${var}= is required")
  endif()
endforeach()

file(REMOVE_RECURSE ${HTML})
execute_process(COMMAND ${DOXYGEN} ${DOXYFILE}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)

if(EXPECT STREQUAL "clean")
  if(NOT rc EQUAL 0 OR err MATCHES "warning|error")
    message(FATAL_ERROR "the API reference has warnings (exit code ${rc}); every public name "
      "needs a Doxygen comment and every reference must resolve:\n${err}")
  endif()
  foreach(page index.html namespaceedgechaos.html)
    if(NOT EXISTS ${HTML}/${page})
      message(FATAL_ERROR "doxygen succeeded but ${HTML}/${page} is missing:\n${out}${err}")
    endif()
  endforeach()
elseif(EXPECT STREQUAL "fixture")
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
else()
  message(FATAL_ERROR "run_doxygen.cmake: EXPECT must be clean or fixture, not ${EXPECT}")
endif()
