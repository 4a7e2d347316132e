// SPDX-License-Identifier: MIT
#pragma once
// A year's supply of what AI chips are made of (supply/*.toml), and how many chips of one arch,
// hence how many tokens/s, it could become if it all went to that arch.
#include <optional>
#include <string>
#include <vector>

#include "config/provenance.h"
#include "manufacturing/chip_build.h"

namespace xpu::manufacturing {

struct SupplySpec {
  std::string file;
  std::string name;
  double cowos_wafers_per_year = 0.0;
  double hbm_gb_per_year = 0.0;
  double ai_share = 0.0;                        // of CoWoS and HBM, taken by AI accelerators
  std::optional<double> logic_wafers_per_year;  // available to AI chips; absent: no cap
  std::optional<double> power_w_per_year;       // new data-centre power; absent: no cap
  double all_in_w_per_tdp_w = 0.0;
  config::ProvenanceMap provenance;
};

SupplySpec load_supply(const std::string& path);

// One resource's cap on the chips a year's supply can make.
struct ResourceLimit {
  std::string resource;                  // "cowos", "hbm", "logic", "power"
  std::string unit;                      // of the two amounts below
  std::optional<double> available;       // per year, to AI chips; absent: no figure
  double per_chip = 0.0;                 // 0: the chip does not use it
  std::optional<double> chips_per_year;  // absent: not a cap (no figure, or not used)
};

struct SupplyView {
  std::vector<ResourceLimit> limits;
  std::string binding;  // the resource with the fewest chips; empty if none caps
  std::optional<double> chips_per_year;
  std::optional<double> tokens_per_s;  // capacity a year's chips add, at the per-chip rate
  double all_in_w_per_chip = 0.0;
};

SupplyView supply_view(const config::ArchSpec& arch, const ChipBuild& chip,
                       const SupplySpec& supply, double chip_tokens_per_s);

}  // namespace xpu::manufacturing
