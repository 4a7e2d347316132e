// SPDX-License-Identifier: MIT
#pragma once
// Energy of a step, Accelergy style: energy = sum over actions of count x energy per action,
// plus static power x time. Actions are FLOPs by operand type, bytes moved at each level of the
// memory hierarchy (register file / shared memory, L2, DRAM), bytes sent over chip-to-chip
// links. docs/energy.md gives the constants, their sources and how the calibrated all-in H100
// figure (1.046 pJ/FLOP at 709.5 W) is split into static power and dynamic energy.
//
// The engines count actions (result/energy_actions.h, the same for every engine); this module
// only prices them, so another chip family plugs in by supplying its own ChipEnergy (or its
// own action counts) without touching the pricing, the power cap or the report.
#include <map>
#include <optional>
#include <string>

#include "config/arch_spec.h"
#include "config/dtype.h"
#include "energy/dvfs.h"

namespace xpu::energy {

// What one step does, summed over every chip of the mapping.
struct Actions {
  std::map<DType, double> flops;  // matrix (tensor-core) FLOPs, by the dtype of the operands
  // FLOPs of element-wise kernels, on the vector units, by the dtype of their operands.
  std::map<DType, double> vector_flops;
  double sram_bytes = 0.0;  // register file / shared-memory operand traffic
  double l2_bytes = 0.0;
  double dram_bytes = 0.0;
  double link_bytes = 0.0;        // chip-to-chip, bytes sent
  double fabric_byte_hops = 0.0;  // on-wafer mesh: bytes x hops between neighbouring cores
  double total_flops() const;
};

// Joules by component. Keys of `map()`: compute (matrix FLOPs), vector (element-wise FLOPs),
// sram, l2, dram, links, fabric (dynamic: per action) and static (power x time, split by
// `static_breakdown`).
struct Breakdown {
  double compute_j = 0.0;
  double vector_j = 0.0;
  double sram_j = 0.0;
  double l2_j = 0.0;
  double dram_j = 0.0;
  double links_j = 0.0;
  double fabric_j = 0.0;
  double static_j = 0.0;
  // What runs on the core clock and its voltage: FLOPs and on-chip operand traffic.
  double core_j() const { return compute_j + vector_j + sram_j + l2_j; }
  // What runs on other clocks (memory, links, fabric), so a cap's V^2 leaves it.
  double uncore_j() const { return dram_j + links_j + fabric_j; }
  double dynamic_j() const { return core_j() + uncore_j(); }
  double total_j() const { return dynamic_j() + static_j; }
  std::map<std::string, double> map() const;
};

// Per-action energies of one chip, in SI units.
struct ChipEnergy {
  bool action_model = false;  // false: two-term estimate, all-in pJ/FLOP, no static term
  // Power drawn while a step runs whatever it computes: idle_power_w + clock_power_w.
  double static_power_w = 0.0;
  double idle_power_w = 0.0;          // the chip idle: leakage, HBM refresh (energy.static_power_w)
  double clock_power_w = 0.0;         // clocks at their active state while it holds work
  double mac_j_per_flop_16bit = 0.0;  // dynamic, at 16-bit operands
  double width_exponent = 1.0;
  double vector_j_per_flop = 0.0;  // 0: vector FLOPs priced as MAC FLOPs (j_per_flop)
  double sram_j_per_byte = 0.0;
  double l2_j_per_byte = 0.0;
  // A DRAM byte's price: the device's energy plus the chip-side memory path (PHY, controller,
  // L2 fill and crossbar, energy.memory_path_pj_per_bit). Both are booked as `dram`.
  double dram_j_per_byte = 0.0;
  double link_j_per_byte = 0.0;
  double fabric_j_per_byte_hop = 0.0;
  // Power the chip drew on the reference GEMM (energy.reference_power_w).
  double calibrated_power_w = 0.0;
  double tdp_w = 0.0;
  // The power a step may average: tdp_w x calibrated_power_w / the limit the calibration ran
  // under. A chip at its rated limit gets the measured power (the fit already includes that
  // throttling); a lower tdp_w lowers it in proportion.
  double cap_w = 0.0;

  double j_per_flop(DType t) const;
  double vector_j_per_flop_of(DType t) const;
};

// Bytes per FLOP moved through L2 and shared memory by the reference GEMM (square, 16-bit
// operands, tile tm x tn): each output tile loads an A panel (tm x K) and a B panel (K x tn).
struct ReferenceGemm {
  double flops = 0.0;
  double flops_per_s = 0.0;  // as the engine's kernel model times it (reported, not used here)
  double l2_bytes = 0.0;
  double sram_bytes = 0.0;
  double dram_bytes = 0.0;
};

// The split of the all-in compute_pj_per_flop, measured (or derived) on the reference GEMM at
// reference_power_w, so at the rate R = reference_power_w / compute_pj_per_flop, into
//   static_power / R + (SRAM + L2 + DRAM energy of ref) / ref FLOPs + MAC energy.
// The MAC energy is what is left; InfeasibleError if the constants leave nothing.
// Chips without the action model get a ChipEnergy with action_model = false.
ChipEnergy chip_energy(const config::ArchSpec& arch, const ReferenceGemm& ref);

// Prices the actions of a step of `latency_s` on `chips` chips.
Breakdown price(const Actions& a, const ChipEnergy& e, double latency_s, int64_t chips);

// The static joules of `b` by component, in proportion to each component's power (both are
// drawn over the same time): idle (leakage and refresh of an idle chip) and clock (the active
// clock state). The values add up to b.static_j.
std::map<std::string, double> static_breakdown(const Breakdown& b, const ChipEnergy& e);

// Power capping. If the step's average power per chip exceeds the cap, the chip lowers its
// clock. cap = tdp x calibrated_power_w / the limit the calibration ran under (ChipEnergy::cap_w):
// the kernel model was fitted on a chip already at its power limit, so at the rated tdp steps at
// or below the measured power are not slowed, and a lower tdp caps in proportion (docs/energy.md).
//
// With the chip's V-f curve (`dvfs`: energy/dvfs.h) the clock is solved for: clock-bound time
// stretches by f_timed / f, memory and link time does not, the core's dynamic energy scales by
// (V / V_ref)^2 below the calibration's clock. Without one every op stretches alike until power =
// cap, dynamic energy unchanged (same work, charged at the calibrated voltage: conservative),
// static energy over the new time:
//   t' = dynamic / (chips x (cap - static)).
struct Capped {
  double latency_s = 0.0;
  double stretch = 1.0;  // t' / t, >= 1
  Breakdown energy;
  std::optional<OperatingPoint> clock;  // the clock chosen, where a V-f curve set it
  // Without a V-f curve: the allowed power is at or below the static power, so no stretch of
  // the dynamic work can meet it; the step is left as it ran (and the result says so).
  bool below_static = false;
};
// The step's clock-bound share of its time, for the V-f curve (energy/dvfs.h ClockedStep).
struct DvfsInput {
  VfCurve curve;
  double clocked_share = 0.0;
};
Capped cap_power(const Breakdown& b, const ChipEnergy& e, double latency_s, int64_t chips,
                 const std::optional<DvfsInput>& dvfs = std::nullopt);

}  // namespace xpu::energy
