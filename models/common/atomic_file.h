// SPDX-License-Identifier: MIT
#pragma once
// Writes a whole output file so that a reader, or a crash, never sees half of it: the text goes
// to a temporary file in the same folder, which is renamed over `path` once complete.
#include <filesystem>
#include <string>
#include <string_view>

namespace xpu {

// Throws ConfigError naming `path` and `what` ("the report file") when it cannot be written.
void write_file_atomically(const std::filesystem::path& path, std::string_view text, const std::string& what);

}  // namespace xpu
