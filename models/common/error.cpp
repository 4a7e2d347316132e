// SPDX-License-Identifier: MIT
#include "common/error.h"

#include <fmt/format.h>

namespace xpu {

namespace {
std::string located(const std::string& file, int line, const std::string& key,
                    const std::string& what) {
  std::string where = line > 0 ? fmt::format("{}:{}", file, line) : file;
  // A command-line flag has no file: "--batch: must be >= 1".
  if (where.empty()) return key.empty() ? what : fmt::format("{}: {}", key, what);
  return key.empty() ? fmt::format("{}: {}", where, what)
                     : fmt::format("{}: {}: {}", where, key, what);
}
}  // namespace

ConfigError::ConfigError(std::string file, int line, std::string key, const std::string& what)
    : std::runtime_error(located(file, line, key, what)),
      m_file(std::move(file)),
      m_line(line),
      m_key(std::move(key)) {}

}  // namespace xpu
