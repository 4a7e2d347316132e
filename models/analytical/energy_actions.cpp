// SPDX-License-Identifier: MIT
#include "analytical/energy_actions.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "analytical/gpu_kernel_model.h"
#include "analytical/spatial_model.h"
#include "common/units.h"

namespace xpu::analytical {

namespace {

double ceil_div(double a, double b) { return std::ceil(a / b); }

// The output tile whose padding wastes least (ties: the larger tile); 128x128 where the arch
// names no tile menu. Only the on-chip traffic estimate uses it.
config::TileShape traffic_tile(const config::ArchSpec& arch, const workload::GemmShape& g) {
  config::TileShape best{128, 128};
  double best_padded = -1.0;
  for (const auto& t : arch.compute.gemm_tiles) {
    const double padded = ceil_div(g.m, t.m) * t.m * ceil_div(g.n, t.n) * t.n;
    const bool larger = t.m * t.n > best.m * best.n;
    if (best_padded < 0.0 || padded < best_padded || (padded == best_padded && larger)) {
      best = t;
      best_padded = padded;
    }
  }
  return best;
}

// Bytes a tiled GEMM moves from L2 into shared memory: each output tile loads the rows of A and
// the columns of B it needs (an A panel tm x K and a B panel K x tn), no multicast assumed.
double gemm_l2_bytes(const config::ArchSpec& arch, const workload::GemmShape& g, double elem_bytes) {
  const auto tile = traffic_tile(arch, g);
  const double tiles_m = ceil_div(g.m, tile.m);
  const double tiles_n = ceil_div(g.n, tile.n);
  const double rows = static_cast<double>(std::min(tile.m, g.m));
  const double cols = static_cast<double>(std::min(tile.n, g.n));
  return static_cast<double>(g.groups) * tiles_m * tiles_n * (rows + cols) * g.k * elem_bytes;
}

// Query rows a flash-attention block keeps on chip while K and V stream past it.
constexpr double kAttentionQueryBlock = 128.0;

// Bytes each chip sends for one collective (ring algorithms, collective_model.h).
double sent_bytes_per_chip(const workload::CollectiveShape& c) {
  const double n = static_cast<double>(c.participants);
  if (n <= 1.0) return 0.0;
  switch (c.kind) {
    case workload::CollectiveKind::kAllReduce: return 2.0 * (n - 1.0) / n * c.bytes;
    case workload::CollectiveKind::kAllGather: return (n - 1.0) * c.bytes;
    case workload::CollectiveKind::kAllToAll: return (n - 1.0) / n * c.bytes;
    case workload::CollectiveKind::kPointToPoint: return c.bytes;
  }
  return c.bytes;
}

DType reference_dtype(const config::ArchSpec& arch) {
  const auto& peaks = arch.compute.dense_peak_flops_per_s;
  if (peaks.count(DType::kBf16)) return DType::kBf16;
  if (peaks.count(DType::kFp16)) return DType::kFp16;
  return peaks.begin()->first;
}

}  // namespace

energy::ReferenceGemm reference_gemm(const config::ArchSpec& arch, const config::GpuEfficiencySpec& eff) {
  const double s = static_cast<double>(kReferenceGemmSize);
  const DType t = reference_dtype(arch);
  const double elem = bytes_per_element(t);
  const workload::GemmShape shape{kReferenceGemmSize, kReferenceGemmSize, kReferenceGemmSize, 1};
  energy::ReferenceGemm ref;
  ref.flops = 2.0 * s * s * s;
  ref.dram_bytes = 3.0 * s * s * elem;  // A and B read, C written once
  if (arch.family == config::ChipFamily::kGpu) {
    const KernelTime k = gemm_time(eff.gemm, GpuRates::of(arch, t), shape, ref.dram_bytes);
    ref.flops_per_s = ref.flops / k.time_s;
    ref.l2_bytes = std::max(gemm_l2_bytes(arch, shape, elem), ref.dram_bytes);
    ref.sram_bytes = 2.0 * ref.l2_bytes;
  } else {
    ref.flops_per_s = arch.dense_peak_flops_per_s(t) * arch.compute.matmul_utilization;
    ref.sram_bytes = 2.0 * ref.dram_bytes;  // operands from on-chip SRAM
    ref.dram_bytes = 0.0;
  }
  return ref;
}

energy::Actions actions_of(const compiler::Plan& plan) {
  const auto& arch = *plan.arch;
  const bool gpu = arch.family == config::ChipFamily::kGpu;
  const double chips = static_cast<double>(plan.mapping.chips);
  energy::Actions a;
  for (const auto& op : plan.ops) {
    const double n = static_cast<double>(op.repeat);
    if (op.kind == workload::OpKind::kCollective) {
      a.link_bytes += sent_bytes_per_chip(*op.collective) * chips * n;
      continue;
    }
    a.flops[op.compute_dtype] += op.flops * n;
    const double dram = dram_bytes_of(op, plan);
    a.dram_bytes += dram * n;
    if (!gpu) {
      // Spatial families: what does not come from DRAM is read from on-chip SRAM (or, in a
      // model in silicon, from fixed weight arrays; priced as SRAM until issue-specific models).
      a.sram_bytes += (op.bytes() - dram) * n;
      continue;
    }
    double l2 = op.bytes();
    if (op.kind == workload::OpKind::kGemm && op.gemm) {
      l2 = std::max(l2, gemm_l2_bytes(arch, *op.gemm, bytes_per_element(op.compute_dtype)));
    } else if (op.kind == workload::OpKind::kAttention && op.attention) {
      l2 += op.kv_read_bytes * (ceil_div(op.attention->query_len, kAttentionQueryBlock) - 1.0);
    }
    a.l2_bytes += l2 * n;
    // GEMM and attention operands are written into shared memory and read by the tensor cores;
    // element-wise kernels pass through registers once.
    a.sram_bytes += (op.kind == workload::OpKind::kElementwise ? 1.0 : 2.0) * l2 * n;
  }
  if (const int64_t crossings = placed_pipeline_crossings(plan); crossings > 0) {
    const auto& w = *plan.workload;
    a.link_bytes += static_cast<double>(crossings) * plan.tokens() * w.hidden_size *
                    bytes_per_element(w.dtypes.activations);
  }
  return a;
}

void apply_energy(Result& r, const compiler::Plan& plan, const config::GpuEfficiencySpec& eff) {
  const auto& arch = *plan.arch;
  const energy::ChipEnergy ce = energy::chip_energy(arch, reference_gemm(arch, eff));
  energy::Actions a = actions_of(plan);
  a.dram_bytes = r.dram_bytes;  // the engine's own count, so the two agree
  const energy::Breakdown priced = energy::price(a, ce, r.latency_s, r.chips);
  const energy::Capped capped = energy::cap_power(priced, ce, r.latency_s, r.chips);
  if (capped.stretch > 1.0) {
    // The clock drops for the whole step; every op takes proportionally longer.
    for (auto& o : r.ops) o.time_s *= capped.stretch;
    r.mfu /= capped.stretch;
    r.latency_s = capped.latency_s;
    r.tokens_per_s /= capped.stretch;  // not recomputed: an engine may run several streams
    r.warnings.push_back(fmt::format(
        "energy: power-capped at {:.0f} W per chip; clock and throughput lowered by {:.1f}%",
        std::max(ce.tdp_w, ce.calibrated_power_w), 100.0 * (1.0 - 1.0 / capped.stretch)));
  }
  r.energy_j = capped.energy.total_j();
  r.energy_breakdown_j = capped.energy.map();
  r.energy_j_per_token = r.energy_j / plan.tokens();
  r.avg_power_w = r.energy_j / r.latency_s;
  if (ce.action_model) {
    r.warnings.push_back(
        "energy: chip power only (no host CPUs or fans or power-supply losses); on-chip pJ/bit "
        "are 28-45 nm figures (docs/energy.md)");
  } else {
    r.warnings.push_back(
        "energy: static and idle power are not modelled separately; memory-bound steps read low");
  }
}

}  // namespace xpu::analytical
