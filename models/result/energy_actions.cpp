// SPDX-License-Identifier: MIT
#include "result/energy_actions.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "common/units.h"
#include "machine/collectives.h"
#include "machine/gpu_kernel_rates.h"
#include "machine/static_schedule.h"

namespace xpu::result {

namespace {

double ceil_div(double a, double b) { return std::ceil(a / b); }

// Query rows a flash-attention block keeps on chip while K and V stream past it.
constexpr double kAttentionQueryBlock = 128.0;

DType reference_dtype(const config::ArchSpec& arch) {
  const auto& peaks = arch.compute.dense_peak_flops_per_s;
  if (peaks.count(DType::kBf16)) return DType::kBf16;
  if (peaks.count(DType::kFp16)) return DType::kFp16;
  return peaks.begin()->first;
}

}  // namespace

double gemm_l2_bytes(const machine::Machine& machine, const workload::GemmShape& g, DType compute) {
  const double elem_bytes = bytes_per_element(compute);
  const auto rates = machine::GpuRates::of(*machine.arch, compute);
  const config::TileShape* picked =
      machine::pick_gemm_tile(machine.calibration.gemm, rates, g).shape;
  const config::TileShape tile = picked ? *picked : config::TileShape{128, 128};
  const double tiles_m = ceil_div(g.m, tile.m);
  const double tiles_n = ceil_div(g.n, tile.n);
  const double rows = static_cast<double>(std::min(tile.m, g.m));
  const double cols = static_cast<double>(std::min(tile.n, g.n));
  return static_cast<double>(g.groups) * tiles_m * tiles_n * (rows + cols) * g.k * elem_bytes;
}

energy::ReferenceGemm reference_gemm(const machine::Machine& machine) {
  const auto& arch = *machine.arch;
  const double s = static_cast<double>(kReferenceGemmSize);
  const DType t = reference_dtype(arch);
  const double elem = bytes_per_element(t);
  const workload::GemmShape shape{kReferenceGemmSize, kReferenceGemmSize, kReferenceGemmSize, 1};
  energy::ReferenceGemm ref;
  ref.flops = 2.0 * s * s * s;
  ref.dram_bytes = 3.0 * s * s * elem;  // A and B read, C written once
  if (machine.kernel_by_kernel()) {
    const auto k = machine::gemm_time(machine.calibration.gemm, machine::GpuRates::of(arch, t),
                                      shape, ref.dram_bytes);
    ref.flops_per_s = ref.flops / k.time_s;
    ref.l2_bytes = std::max(gemm_l2_bytes(machine, shape, t), ref.dram_bytes);
    ref.sram_bytes = 2.0 * ref.l2_bytes;
  } else {
    ref.flops_per_s = arch.dense_peak_flops_per_s(t) * arch.compute.matmul_utilization;
    ref.sram_bytes = 2.0 * ref.dram_bytes;  // operands from on-chip SRAM
    ref.dram_bytes = 0.0;
  }
  return ref;
}

energy::Actions actions_of(const compiler::Plan& plan) {
  const bool kernels = plan.machine.kernel_by_kernel();
  const double copies = plan.op_list_copies();
  energy::Actions a;
  for (const auto& op : plan.ops) {
    const double n = static_cast<double>(op.repeat);
    if (op.kind == workload::OpKind::kCollective) {
      // What the timing moves: links are priced by the bytes collective_cost puts on the wire.
      // Every chip running the op list sends its share; a system whose graph is the whole model
      // sends from every participant.
      const double senders = plan.machine.traits->parallel_layouts
                                 ? copies
                                 : static_cast<double>(op.collective->participants);
      a.link_bytes +=
          machine::collective_cost(*op.collective, *plan.arch->links).sent_bytes_per_chip *
          senders * n;
      continue;
    }
    (op.kind == workload::OpKind::kElementwise ? a.vector_flops : a.flops)[op.compute_dtype] +=
        op.flops * n * copies;
    const double dram = plan.dram_bytes_of(op);
    a.dram_bytes += dram * n * copies;
    if (!kernels) {
      // Spatial families: what does not come from DRAM is read from on-chip SRAM (or, in a
      // model in silicon, from fixed weight arrays; priced as SRAM until issue-specific models).
      a.sram_bytes += (op.bytes() - dram) * n * copies;
      a.fabric_byte_hops +=
          machine::mesh_reduction_byte_hops(op, *plan.arch, plan.workload->dtypes.activations) * n *
          copies;
      continue;
    }
    double l2 = op.bytes();
    if (op.kind == workload::OpKind::kGemm && op.gemm) {
      l2 = std::max(l2, gemm_l2_bytes(plan.machine, *op.gemm, op.compute_dtype));
    } else if (op.kind == workload::OpKind::kAttention && op.attention) {
      l2 += op.kv_read_bytes * (ceil_div(op.attention->query_len, kAttentionQueryBlock) - 1.0);
    }
    a.l2_bytes += l2 * n * copies;
    // GEMM and attention operands are written into shared memory and read by the tensor cores;
    // element-wise kernels pass through registers once.
    a.sram_bytes += (op.kind == workload::OpKind::kElementwise ? 1.0 : 2.0) * l2 * n * copies;
  }
  if (const int64_t crossings = plan.placed_pipeline_crossings(); crossings > 0) {
    const auto crossing = machine::collective_cost(plan.pipeline_crossing(), *plan.arch->links);
    a.link_bytes += static_cast<double>(crossings) * crossing.sent_bytes_per_chip;
  }
  return a;
}

namespace {

// Ops whose time the core clock sets: compute-bound, or compute wasted on partial tiles. DRAM,
// link and launch-overhead time run on other clocks.
bool clock_bound(const OpResult& o) {
  return o.bound == Bound::kCompute || o.bound == Bound::kQuantisation;
}

double clocked_share(const Result& r) {
  double clocked_s = 0.0, all_s = 0.0;
  for (const auto& o : r.ops) {
    all_s += o.time_s;
    if (clock_bound(o)) clocked_s += o.time_s;
  }
  return all_s > 0.0 ? clocked_s / all_s : 0.0;
}

std::string cap_warning(const energy::ChipEnergy& ce, const energy::Capped& capped,
                        const config::ArchSpec& arch) {
  const std::string head = fmt::format(
      "energy: power-capped at {:.0f} W per chip ({:.1f} W average allowed)", ce.tdp_w, ce.cap_w);
  if (!capped.clock) {
    return head + fmt::format(
                      " by a uniform stretch (no [power.dvfs] V-f curve in {}): every op and the "
                      "throughput lowered by {:.1f}%",
                      arch.file, 100.0 * (1.0 - 1.0 / capped.stretch));
  }
  const auto& p = *capped.clock;
  const auto& dvfs = *arch.power.dvfs;
  std::string w = fmt::format(
      ": clock {:.0f} MHz at {:.3f} V (op times taken at {:.0f} MHz, energy calibrated at {:.0f}), "
      "clock-bound ops {:.3f}x longer, step {:.3f}x, core energy per action x{:.3f} "
      "(docs/energy.md)",
      p.clock_hz / units::kMega, p.voltage_v, dvfs.max_clock_hz / units::kMega,
      dvfs.reference_clock_hz / units::kMega, p.clocked_stretch, capped.stretch, p.energy_scale);
  if (!p.cap_met) {
    w += fmt::format(
        "; the cap is out of reach: at the curve's lowest clock the step still draws "
        "more than {:.1f} W per chip",
        ce.cap_w);
  }
  return head + w;
}

}  // namespace

void apply_energy(Result& r, const compiler::Plan& plan) {
  const energy::ChipEnergy ce = energy::chip_energy(*plan.arch, reference_gemm(plan.machine));
  energy::Actions a = actions_of(plan);
  a.dram_bytes = r.dram_bytes;  // the engine's own count, so the two agree
  const energy::Breakdown priced = energy::price(a, ce, r.latency_s, r.chips);
  std::optional<energy::DvfsInput> dvfs;
  if (plan.arch->power.dvfs)
    dvfs = energy::DvfsInput{energy::VfCurve(*plan.arch->power.dvfs), clocked_share(r)};
  const energy::Capped capped = energy::cap_power(priced, ce, r.latency_s, r.chips, dvfs);
  if (capped.below_static) {
    r.warnings.push_back(fmt::format(
        "energy: power limit {:.0f} W per chip ({:.1f} W average allowed) is at or below the "
        "chip's static power ({:.1f} W): no clock can meet it, so the step is shown uncapped",
        ce.tdp_w, ce.cap_w, ce.static_power_w));
  }
  if (capped.stretch > 1.0) {
    // The engine's own op times: with a V-f curve only the clock-bound ones stretch, by
    // f_timed / f (their sum then stretches as the step's latency does); without one, all alike.
    const double op_stretch = capped.clock ? capped.clock->clocked_stretch : capped.stretch;
    for (auto& o : r.ops) {
      if (!capped.clock || clock_bound(o)) o.time_s *= op_stretch;
    }
    r.mfu /= capped.stretch;
    r.latency_s = capped.latency_s;
    r.tokens_per_s /= capped.stretch;  // not recomputed: an engine may run several streams
    if (capped.clock) r.capped_clock_hz = capped.clock->clock_hz;
    r.warnings.push_back(cap_warning(ce, capped, *plan.arch));
  }
  r.energy_j = capped.energy.total_j();
  r.energy_breakdown_j = capped.energy.map();
  r.static_breakdown_j = energy::static_breakdown(capped.energy, ce);
  r.energy_j_per_token = r.energy_j / plan.tokens();
  r.avg_power_w = r.energy_j / r.latency_s;
  r.power_per_chip_w = r.avg_power_w / static_cast<double>(r.chips);
  if (ce.action_model) {
    r.warnings.push_back(
        "energy: chip power only (no host CPUs or fans or power-supply losses); on-chip pJ/bit "
        "are 28-45 nm figures scaled to the node by approximate ratios (docs/energy.md)");
  } else {
    r.warnings.push_back(
        "energy: static and idle power are not modelled separately; memory-bound steps read low");
  }
}

}  // namespace xpu::result
