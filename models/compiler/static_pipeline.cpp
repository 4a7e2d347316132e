// SPDX-License-Identifier: MIT
#include "compiler/static_pipeline.h"

#include <algorithm>

#include "machine/collectives.h"
#include "machine/static_schedule.h"

namespace xpu::compiler {

std::vector<PipelineStep> pipeline_program(const Plan& plan, int64_t stages) {
  const auto& ops = plan.ops;
  auto layer_group_end = [&](size_t i) {
    size_t j = i + 1;
    while (j < ops.size() && ops[i].repeat > 1 && ops[j].repeat == ops[i].repeat) ++j;
    return j;
  };
  int64_t layers = 0;
  for (size_t i = 0; i < ops.size(); i = layer_group_end(i)) {
    if (ops[i].repeat > 1) layers += ops[i].repeat;
  }
  std::vector<PipelineStep> program;
  int64_t layer = 0;
  for (size_t i = 0; i < ops.size();) {
    const size_t j = layer_group_end(i);
    if (ops[i].repeat > 1) {
      for (int64_t r = 0; r < ops[i].repeat; ++r, ++layer) {
        const int64_t stage = std::min(stages - 1, layer * stages / layers);
        for (size_t k = i; k < j; ++k) program.push_back({k, stage});
      }
    } else {
      program.push_back({i, layer == 0 ? 0 : stages - 1});
    }
    i = j;
  }
  return program;
}

workload::Op micro_batch_share(workload::Op op, int64_t micro_batches) {
  const auto m = static_cast<double>(micro_batches);
  op.flops /= m;
  op.activation_bytes /= m;
  op.kv_read_bytes /= m;
  op.kv_write_bytes /= m;
  if (op.gemm) {
    // The micro-batch's share of the output rows. A grouped (MoE) GEMM with fewer rows per group
    // than micro-batches keeps them on fewer groups rather than rounding every group up to a row.
    auto& g = *op.gemm;
    const int64_t rows = (g.groups * g.m + micro_batches - 1) / micro_batches;
    if (rows >= g.groups) {
      g.m = (rows + g.groups - 1) / g.groups;
    } else {
      g.groups = rows;
      g.m = 1;
    }
  }
  return op;
}

std::vector<double> stage_pass_s(const Plan& plan, int64_t micro_batches) {
  const int64_t stages = plan.mapping.pipeline_stages;
  std::vector<double> pass_s(stages, 0.0);
  for (const PipelineStep& step : pipeline_program(plan, stages)) {
    const auto& op = micro_batch_share(plan.ops[step.op_index], micro_batches);
    pass_s[step.stage] +=
        machine::static_op_time(plan.machine, plan.mapping, plan.workload->dtypes.activations, op)
            .time_s;
  }
  if (plan.arch->links && stages > 1) {
    const auto& w = *plan.workload;
    const double hidden_bytes = plan.tokens() / static_cast<double>(micro_batches) *
                                static_cast<double>(w.hidden_size) *
                                bytes_per_element(w.dtypes.activations);
    const double crossing_s =
        machine::collective_cost({workload::CollectiveKind::kPointToPoint, hidden_bytes, 2},
                                 *plan.arch->links)
            .time_s();
    for (int64_t s = 0; s + 1 < stages; ++s) pass_s[s] += crossing_s;
  }
  return pass_s;
}

double pipelined_step_s(const Plan& plan, int64_t micro_batches) {
  const std::vector<double> pass_s = stage_pass_s(plan, micro_batches);
  double first_s = 0.0;
  for (double t : pass_s) first_s += t;
  return first_s +
         static_cast<double>(micro_batches - 1) * *std::max_element(pass_s.begin(), pass_s.end());
}

int64_t choose_micro_batches(const Plan& plan) {
  const int64_t batch = plan.scenario.batch;
  int64_t best = 1;
  double best_s = pipelined_step_s(plan, 1);
  for (int64_t m = 2; m <= std::min(batch, plan.mapping.pipeline_stages); ++m) {
    if (batch % m != 0) continue;
    const double t = pipelined_step_s(plan, m);
    if (t < best_s) {
      best = m;
      best_s = t;
    }
  }
  return best;
}

}  // namespace xpu::compiler
