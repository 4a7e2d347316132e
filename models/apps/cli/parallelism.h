// SPDX-License-Identifier: MIT
#pragma once
#include <string>

#include "workload/scenario.h"

namespace xpu::cli {

// Parses "tp=8,pp=1,ep=1,dp=1" (any subset, any order); throws CLI::ValidationError naming the
// bad item.
workload::Parallelism parse_parallelism(const std::string& text);

}  // namespace xpu::cli
