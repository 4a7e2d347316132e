// SPDX-License-Identifier: MIT
#pragma once
// The last check on every Result before it leaves the program (printed by run, serve and fleet,
// written as a sweep record or a report row): every number finite and none negative. Inputs are
// range-checked when read (config/ranges.h), so this should never fire; when extreme but accepted
// inputs still drive a model to inf or NaN, the user gets a clear refusal, not "latency_s": inf
// (which is not even JSON) or a Pareto front of nonsense.
#include <fmt/format.h>

#include <cmath>
#include <string>

#include "common/error.h"
#include "result/result.h"

namespace xpu {

// "latency_s = inf" for the first bad number of `r`, or empty when all are sound.
inline std::string first_unsound_number(const Result& r) {
  auto bad = [](double v) { return !std::isfinite(v) || v < 0.0; };
  const std::pair<const char*, double> fields[] = {
      {"latency_s", r.latency_s},
      {"tokens_per_s", r.tokens_per_s},
      {"energy_j", r.energy_j},
      {"energy_j_per_token", r.energy_j_per_token},
      {"avg_power_w", r.avg_power_w},
      {"power_per_chip_w", r.power_per_chip_w},
      {"capped_clock_hz", r.capped_clock_hz},
      {"flops", r.flops},
      {"dram_bytes", r.dram_bytes},
      {"mfu", r.mfu},
      {"memory_bytes", r.memory_bytes},
      {"weight_bytes", r.weight_bytes},
      {"kv_cache_bytes", r.kv_cache_bytes},
      {"activation_bytes", r.activation_bytes},
      {"memory_capacity_bytes", r.memory_capacity_bytes}};
  for (const auto& [name, v] : fields) {
    if (bad(v)) return fmt::format("{} = {}", name, v);
  }
  for (const auto& [name, v] : r.energy_breakdown_j) {
    if (bad(v)) return fmt::format("energy_breakdown_j.{} = {}", name, v);
  }
  for (const auto& [name, v] : r.static_breakdown_j) {
    if (bad(v)) return fmt::format("static_breakdown_j.{} = {}", name, v);
  }
  for (const auto& op : r.ops) {
    if (bad(op.time_s) || bad(op.flops) || bad(op.bytes)) {
      return fmt::format("op {}: time_s = {}, flops = {}, bytes = {}", op.name, op.time_s, op.flops,
                         op.bytes);
    }
  }
  if (r.latency_s <= 0.0) return fmt::format("latency_s = {}", r.latency_s);
  return "";
}

// Throws InfeasibleError when `r` is not sound: the inputs are outside what the model evaluates.
inline void require_sound(const Result& r) {
  if (const std::string bad = first_unsound_number(r); !bad.empty()) {
    throw InfeasibleError(
        fmt::format("the {} engine's result is not a finite, non-negative number ({}): the inputs "
                    "are outside what the model can evaluate",
                    r.engine, bad));
  }
}

}  // namespace xpu
