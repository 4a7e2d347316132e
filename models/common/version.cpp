// SPDX-License-Identifier: MIT
#include "common/version.h"

namespace xpu {

std::string xpusim_version() { return XPU_VERSION " (commit " XPU_GIT_COMMIT ")"; }

}  // namespace xpu
