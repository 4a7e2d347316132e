// SPDX-License-Identifier: MIT
#include "common/atomic_file.h"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <system_error>

#include "common/error.h"
#include "common/input_file.h"

namespace xpu {

void check_output_path(const std::filesystem::path& path, const std::string& what) {
  const std::string p = path.string();
  auto refuse = [&](const std::string& why) {
    return ConfigError(p, 0, "", fmt::format("will not write {} here: {}", what, why));
  };
  struct stat st {};
  if (p.find('\0') != std::string::npos) throw refuse("the path holds a NUL byte");
  if (::lstat(p.c_str(), &st) != 0) return;  // absent: written fresh
  // The rename would replace the link itself, an appending writer would follow it: neither is
  // what a user naming a symlink means, so neither happens.
  if (S_ISLNK(st.st_mode)) throw refuse("it is a symbolic link");
  if (S_ISDIR(st.st_mode)) throw refuse("it is a folder");
  if (!S_ISREG(st.st_mode)) throw refuse("it is a device, FIFO or socket, not a regular file");
  if (is_input_file(p)) throw refuse("it is an input of this run");
}

void write_file_atomically(const std::filesystem::path& path, std::string_view text,
                           const std::string& what) {
  namespace fs = std::filesystem;
  check_output_path(path, what);
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
