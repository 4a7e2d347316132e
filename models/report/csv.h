// SPDX-License-Identifier: MIT
#pragma once
// table.csv of the comparison report: tidy, one row per evaluated (arch, workload, phase, batch),
// column names with their unit and no spaces, fixed float formatting, no trailing commas.
// Points that were not evaluated are not rows; summary.md lists them with the reason.
#include <string>

#include "studies/comparison.h"

namespace xpu::report {

std::string to_csv(const studies::Comparison& c);

// validation.csv: one row per published figure of the validation registry, raw numbers.
std::string validation_csv(const studies::Comparison& c);

}  // namespace xpu::report
