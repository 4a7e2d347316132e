// SPDX-License-Identifier: MIT
#include "analytical/evaluate.h"

#include "machine/collectives.h"
#include "machine/gpu_kernel_rates.h"
#include "machine/static_schedule.h"
#include "result/assemble.h"

namespace xpu::analytical {

namespace {

machine::KernelTime kernel_time_of(const workload::Op& op, const compiler::Plan& plan) {
  const auto& m = plan.machine;
  if (!m.kernel_by_kernel()) {
    return machine::static_op_time(m, plan.mapping, plan.workload->dtypes.activations, op);
  }
  const auto& eff = m.calibration;
  const auto rates = machine::GpuRates::of(*m.arch, op.compute_dtype);
  switch (op.kind) {
    case workload::OpKind::kGemm:
      return machine::gemm_time(eff.gemm_for(op.compute_dtype), rates, *op.gemm, op.bytes());
    case workload::OpKind::kAttention:
      return machine::attention_time(eff, rates, *op.attention, op.flops, op.bytes());
    case workload::OpKind::kElementwise:
      return machine::streaming_time(eff, rates, op.software, op.flops, op.bytes());
    case workload::OpKind::kCollective: break;  // timed by the collective model
  }
  return {};
}

}  // namespace

Result evaluate(const compiler::Plan& plan) {
  result::EngineTimings t;
  t.engine = "analytic";
  t.ops.reserve(plan.ops.size());
  for (const auto& op : plan.ops) {
    const double n = static_cast<double>(op.repeat);
    if (op.kind == workload::OpKind::kCollective) {
      const double time_s =
          machine::collective_cost(*op.collective, *plan.arch->links).time_s() * op.repeat;
      t.ops.push_back({time_s, Bound::kNetwork});
    } else {
      const machine::KernelTime k = kernel_time_of(op, plan);
      t.ops.push_back({k.time_s * n, k.bound()});
    }
    t.latency_s += t.ops.back().time_s;
  }
  if (const int64_t crossings = plan.placed_pipeline_crossings(); crossings > 0) {
    t.crossings_s = static_cast<double>(crossings) *
                    machine::collective_cost(plan.pipeline_crossing(), *plan.arch->links).time_s();
    t.latency_s += t.crossings_s;
  }
  return result::assemble(plan, std::move(t));
}

}  // namespace xpu::analytical
