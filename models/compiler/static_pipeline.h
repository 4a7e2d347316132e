// SPDX-License-Identifier: MIT
#pragma once
// How a statically scheduled system runs a step as a pipeline: the program (the plan's ops in
// execution order, each on the stage the placement put it on), the number of micro-batches the
// batch is split into, and the step time that follows. Both engines read it: the SystemC engine
// runs the program with the chosen micro-batches (sim/spatial/spatial_top.h), and the analytic
// engine takes the step time below as the closed form of that run (docs/families.md).
#include <cstdint>
#include <vector>

#include "compiler/plan.h"

namespace xpu::compiler {

// One entry of the program: an op of the plan on a stage.
struct PipelineStep {
  size_t op_index = 0;
  int64_t stage = 0;
};

// Consecutive ops sharing a repeat count > 1 are one decoder layer, run `repeat` times; layers
// are spread evenly over the stages (compiler/placement.cpp); ops outside the layers run on the
// first or last stage.
std::vector<PipelineStep> pipeline_program(const Plan& plan, int64_t stages);

// One micro-batch's share of an op: FLOPs, KV, activations and the GEMM's output rows divide; the
// weights are read whole by every micro-batch (they stream into the datapath once per pass).
workload::Op micro_batch_share(workload::Op op, int64_t micro_batches);

// Per stage, one micro-batch's pass: machine::static_op_time of the stage's ops for a
// micro-batch's share of the batch, plus the crossing to the next stage.
std::vector<double> stage_pass_s(const Plan& plan, int64_t micro_batches);

// The step for `micro_batches` equal micro-batches: the first passes every stage, and each
// further one adds the slowest stage's pass (a stage serves one micro-batch at a time).
double pipelined_step_s(const Plan& plan, int64_t micro_batches);

// More micro-batches overlap more stages, but every micro-batch reads the weights into the
// datapath again and repeats each GEMM's reduction, whose latency does not shrink with the
// micro-batch. So the compiler takes the divisor of the batch, at most the pipeline stages, with
// the shortest pipelined_step_s (the fewest micro-batches among equals).
int64_t choose_micro_batches(const Plan& plan);

}  // namespace xpu::compiler
