// SPDX-License-Identifier: MIT
#pragma once
// The plan's side of the energy model, the same for every engine: it counts the actions of a
// compiled step (FLOPs by dtype, bytes at each memory level, link bytes) and times the reference
// GEMM the chip's all-in energy figure was taken at; models/energy prices them and caps the power.
#include "compiler/plan.h"
#include "energy/energy_model.h"
#include "machine/machine.h"
#include "result/result.h"

namespace xpu::result {

// Side of the square 16-bit GEMM that compute_pj_per_flop refers to: the 8192^3 bf16 product
// of calibration/measurements/h100-sxm-microbench.json `peak`.
inline constexpr int64_t kReferenceGemmSize = 8192;

// That GEMM on the machine, timed by the calibrated kernel model (kernel by kernel) or at
// matmul_utilization of the 16-bit peak (static schedule), with the bytes it moves at each level.
energy::ReferenceGemm reference_gemm(const machine::Machine& machine);

// Bytes a tiled GEMM moves from L2 into shared memory: each output tile loads the rows of A and
// the columns of B it needs (an A panel tm x K and a B panel K x tn), no multicast assumed. The
// tile is the one the kernel model times (machine::pick_gemm_tile); 128x128 where the arch
// names no tile menu.
double gemm_l2_bytes(const machine::Machine& machine, const workload::GemmShape& g, DType compute);

// Actions of the whole step, all chips of the mapping.
energy::Actions actions_of(const compiler::Plan& plan);

// Prices the step in `r` (whose latency and op times are the engine's), caps its power at the
// chip's limit (stretching the engine's latency, op times, throughput and MFU when it binds)
// and fills the energy fields.
void apply_energy(Result& r, const compiler::Plan& plan);

}  // namespace xpu::result
