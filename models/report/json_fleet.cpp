// SPDX-License-Identifier: MIT
#include "report/json_fleet.h"

namespace xpu::report {

nlohmann::json to_json(const FleetPoint& point, const manufacturing::ChipBuild& b,
                       const manufacturing::FleetPlan& f,
                       const std::optional<manufacturing::SupplyView>& v) {
  nlohmann::json j{{"arch", point.arch_id},
                   {"workload", point.workload_id},
                   {"batch", point.batch},
                   {"context", point.context},
                   {"chip",
                    {{"node", b.node_name},
                     {"package", b.package_type},
                     {"dies", b.dies_per_chip},
                     {"gross_dies_per_wafer", b.gross_dies_per_wafer},
                     {"poisson_yield", b.poisson_yield},
                     {"murphy_yield", b.murphy_yield},
                     {"good_dies_per_wafer", b.good_dies_per_wafer},
                     {"logic_wafers", b.logic_wafers_per_chip},
                     {"interposers_per_wafer", b.interposers_per_wafer},
                     {"cowos_wafers", b.cowos_wafers_per_chip},
                     {"hbm_stacks", b.hbm_stacks},
                     {"hbm_gb", b.hbm_gb},
                     {"logic_cost_usd", b.logic_cost_usd},
                     {"package_cost_usd", b.package_cost_usd},
                     {"hbm_cost_usd", b.hbm_cost_usd},
                     {"cost_usd", b.cost_usd()},
                     {"tokens_per_s", f.chip_tokens_per_s}}},
                   {"fleet",
                    {{"target_tokens_per_s", f.target_tokens_per_s},
                     {"chips", f.chips},
                     {"hbm_stacks", f.hbm_stacks},
                     {"hbm_gb", f.hbm_gb},
                     {"logic_wafers", f.logic_wafers},
                     {"cowos_wafers", f.cowos_wafers},
                     {"chip_power_mw", f.chip_power_mw},
                     {"capex_usd", f.capex_usd}}},
                   {"warnings", b.warnings}};
  if (v) {
    nlohmann::json limits = nlohmann::json::array();
    for (const auto& l : v->limits) {
      limits.push_back(
          {{"resource", l.resource},
           {"unit", l.unit},
           {"available_per_year", l.available ? nlohmann::json(*l.available) : nullptr},
           {"per_chip", l.per_chip},
           {"chips_per_year", l.chips_per_year ? nlohmann::json(*l.chips_per_year) : nullptr}});
    }
    j["supply"] = {
        {"file", point.supply_file},
        {"limits", limits},
        {"binding", v->binding},
        {"chips_per_year", v->chips_per_year ? nlohmann::json(*v->chips_per_year) : nullptr},
        {"tokens_per_s", v->tokens_per_s ? nlohmann::json(*v->tokens_per_s) : nullptr},
        {"fleet_facility_mw", f.chips * v->all_in_w_per_chip / 1e6}};
  }
  return j;
}

}  // namespace xpu::report
