// SPDX-License-Identifier: MIT
#include "studies/tco.h"

#include "studies/comparison_tables.h"

#include <fmt/format.h>

#include "common/units.h"
#include "config/toml_reader.h"
#include "manufacturing/chip_build.h"

namespace xpu::studies {

namespace {

constexpr double kSecondsPerYear = 365.25 * 24 * 3600;
constexpr double kJoulesPerKwh = 3.6e6;
}  // namespace

TcoSpec load_tco(const std::string& path) {
  auto doc = config::Document::load(path);
  config::Table root = config::Table::root_of(doc);
  TcoSpec t;
  t.file = path;
  config::Table in = root.table("tco");
  t.life_years = in.positive("life_years");
  t.usd_per_kwh = in.positive("usd_per_kwh");
  t.pue = in.positive("pue");
  if (t.pue < 1.0) in.fail("pue", "must be >= 1 (facility power includes the IT power)");
  t.utilisation = in.positive("utilisation");
  if (t.utilisation > 1.0) in.fail("utilisation", "must be <= 1");
  in.finish();
  if (auto prices = root.optional_table("chip_price_usd")) {
    for (const auto& id : prices->keys()) t.chip_price_usd[id] = prices->positive(id);
    prices->finish();
  }
  t.provenance = config::require_provenance(root.table("provenance"));
  root.finish();
  return t;
}

TextTable tco_table(const Comparison& c, const config::WorkloadSpec& w, const TcoSpec& tco) {
  TextTable t;
  t.header = {"arch", "weights in", "best batch", "per chip", "cost at price", "cost at build cost",
              "per MW drawn", "per MW at TDP",
              // details
              "chip price", "price source", "build cost", "capex at price", "capex at build cost",
              "power"};
  t.units = {"",
             "format",
             "sequences",
             "tokens/s",
             "USD per M tokens",
             "USD per M tokens",
             "tokens/s",
             "tokens/s",
             "USD",
             "tag: source",
             "USD",
             "USD per M tokens",
             "USD per M tokens",
             "USD per M tokens"};
  t.key_columns = 8;
  t.numeric = {false, false, true,  true, true, true, true,
               true,  true,  false, true, true, true, true};
  for (const auto& s : summarize(c, w)) {
    const auto& a = *s.arch;
    std::vector<std::string> row{a.id, std::string(name_of(s.weight_dtype))};
    if (!s.decode_best) {
      row.resize(t.header.size(),
                 "n/a (" + std::string(s.fit == "not run" ? "not run" : "does not fit") + ")");
      t.rows.push_back(std::move(row));
      continue;
    }
    const Result& r = *s.decode_best;
    const double per_chip = r.tokens_per_s / static_cast<double>(r.chips);
    // Tokens one chip serves over its life at the stated utilisation.
    const double life_tokens = per_chip * tco.utilisation * tco.life_years * kSecondsPerYear;
    // Energy drawn at the served point, times PUE; idle time is not charged.
    const double power_usd = 1e6 * r.energy_j_per_token * tco.pue / kJoulesPerKwh * tco.usd_per_kwh;
    std::string build_cost = "n/a (no [package] in arch file)", capex_build = build_cost,
                total_build = build_cost;
    if (a.package) {
      try {
        const double usd =
            manufacturing::build_chip(a, manufacturing::process_nodes_of(a)).cost_usd();
        build_cost = fmt::format("{:.0f}", usd);
        capex_build = four_digits(1e6 * usd / life_tokens);
        total_build = four_digits(1e6 * usd / life_tokens + power_usd);
      } catch (const std::exception& e) {
        build_cost = capex_build = total_build = fmt::format("n/a ({})", e.what());
      }
    }
    std::string price = "n/a (no price in " + tco.file + ")", source = "n/a", capex_price = price,
                total_price = price;
    if (auto it = tco.chip_price_usd.find(a.id); it != tco.chip_price_usd.end()) {
      price = fmt::format("{:.0f}", it->second);
      auto p = tco.provenance.find("chip_price_usd." + a.id);
      source = p == tco.provenance.end() ? "?"
                                         : fmt::format("{}: {}", p->second.tag, p->second.citation);
      capex_price = four_digits(1e6 * it->second / life_tokens);
      total_price = four_digits(1e6 * it->second / life_tokens + power_usd);
    }
    const double per_mw_drawn = units::kMega / (r.energy_j_per_token * tco.pue);
    const double per_mw_tdp =
        a.power.tdp_w > 0 ? per_chip * units::kMega / (a.power.tdp_w * tco.pue) : 0.0;
    row.insert(row.end(), {fmt::format("{}", r.batch), fmt::format("{:.1f}", per_chip), total_price,
                           total_build, four_digits(per_mw_drawn),
                           a.power.tdp_w > 0 ? four_digits(per_mw_tdp) : "n/a (no TDP)", price,
                           source, build_cost, capex_price, capex_build, four_digits(power_usd)});
    t.rows.push_back(std::move(row));
  }
  return t;
}

}  // namespace xpu::studies
