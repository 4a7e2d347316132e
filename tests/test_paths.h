// SPDX-License-Identifier: MIT
#pragma once
// Paths of repository files for tests; tests run with the repository root as working directory.
#include <string>

namespace xpu::test {

inline std::string repo(const std::string& relative) {
  return std::string(XPU_SOURCE_DIR) + "/" + relative;
}

}  // namespace xpu::test
