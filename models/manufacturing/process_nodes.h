// SPDX-License-Identifier: MIT
#pragma once
// Process and packaging constants (manufacturing/process_nodes.toml): wafer size, reticle,
// defect density and wafer price per node, CoWoS wafer price and interposer limits.
#include <map>
#include <string>

#include "config/provenance.h"

namespace xpu::manufacturing {

struct ProcessNode {
  std::string name;
  double wafer_price_usd = 0.0;
  double defects_per_cm2 = 0.0;
};

struct ProcessData {
  std::string file;
  double wafer_diameter_mm = 0.0;
  double edge_exclusion_mm = 0.0;
  double reticle_limit_mm2 = 0.0;
  std::map<std::string, ProcessNode> nodes;  // by key: "n7", "n5", ...
  double cowos_wafer_usd = 0.0;
  double cowos_s_max_interposer_mm2 = 0.0;  // reticles x reticle limit
  double cowos_l_max_interposer_mm2 = 0.0;
  config::ProvenanceMap provenance;

  double usable_diameter_mm() const { return wafer_diameter_mm - 2.0 * edge_exclusion_mm; }
};

// Throws ConfigError naming file, line and key.
ProcessData load_process_nodes(const std::string& path);

}  // namespace xpu::manufacturing
