// SPDX-License-Identifier: MIT
#pragma once
// How a kernel of the plan is cut into the tiles the simulated units execute. Plain C++, no
// SystemC: the tile shapes and per-tile rates are the same choices the analytic kernel model
// makes (machine/gpu_kernel_rates.h), so the engines differ only in what the simulation adds.
#include <cstdint>
#include <string>

#include "compiler/plan.h"
#include "machine/machine.h"
#include "sim/sim.h"

namespace xpu::sim {

// One kernel as the units see it: `tiles` identical tiles, each a sequence of `stages` steps
// that load their operand chunks and then compute. Tiles are uniform in time: a GEMM's padded
// edge tiles do a full tile's FLOPs (as in the analytic model).
//
// Operands. The tiles of a group form a tiles_m x tiles_n grid (groups issued one after the
// other). Within a group they are issued along the shorter side first, as the heuristic of
// CUTLASS's Hopper tile scheduler rasterises (along M unless there are more row tiles than
// column tiles, then along N): a wave then covers whole columns (or rows), and the short side's
// operand stays in the L2 while the other streams past. At stage s a tile reads chunk (row, s)
// of A and chunk (column, s) of B, so the tiles of one row share A chunks and those of one
// column share B chunks -- through the L2. After its last stage it writes `out_tile_bytes`.
// Streamed kernels (attention, element-wise) are one column without B: every chunk is read by
// one tile.
//
// Clusters. A GEMM's consecutive tiles along the raster run as clusters of `cluster` units
// (Hopper's thread-block clusters with TMA multicast, Blackwell's 2-SM MMA): they share the
// operand of their column (B, rasterised along M) or row (A, along N), and each unit reads only
// its 1/cluster part of the shared chunk, which the crossbar delivers to all of them. A unit
// waits for its own part: the cluster's parts are issued together and arrive together.
struct OperandRead {
  uint64_t address = 0;  // relative to the launch's base address
  double bytes = 0.0;
};

struct KernelWork {
  std::string name;
  int64_t tiles = 0;
  int64_t stages = 1;
  int64_t tiles_m = 1;          // tile rows per group
  int64_t tiles_n = 1;          // tile columns per group
  int64_t cluster = 1;          // units sharing one operand read (GEMMs; memory.l2.multicast_units)
  double a_chunk_bytes = 0.0;   // per stage
  double b_chunk_bytes = 0.0;   // per stage
  double out_tile_bytes = 0.0;  // written once per tile, after its last stage
  double stage_unit_s = 0.0;    // one stage's compute on one unit at the unit's rate
  double stage_chip_s = 0.0;    // the same FLOPs at the chip's power-limited rate; 0 = no limit
  double dram_efficiency = 1.0;  // of channel peak, for this kernel's access pattern
  double overhead_s = 0.0;       // launch gap, prologue and tail, paid before tiles issue
  std::string tile_shape;        // for traces: "128x256", "q128", "kv/16", "chunk"

  int64_t rows() const { return tiles / tiles_n; }     // over all groups
  int64_t columns() const { return tiles / tiles_m; }  // over all groups
  int64_t row_of(int64_t tile) const;                  // over all groups
  int64_t column_of(int64_t tile) const;
  // Unique bytes: every chunk once and the output.
  double bytes() const;
  // Where things live, relative to the launch's base address: A's chunks, then B's, then the
  // output, each region 4 KiB-aligned. Chunks are spaced by their whole bytes, so every chunk
  // has its own address (the L2's tag).
  uint64_t a_address(int64_t tile, int64_t stage) const;
  uint64_t b_address(int64_t tile, int64_t stage) const;
  uint64_t out_address(int64_t tile) const;
  // What one tile's unit reads at a stage: the whole chunk, or its part of a shared one.
  OperandRead a_read(int64_t tile, int64_t stage) const;
  OperandRead b_read(int64_t tile, int64_t stage) const;
  uint64_t address_span() const;

 private:
  OperandRead shared_part(uint64_t chunk_address, double chunk_bytes, int64_t position,
                          int64_t side) const;
};

// Throws InfeasibleError for collectives (not kernels) and machines that do not run kernels.
KernelWork kernel_work(const workload::Op& op, const machine::Machine& machine,
                       const SimOptions& options);

}  // namespace xpu::sim
