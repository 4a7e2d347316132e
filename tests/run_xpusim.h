// SPDX-License-Identifier: MIT
#pragma once
// Runs the xpusim binary under test (XPU_BINARY, set by tests/CMakeLists.txt) as a user would.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace xpu::test {

struct CommandOutput {
  int exit_code = -1;
  std::string out;  // stdout, and stderr unless `stderr_redirect` sends it elsewhere
};

inline CommandOutput xpusim(const std::string& args, const std::string& stderr_redirect = "2>&1") {
  const std::string cmd = fmt::format("{} {} {}", XPU_BINARY, args, stderr_redirect);
  CommandOutput o;
  FILE* pipe = popen(cmd.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::array<char, 4096> buf{};
  while (size_t n = fread(buf.data(), 1, buf.size(), pipe)) o.out.append(buf.data(), n);
  const int status = pclose(pipe);
  o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return o;
}

}  // namespace xpu::test
