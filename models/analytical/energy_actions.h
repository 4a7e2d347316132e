// SPDX-License-Identifier: MIT
#pragma once
// The analytic engine's side of the energy model: it counts the actions of a compiled step
// (FLOPs by dtype, bytes at each memory level, link bytes) and times the reference GEMM the
// chip's all-in energy figure was taken at; models/energy prices them and caps the power.
#include "compiler/plan.h"
#include "config/gpu_efficiency_spec.h"
#include "energy/energy_model.h"
#include "result/result.h"

namespace xpu::analytical {

// Side of the square 16-bit GEMM that compute_pj_per_flop refers to: the 8192^3 bf16 product
// of calibration/measurements/h100-sxm-microbench.json `peak`.
inline constexpr int64_t kReferenceGemmSize = 8192;

// That GEMM on `arch`, timed by the calibrated kernel model (GPUs) or at matmul_utilization of
// the 16-bit peak (other families), with the bytes it moves at each level.
energy::ReferenceGemm reference_gemm(const config::ArchSpec& arch, const config::GpuEfficiencySpec& eff);

// Actions of the whole step, all chips of the mapping.
energy::Actions actions_of(const compiler::Plan& plan);

// Prices the step in `r` (whose latency and op times are set), caps its power at the chip's
// limit (stretching latency, throughput and MFU when it binds) and fills the energy fields.
void apply_energy(Result& r, const compiler::Plan& plan, const config::GpuEfficiencySpec& eff);

}  // namespace xpu::analytical
