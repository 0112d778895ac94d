// QEMU boards need no clock or pin setup.
#include "cortexm/board.hpp"

namespace cortexm {
void board_init() {}
}  // namespace cortexm
