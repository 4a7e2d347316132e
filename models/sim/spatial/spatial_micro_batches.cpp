// SPDX-License-Identifier: MIT
#include "sim/spatial/spatial_micro_batches.h"

#include <algorithm>
#include <vector>

#include "machine/collectives.h"
#include "machine/static_schedule.h"
#include "sim/spatial/spatial_program.h"

namespace xpu::sim {

namespace {

// One micro-batch's share of an op: FLOPs, KV, activations and the GEMM rows divide; the
// weights are read whole by every micro-batch.
workload::Op share_of(workload::Op op, int64_t micro_batches) {
  const auto m = static_cast<double>(micro_batches);
  op.flops /= m;
  op.activation_bytes /= m;
  op.kv_read_bytes /= m;
  op.kv_write_bytes /= m;
  if (op.gemm) op.gemm->m = (op.gemm->m + micro_batches - 1) / micro_batches;
  return op;
}

}  // namespace

double pipelined_step_estimate_s(const compiler::Plan& plan, int64_t micro_batches) {
  const int64_t stages = plan.mapping.pipeline_stages;
  std::vector<double> pass_s(stages, 0.0);
  for (const SpatialStep& step : program_of(plan, stages)) {
    const auto& op = share_of(plan.ops[step.op_index], micro_batches);
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
  double first_s = 0.0;
  for (double t : pass_s) first_s += t;
  return first_s +
         static_cast<double>(micro_batches - 1) * *std::max_element(pass_s.begin(), pass_s.end());
}

int64_t choose_micro_batches(const compiler::Plan& plan) {
  const int64_t batch = plan.scenario.batch;
  int64_t best = 1;
  double best_s = pipelined_step_estimate_s(plan, 1);
  for (int64_t m = 2; m <= std::min(batch, plan.mapping.pipeline_stages); ++m) {
    if (batch % m != 0) continue;
    const double t = pipelined_step_estimate_s(plan, m);
    if (t < best_s) {
      best = m;
      best_s = t;
    }
  }
  return best;
}

}  // namespace xpu::sim
