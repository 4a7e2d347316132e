// SPDX-License-Identifier: MIT
#pragma once
// Where each number in a spec file comes from. An arch file carries a [provenance] table that
// maps every numeric key it sets to "TAG: citation":
//   P primary (datasheet, paper, MLCommons result)   S secondary (press transcription of one)
//   T third-party / low reliability                  D derived by arithmetic from cited values
//   V vendor claim, not independently measured       A modelling assumption, stated in docs/
//   C calibrated from a measurement file in the repo
// A number without a citation, or a citation for a key that is not set, is a ConfigError.
#include <map>
#include <string>

#include "config/toml_reader.h"

namespace xpu::config {

struct Provenance {
  char tag = '?';
  std::string citation;
};

using ProvenanceMap = std::map<std::string, Provenance>;

// Why `text` is not a "TAG: citation" string, or "" when it is.
std::string citation_error(const std::string& text);

// Reads `provenance` (the [provenance] table) and checks it against every number read from the
// same document so far. Call after the rest of the document has been decoded.
ProvenanceMap require_provenance(Table provenance);

}  // namespace xpu::config
