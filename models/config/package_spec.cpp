// SPDX-License-Identifier: MIT
#include "config/package_spec.h"

#include <fmt/format.h>

#include <algorithm>

namespace xpu::config {

const std::vector<std::string>& package_type_names() {
  static const std::vector<std::string> names = {"cowos-s", "cowos-l", "cowos-r", "organic",
                                                 "wafer-scale"};
  return names;
}

std::string_view name_of(PackageType t) { return package_type_names()[static_cast<size_t>(t)]; }

bool is_cowos(PackageType t) {
  return t == PackageType::kCowosS || t == PackageType::kCowosL || t == PackageType::kCowosR;
}

PackageSpec read_package(Table t, bool has_hbm) {
  const auto& names = package_type_names();
  PackageSpec p;
  const std::string type = t.choice("type", names);
  p.type = static_cast<PackageType>(std::find(names.begin(), names.end(), type) - names.begin());
  p.die_area_mm2 = t.positive("die_area_mm2");
  p.dies = t.integer("dies", 1);
  if (p.type == PackageType::kWaferScale && p.dies != 1) {
    t.fail("dies", "a wafer-scale chip is one die");
  }
  p.node = t.string("node");
  // Resolved like the calibration file; its existence is checked where it is loaded
  // (manufacturing::process_nodes_of), so that a copy of an arch file elsewhere still decodes.
  p.process_nodes_file = t.path_beside("process_nodes");
  // The interposer is what a CoWoS package consumes of CoWoS capacity; other packages have none.
  if (is_cowos(p.type)) {
    p.interposer_area_mm2 = t.positive("interposer_area_mm2");
    if (p.interposer_area_mm2 < p.die_area_mm2 * static_cast<double>(p.dies)) {
      t.fail("interposer_area_mm2", fmt::format("smaller than the {} dies it carries ({} mm2 each)",
                                                p.dies, p.die_area_mm2));
    }
  } else if (t.has("interposer_area_mm2")) {
    t.fail("interposer_area_mm2", fmt::format("only CoWoS packages have one; type is '{}'", type));
  }
  p.hbm_usd_per_gb = t.optional_positive("hbm_usd_per_gb");
  if (has_hbm && !p.hbm_usd_per_gb) t.fail("hbm_usd_per_gb", "required: the chip has HBM");
  if (!has_hbm && p.hbm_usd_per_gb) t.fail("hbm_usd_per_gb", "the chip has no HBM");
  t.finish();
  return p;
}

}  // namespace xpu::config
