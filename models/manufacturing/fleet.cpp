// SPDX-License-Identifier: MIT
#include "manufacturing/fleet.h"

#include <cmath>
#include <stdexcept>

#include "common/units.h"

namespace xpu::manufacturing {

FleetPlan plan_fleet(const config::ArchSpec& arch, const ChipBuild& chip, double chip_tokens_per_s,
                     double target_tokens_per_s) {
  if (!(chip_tokens_per_s > 0.0) || !(target_tokens_per_s > 0.0)) {
    throw std::invalid_argument("token rates must be > 0");
  }
  FleetPlan f;
  f.target_tokens_per_s = target_tokens_per_s;
  f.chip_tokens_per_s = chip_tokens_per_s;
  f.chips = std::ceil(target_tokens_per_s / chip_tokens_per_s);
  f.hbm_stacks = f.chips * static_cast<double>(chip.hbm_stacks);
  f.hbm_gb = f.chips * chip.hbm_gb;
  f.logic_wafers = f.chips * chip.logic_wafers_per_chip;
  f.cowos_wafers = f.chips * chip.cowos_wafers_per_chip;
  f.chip_power_mw = f.chips * arch.power.tdp_w / units::kMega;
  f.capex_usd = f.chips * chip.cost_usd();
  return f;
}

}  // namespace xpu::manufacturing
