// SPDX-License-Identifier: MIT
#pragma once
// summary.md of the comparison report: the tables of index.html in Markdown, without charts.
#include <string>

#include "studies/comparison.h"

namespace xpu::report {

// `generated_at` is written as one header line when not empty; tables never carry a time.
std::string to_markdown(const studies::Comparison& c, const std::string& generated_at = "");

}  // namespace xpu::report
