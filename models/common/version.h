// SPDX-License-Identifier: MIT
#pragma once
// What this binary is: the project version and the git commit it was configured from
// ("unknown" for a source tree without git). Printed by `xpusim --version`, recorded in a
// sweep's manifest so that a resume does not mix results of two builds.
#include <string>

namespace xpu {

std::string xpusim_version();  // "0.1.0 (commit 58f71fa0c1d2)"

}  // namespace xpu
