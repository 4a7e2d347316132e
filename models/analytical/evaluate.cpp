// SPDX-License-Identifier: MIT
#include "analytical/evaluate.h"

#include "analytical/collective_model.h"
#include "analytical/energy_actions.h"
#include "analytical/gpu_kernel_model.h"
#include "analytical/spatial_model.h"
#include "common/units.h"
#include "compiler/layout.h"

namespace xpu::analytical {

namespace {

const char* kind_name(workload::OpKind k) {
  switch (k) {
    case workload::OpKind::kGemm: return "gemm";
    case workload::OpKind::kAttention: return "attention";
    case workload::OpKind::kElementwise: return "elementwise";
    case workload::OpKind::kCollective: return "collective";
  }
  return "?";
}

KernelTime gpu_time_of(const workload::Op& op, const config::GpuEfficiencySpec& eff,
                       const GpuRates& rates) {
  switch (op.kind) {
    case workload::OpKind::kGemm: return gemm_time(eff.gemm, rates, *op.gemm, op.bytes());
    case workload::OpKind::kAttention:
      return attention_time(eff, rates, *op.attention, op.flops, op.bytes());
    case workload::OpKind::kElementwise: return streaming_time(eff.gemm, rates, op.flops, op.bytes());
    case workload::OpKind::kCollective: break;  // timed by the collective model
  }
  return {};
}

// Memory one chip offers the mapping: DRAM where weights live in DRAM, otherwise on-chip SRAM
// plus, for a model in silicon, its fixed weight arrays.
double capacity_per_chip_bytes(const compiler::Plan& plan) {
  const auto& arch = *plan.arch;
  switch (plan.mapping.weights) {
    case compiler::Residence::kDram: return arch.dram->capacity_bytes;
    case compiler::Residence::kSram: return arch.sram->capacity_bytes;
    case compiler::Residence::kSilicon:
      return arch.sram->capacity_bytes + arch.silicon_model->weight_capacity_params *
                                             bytes_per_element(plan.workload->dtypes.weights);
  }
  return 0.0;
}

}  // namespace

Result evaluate(const compiler::Plan& plan, const config::GpuEfficiencySpec& eff) {
  const auto& arch = *plan.arch;
  const auto& s = plan.scenario;
  Result r;
  r.engine = "analytic";
  r.arch = arch.id;
  r.workload = plan.workload->id;
  r.phase = s.phase == workload::Phase::kPrefill ? "prefill" : "decode";
  r.batch = s.batch;
  r.prompt = s.prompt;
  r.context = s.context;
  r.layers = plan.layers_evaluated;
  r.layout = compiler::layout_of(plan);
  r.ops.reserve(plan.ops.size());

  const bool gpu = arch.family == config::ChipFamily::kGpu;
  double peak_weighted_time = 0.0;
  for (const auto& op : plan.ops) {
    if (op.kind == workload::OpKind::kCollective) {
      const double t = collective_time(*op.collective, *arch.links).time_s() * op.repeat;
      r.ops.push_back({op.name, kind_name(op.kind), op.repeat, t, 0.0,
                       op.collective->bytes * op.repeat, "network"});
      r.latency_s += t;
      continue;
    }
    const KernelTime t =
        gpu ? gpu_time_of(op, eff, GpuRates::of(arch, op.compute_dtype)) : spatial_op_time(op, plan);
    const double peak = arch.dense_peak_flops_per_s(op.compute_dtype) * plan.mapping.chips;
    const double n = static_cast<double>(op.repeat);
    OpResult o;
    o.name = op.name;
    o.kind = kind_name(op.kind);
    o.repeat = op.repeat;
    o.time_s = t.time_s * n;
    o.flops = op.flops * n;
    o.bytes = op.bytes() * n;
    o.bound = t.bound();
    r.latency_s += o.time_s;
    r.flops += o.flops;
    r.dram_bytes += dram_bytes_of(op, plan) * n;
    peak_weighted_time += o.flops / peak;
    r.ops.push_back(std::move(o));
  }
  if (const double hops = pipeline_crossing_time_s(plan); hops > 0.0) {
    r.ops.push_back({"pipeline.chip_crossings", "link", placed_pipeline_crossings(plan), hops, 0.0,
                     0.0, "overhead"});
    r.latency_s += hops;
  }

  r.tokens_per_s = plan.tokens() / r.latency_s;
  r.mfu = peak_weighted_time / r.latency_s;

  // Energy from action counts and static power, priced over every chip of the replica; may
  // stretch latency where power exceeds the chip's limit (analytical/energy_actions.h).
  r.chips = plan.mapping.chips;
  apply_energy(r, plan, eff);

  r.memory_bytes = plan.memory.total();
  r.weight_bytes = plan.memory.weight_bytes;
  r.kv_cache_bytes = plan.memory.kv_cache_bytes;
  r.activation_bytes = plan.memory.activation_bytes;
  r.memory_capacity_bytes = plan.mapping.chips * capacity_per_chip_bytes(plan);
  return r;
}

}  // namespace xpu::analytical
