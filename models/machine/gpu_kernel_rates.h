// SPDX-License-Identifier: MIT
#pragma once
// Time of one GPU kernel from datasheet rates and fitted efficiencies. These functions are the
// model the calibration fits, so the engine and `xpusim calibrate` share them.
//
// A GEMM is cut into output tiles; the library picks the tile shape that finishes first.
// Compute time is the larger of two limits:
//   - waves x one tile's FLOPs at a unit's boost-clock peak x unit_tensor_efficiency: a part-
//     filled last wave leaves units idle (wave quantisation), and lightly loaded units clock up;
//   - the padded FLOPs at the chip's datasheet peak x chip_tensor_efficiency: when every unit
//     is busy the chip runs at its power-limited clock.
// Memory time streams the kernel's bytes at dram_efficiency of datasheet bandwidth. The two
// overlap imperfectly: t = (tc^p + tm^p)^(1/p) + kernel_overhead, p = overlap_exponent
// (p -> infinity is a perfect roofline max, p = 1 no overlap at all).
// Element-wise kernels stream at the rate their software gives them (streaming_rate).

#include "config/arch_spec.h"
#include "config/gpu_efficiency_spec.h"
#include "result/result.h"
#include "workload/op.h"

namespace xpu::machine {

// Datasheet rates of one chip for one compute dtype.
struct GpuRates {
  double units = 0.0;
  double chip_peak_flops_per_s = 0.0;
  double unit_boost_peak_flops_per_s = 0.0;
  double dram_bytes_per_s = 0.0;
  double vector_flops_per_s = 0.0;
  const std::vector<config::TileShape>* tiles = nullptr;  // the arch's GEMM tile menu

  static GpuRates of(const config::ArchSpec& arch, DType compute);
};

struct KernelTime {
  double time_s = 0.0;
  double ideal_compute_s = 0.0;  // FLOPs at the chip's achievable peak, no quantisation
  double compute_s = 0.0;
  double memory_s = 0.0;
  double overhead_s = 0.0;
  // The largest of: useful FLOPs ("compute"), bytes ("memory"), FLOPs wasted on padded tiles
  // and idle units of a part-filled wave ("quantisation"), the fixed per-kernel cost
  // ("overhead").
  Bound bound() const;
};

// The output tile the GEMM library picks: the one whose compute estimate (the larger of the two
// limits above) is lowest, the first such in the arch's menu (a skinny tile only where the
// GEMM's rows fit in it, config::TileShape). The one tile picker: the kernel
// model times it, the SystemC engine tiles with it and the energy model prices its L2 traffic.
// Split-K: a GEMM of one tile row (decode: the whole batch within one tile) with fewer tiles than
// units would stream its weights through too few units and pad each tile's rows over all of K;
// libraries then split K so that every unit takes a part (cuBLAS split-K, stream-K, hipBLASLt),
// each part writing a partial output tile whose sum (a few KB in decode) is not timed.
struct GemmTile {
  const config::TileShape* shape = nullptr;  // nullptr when the arch names no tiles
  double compute_s = 0.0;
  int64_t k_splits = 1;  // parts K is split into, each a tile of its own
};
GemmTile pick_gemm_tile(const config::GemmEfficiency& eff, const GpuRates& rates,
                        const workload::GemmShape& shape);

KernelTime gemm_time(const config::GemmEfficiency& eff, const GpuRates& rates,
                     const workload::GemmShape& shape, double bytes);
KernelTime attention_time(const config::GpuEfficiencySpec& eff, const GpuRates& rates,
                          const workload::AttentionShape& shape, double flops, double bytes);
// How an element-wise kernel streams under `software`: the fraction of datasheet DRAM bandwidth
// it reaches and its fixed cost per kernel. Fused: the framework's own kernels, timed like the
// GEMM library's streaming (the GEMM fit's DRAM efficiency and per-kernel overhead). Eager: a
// PyTorch kernel per step launched from a CUDA graph, at its access class's measured rate and
// fixed cost (config::ElementwiseEfficiency; a row reduction's grows with op.row_bytes). The one
// place both engines take it from.
struct StreamingRate {
  double dram_efficiency = 0.0;
  double overhead_s = 0.0;
};
StreamingRate streaming_rate(const config::GpuEfficiencySpec& eff, const GpuRates& rates,
                             const workload::Op& op);

// Element-wise and other vector kernels: streaming at that rate, vector FLOPs on the side.
KernelTime streaming_time(const config::GpuEfficiencySpec& eff, const GpuRates& rates,
                          const workload::Op& op);

}  // namespace xpu::machine
