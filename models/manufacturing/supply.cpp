// SPDX-License-Identifier: MIT
#include "manufacturing/supply.h"

#include "common/units.h"
#include "config/toml_reader.h"

namespace xpu::manufacturing {

SupplySpec load_supply(const std::string& path) {
  auto doc = config::Document::load(path);
  config::Table root = config::Table::root_of(doc);
  SupplySpec s;
  s.file = path;
  config::Table supply = root.table("supply");
  s.name = supply.string("name");
  s.cowos_wafers_per_year = supply.positive("cowos_wafers_per_year");
  s.hbm_gb_per_year = supply.positive("hbm_gb_per_year");
  s.ai_share = supply.positive("ai_share");
  if (s.ai_share > 1.0) supply.fail("ai_share", "must be <= 1");
  s.logic_wafers_per_year = supply.optional_positive("logic_wafers_per_year");
  if (auto mw = supply.optional_positive("power_mw_per_year"))
    s.power_w_per_year = *mw * units::kMega;
  supply.finish();
  config::Table power = root.table("power");
  s.all_in_w_per_tdp_w = power.positive("all_in_w_per_tdp_w");
  if (s.all_in_w_per_tdp_w < 1.0)
    power.fail("all_in_w_per_tdp_w", "must be >= 1: the chip itself draws its TDP");
  power.finish();
  s.provenance = config::require_provenance(root.table("provenance"));
  root.finish();
  return s;
}

namespace {
ResourceLimit limit(std::string resource, std::string unit, std::optional<double> available,
                    double per_chip) {
  ResourceLimit l{std::move(resource), std::move(unit), available, per_chip, std::nullopt};
  if (available && per_chip > 0.0) l.chips_per_year = *available / per_chip;
  return l;
}
}  // namespace

SupplyView supply_view(const config::ArchSpec& arch, const ChipBuild& chip,
                       const SupplySpec& supply, double chip_tokens_per_s) {
  SupplyView v;
  v.all_in_w_per_chip = arch.power.tdp_w * supply.all_in_w_per_tdp_w;
  v.limits = {
      limit("cowos", "wafers", supply.ai_share * supply.cowos_wafers_per_year,
            chip.cowos_wafers_per_chip),
      limit("hbm", "GB", supply.ai_share * supply.hbm_gb_per_year, chip.hbm_gb),
      limit("logic", "wafers", supply.logic_wafers_per_year, chip.logic_wafers_per_chip),
      limit("power", "MW",
            supply.power_w_per_year ? std::optional(*supply.power_w_per_year / units::kMega)
                                    : std::nullopt,
            v.all_in_w_per_chip / units::kMega),
  };
  for (const auto& l : v.limits) {
    if (l.chips_per_year && (!v.chips_per_year || *l.chips_per_year < *v.chips_per_year)) {
      v.chips_per_year = l.chips_per_year;
      v.binding = l.resource;
    }
  }
  if (v.chips_per_year) v.tokens_per_s = *v.chips_per_year * chip_tokens_per_s;
  return v;
}

}  // namespace xpu::manufacturing
