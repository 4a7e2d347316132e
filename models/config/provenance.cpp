// SPDX-License-Identifier: MIT
#include "config/provenance.h"

#include <fmt/format.h>

#include <set>

namespace xpu::config {

std::string citation_error(const std::string& text) {
  if (text.size() < 4 || text[1] != ':' ||
      std::string("PSTDVAC").find(text[0]) == std::string::npos) {
    return "expected \"TAG: citation\" with TAG one of P S T D V A C";
  }
  return "";
}

ProvenanceMap require_provenance(Table provenance) {
  const auto& read = provenance.document()->numbers_read();
  std::set<std::string> numbers(read.begin(), read.end());
  ProvenanceMap out;
  for (const auto& key : provenance.keys()) {
    std::string text = provenance.string(key);
    if (const auto why = citation_error(text); !why.empty()) provenance.fail(key, why);
    if (!numbers.count(key))
      provenance.fail(key, "cites a source for a key this file does not set");
    out[key] = Provenance{text[0], text.substr(3)};
  }
  for (const auto& path : read) {
    if (!out.count(path)) {
      provenance.fail(
          "", fmt::format("no source cited for '{}': add \"{}\" = \"TAG: citation\"", path, path));
    }
  }
  return out;
}

}  // namespace xpu::config
