// SPDX-License-Identifier: MIT
#pragma once
// A fleet sized to serve a target token rate: how many chips, and what they take to make and run.
#include "config/arch_spec.h"
#include "manufacturing/chip_build.h"

namespace xpu::manufacturing {

struct FleetPlan {
  double target_tokens_per_s = 0.0;
  double chip_tokens_per_s = 0.0;  // one chip at the evaluated operating point
  double chips = 0.0;              // whole chips: ceil(target / per chip)
  double hbm_stacks = 0.0;
  double hbm_gb = 0.0;
  double logic_wafers = 0.0;
  double cowos_wafers = 0.0;
  double chip_power_mw = 0.0;  // chips x TDP; data-centre overhead is the supply file's
  double capex_usd = 0.0;      // chips x manufacturing cost; no margin, boards or systems
};

// Throws std::invalid_argument on non-positive rates (the CLI validates them first).
FleetPlan plan_fleet(const config::ArchSpec& arch, const ChipBuild& chip, double chip_tokens_per_s,
                     double target_tokens_per_s);

}  // namespace xpu::manufacturing
