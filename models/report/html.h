// SPDX-License-Identifier: MIT
#pragma once
// index.html of the comparison report: one self-contained file (inline CSS and SVG, no script,
// no reference to anything outside it) with the summary tables, throughput-vs-batch and memory
// charts per workload, a per-op roofline of one point, and what the numbers rest on.
#include <string>

#include "studies/comparison.h"

namespace xpu::report {

// `generated_at` is written as one header line when not empty; tables never carry a time.
std::string to_html(const studies::Comparison& c, const std::string& generated_at = "");

}  // namespace xpu::report
