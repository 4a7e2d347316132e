// SPDX-License-Identifier: MIT
#pragma once
// A chip as described by archs/<id>.toml: plain data in SI units, no behaviour.
// Keys in the file carry their unit (`bandwidth_tbs`); fields here say theirs
// (`bandwidth_bytes_per_s`). Every number is cited in the file's [provenance] table.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/dtype.h"
#include "config/energy_spec.h"
#include "config/package_spec.h"
#include "config/provenance.h"
#include "config/workload_spec.h"

namespace xpu::config {

// The closed set of chip kinds. Each has its own execution model (docs/families.md):
//   kGpu                   programmable, kernel by kernel, weights and KV in DRAM
//   kHardwiredTransformer  fixed-function transformer datapath fed by DRAM (Etched Sohu)
//   kModelInSilicon        one model's weights fixed in the chip, no weight traffic (Taalas HC1)
//   kSramOnly              weights sharded over many chips' SRAM, layer pipeline over links (Groq)
//   kWaferScale            2D mesh of cores with local SRAM on one wafer (Cerebras WSE)
enum class ChipFamily { kGpu, kHardwiredTransformer, kModelInSilicon, kSramOnly, kWaferScale };

std::string_view name_of(ChipFamily f);

// An output tile shape the chip's GEMM library can use.
struct TileShape {
  int64_t m = 0;
  int64_t n = 0;
  // A skinny tile (fewer rows than the main menu's, for small batches) is offered only to a
  // GEMM whose rows it holds in one tile row: on more rows it would re-read every weight tile
  // once per tile row, an L2 cost the tile picker does not price.
  bool skinny = false;
};

struct ComputeSpec {
  std::map<DType, double> dense_peak_flops_per_s;  // matrix-engine peaks, no sparsity
  double vector_flops_per_s = 0.0;                 // non-matrix peak
  // GPU family: kernels are tiled over units.
  int64_t units = 0;             // SMs / CUs that a kernel's tiles are spread over
  double tensor_clock_hz = 0.0;  // clock at which the dense peaks are quoted
  double boost_clock_hz = 0.0;   // highest clock a lightly loaded chip reaches
  // The library picks the fastest (machine/gpu_kernel_rates.h): the main menu, then the skinny
  // tiles.
  std::vector<TileShape> gemm_tiles;
  // Other families: statically scheduled datapaths sustain a fixed fraction of peak.
  double matmul_utilization = 0.0;
  // A weight-stationary matrix unit installs every weight a GEMM uses before it streams the
  // activations through, over a port of this rate (Groq's MXM); 0: no such port, weights enter
  // at the rate of the memory they live in.
  double weight_install_bytes_per_s = 0.0;
};

// Off-chip DRAM: HBM stacks, GDDR, LPDDR or DDR.
struct DramSpec {
  std::string technology;  // "HBM3", "HBM3e", "GDDR6", "LPDDR5X", ...
  int64_t stacks = 0;      // HBM stacks (0 for non-HBM)
  double capacity_bytes = 0.0;
  double bandwidth_bytes_per_s = 0.0;
  double streaming_efficiency = 0.0;  // non-GPU families; GPUs use the calibrated value
  // Channel structure and unloaded latency, for the SystemC engine (absent: it refuses the chip).
  int64_t channels_per_stack = 0;
  double latency_s = 0.0;
  int64_t banks_per_channel = 0;
  double row_bytes = 0.0;    // one bank's page
  double row_cycle_s = 0.0;  // tRC
  bool is_hbm() const { return technology.rfind("HBM", 0) == 0; }
};

// On-chip SRAM that holds weights and/or KV cache (SRAM-only, wafer-scale, model-in-silicon).
struct SramSpec {
  double capacity_bytes = 0.0;
  double bandwidth_bytes_per_s = 0.0;
};

// Chip-to-chip links of multi-chip families: per chip, one direction.
struct LinkSpec {
  double bandwidth_bytes_per_s = 0.0;  // one chip, one direction, all its links together
  double hop_latency_s = 0.0;
  // Optional: groups of this many chips joined pairwise, each pair by a link of its own (a
  // GroqNode); a collective inside one runs direct instead of around a ring (collectives.h).
  int64_t fully_connected_chips = 0;  // 0: no such groups
  int64_t links_per_chip = 1;         // the links bandwidth_bytes_per_s is shared over
};

// Wafer-scale: a 2D mesh of cores, each with local SRAM; spare rows/columns replace defects.
struct MeshSpec {
  int64_t cores = 0;                             // usable cores after defect redundancy
  double hop_latency_s = 0.0;                    // core-to-core, one hop
  double core_link_bandwidth_bytes_per_s = 0.0;  // one mesh link, one direction
};

// What a fixed-function datapath can execute; anything else is refused at compile time.
struct HardwiredSpec {
  std::vector<std::string> supported_features;
};

// A chip with one model's weights fixed in silicon.
struct SiliconModelSpec {
  std::string workload_id;               // the only workload it runs (workloads/<id>.toml)
  double weight_capacity_params = 0.0;   // parameters one chip holds
  double weight_read_bytes_per_s = 0.0;  // rate the datapath reads its fixed weight arrays
};

struct CacheSpec {
  double capacity_bytes = 0.0;
  // Slices, rates and hit latency, for the SystemC engine (absent, 0: it refuses the chip).
  double bandwidth_bytes_per_s = 0.0;  // all slices together
  double latency_s = 0.0;              // hit latency seen by a unit
  int64_t slices = 0;
  double sm_port_bytes_per_clock = 0.0;  // one unit's crossbar port, at the boost clock
  int64_t multicast_units =
      0;  // units one read can be delivered to (thread-block cluster multicast)
};

// The core clock's voltage-frequency curve, for the power cap (energy/dvfs.h): the clock the
// energy calibration ran at, and a straight line V(f) through (min_clock, min_voltage) and
// (max_clock, max_voltage), held at min_voltage below min_clock.
struct DvfsSpec {
  double reference_clock_hz = 0.0;  // where compute_pj_per_flop was measured (sustained)
  double min_clock_hz = 0.0;        // the lowest clock a cap may set
  double max_clock_hz = 0.0;        // the engines' op times (the kernel model's timed loops)
  double min_voltage_v = 0.0;
  double max_voltage_v = 0.0;
};

struct PowerSpec {
  double tdp_w = 0.0;            // the board power limit; --power-cap-w replaces it for one run
  std::optional<DvfsSpec> dvfs;  // absent: a binding cap stretches every op alike
};

struct ArchSpec {
  std::string id;    // file stem
  std::string file;  // path it was read from
  std::string name;
  ChipFamily family = ChipFamily::kGpu;
  std::string process_node;
  std::string calibration_file;  // resolved path of the efficiency calibration this chip uses
  ComputeSpec compute;
  std::optional<DramSpec> dram;
  std::optional<CacheSpec> l2;
  std::optional<SramSpec> sram;
  std::optional<LinkSpec> links;
  std::optional<MeshSpec> mesh;
  std::optional<HardwiredSpec> hardwired;
  std::optional<SiliconModelSpec> silicon_model;
  // Number formats the chip runs a model in, when it has no choice (weights in silicon, an
  // integer-only datapath); they replace the workload's (config/resolve.h).
  std::optional<DTypes> native_dtypes;
  // Formats the chip runs best where it has a choice (Sohu: fp8), with the "TAG: citation" of
  // that claim: the default of a comparison (studies/comparison.h), never imposed on `run`.
  std::optional<DTypes> preferred_dtypes;
  std::string preferred_dtypes_source;
  PowerSpec power;
  EnergySpec energy;
  std::optional<PackageSpec> package;  // how it is built, for the manufacturing model
  ProvenanceMap provenance;

  // Peak for `t`, or InfeasibleError naming the chip and dtype when it has none.
  double dense_peak_flops_per_s(DType t) const;
};

// Whether a GPU's calibration file must exist when its arch file is read: always, except where
// `xpusim calibrate` reads the arch files of the calibration files it writes.
enum class CalibrationFile { kMustExist, kWrittenByCaller };

// Decodes and validates an arch file. Throws ConfigError naming file, line and key.
ArchSpec load_arch(const std::string& path);
// The same, for `xpusim calibrate`, which writes the calibration file it may name.
ArchSpec load_arch_before_calibration(const std::string& path);
// The same on a file already parsed; the calibration path resolves against doc->file().
ArchSpec decode_arch(const std::shared_ptr<Document>& doc,
                     CalibrationFile calibration = CalibrationFile::kMustExist);

}  // namespace xpu::config
