// SPDX-License-Identifier: MIT
#pragma once
// A chip as described by archs/<id>.toml: plain data in SI units, no behaviour.
// Keys in the file carry their unit (`bandwidth_tbs`); fields here say theirs
// (`bandwidth_bytes_per_s`). Every number is cited in the file's [provenance] table.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/dtype.h"
#include "config/provenance.h"

namespace xpu::config {

enum class ChipFamily { kGpu };

// An output tile shape the chip's GEMM library can use.
struct TileShape {
  int64_t m = 0;
  int64_t n = 0;
};

struct ComputeSpec {
  int64_t units = 0;               // SMs / CUs / cores that a kernel's tiles are spread over
  double tensor_clock_hz = 0.0;    // clock at which the dense peaks below are quoted
  double boost_clock_hz = 0.0;     // highest clock a lightly loaded chip reaches
  std::map<DType, double> dense_peak_flops_per_s;  // matrix-engine peaks, no sparsity
  double vector_flops_per_s = 0.0;                 // non-matrix (fp32 SIMT) peak
  std::vector<TileShape> gemm_tiles;  // the library picks the fastest (analytical/gpu_kernel_model.h)
};

// Off-chip DRAM: HBM stacks, GDDR, LPDDR or DDR.
struct DramSpec {
  std::string technology;  // "HBM3", "HBM3e", "GDDR6", "LPDDR5X", ...
  int64_t stacks = 0;      // HBM stacks (0 for non-HBM)
  double capacity_bytes = 0.0;
  double bandwidth_bytes_per_s = 0.0;
};

struct CacheSpec {
  double capacity_bytes = 0.0;
};

struct PowerSpec {
  double tdp_w = 0.0;
};

// Energy per action. Refined by the energy model; these are the chip-level constants.
struct EnergySpec {
  double compute_pj_per_flop = 0.0;  // at the dense peak dtype, all-in at full load
  double dram_pj_per_bit = 0.0;
};

struct ArchSpec {
  std::string id;    // file stem
  std::string file;  // path it was read from
  std::string name;
  ChipFamily family = ChipFamily::kGpu;
  std::string process_node;
  std::string calibration_file;  // resolved path of the efficiency calibration this chip uses
  ComputeSpec compute;
  DramSpec dram;
  std::optional<CacheSpec> l2;
  PowerSpec power;
  EnergySpec energy;
  ProvenanceMap provenance;

  // Peak for `t`, or InfeasibleError naming the chip and dtype when it has none.
  double dense_peak_flops_per_s(DType t) const;
};

// Decodes and validates an arch file. Throws ConfigError naming file, line and key.
ArchSpec load_arch(const std::string& path);

}  // namespace xpu::config
