// Must NOT compile: F = 128 needs about 68 KiB, over the default 64 KiB budget
// (tests/readouts/CMakeLists.txt checks the message).
#include "edgechaos/readouts/streaming_ridge.hpp"

edgechaos::StreamingRidge<128, 1> too_big;
