// SPDX-License-Identifier: MIT
#pragma once
// The JSON of `xpusim fleet` (docs/packaging.md).
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "manufacturing/chip_build.h"
#include "manufacturing/fleet.h"
#include "manufacturing/supply.h"

namespace xpu::report {

// The decode point a fleet is sized at.
struct FleetPoint {
  std::string arch_id, workload_id;
  int64_t batch = 0;
  int64_t context = 0;
  std::string supply_file;  // "" = no supply view
};

// One chip's build, the fleet and, with a supply view, its limits per year.
nlohmann::json to_json(const FleetPoint& point, const manufacturing::ChipBuild& b,
                       const manufacturing::FleetPlan& f,
                       const std::optional<manufacturing::SupplyView>& v);

}  // namespace xpu::report
