// SPDX-License-Identifier: MIT
#include "manufacturing/process_nodes.h"

#include "config/toml_reader.h"

namespace xpu::manufacturing {

ProcessData load_process_nodes(const std::string& path) {
  auto doc = config::Document::load(path);
  config::Table root = config::Table::root_of(doc);
  ProcessData p;
  p.file = path;

  config::Table wafer = root.table("wafer");
  p.wafer_diameter_mm = wafer.positive("diameter_mm");
  p.edge_exclusion_mm = wafer.number("edge_exclusion_mm");
  if (p.edge_exclusion_mm < 0.0 || p.usable_diameter_mm() <= 0.0) {
    wafer.fail("edge_exclusion_mm", "must be >= 0 and leave a usable wafer");
  }
  p.reticle_limit_mm2 = wafer.positive("reticle_limit_mm2");
  wafer.finish();

  config::Table nodes = root.table("nodes");
  for (const auto& key : nodes.keys()) {
    config::Table n = nodes.table(key);
    ProcessNode node;
    node.name = n.string("name");
    node.wafer_price_usd = n.positive("wafer_price_usd");
    node.defects_per_cm2 = n.number("defect_density_per_cm2");
    if (node.defects_per_cm2 < 0.0) n.fail("defect_density_per_cm2", "must be >= 0");
    n.finish();
    p.nodes[key] = node;
  }
  if (p.nodes.empty()) nodes.fail("", "needs at least one node");
  nodes.finish();

  config::Table packaging = root.table("packaging");
  p.cowos_wafer_usd = packaging.positive("cowos_wafer_usd");
  p.cowos_s_max_interposer_mm2 = packaging.positive("cowos_s_max_reticles") * p.reticle_limit_mm2;
  p.cowos_l_max_interposer_mm2 = packaging.positive("cowos_l_max_reticles") * p.reticle_limit_mm2;
  packaging.finish();

  p.provenance = config::require_provenance(root.table("provenance"));
  root.finish();
  return p;
}

}  // namespace xpu::manufacturing
