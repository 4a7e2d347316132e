// SPDX-License-Identifier: MIT
#include "report/json.h"

#include "common/units.h"

namespace xpu::report {

nlohmann::json to_json(const Result& r) {
  nlohmann::json ops = nlohmann::json::array();
  for (const auto& o : r.ops) {
    ops.push_back({{"name", o.name},
                   {"kind", name_of(o.kind)},
                   {"repeat", o.repeat},
                   {"time_s", o.time_s},
                   {"flops", o.flops},
                   {"bytes", o.bytes},
                   {"bound", name_of(o.bound)}});
  }
  nlohmann::json j = {{"engine", r.engine},
                      {"arch", r.arch},
                      {"workload", r.workload},
                      {"phase", name_of(r.phase)},
                      {"batch", r.batch},
                      {"prompt", r.prompt},
                      {"context", r.context},
                      {"layers", r.layers},
                      {"chips", r.chips},
                      {"latency_s", r.latency_s},
                      {"tokens_per_s", r.tokens_per_s},
                      {"energy_j", r.energy_j},
                      {"energy_j_per_token", r.energy_j_per_token},
                      {"avg_power_w", r.avg_power_w},
                      {"power_per_chip_w", r.power_per_chip_w},
                      {"energy_breakdown_j", r.energy_breakdown_j},
                      {"static_breakdown_j", r.static_breakdown_j},
                      {"flops", r.flops},
                      {"dram_bytes", r.dram_bytes},
                      {"mfu", r.mfu},
                      {"memory_bytes", r.memory_bytes},
                      {"memory",
                       {{"weight_bytes", r.weight_bytes},
                        {"kv_cache_bytes", r.kv_cache_bytes},
                        {"activation_bytes", r.activation_bytes},
                        {"capacity_bytes", r.memory_capacity_bytes}}},
                      {"ops", ops},
                      {"warnings", r.warnings}};
  if (r.capped_clock_hz > 0.0) j["capped_clock_mhz"] = r.capped_clock_hz / units::kMega;
  if (!r.units.empty()) {
    nlohmann::json units = nlohmann::json::array();
    for (const auto& u : r.units)
      units.push_back({{"name", u.name}, {"busy_fraction", u.busy_fraction}});
    j["units"] = units;
  }
  return j;
}

}  // namespace xpu::report
