cmake_minimum_required(VERSION 3.25)
# ctest -P script for the reservoir_predict firmware: runs the image under the emulator, then
#  1. its report must equal the host build's (same source and header, reproducible mode)
#     line by line, except the "platform:" and cost lines: the same prediction hash,
#     sampled outputs and test NRMSE, bit for bit;
#  2. its prediction hash must equal the arrays form's (every export form is one model);
#  3. its test NRMSE must be below 1e-2 (a working one-step predictor: the desktop's float
#     model scores 7.6e-4, tools/make_reservoir_predict_model.cpp; predicting u(t) itself
#     scores about 0.07).
# -DEMULATOR=<;-list> -DELF=<image> -DEXPECTED=<host report> -DARRAYS=<arrays form's host report>
# -DCOMPARE=<compare_output.cmake>
set(IGNORE reservoir_predict_cost)
include(${COMPARE})  # runs the image, 1. (sets out)
file(READ ${ARRAYS} arrays)
if(NOT out MATCHES "\"yhat_hash\":\"(0x[0-9a-fA-F]+)\"")
  message(FATAL_ERROR "no yhat_hash in the target's report")
endif()
set(h ${CMAKE_MATCH_1})
if(NOT arrays MATCHES "\"yhat_hash\":\"(0x[0-9a-fA-F]+)\"" OR NOT CMAKE_MATCH_1 STREQUAL h)
  message(FATAL_ERROR "prediction hash ${h} differs from the arrays form's ${CMAKE_MATCH_1}")
endif()
if(NOT out MATCHES "\"nrmse_test\":([-+.0-9e]+)")
  message(FATAL_ERROR "no nrmse_test in the target's report")
endif()
set(v ${CMAKE_MATCH_1})
if(v GREATER 0.01 OR v LESS 0)
  message(FATAL_ERROR "test NRMSE ${v} is not below 1e-2")
endif()
message(STATUS "target output equals the host build's; hash ${h} as the arrays form's; test NRMSE ${v}")
