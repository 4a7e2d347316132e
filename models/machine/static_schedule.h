// SPDX-License-Identifier: MIT
#pragma once
// Rates of a statically scheduled chip (hardwired transformer ASIC, model-in-silicon,
// SRAM-only, wafer-scale), derived once here for both engines. Unlike a GPU there are no kernel
// launches and no tile quantisation: the compiler lays the operator over the datapath ahead of
// time, so compute runs at a fixed utilisation of peak and overlaps fully with the memory it
// streams (t = max(compute, memory)). What such chips pay instead is communication:
//   - an operator split over several chips (or over a wafer's mesh) reduces its partial outputs
//     over links or mesh hops after every GEMM (between chips: collective_cost's all-reduce);
//   - a token crosses chip boundaries between pipeline stages (collectives.h, point to point).
// Which memory each byte comes from follows the Mapping (weights in silicon move nothing).
#include "config/dtype.h"
#include "machine/gpu_kernel_rates.h"
#include "machine/machine.h"
#include "machine/mapping.h"
#include "workload/op.h"

namespace xpu::machine {

// One chip's datasheet rates as the static schedule sustains them.
struct StaticScheduleRates {
  const config::ArchSpec* arch = nullptr;
  double dram_bytes_per_s =
      0.0;  // streaming, at the arch's dram streaming_efficiency; 0 without DRAM

  static StaticScheduleRates of(const config::ArchSpec& arch);
  // Bytes per second one chip draws from where a tensor class lives.
  double bytes_per_s(Residence where) const;
  // Matrix ops at matmul_utilization of the dense peak of their dtype, the rest at the vector peak.
  double flops_per_s(const workload::Op& op) const;
  // The bytes one chip installs into its matrix unit for `op`: a GEMM's weights, each installed
  // once per pass (weight-stationary); 0 for other ops or a chip without an install port.
  double install_bytes(const workload::Op& op) const;
};

// The chips one layer's operators are split over: a layer group of g chips (g may be fractional:
// 36 chips over 32 layers) touches ceil(g) of them, and its GEMMs' partial outputs are
// all-reduced over those, as collective_cost (collectives.h) times it. Both engines use it.
int64_t layer_group_chips(const Mapping& mapping);

// Bytes x mesh hops of a GEMM's partial-output reduction on a wafer's mesh (0 without a mesh or
// for other ops): each row of sqrt(cores) cores reduces its share of the output along the row
// and broadcasts it back, so every byte of the output crosses the row's links twice. The
// energy model prices it (energy.fabric_pj_per_bit); the time is in static_op_time.
double mesh_reduction_byte_hops(const workload::Op& op, const config::ArchSpec& arch,
                                DType activations);

// Time of one op on the chips of one layer group (mapping.chips_per_layer of them); partial
// outputs are `activations` elements. Memory time is the larger of the memories' bytes at their
// rates and the weights' installation into the matrix unit (compute.weight_install_tbs); both
// overlap compute, the install being double-buffered (Groq ISCA'20).
KernelTime static_op_time(const Machine& machine, const Mapping& mapping, DType activations,
                          const workload::Op& op);

// What limits a statically scheduled op. Such chips launch no kernels, so the only time beyond
// compute and memory is the reduction of partial outputs over chip links or mesh hops: the
// network, where a GPU kernel's fixed cost would be "overhead".
Bound static_op_bound(const KernelTime& t);

}  // namespace xpu::machine
