// SPDX-License-Identifier: MIT
#pragma once
// How many micro-batches a statically scheduled pipeline splits the batch into. More
// micro-batches overlap more stages, but every micro-batch reads the weights into the datapath
// again and repeats each GEMM's reduction, whose latency does not shrink with the micro-batch.
// So the compiler estimates the step for each candidate from the analytic spatial model and
// runs the fastest (docs/systemc_engine.md, "Pipeline and micro-batches").
#include <cstdint>

#include "compiler/plan.h"

namespace xpu::sim {

// The step for `micro_batches` equal micro-batches: the first passes every stage, and each
// further one adds the slowest stage's pass (a stage serves one micro-batch at a time). A
// stage's pass is machine::static_op_time of its ops for a micro-batch's share of the
// batch, plus the crossing to the next stage.
double pipelined_step_estimate_s(const compiler::Plan& plan, int64_t micro_batches);

// The divisor of the batch, at most the pipeline stages, with the shortest estimate (the
// fewest micro-batches among equals).
int64_t choose_micro_batches(const compiler::Plan& plan);

}  // namespace xpu::sim
