// SPDX-License-Identifier: MIT
#pragma once
// The [energy] table of an arch file: energy per action, plain data in SI-derived units
// (pJ per FLOP, pJ per bit, W). The energy model (models/energy/) turns action counts into
// joules; docs/energy.md says where each constant comes from and how they were decomposed.
#include <optional>

#include "config/toml_reader.h"

namespace xpu::config {

// The Accelergy-style action model of one chip. Present when the arch file states
// static_power_w; chips without it keep the two-term estimate (FLOPs x compute_pj_per_flop +
// DRAM bits x dram_pj_per_bit) and their results say so.
struct ActionEnergySpec {
  double static_power_w = 0.0;  // drawn whenever the chip is on, idle: leakage, HBM refresh
  // Drawn on top of static_power_w while the chip holds work: the clocks leave their idle state
  // (a GPU with a CUDA context runs at its active DVFS point even between kernels). Optional, 0.
  double clock_power_w = 0.0;
  // Power the chip drew at the point compute_pj_per_flop refers to (the reference GEMM at full
  // load); with it the reference rate is reference_power_w / compute_pj_per_flop.
  double reference_power_w = 0.0;
  // The board power limit that reference was measured under (a board's limiter lets the
  // average run slightly over it); absent, the reference is taken at the limit itself. The cap
  // on a step is tdp_w x reference_power_w / reference_power_limit_w.
  double reference_power_limit_w = 0.0;
  double sram_pj_per_bit = 0.0;  // register file / shared memory operand traffic
  double l2_pj_per_bit = 0.0;    // last-level on-chip cache, including the on-chip network
  double link_pj_per_bit = 0.0;  // chip-to-chip links, per bit sent
  // A wafer's on-wafer mesh, per bit per hop between neighbouring cores (wire plus router).
  // Optional, 0; only chips with a [mesh] move bytes over it.
  double fabric_pj_per_bit = 0.0;
  // What a DRAM bit costs on the chip's side of the memory interface, beyond the DRAM device's
  // own dram_pj_per_bit: PHY, memory controller, and the L2 fill and crossbar it crosses on its
  // way to the cores. Per DRAM bit moved. Optional, 0: set only where a measurement fixes it.
  double memory_path_pj_per_bit = 0.0;
  // Energy per FLOP of the work an element-wise kernel does on the vector (CUDA-core, SIMD)
  // units: the instructions around each element (loads, stores, conversions, the arithmetic)
  // cost tens of times a tensor-core FLOP. Optional, 0: such FLOPs are priced as MAC FLOPs of
  // their dtype; set only where a measurement fixes it.
  double vector_pj_per_flop = 0.0;
  // Dynamic MAC energy per FLOP scales as (operand bits / 16)^flop_width_exponent: 1 = linear
  // in width (operand delivery and accumulation dominate), 2 = an array multiplier alone.
  double flop_width_exponent = 1.0;
};

struct EnergySpec {
  // All-in energy per FLOP (static included) at the chip's reference point: a large 16-bit
  // GEMM at full load. The action model splits it (energy/energy_model.h).
  double compute_pj_per_flop = 0.0;
  double dram_pj_per_bit = 0.0;  // 0 for chips without DRAM
  std::optional<ActionEnergySpec> actions;
};

// Decodes [energy]. `has_dram`: the chip has DRAM, so dram_pj_per_bit is required.
EnergySpec read_energy(Table t, bool has_dram);

}  // namespace xpu::config
