// SPDX-License-Identifier: MIT
#pragma once
// The one table of plausible ranges: every number a spec file gives has one, in its key's own
// unit, chosen from the key's unit suffix (`_tbs`, `_ns`, `_w`...) or, for the few keys whose
// suffix does not say enough, from the key itself. A non-zero value outside its range is a
// located ConfigError: it catches subnormals (a bandwidth of 1e-320 TB/s, which becomes an
// infinite time), values finite in the key's unit but infinite once scaled (1e308 TB/s), and
// typos of a thousand. Zero and the sign are the decoder's business (positive(), number()).
#include <string_view>

namespace xpu::config {

struct PlausibleRange {
  std::string_view suffix;  // matched against the end of the key (or of its table, for dtype maps)
  double minimum;           // of the magnitude, in `unit`
  double maximum;
  std::string_view unit;
};

// The range that applies to the dotted key `path` (the default one when no entry matches).
const PlausibleRange& plausible_range(std::string_view path);

}  // namespace xpu::config
