// SPDX-License-Identifier: MIT
#pragma once
// Rates of a statically scheduled chip (hardwired transformer ASIC, model-in-silicon,
// SRAM-only, wafer-scale), derived once here for both engines. Unlike a GPU there are no kernel
// launches and no tile quantisation: the compiler lays the operator over the datapath ahead of
// time, so compute runs at a fixed utilisation of peak and overlaps fully with the memory it
// streams (t = max(compute, memory)). What such chips pay instead is communication:
//   - an operator split over several chips (or over a wafer's mesh) reduces its partial outputs
//     over links or mesh hops after every GEMM;
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
};

// Bytes x mesh hops of a GEMM's partial-output reduction on a wafer's mesh (0 without a mesh or
// for other ops): each row of sqrt(cores) cores reduces its share of the output along the row
// and broadcasts it back, so every byte of the output crosses the row's links twice. The
// energy model prices it (energy.fabric_pj_per_bit); the time is in static_op_time.
double mesh_reduction_byte_hops(const workload::Op& op, const config::ArchSpec& arch,
                                DType activations);

// Time of one op on the chips of one layer group (mapping.chips_per_layer of them); partial
// outputs are `activations` elements.
KernelTime static_op_time(const Machine& machine, const Mapping& mapping, DType activations,
                          const workload::Op& op);

}  // namespace xpu::machine
