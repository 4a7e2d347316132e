// SPDX-License-Identifier: MIT
#include "result/assemble.h"

#include "compiler/layout.h"
#include "result/energy_actions.h"

namespace xpu::result {

namespace {

OpKind kind_of(workload::OpKind k) {
  switch (k) {
    case workload::OpKind::kGemm: return OpKind::kGemm;
    case workload::OpKind::kAttention: return OpKind::kAttention;
    case workload::OpKind::kElementwise: return OpKind::kElementwise;
    case workload::OpKind::kCollective: return OpKind::kCollective;
  }
  return OpKind::kElementwise;
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

Result assemble(const compiler::Plan& plan, EngineTimings t) {
  const auto& arch = *plan.arch;
  const auto& s = plan.scenario;
  Result r;
  r.engine = std::move(t.engine);
  r.arch = arch.id;
  r.workload = plan.workload->id;
  r.phase = s.phase == workload::Phase::kPrefill ? Phase::kPrefill : Phase::kDecode;
  r.batch = s.batch;
  r.prompt = s.prompt;
  r.context = s.context;
  r.layers = plan.layers_evaluated;
  r.layout = compiler::layout_of(plan);
  r.ops.reserve(plan.ops.size() + 1);

  // The Result's FLOPs and DRAM bytes are the whole layout's; op rows stay one chip's.
  const double copies = plan.op_list_copies();
  double peak_weighted_time = 0.0;
  for (size_t i = 0; i < plan.ops.size(); ++i) {
    const auto& op = plan.ops[i];
    const double n = static_cast<double>(op.repeat);
    OpResult o;
    o.name = op.name;
    o.kind = kind_of(op.kind);
    o.repeat = op.repeat;
    o.time_s = t.ops[i].time_s;
    o.bound = t.ops[i].bound;
    if (op.kind == workload::OpKind::kCollective) {
      o.bytes = op.collective->bytes * n;  // the tensor, not what crosses the links
      r.ops.push_back(std::move(o));
      continue;
    }
    const double peak = arch.dense_peak_flops_per_s(op.compute_dtype) * plan.mapping.chips;
    o.flops = op.flops * n;
    o.bytes = op.bytes() * n;
    r.flops += o.flops * copies;
    r.dram_bytes += plan.dram_bytes_of(op) * n * copies;
    peak_weighted_time += o.flops * copies / peak;
    r.ops.push_back(std::move(o));
  }
  if (const int64_t crossings = plan.placed_pipeline_crossings(); crossings > 0) {
    r.ops.push_back({"pipeline.chip_crossings", OpKind::kLink, crossings, t.crossings_s, 0.0, 0.0,
                     Bound::kOverhead});
  }

  const double streams = static_cast<double>(t.streams);
  r.latency_s = t.latency_s;
  r.tokens_per_s = streams * plan.tokens() / r.latency_s;
  r.mfu = streams * peak_weighted_time / r.latency_s;

  // Energy from action counts and static power, priced over every chip of the replica; may
  // stretch the engine's times where power exceeds the chip's limit (energy_actions.h).
  r.chips = plan.mapping.chips;
  apply_energy(r, plan);
  for (auto& w : t.warnings) r.warnings.push_back(std::move(w));
  r.units = std::move(t.units);

  r.memory_bytes = plan.memory.total();
  r.weight_bytes = plan.memory.weight_bytes;
  r.kv_cache_bytes = plan.memory.kv_cache_bytes;
  r.activation_bytes = plan.memory.activation_bytes;
  r.memory_capacity_bytes = plan.mapping.chips * capacity_per_chip_bytes(plan);
  return r;
}

}  // namespace xpu::result
