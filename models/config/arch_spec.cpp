// SPDX-License-Identifier: MIT
#include "config/arch_spec.h"

#include <fmt/format.h>

#include <filesystem>

#include "common/error.h"
#include "common/units.h"
#include "config/toml_reader.h"

namespace xpu::config {

namespace {

ComputeSpec read_compute(Table t) {
  ComputeSpec c;
  c.units = t.integer("units", 1);
  c.tensor_clock_hz = t.positive("tensor_clock_ghz") * units::kGiga;
  c.boost_clock_hz = t.positive("boost_clock_ghz") * units::kGiga;
  if (c.boost_clock_hz < c.tensor_clock_hz) {
    t.fail("boost_clock_ghz", "must be >= tensor_clock_ghz");
  }
  Table peaks = t.table("dense_peak_tflops");
  for (const auto& name : dtype_names()) {
    if (auto v = peaks.optional_positive(name)) {
      c.dense_peak_flops_per_s[*parse_dtype(name)] = *v * units::kTera;
    }
  }
  if (c.dense_peak_flops_per_s.empty()) peaks.fail("", "needs at least one dtype's peak");
  peaks.finish();
  c.vector_flops_per_s = t.positive("vector_tflops") * units::kTera;
  auto tile_m = t.integer_array("gemm_tile_m", 1);
  auto tile_n = t.integer_array("gemm_tile_n", 1);
  if (tile_m.size() != tile_n.size()) t.fail("gemm_tile_n", "must have as many entries as gemm_tile_m");
  for (size_t i = 0; i < tile_m.size(); ++i) c.gemm_tiles.push_back({tile_m[i], tile_n[i]});
  t.finish();
  return c;
}

DramSpec read_dram(Table t) {
  DramSpec d;
  d.technology = t.choice("technology", {"HBM2", "HBM2e", "HBM3", "HBM3e", "HBM4", "GDDR6",
                                         "GDDR7", "LPDDR5", "LPDDR5X", "DDR5"});
  bool is_hbm = d.technology.rfind("HBM", 0) == 0;
  if (is_hbm) {
    d.stacks = t.integer("stacks", 1);
  } else if (t.has("stacks")) {
    t.fail("stacks", fmt::format("only HBM has stacks; technology is {}", d.technology));
  }
  d.capacity_bytes = t.positive("capacity_gb") * units::kGiga;
  d.bandwidth_bytes_per_s = t.positive("bandwidth_tbs") * units::kTera;
  t.finish();
  return d;
}

}  // namespace

double ArchSpec::dense_peak_flops_per_s(DType t) const {
  auto it = compute.dense_peak_flops_per_s.find(t);
  if (it == compute.dense_peak_flops_per_s.end()) {
    throw InfeasibleError(fmt::format("{}: {} has no {} matrix peak (compute.dense_peak_tflops.{})",
                                      file, name, name_of(t), name_of(t)));
  }
  return it->second;
}

ArchSpec load_arch(const std::string& path) {
  auto doc = Document::load(path);
  Table root = Table::root_of(doc);
  ArchSpec a;
  a.file = path;
  a.id = std::filesystem::path(path).stem().string();

  Table chip = root.table("chip");
  a.name = chip.string("name");
  chip.choice("family", {"gpu"});
  a.family = ChipFamily::kGpu;
  a.process_node = chip.string("process_node");
  std::string calibration = chip.string("calibration");
  a.calibration_file = (std::filesystem::path(path).parent_path() / calibration).string();
  chip.finish();

  a.compute = read_compute(root.table("compute"));
  Table memory = root.table("memory");
  a.dram = read_dram(memory.table("dram"));
  if (auto l2 = memory.optional_table("l2")) {
    a.l2 = CacheSpec{l2->positive("capacity_mb") * units::kMega};
    l2->finish();
  }
  memory.finish();

  Table power = root.table("power");
  a.power.tdp_w = power.positive("tdp_w");
  power.finish();

  Table energy = root.table("energy");
  a.energy.compute_pj_per_flop = energy.positive("compute_pj_per_flop");
  a.energy.dram_pj_per_bit = energy.positive("dram_pj_per_bit");
  energy.finish();

  a.provenance = require_provenance(root.table("provenance"));
  root.finish();
  // Checked last so that a copy of an arch file elsewhere reports its own mistakes first.
  if (!std::filesystem::exists(a.calibration_file)) {
    chip.fail("calibration", fmt::format("file not found: {}", a.calibration_file));
  }
  return a;
}

}  // namespace xpu::config
