// SPDX-License-Identifier: MIT
#pragma once
// One training step on a cluster: forward, backward, optional activation recomputation, a 1F1B
// pipeline over pp stages, the data-parallel gradient all-reduce and a ZeRO-1 Adam update.
//   forward of a micro-batch   the analytic engine's prefill of `micro_batch` sequences of
//                              `sequence` tokens on the tp group, logits for every token
//   backward                   2 x forward (two GEMMs per forward GEMM: input and weight grads)
//   recompute (full)           + 1 x forward
//   pipeline                   (m + pp - 1) stage slots of (fwd + bwd [+ recompute]) / pp, plus
//                              the hidden state passed between stages each way
//   gradient all-reduce        bf16 gradients of the chip's shard over dp chips, on NVLink when
//                              the replicas share a node, else the scale-out network; overlapped
//                              with the last micro-batch's backward, the rest exposed
//   optimizer                  fp32 Adam over the chip's 1/dp of its shard, streamed from HBM,
//                              then a bf16 all-gather of the updated weights over dp
#include <string>

#include "machine/machine.h"
#include "config/system_spec.h"
#include "config/workload_spec.h"
#include "training/training_memory.h"
#include "workload/scenario.h"

namespace xpu::training {

struct TrainRequest {
  workload::Parallelism parallel;
  int64_t global_batch = 0;  // sequences per step
  int64_t micro_batch = 1;   // sequences per pipeline micro-batch
  int64_t sequence = 0;      // tokens per sequence
  Recompute recompute = Recompute::kNone;
};

struct TrainResult {
  double step_s = 0.0;
  double forward_s = 0.0;       // one micro-batch, whole model, one replica
  double backward_s = 0.0;
  double recompute_s = 0.0;
  double pipeline_s = 0.0;      // all micro-batches through the pipeline, bubble included
  double bubble_s = 0.0;
  double gradient_all_reduce_s = 0.0;  // exposed part
  double optimizer_s = 0.0;
  double tokens_per_s = 0.0;
  double model_flops_per_step = 0.0;  // 6 x parameters x tokens
  double mfu = 0.0;                   // model FLOPs over the chips' dense bf16 peak
  int64_t micro_batches = 0;
  TrainingMemory memory_per_chip;
};

// Throws InfeasibleError when the layout does not divide the batch or does not fit in memory.
TrainResult train_step(const config::SystemSpec& system, const config::WorkloadSpec& w, const TrainRequest& req);

}  // namespace xpu::training
