// SPDX-License-Identifier: MIT
#pragma once
// Time of one operator on a statically scheduled chip (hardwired transformer ASIC,
// model-in-silicon, SRAM-only, wafer-scale). Unlike a GPU there are no kernel launches and no
// tile quantisation: the compiler lays the operator over the datapath ahead of time, so compute
// runs at a fixed utilisation of peak and overlaps fully with the memory it streams
// (t = max(compute, memory)). What such chips pay instead is communication:
//   - an operator split over several chips (or over a wafer's mesh) reduces its partial outputs
//     over links or mesh hops after every GEMM;
//   - a token crosses chip boundaries between pipeline stages.
// Which memory each byte comes from follows the plan's Mapping (weights in silicon move nothing).
#include "analytical/gpu_kernel_model.h"
#include "compiler/plan.h"

namespace xpu::analytical {

KernelTime spatial_op_time(const workload::Op& op, const compiler::Plan& plan);

// Bytes an op moves to or from off-chip DRAM (GPUs: all of them, between kernels; statically
// scheduled chips keep activations, and whatever the mapping placed on chip, in SRAM).
double dram_bytes_of(const workload::Op& op, const compiler::Plan& plan);

// Stage boundaries the placement created (a statically scheduled family spreading layers over
// chips); 0 on one chip and where --parallel pp put the transfers into the graph.
int64_t placed_pipeline_crossings(const compiler::Plan& plan);

// Time for one token batch to cross each of those boundaries once.
double pipeline_crossing_time_s(const compiler::Plan& plan);

}  // namespace xpu::analytical
