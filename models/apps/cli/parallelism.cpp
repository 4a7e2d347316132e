// SPDX-License-Identifier: MIT
#include "apps/cli/parallelism.h"

#include <CLI/CLI.hpp>
#include <charconv>
#include <sstream>

namespace xpu::cli {

workload::Parallelism parse_parallelism(const std::string& text) {
  workload::Parallelism p;
  std::stringstream items(text);
  std::string item;
  std::string seen = ",";
  while (std::getline(items, item, ',')) {
    auto eq = item.find('=');
    int64_t value = 0;
    const char* begin = item.data() + (eq == std::string::npos ? 0 : eq + 1);
    const char* end = item.data() + item.size();
    auto [rest, error] = std::from_chars(begin, end, value);
    // At most 2^20 per degree, so that tp*pp*dp stays far inside int64.
    if (eq == std::string::npos || error != std::errc() || rest != end || value < 1 ||
        value > (1 << 20)) {
      throw CLI::ValidationError(
          "--parallel", "'" + item + "': expected tp=N, pp=N, ep=N or dp=N with 1 <= N <= 1048576");
    }
    std::string key = item.substr(0, eq);
    // tp=2,tp=4 would keep the last one: a typo, not a layout.
    if (seen.find("," + key + ",") != std::string::npos) {
      throw CLI::ValidationError("--parallel", "'" + key + "' is given twice");
    }
    seen += key + ",";
    if (key == "tp")
      p.tp = value;
    else if (key == "pp")
      p.pp = value;
    else if (key == "ep")
      p.ep = value;
    else if (key == "dp")
      p.dp = value;
    else
      throw CLI::ValidationError("--parallel", "'" + key + "': unknown degree (tp, pp, ep, dp)");
  }
  return p;
}

}  // namespace xpu::cli
