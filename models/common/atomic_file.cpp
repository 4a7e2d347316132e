// SPDX-License-Identifier: MIT
#include "common/atomic_file.h"

#include <fmt/format.h>
#include <unistd.h>

#include <fstream>
#include <system_error>

#include "common/error.h"

namespace xpu {

void write_file_atomically(const std::filesystem::path& path, std::string_view text, const std::string& what) {
  namespace fs = std::filesystem;
  // The pid keeps concurrent writers (sweep ranks, parallel test runs) off each other's temporary.
  const fs::path temp = path.string() + fmt::format(".tmp{}", static_cast<long>(getpid()));
  auto fail = [&] {
    std::error_code ignored;
    fs::remove(temp, ignored);
    return ConfigError(path.string(), 0, "", fmt::format("cannot write {}", what));
  };
  {
    std::ofstream f(temp, std::ios::binary);
    f.write(text.data(), static_cast<std::streamsize>(text.size()));
    f.flush();
    if (!f) throw fail();
  }
  std::error_code ec;
  fs::rename(temp, path, ec);
  if (ec) throw fail();
}

}  // namespace xpu
