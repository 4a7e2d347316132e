// SPDX-License-Identifier: MIT
#pragma once
// How a chip is built: the optional [package] table of an arch file. Plain data; the
// manufacturing model (models/manufacturing/) turns it into wafers, yield and cost.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/toml_reader.h"

namespace xpu::config {

// How the dies and HBM stacks are assembled (docs/packaging.md):
//   cowos-s/l/r  on a TSMC CoWoS interposer (silicon, silicon bridges in RDL, or RDL) that is cut
//                from 300 mm wafers and so draws on CoWoS wafer capacity
//   organic      dies on an organic substrate; no interposer wafer
//   wafer-scale  the whole wafer is the chip (Cerebras); defects are routed around
enum class PackageType { kCowosS, kCowosL, kCowosR, kOrganic, kWaferScale };

const std::vector<std::string>& package_type_names();
std::string_view name_of(PackageType t);
bool is_cowos(PackageType t);

struct PackageSpec {
  PackageType type = PackageType::kCowosS;
  double die_area_mm2 = 0.0;             // one logic die as published (scribe lines not included)
  int64_t dies = 1;                      // logic dies per package, all of this area and node
  std::string node;                      // key of [nodes] in the process-node file
  std::string process_nodes_file;        // resolved path of manufacturing/process_nodes.toml
  double interposer_area_mm2 = 0.0;      // CoWoS only
  std::optional<double> hbm_usd_per_gb;  // chips with HBM
};

// Decodes [package]. `has_hbm`: the chip's DRAM is HBM, so its price per GB is required.
PackageSpec read_package(Table t, bool has_hbm);

}  // namespace xpu::config
