// SPDX-License-Identifier: MIT
// The report's HBM, packaging and supply table (studies/comparison_tables.h, supply_table).
#include <fmt/format.h>

#include "manufacturing/chip_build.h"
#include "manufacturing/supply.h"
#include "studies/comparison_tables.h"

namespace xpu::studies {

namespace {

constexpr double kTargetTokensPerS = 1e6;  // the fleet every row is sized for
}  // namespace

TextTable supply_table(const Comparison& c, const config::WorkloadSpec& w) {
  TextTable t;
  t.header = {"arch",
              "package",
              "best_batch",
              "chips_per_replica",
              "tokens_per_s_per_chip",
              "chips_per_Mtps",
              "hbm_stacks_per_Mtps",
              "cowos_wafers_per_Mtps",
              "logic_wafers_per_Mtps",
              "chip_MW_per_Mtps",
              "chip_cost_MUSD_per_Mtps",
              "supply_binds",
              "supply_Mtps_per_year"};
  t.numeric = {false, false, true, true, true, true, true, true, true, true, true, false, true};
  for (const auto& s : summarize(c, w)) {
    const auto& arch = *s.arch;
    std::vector<std::string> row{arch.id};
    if (!arch.package) {
      row.push_back("n/a (no [package] in arch file)");
    } else if (!s.decode_best) {
      row.push_back(std::string(name_of(arch.package->type)));
    }
    if (!arch.package || !s.decode_best) {
      row.resize(t.header.size(),
                 "n/a (" + std::string(arch.package ? "no decode point" : "no package data") + ")");
      t.rows.push_back(std::move(row));
      continue;
    }
    manufacturing::ChipBuild build;
    try {
      build = manufacturing::build_chip(arch, manufacturing::process_nodes_of(arch));
    } catch (const std::exception& e) {
      // A package the manufacturing model cannot cost (a missing process file, a die over the
      // reticle) leaves the row unpriced; the reason is the row, the report goes on.
      row.push_back(std::string(name_of(arch.package->type)));
      row.resize(t.header.size(), fmt::format("n/a ({})", e.what()));
      t.rows.push_back(std::move(row));
      continue;
    }
    const Result& r = *s.decode_best;
    const double per_chip = r.tokens_per_s / static_cast<double>(r.chips);
    const double chips = kTargetTokensPerS / per_chip;
    row.insert(
        row.end(),
        {std::string(name_of(arch.package->type)), fmt::format("{}", r.batch),
         fmt::format("{}", r.chips), four_digits(per_chip), four_digits(chips),
         four_digits(chips * build.hbm_stacks), four_digits(chips * build.cowos_wafers_per_chip),
         four_digits(chips * build.logic_wafers_per_chip),
         four_digits(chips * arch.power.tdp_w / 1e6), four_digits(chips * build.cost_usd() / 1e6)});
    if (c.supply) {
      const auto view = manufacturing::supply_view(arch, build, *c.supply, per_chip);
      row.push_back(view.binding.empty() ? "none capped" : view.binding);
      row.push_back(view.tokens_per_s ? four_digits(*view.tokens_per_s / kTargetTokensPerS)
                                      : "n/a (no cap)");
    } else {
      row.push_back("n/a (no supply file)");
      row.push_back("n/a (no supply file)");
    }
    t.rows.push_back(std::move(row));
  }
  return t;
}

}  // namespace xpu::studies
