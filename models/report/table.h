// SPDX-License-Identifier: MIT
#pragma once
#include <string>

#include "result/result.h"

namespace xpu::report {

// A human-readable summary and per-op breakdown, for terminals.
std::string to_table(const Result& r);

}  // namespace xpu::report
