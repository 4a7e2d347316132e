// SPDX-License-Identifier: MIT
#pragma once
// Reading a file in a test: one helper, so that every test compares the same bytes.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace xpu::test {

// The whole file, byte for byte; "" when it cannot be opened (the caller's check then fails).
inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace xpu::test
