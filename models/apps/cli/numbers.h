// SPDX-License-Identifier: MIT
#pragma once
// Numbers on the command line: each flag has a stated range, and the text is parsed whole. A
// value outside it, a fraction where a count is meant, NaN, infinity or a number too large for
// its type is a ConfigError naming the flag (exit 2), before CLI11 converts (and would clamp or
// wrap) it.
#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

#include "workload/scenario.h"

namespace xpu::cli {

// Largest counts a flag may take: tokens as a workload's `max_context` (2^30), chips as a
// `--parallel` degree (2^20), worker threads or processes 1024.
inline constexpr int64_t kMaxTokensFlag = int64_t{1} << 30;
inline constexpr int64_t kMaxChipsFlag = workload::kMaxScenarioChips;
inline constexpr int64_t kMaxJobsFlag = 1024;

// A whole number in [minimum, maximum].
CLI::Option* add_count(CLI::App& cmd, const std::string& flag, int64_t& target, int64_t minimum,
                       int64_t maximum, const std::string& help);
CLI::Option* add_count(CLI::App& cmd, const std::string& flag, int& target, int64_t minimum,
                       int64_t maximum, const std::string& help);
// A finite number in [minimum, maximum] (minimum excluded when `exclusive_minimum`).
CLI::Option* add_quantity(CLI::App& cmd, const std::string& flag, double& target, double minimum,
                          double maximum, const std::string& help, bool exclusive_minimum = true);

// The parsers behind them, for tests and the fuzzer.
int64_t parse_count(const std::string& flag, const std::string& text, int64_t minimum,
                    int64_t maximum);
double parse_quantity(const std::string& flag, const std::string& text, double minimum,
                      double maximum, bool exclusive_minimum = true);

}  // namespace xpu::cli
