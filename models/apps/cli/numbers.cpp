// SPDX-License-Identifier: MIT
#include "apps/cli/numbers.h"

#include <fmt/format.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "common/error.h"

namespace xpu::cli {

namespace {

// A user's text in a message: cut short, so that 300 digits do not make a 400-character line.
std::string shown(const std::string& text) {
  return text.size() <= 24 ? text : text.substr(0, 20) + "...";
}

[[noreturn]] void refuse(const std::string& flag, const std::string& what) {
  throw ConfigError("", 0, flag, what);
}

template <typename T>
CLI::Option* add_count_impl(CLI::App& cmd, const std::string& flag, T& target, int64_t minimum,
                            int64_t maximum, const std::string& help) {
  auto* option = cmd.add_option(flag, target, help);
  option->check(CLI::Validator(
      [flag, minimum, maximum](std::string& text) {
        parse_count(flag, text, minimum, maximum);
        return std::string();
      },
      fmt::format("INT in [{}, {}]", minimum, maximum)));
  return option;
}

}  // namespace

int64_t parse_count(const std::string& flag, const std::string& text, int64_t minimum,
                    int64_t maximum) {
  const auto range = fmt::format("a whole number from {} to {}", minimum, maximum);
  size_t digits = text.size() > 0 && (text[0] == '-' || text[0] == '+') ? 1 : 0;
  if (digits == text.size()) refuse(flag, fmt::format("'{}' is not {}", shown(text), range));
  for (size_t i = digits; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9')
      refuse(flag, fmt::format("'{}' is not {}", shown(text), range));
  }
  errno = 0;
  const long long value = std::strtoll(text.c_str(), nullptr, 10);
  if (errno == ERANGE || value < minimum || value > maximum) {
    refuse(flag, fmt::format("{} is out of range: expected {}", shown(text), range));
  }
  return value;
}

double parse_quantity(const std::string& flag, const std::string& text, double minimum,
                      double maximum, bool exclusive_minimum) {
  const auto range = fmt::format("a number {} {:g} and at most {:g}",
                                 exclusive_minimum ? "above" : "from", minimum, maximum);
  char* end = nullptr;
  errno = 0;
  const double value = text.empty() ? NAN : std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(value)) {
    refuse(flag, fmt::format("'{}' is not {}", shown(text), range));
  }
  if (errno == ERANGE || value > maximum || value < minimum ||
      (exclusive_minimum && value == minimum)) {
    refuse(flag, fmt::format("{} is out of range: expected {}", shown(text), range));
  }
  return value;
}

CLI::Option* add_count(CLI::App& cmd, const std::string& flag, int64_t& target, int64_t minimum,
                       int64_t maximum, const std::string& help) {
  return add_count_impl(cmd, flag, target, minimum, maximum, help);
}

CLI::Option* add_count(CLI::App& cmd, const std::string& flag, int& target, int64_t minimum,
                       int64_t maximum, const std::string& help) {
  return add_count_impl(cmd, flag, target, minimum, maximum, help);
}

CLI::Option* add_quantity(CLI::App& cmd, const std::string& flag, double& target, double minimum,
                          double maximum, const std::string& help, bool exclusive_minimum) {
  auto* option = cmd.add_option(flag, target, help);
  option->check(CLI::Validator(
      [flag, minimum, maximum, exclusive_minimum](std::string& text) {
        parse_quantity(flag, text, minimum, maximum, exclusive_minimum);
        return std::string();
      },
      fmt::format("NUMBER in {}{:g}, {:g}]", exclusive_minimum ? "(" : "[", minimum, maximum)));
  return option;
}

}  // namespace xpu::cli
