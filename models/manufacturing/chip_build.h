// SPDX-License-Identifier: MIT
#pragma once
// What it takes to make one chip of an arch with a [package] table: logic wafers after yield,
// CoWoS interposer wafers, HBM, and the cost of each (docs/packaging.md).
#include <cstdint>
#include <string>
#include <vector>

#include "config/arch_spec.h"
#include "manufacturing/process_nodes.h"

namespace xpu::manufacturing {

struct ChipBuild {
  std::string node_name;
  std::string package_type;
  // Logic dies.
  int64_t dies_per_chip = 1;
  double gross_dies_per_wafer = 0.0;
  double poisson_yield = 0.0;
  double murphy_yield = 0.0;
  double good_dies_per_wafer = 0.0;  // gross x Murphy yield: tested good dies
  double logic_wafers_per_chip = 0.0;
  // Interposer: 0 for organic and wafer-scale packages.
  double interposers_per_wafer = 0.0;
  double cowos_wafers_per_chip = 0.0;
  // HBM: 0 for chips without it.
  int64_t hbm_stacks = 0;
  double hbm_gb = 0.0;
  // Cost, USD.
  double good_die_cost_usd = 0.0;
  double logic_cost_usd = 0.0;    // all dies of one chip
  double package_cost_usd = 0.0;  // the chip's share of a CoWoS wafer's packaging spend
  double hbm_cost_usd = 0.0;
  std::vector<std::string> warnings;  // cited figures that disagree, effects left out

  double cost_usd() const { return logic_cost_usd + package_cost_usd + hbm_cost_usd; }
};

// The process file an arch's [package] names; ConfigError naming the arch file and key when the
// arch has no [package] or the file does not exist.
ProcessData process_nodes_of(const config::ArchSpec& arch);

// Throws ConfigError naming the arch file and key when the arch has no [package], names a node
// the process file lacks, or has a die larger than the reticle.
ChipBuild build_chip(const config::ArchSpec& arch, const ProcessData& process);

}  // namespace xpu::manufacturing
