// SPDX-License-Identifier: MIT
#include "analytical/spatial_model.h"

#include <algorithm>
#include <cmath>

namespace xpu::analytical {

namespace {

using compiler::Residence;

double dram_rate(const config::ArchSpec& arch) {
  return arch.dram->bandwidth_bytes_per_s * arch.dram->streaming_efficiency;
}

// Bytes per second that `group` chips draw from where a tensor class lives.
double rate_of(Residence where, const config::ArchSpec& arch, double group) {
  switch (where) {
    case Residence::kSram: return arch.sram->bandwidth_bytes_per_s * group;
    case Residence::kDram: return dram_rate(arch) * group;
    case Residence::kSilicon: return arch.silicon_model->weight_read_bytes_per_s * group;
  }
  return 0.0;
}

// Reduction of a GEMM's partial outputs after it is split across chips or mesh cores.
double reduction_time_s(const workload::Op& op, const compiler::Plan& plan) {
  if (op.kind != workload::OpKind::kGemm) return 0.0;
  const auto& arch = *plan.arch;
  const auto& g = *op.gemm;
  const double out_bytes =
      static_cast<double>(g.groups) * g.m * g.n * bytes_per_element(plan.workload->dtypes.activations);
  double t = 0.0;
  if (arch.mesh) {
    // The operator covers the whole mesh; partial sums travel along a row of sqrt(cores) cores
    // (reduce) and back (broadcast), every row in parallel.
    const double row = std::sqrt(static_cast<double>(arch.mesh->cores));
    t += 2.0 * row * arch.mesh->hop_latency_s + out_bytes / (row * arch.mesh->core_link_bandwidth_bytes_per_s);
  }
  const double group = plan.mapping.chips_per_layer;
  if (group > 1.0 && arch.links) {
    // Ring all-reduce over the chips of one layer: 2(g-1)/g of the output crosses each link.
    t += 2.0 * arch.links->hop_latency_s + 2.0 * (group - 1.0) / group * out_bytes / arch.links->bandwidth_bytes_per_s;
  }
  return t;
}

}  // namespace

KernelTime spatial_op_time(const workload::Op& op, const compiler::Plan& plan) {
  const auto& arch = *plan.arch;
  const auto& map = plan.mapping;
  const double group = map.chips_per_layer;
  KernelTime t;
  const double peak = op.kind == workload::OpKind::kElementwise
                          ? arch.compute.vector_flops_per_s
                          : arch.compute.matmul_utilization * arch.dense_peak_flops_per_s(op.compute_dtype);
  t.compute_s = t.ideal_compute_s = op.flops / (peak * group);

  // Streamed weights come from one external store shared by all chips; everything else from
  // the memory of the chips holding the operator.
  double weight_s = 0.0;
  if (map.weights == Residence::kDram) {
    weight_s = op.weight_bytes / (map.weights_streamed ? dram_rate(arch) : rate_of(Residence::kDram, arch, group));
  } else {
    weight_s = op.weight_bytes / rate_of(map.weights, arch, group);
  }
  const double kv_s = (op.kv_read_bytes + op.kv_write_bytes) / rate_of(map.kv_cache, arch, group);
  // Activations stay on chip between fused operators; where the chip has SRAM they cost its
  // bandwidth, on a hardwired datapath they flow register to register.
  const double act_s = arch.sram ? op.activation_bytes / rate_of(Residence::kSram, arch, group) : 0.0;
  t.memory_s = weight_s + kv_s + act_s;
  t.overhead_s = reduction_time_s(op, plan);
  t.time_s = std::max(t.compute_s, t.memory_s) + t.overhead_s;
  return t;
}

double dram_bytes_of(const workload::Op& op, const compiler::Plan& plan) {
  const auto& map = plan.mapping;
  if (plan.arch->family == config::ChipFamily::kGpu) return op.bytes();
  double bytes = 0.0;
  if (map.weights == Residence::kDram) bytes += op.weight_bytes;
  if (map.kv_cache == Residence::kDram) bytes += op.kv_read_bytes + op.kv_write_bytes;
  return bytes;
}

int64_t placed_pipeline_crossings(const compiler::Plan& plan) {
  // With --parallel pp the graph itself carries the transfers (pipeline.stage_transfer).
  if (plan.scenario.parallel.pp > 1 || !plan.arch->links) return 0;
  return std::max<int64_t>(plan.mapping.pipeline_stages - 1, 0);
}

double pipeline_crossing_time_s(const compiler::Plan& plan) {
  const int64_t crossings = placed_pipeline_crossings(plan);
  if (crossings == 0) return 0.0;
  const auto& w = *plan.workload;
  const double hidden_bytes = plan.tokens() * w.hidden_size * bytes_per_element(w.dtypes.activations);
  const auto& link = *plan.arch->links;
  return static_cast<double>(crossings) * (link.hop_latency_s + hidden_bytes / link.bandwidth_bytes_per_s);
}

}  // namespace xpu::analytical
