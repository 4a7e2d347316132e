// SPDX-License-Identifier: MIT
#pragma once
// index.html of the comparison report: one self-contained file (inline CSS and SVG, no script,
// no reference to anything outside it) with the summary tables, throughput-vs-batch and memory
// charts per workload, a per-op roofline of one point, and what the numbers rest on.
#include <string>
#include <vector>

#include "config/system_spec.h"
#include "studies/comparison.h"
#include "studies/power_cap.h"

namespace xpu::report {

// What the page shows besides the comparison, computed by the caller (the writer runs no engine).
struct HtmlExtras {
  std::vector<studies::PowerCapCurve> power_caps;  // studies::power_cap_study of the comparison
  std::vector<config::SystemSpec> systems;         // systems/*.toml, drawn in the diagrams
};

// `generated_at` is written as one header line when not empty; tables never carry a time.
std::string to_html(const studies::Comparison& c, const std::string& generated_at = "",
                    const HtmlExtras& extras = {});

}  // namespace xpu::report
