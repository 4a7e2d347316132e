// SPDX-License-Identifier: MIT
#include "analytical/evaluate.h"

#include <fmt/format.h>

#include <algorithm>

#include "compiler/static_pipeline.h"
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
    case workload::OpKind::kElementwise: return machine::streaming_time(eff, rates, op);
    case workload::OpKind::kCollective: break;  // timed by the collective model
  }
  return {};
}

// A statically scheduled pipeline whose batch splits into several micro-batches: the step is the
// closed form of the SystemC engine's run (compiler/static_pipeline.h); each op's time is its
// stage's busy time, summed over the micro-batches, as that engine reports it.
Result evaluate_pipelined(const compiler::Plan& plan, int64_t micro_batches) {
  result::EngineTimings t;
  t.engine = "analytic";
  const double m = static_cast<double>(micro_batches);
  const DType activations = plan.workload->dtypes.activations;
  for (const auto& op : plan.ops) {
    const auto k = machine::static_op_time(plan.machine, plan.mapping, activations,
                                           compiler::micro_batch_share(op, micro_batches));
    t.ops.push_back({k.time_s * static_cast<double>(op.repeat) * m, machine::static_op_bound(k)});
  }
  if (const int64_t crossings = plan.placed_pipeline_crossings(); crossings > 0) {
    auto shape = plan.pipeline_crossing();
    shape.bytes /= m;
    t.crossings_s = static_cast<double>(crossings) * m *
                    machine::collective_cost(shape, *plan.arch->links).time_s();
  }
  t.latency_s = compiler::pipelined_step_s(plan, micro_batches);
  t.warnings.push_back(fmt::format(
      "analytic: the batch runs as {} micro-batches through {} pipeline stages; latency is the "
      "pipelined step, op times are summed over micro-batches (stage busy time), so their shares "
      "add up to more than 100% where stages overlap",
      micro_batches, plan.mapping.pipeline_stages));
  return result::assemble(plan, std::move(t));
}

}  // namespace

Result evaluate(const compiler::Plan& plan) {
  // A --parallel layout's collectives are timed op by op (the SystemC engine refuses them here).
  const bool collectives = std::any_of(plan.ops.begin(), plan.ops.end(), [](const auto& op) {
    return op.kind == workload::OpKind::kCollective;
  });
  if (!plan.machine.kernel_by_kernel() && plan.mapping.pipeline_stages > 1 && !collectives) {
    if (const int64_t m = compiler::choose_micro_batches(plan); m > 1) {
      return evaluate_pipelined(plan, m);
    }
  }
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
      t.ops.push_back({k.time_s * n,
                       plan.machine.kernel_by_kernel() ? k.bound() : machine::static_op_bound(k)});
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
