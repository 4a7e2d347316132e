// SPDX-License-Identifier: MIT
#pragma once
// The one output writer. Writes a whole output file so that a reader, or a crash, never sees half
// of it: the text goes to a temporary file in the same folder, which is renamed over `path` once
// complete. It never writes where it should not: a path that is a symlink, a device, a FIFO or a
// folder, or a file this run read as an input (input_file.h), is refused before anything is
// written.
#include <filesystem>
#include <string>
#include <string_view>

namespace xpu {

// Throws ConfigError naming `path` and `what` ("the report file") when it cannot be written.
void write_file_atomically(const std::filesystem::path& path, std::string_view text,
                           const std::string& what);

// The checks above, for writers that must stream (a VCD waveform, a sweep's results appended
// point by point): throws ConfigError naming `path` unless it is absent or a regular file that
// is not an input of this run.
void check_output_path(const std::filesystem::path& path, const std::string& what);

}  // namespace xpu
