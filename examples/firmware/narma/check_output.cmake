cmake_minimum_required(VERSION 3.25)
# ctest -P script for the NARMA10 firmware: runs the image under the emulator, then
#  1. its report must equal the host build's (same source, reproducible mode) line by line,
#     except the "platform:" and cost (narma10_cost) lines: bit-identical NRMSEs and hash;
#  2. its test and training NRMSEs must lie in the bands [nrmse_*_lo, nrmse_*_hi] that the
#     host build wrote around the desktop double ridge's on the same features.
# -DEMULATOR=<;-list> -DELF=<image> -DEXPECTED=<file> -DREFERENCE=<file> -DCOMPARE=<compare_output.cmake>
set(IGNORE narma10_cost)
include(${COMPARE})  # runs the image, 1. (sets out)
file(READ ${REFERENCE} ref)
message("double reference: ${ref}")
if(NOT out MATCHES "\"nrmse_test\":([-+.0-9e]+)")
  message(FATAL_ERROR "no nrmse_test in the target's report")
endif()
set(v ${CMAKE_MATCH_1})
if(NOT ref MATCHES "\"nrmse_test_lo\":([-+.0-9e]+),\"nrmse_test_hi\":([-+.0-9e]+)")
  message(FATAL_ERROR "no band in the double reference")
endif()
set(lo ${CMAKE_MATCH_1})
set(hi ${CMAKE_MATCH_2})
if(v LESS lo OR v GREATER hi)
  message(FATAL_ERROR "test NRMSE ${v} outside the double ridge's band [${lo}, ${hi}]")
endif()
# The training NRMSE is computed from a replay of the run (no history is stored): it must
# match the double ridge's on the features collected in the first pass too.
if(NOT out MATCHES "\"nrmse_train\":([-+.0-9e]+)")
  message(FATAL_ERROR "no nrmse_train in the target's report")
endif()
set(vt ${CMAKE_MATCH_1})
if(NOT ref MATCHES "\"nrmse_train_lo\":([-+.0-9e]+),\"nrmse_train_hi\":([-+.0-9e]+)")
  message(FATAL_ERROR "no training band in the double reference")
endif()
if(vt LESS CMAKE_MATCH_1 OR vt GREATER CMAKE_MATCH_2)
  message(FATAL_ERROR "training NRMSE ${vt} outside the double ridge's band [${CMAKE_MATCH_1}, ${CMAKE_MATCH_2}]")
endif()
message(STATUS "target output equals the host build's; test NRMSE ${v} within [${lo}, ${hi}], training ${vt}")
