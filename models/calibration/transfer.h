// SPDX-License-Identifier: MIT
#pragma once
// Transfers the H100 kernel fit to GPUs of other dies by their measured max-achievable matmul
// rates (MAMF, calibration/measurements/mamf.toml).
//
// The kernel model's rate at a die's measured shape is taken as the engines take op times: at the
// timed clock, before the power model lowers any clock (MAMF, like the calibration grid, times
// short loops of one shape). On the H100 the model runs at r = model / MAMF of its measured rate
// in each format; a die's factor for a format is the one that makes the model, at that die's
// shape, run at the same r of its MAMF. What is left is the die's matmul library and silicon
// against cuBLAS on the H100, which the datasheet peaks do not say. Several rows of a die (B200
// and GB200) take the geometric mean of their factors; a format without a row takes bf16's.
#include <string>
#include <vector>

#include "config/arch_spec.h"
#include "config/dtype.h"
#include "config/gpu_efficiency_spec.h"
#include "workload/op.h"

namespace xpu::calibration {

struct MamfDie {
  std::string id;
  std::string name;
  std::string efficiency_file;  // resolved against the MAMF file's folder
  int line = 0;                 // of its id, for errors
};

struct MamfRow {
  std::string arch_file;  // resolved
  std::string fits;       // "reference", "check" or a die id
  DType dtype = DType::kBf16;
  double flops_per_s = 0.0;
  workload::GemmShape shape;
  std::string source;
  int line = 0;  // of its tflops, for errors
};

struct MamfSet {
  std::string file;
  std::vector<MamfDie> dies;
  std::vector<MamfRow> rows;
};

MamfSet load_mamf(const std::string& path);

// A lone GEMM kernel as an op: every group's FLOPs, its inputs in `compute` (B, k x n per group,
// as the weights; A, m x k, with the output) and its output C, m x n, in bf16.
workload::Op gemm_kernel_op(DType compute, const workload::GemmShape& shape);

// The kernel model's rate for gemm_kernel_op(compute, shape) on `arch`, at the timed clock.
double model_gemm_flops_per_s(const config::ArchSpec& arch, const config::GpuEfficiencySpec& eff,
                              DType compute, const workload::GemmShape& shape);

struct TransferRow {
  MamfRow row;
  double target_flops_per_s = 0.0;  // the MAMF x the reference's model / MAMF in that format
  double model_flops_per_s = 0.0;   // with the arch's calibration as transferred
  double relative_error() const { return model_flops_per_s / target_flops_per_s - 1.0; }
};

struct DieTransfer {
  MamfDie die;
  config::TensorTransfer transfer;
  std::vector<TransferRow> rows;
};

struct TransferFit {
  std::vector<DieTransfer> dies;
  std::vector<TransferRow> reference;  // the base die's rows: target = MAMF x r, model as fitted
  std::vector<TransferRow> checks;     // rows that set nothing, on their arch's own calibration
};

// `base` is the fit of `base_file` (the reference rows' die). Throws ConfigError (the MAMF file)
// when a format a die has rows in has no reference row.
TransferFit fit_transfers(const MamfSet& set, const config::GpuEfficiencySpec& base,
                          const std::string& base_file);

}  // namespace xpu::calibration
