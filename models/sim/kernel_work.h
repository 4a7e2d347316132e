// SPDX-License-Identifier: MIT
#pragma once
// How a kernel of the plan is cut into the tiles the simulated units execute. Plain C++, no
// SystemC: the tile shapes and per-tile rates are the same choices the analytic kernel model
// makes (analytical/gpu_kernel_model.h), so the engines differ only in what the simulation adds.
#include <cstdint>
#include <string>

#include "compiler/plan.h"
#include "config/gpu_efficiency_spec.h"
#include "sim/sim.h"

namespace xpu::sim {

// One kernel as the units see it: `tiles` identical tiles, each a sequence of `stages` steps
// that load `stage_bytes` from HBM and then compute. Tiles are uniform: a GEMM's padded edge
// tiles do a full tile's FLOPs (as in the analytic model), and the kernel's unique bytes are
// spread evenly over its tiles (operand re-reads are assumed to hit L2).
struct KernelWork {
  std::string name;
  int64_t tiles = 0;
  int64_t stages = 1;
  double stage_bytes = 0.0;
  double stage_unit_s = 0.0;     // one stage's compute on one unit at the unit's rate
  double stage_chip_s = 0.0;     // the same FLOPs at the chip's power-limited rate; 0 = no limit
  double dram_efficiency = 1.0;  // of channel peak, for this kernel's access pattern
  double overhead_s = 0.0;       // launch gap, prologue and tail, paid before tiles issue
  std::string tile_shape;        // for traces: "128x256", "q128", "kv/16", "chunk"

  double tile_bytes() const { return stage_bytes * static_cast<double>(stages); }
  double bytes() const { return tile_bytes() * static_cast<double>(tiles); }
};

// Throws InfeasibleError for collectives (not kernels) and non-GPU arches.
KernelWork kernel_work(const workload::Op& op, const config::ArchSpec& arch,
                       const config::GpuEfficiencySpec& efficiency, const SimOptions& options);

}  // namespace xpu::sim
