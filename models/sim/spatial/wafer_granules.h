// SPDX-License-Identifier: MIT
#pragma once
// How a wafer's compiler deals one op out over its cores, and how a region of cores stands in
// for them (docs/systemc_engine.md, "Statically scheduled families"). A core holds whole work
// granules, so an op of G granules on C cores gives some cores ceil(G/C) and some floor(G/C),
// and an op with G < C leaves cores idle. Granules, `w` elements wide (SimOptions):
//   GEMM        w output columns of one group's weights
//   attention   one (sequence, KV head, block of w query rows)
//   element-wise  w elements of the data it streams
// Where there are fewer GEMM or attention granules than cores, each is split further along its
// reduction dimension -- K in blocks of w rows; the KV cache, tiled like a weight matrix, in
// blocks of w positions by w head dimensions (flash-decoding) -- as far as every piece still
// has a core of its own; the mesh reduction sums the partial results.
// Granule g goes to core g mod C, the cores numbered along a Z-order (Morton) curve over the
// mesh: every aligned square region of 4^j cores is then one contiguous range of numbers, so
// the assignment is the same whatever the region count. (A core count that is not a power of 4,
// like WSE-3's 900,000, gives each region a contiguous range of about C/R cores.)
#include <cstdint>
#include <vector>

#include "compiler/plan.h"

namespace xpu::sim {

// Granules of `op` for one of `micro_batches` micro-batches.
int64_t granules_of(const workload::Op& op, const compiler::Plan& plan, int64_t cores,
                    int64_t micro_batches, int64_t granule_elements);

// A region relative to the mean region (its cores x G/C granules).
struct RegionLoad {
  double critical = 1.0;  // its cores x its most-loaded core's granules: sets the region's time
  double traffic = 1.0;   // the granules its cores hold together: what it draws from a shared store
};

// Per region: region r holds cores [floor(r C / R), floor((r + 1) C / R)) of the dealing order.
std::vector<RegionLoad> region_loads(int64_t granules, int64_t cores, int64_t regions);

}  // namespace xpu::sim
