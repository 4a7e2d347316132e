// SPDX-License-Identifier: MIT
#include "common/input_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <mutex>
#include <utility>

#include "common/error.h"
#include "common/hash.h"

namespace xpu {

namespace {

struct InputRegistry {
  std::mutex mutex;
  std::vector<InputRecord> records;
  std::vector<std::pair<dev_t, ino_t>> ids;
};

InputRegistry& registry() {
  static InputRegistry r;
  return r;
}

std::string kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "is a folder, not a file";
  if (S_ISFIFO(mode)) return "is a FIFO, not a regular file";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "is a device, not a regular file";
  if (S_ISSOCK(mode)) return "is a socket, not a regular file";
  return "is not a regular file";
}

}  // namespace

namespace {

struct FileRead {
  std::string text;
  dev_t device = 0;
  ino_t inode = 0;
};

FileRead read_regular_file(const std::string& path) {
  if (path.empty() || path.find('\0') != std::string::npos)
    throw ConfigError(path, 0, "", "cannot open file");
  // O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting for one.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) throw ConfigError(path, 0, "", "cannot open file");
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) throw ConfigError(path, 0, "", "cannot open file");
  if (!S_ISREG(st.st_mode)) throw ConfigError(path, 0, "", kind_of(st.st_mode));
  if (st.st_size > kMaxInputBytes) {
    throw ConfigError(path, 0, "",
                      fmt::format("is {} bytes, more than the {} MiB an input may have",
                                  static_cast<long long>(st.st_size), kMaxInputBytes >> 20));
  }
  std::string text;
  char buffer[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) throw ConfigError(path, 0, "", "cannot read file");
    if (n == 0) break;
    text.append(buffer, static_cast<size_t>(n));
    // The file may grow while it is read: the limit holds for what is read, not only for fstat.
    if (static_cast<int64_t>(text.size()) > kMaxInputBytes) {
      throw ConfigError(
          path, 0, "",
          fmt::format("is more than the {} MiB an input may have", kMaxInputBytes >> 20));
    }
  }
  return {std::move(text), st.st_dev, st.st_ino};
}

}  // namespace

std::string read_input_file(const std::string& path) {
  FileRead f = read_regular_file(path);
  auto& r = registry();
  std::lock_guard lock(r.mutex);
  const std::pair<dev_t, ino_t> id{f.device, f.inode};
  bool seen = false;
  for (const auto& known : r.ids) seen |= known == id;
  if (!seen) {
    r.ids.push_back(id);
    r.records.push_back({path, fnv1a(f.text)});
  }
  return std::move(f.text);
}

std::string read_own_output(const std::string& path) { return read_regular_file(path).text; }

std::vector<InputRecord> inputs_read() {
  auto& r = registry();
  std::lock_guard lock(r.mutex);
  return r.records;
}

bool is_input_file(const std::string& path) {
  struct stat st {};
  if (path.find('\0') != std::string::npos || ::stat(path.c_str(), &st) != 0) return false;
  auto& r = registry();
  std::lock_guard lock(r.mutex);
  for (const auto& [dev, ino] : r.ids) {
    if (dev == st.st_dev && ino == st.st_ino) return true;
  }
  return false;
}

}  // namespace xpu
