// SPDX-License-Identifier: MIT
#pragma once
// How close a GPU's kernels come to its datasheet rates: dimensionless efficiencies and
// per-kernel overheads fitted by `xpusim calibrate` on measured H100 microbenchmarks
// (calibration/gpu_efficiency.toml). Other GPUs reuse them with their own datasheet rates, and
// a die with a measured max-achievable matmul rate has its GEMM tensor efficiencies transferred
// by it (TensorTransfer); docs/calibration.md states what is measured and what is carried over.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "config/dtype.h"

namespace xpu::config {

class Document;

struct GemmEfficiency {
  double unit_tensor_efficiency = 0.0;  // of one unit's peak at boost clock, per output tile
  double chip_tensor_efficiency = 0.0;  // of the chip's datasheet peak (power/clock limited)
  double dram_efficiency = 0.0;         // of datasheet DRAM bandwidth, streaming
  double kernel_overhead_s = 0.0;       // fixed cost per kernel: launch gap, prologue, tail
  double overlap_exponent = 0.0;        // p of the p-norm joining compute and memory time
};

struct AttentionEfficiency {
  double prefill_tensor_efficiency = 0.0;  // of datasheet peak, flash attention
  double prefill_overhead_s = 0.0;
  double decode_dram_efficiency = 0.0;  // of datasheet bandwidth, streaming the KV cache
  double decode_overhead_s = 0.0;
  // Training's backward (2.5x the forward's FLOPs) runs at this fraction of the forward's rate
  // (calibration/measurements/attention_backward.toml).
  double backward_rate_over_forward = 0.0;
};

// Element-wise kernels that plain PyTorch launches one per step (workload::Software::kEager), one
// rate and fixed cost per access class (workload::Access), fitted on PyTorch's own kernels
// measured in a CUDA graph (docs/gpu_software.md). The fixed costs include the graph's
// kernel-to-kernel boundary. Contiguous and row-reduction kernels stream DRAM at a fraction of
// its datasheet bandwidth. Strided kernels run at the same rate from DRAM as from the L2 (the
// measurement), so what bounds them is the SMs' issue of scalar loads, not the memory: their rate
// is bytes per FLOP of the chip's datasheet vector rate, and never more than the contiguous one.
// A row reduction's block walks its row alone (read, reduce, read again and write), so its fixed
// cost grows with the row: one token's F.rms_norm took 4.3 us at 4,096 wide and 7.1 us at 8,192.
struct ElementwiseEfficiency {
  double contiguous_dram_efficiency = 0.0;
  double contiguous_overhead_s = 0.0;
  double row_reduction_dram_efficiency = 0.0;
  double row_reduction_overhead_s = 0.0;
  double row_reduction_row_bytes_per_s = 0.0;  // one block's walk of its row
  double strided_bytes_per_vector_flop = 0.0;
  double strided_overhead_s = 0.0;
};

// GEMM tensor efficiency of the narrow formats, as a factor on the bf16 fit: the fraction of its
// datasheet peak a format's measured peak reaches over the fraction bf16's reaches.
struct FormatEfficiency {
  double fp8_tensor_scale = 1.0;
  double fp4_tensor_scale = 1.0;
};

// A GPU whose die the microbenchmarks did not measure: the fit of another die (`base_file`) with
// its GEMM tensor efficiencies scaled, one factor per compute format, by that GPU's measured
// max-achievable matmul rates (calibration/measurements/mamf.toml, docs/calibration.md). Written
// by `xpusim calibrate`; the factors are relative to the base die's own MAMF.
struct TensorTransfer {
  std::string base_file;
  std::string die;  // what the factors were measured on, for reports
  double bf16_scale = 1.0;
  double fp8_scale = 1.0;
  double fp4_scale = 1.0;
  int64_t rows = 0;                  // MAMF rows they were fitted on
  double worst_row_abs_error = 0.0;  // the model's rate against each row's target, after transfer
};

// What the fit achieved, for reports; written by `xpusim calibrate`.
struct FitQuality {
  int64_t gemm_points = 0;
  int64_t gemm_points_excluded = 0;
  double gemm_median_abs_error = 0.0;
  double gemm_worst_abs_error = 0.0;
};

struct GpuEfficiencySpec {
  std::string file;
  std::string measurements;                     // the microbenchmark file it was fitted on
  std::string elementwise_measurements;         // the one its [elementwise] classes were fitted on
  std::string attention_backward_measurements;  // what set attention.backward_rate_over_forward
  GemmEfficiency gemm;
  AttentionEfficiency attention;
  ElementwiseEfficiency elementwise;
  FormatEfficiency formats;
  FitQuality fit;
  std::optional<TensorTransfer> transfer;  // set when this is another die's fit, transferred

  // The GEMM efficiencies of `compute`: the bf16 fit, tensor efficiencies scaled for fp8 and
  // fp4 (the one place a format's efficiency is chosen).
  GemmEfficiency gemm_for(DType compute) const;
};

GpuEfficiencySpec load_gpu_efficiency(const std::string& path);
// `base` on another die: its GEMM tensor efficiencies in each format x `t`'s factor for it.
GpuEfficiencySpec transferred(GpuEfficiencySpec base, const TensorTransfer& t);
GpuEfficiencySpec decode_gpu_efficiency(const std::shared_ptr<Document>& doc);
// The calibration a chip's engine needs: loaded from the arch's calibration file for GPUs,
// empty for families whose model has no fitted kernel efficiencies.
struct ArchSpec;
GpuEfficiencySpec efficiency_for(const ArchSpec& arch);
// Writes `spec` in the format load_gpu_efficiency reads, with a header naming its origin.
void save_gpu_efficiency(const GpuEfficiencySpec& spec, const std::string& path);
// Writes a transferred fit: `t` and the MAMF file it came from, naming t.base_file relative to
// `path`'s folder.
void save_transferred_efficiency(const TensorTransfer& t, const std::string& measurements,
                                 const std::string& path);

}  // namespace xpu::config
