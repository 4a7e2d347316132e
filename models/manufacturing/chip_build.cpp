// SPDX-License-Identifier: MIT
#include "manufacturing/chip_build.h"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>

#include "common/error.h"
#include "common/units.h"
#include "manufacturing/wafer.h"

namespace xpu::manufacturing {

namespace {

const ProcessNode& node_of(const config::ArchSpec& arch, const ProcessData& process) {
  auto it = process.nodes.find(arch.package->node);
  if (it != process.nodes.end()) return it->second;
  std::string known;
  for (const auto& [key, node] : process.nodes) known += (known.empty() ? "" : ", ") + key;
  throw ConfigError(
      arch.file, 0, "package.node",
      fmt::format("unknown node '{}'; {} has {}", arch.package->node, process.file, known));
}

void build_logic(ChipBuild& b, const config::PackageSpec& p, const ProcessNode& node,
                 const ProcessData& process) {
  b.poisson_yield = poisson_yield(p.die_area_mm2, node.defects_per_cm2);
  b.murphy_yield = murphy_yield(p.die_area_mm2, node.defects_per_cm2);
  if (p.type == config::PackageType::kWaferScale) {
    // Spare cores replace defective ones (Cerebras, "Wafer-Scale Processors: The Time Has Come",
    // 2019): every wafer is a chip.
    b.gross_dies_per_wafer = 1.0;
    b.good_dies_per_wafer = 1.0;
    b.warnings.push_back("wafer-scale: defects taken as fully repaired by spare cores (yield 1)");
  } else {
    b.gross_dies_per_wafer = gross_dies_per_wafer(process.usable_diameter_mm(), p.die_area_mm2);
    // Murphy rather than Poisson: defect density varies between wafers, and Poisson's uniform
    // density is too pessimistic for reticle-sized dies.
    b.good_dies_per_wafer = b.gross_dies_per_wafer * b.murphy_yield;
  }
  b.logic_wafers_per_chip = static_cast<double>(p.dies) / b.good_dies_per_wafer;
  b.good_die_cost_usd = node.wafer_price_usd / b.good_dies_per_wafer;
  b.logic_cost_usd = node.wafer_price_usd * b.logic_wafers_per_chip;
}

void build_package(ChipBuild& b, const config::ArchSpec& arch, const ProcessData& process) {
  const auto& p = *arch.package;
  if (p.type == config::PackageType::kOrganic) {
    b.warnings.push_back("organic substrate and assembly cost not modelled (no sourced figure)");
  }
  if (!config::is_cowos(p.type)) return;
  b.interposers_per_wafer =
      gross_dies_per_wafer(process.usable_diameter_mm(), p.interposer_area_mm2);
  if (b.interposers_per_wafer < 1.0) {
    throw ConfigError(arch.file, 0, "package.interposer_area_mm2",
                      fmt::format("{} mm2 does not fit a {} mm wafer", p.interposer_area_mm2,
                                  process.wafer_diameter_mm));
  }
  b.interposers_per_wafer = std::floor(b.interposers_per_wafer);
  b.cowos_wafers_per_chip = 1.0 / b.interposers_per_wafer;
  b.package_cost_usd = process.cowos_wafer_usd * b.cowos_wafers_per_chip;
  const double limit = p.type == config::PackageType::kCowosS   ? process.cowos_s_max_interposer_mm2
                       : p.type == config::PackageType::kCowosL ? process.cowos_l_max_interposer_mm2
                                                                : 0.0;
  if (limit > 0.0 && p.interposer_area_mm2 > limit) {
    b.warnings.push_back(
        fmt::format("interposer {:.0f} mm2 exceeds the {:.0f} mm2 {} limit of {}: "
                    "the cited figures disagree",
                    p.interposer_area_mm2, limit, b.package_type, process.file));
  }
  b.warnings.push_back("interposer and assembly yield taken as 1");
}

void require_package(const config::ArchSpec& arch) {
  if (!arch.package) {
    throw ConfigError(
        arch.file, 0, "package",
        "no [package] table: die area, node and packaging are needed to plan manufacturing");
  }
}

}  // namespace

ProcessData process_nodes_of(const config::ArchSpec& arch) {
  require_package(arch);
  if (!std::filesystem::is_regular_file(arch.package->process_nodes_file)) {
    throw ConfigError(arch.file, 0, "package.process_nodes",
                      fmt::format("file not found: {}", arch.package->process_nodes_file));
  }
  return load_process_nodes(arch.package->process_nodes_file);
}

ChipBuild build_chip(const config::ArchSpec& arch, const ProcessData& process) {
  require_package(arch);
  const auto& p = *arch.package;
  if (p.type != config::PackageType::kWaferScale && p.die_area_mm2 > process.reticle_limit_mm2) {
    throw ConfigError(
        arch.file, 0, "package.die_area_mm2",
        fmt::format("{} mm2 exceeds the {} mm2 reticle limit ({}); only a wafer-scale "
                    "package may be larger",
                    p.die_area_mm2, process.reticle_limit_mm2, process.file));
  }
  const ProcessNode& node = node_of(arch, process);
  ChipBuild b;
  b.node_name = node.name;
  b.package_type = std::string(config::name_of(p.type));
  b.dies_per_chip = p.dies;
  build_logic(b, p, node, process);
  build_package(b, arch, process);
  if (arch.dram && arch.dram->is_hbm()) {
    b.hbm_stacks = arch.dram->stacks;
    b.hbm_gb = arch.dram->capacity_bytes / units::kGiga;
    b.hbm_cost_usd = b.hbm_gb * *p.hbm_usd_per_gb;
  }
  return b;
}

}  // namespace xpu::manufacturing
