// SPDX-License-Identifier: MIT
#pragma once
#include <string>

#include "result/result.h"

namespace xpu::report {

// A human-readable summary and per-op breakdown of one result, for terminals (`xpusim run`).
std::string to_terminal_table(const Result& r);

}  // namespace xpu::report
