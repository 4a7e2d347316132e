// SPDX-License-Identifier: MIT
#pragma once
// One training step on a cluster. Chips = tp x cp x pp x dp.
//   forward of one layer       the analytic engine's prefill of `micro_batch` sequences of
//                              sequence/cp tokens on the tp group (logits for every token);
//                              context parallelism (cp ranks, each 2 of 2cp sequence chunks,
//                              Llama 3 §3.3.2) scales the attention kernels by cp (each rank's
//                              queries see keys across the whole sequence) and all-gathers K
//                              and V before attention, a reduce-scatter of their gradients
//                              after it, both exposed as in Llama 3
//   format                     bf16; narrower (fp8): only the layers' GEMMs, each input and
//                              output gradient cast by a kernel of its own, as Transformer
//                              Engine runs it (as_trained in train_step.cpp); MFU against the
//                              format's peak
//   backward                   each GEMM's data and weight gradients at their own shapes
//                              (with_backward_gemms, below); 2 x the forward's
//                              element-wise kernels, 2.5 x its attention with FlashAttention
//                              (which recomputes the scores); 6 tensor-parallel
//                              collectives against the forward's 4 (Korthikanti et al., arXiv
//                              2205.05198, §4.2.2: each all-gather becomes a reduce-scatter and
//                              the reverse; the column-parallel GEMMs' inputs are kept sequence-
//                              sharded, as training_memory.h counts them, and gathered again
//                              for their weight gradients, as Megatron-LM does)
//   tp overlap (TpOverlap)     none: every collective on the critical path; backward: Megatron-
//                              LM's default with sequence parallelism (megatron/core/
//                              tensor_parallel/layers.py, LinearWithGradAccumulationAndAsync-
//                              Communication): the re-gather runs behind the input-gradient GEMM
//                              and the reduce-scatter of the input gradient behind the weight-
//                              gradient GEMM, 4 of the 6 hidden; full: Megatron's --tp-comm-
//                              overlap (Transformer Engine userbuffers; the decomposition of
//                              Wang et al., ASPLOS 2023), every collective behind the GEMMs.
//                              Hidden collectives take SMs from the GEMMs (comm_overlap.h)
//   recompute                  none; selective: the attention kernels once more (Korthikanti
//                              §4.3); full: the whole forward once more
//   pipeline                   layers placed by training/pipeline.h; m micro-batches of the
//                              slowest stage's slot, plus the bubble of the schedule (1F1B or
//                              interleaved); point-to-point transfers of the stage boundary's
//                              hidden state, split over tp (Narayanan et al. §4.1), asynchronous
//                              (Llama 3; Megatron overlap-p2p-comm): only the 2 (v p - 1)
//                              crossings of the fill and drain are exposed; in steady state the
//                              sends and receives hold NCCL's point-to-point SMs
//                              (comm_overlap.h) while each layer computes
//   data parallelism           ZeRO-1 (Megatron distributed optimizer): bf16 gradient
//                              reduce-scatter once per step (each rank updates its 1/dp), the
//                              updated weights all-gathered (bf16, or fp8 with
//                              fp8_param_gather); FSDP as Llama 3: gradients sharded, so
//                              each micro-batch's fp32 gradients are reduce-scattered behind
//                              the next slot (holding its SMs), bf16 weight all-gather once
//                              before the forward. With overlap (both frameworks), the last
//                              gradient collective runs behind the last micro-batch's backward
//                              and the weight gather behind the first micro-batch's forward,
//                              one layer's share exposed at the edge, the hidden part holding
//                              SMs; interleaved, behind the cool-down's (warm-up's) chunks,
//                              each chunk's share issued as its last backward ends
//   optimizer                  fp32 Adam over the chip's 1/dp of its shard, streamed from HBM
// MFU as PaLM defines it (Chowdhery et al., arXiv 2204.02311, App. B): (6 N + 12 L H Q T) FLOPs
// per token over the chips' dense bf16 peak, the full (not causal) attention matrix, as Meta's
// torchtitan counts it ("we follow the convention and do not account for sparsity in causal
// attention", pytorch/torchtitan get_num_flop_per_token). Llama 3's Table 4 gives TFLOPs/GPU and
// MFU without stating its count.
#include <cstdint>
#include <vector>

#include "compiler/plan.h"
#include "config/system_spec.h"
#include "config/workload_spec.h"
#include "machine/machine.h"
#include "training/pipeline.h"
#include "training/training_memory.h"
#include "workload/scenario.h"

namespace xpu::training {

// Which tensor-parallel collectives run behind GEMMs (see above).
enum class TpOverlap { kNone, kBackward, kFull };

struct TrainRequest {
  workload::Parallelism parallel;  // tp, pp, ep, dp
  int64_t cp = 1;                  // context parallelism: ranks sharing each sequence
  int64_t global_batch = 0;        // sequences per step
  int64_t micro_batch = 1;         // sequences per pipeline micro-batch
  int64_t sequence = 0;            // tokens per sequence
  Recompute recompute = Recompute::kNone;
  bool flash_attention = true;
  Schedule schedule = Schedule::k1F1B;
  int64_t virtual_stages = 1;  // chunks per stage with the interleaved schedule
  DataParallelSharding sharding = DataParallelSharding::kZero1;
  TpOverlap tp_overlap = TpOverlap::kBackward;  // Megatron-LM's default; --tp-comm-overlap is kFull
  bool overlap_dp_comm = true;
  // Megatron's --fp8-param-gather (NeMo FP8_PARAMS): ZeRO-1 all-gathers the updated parameters
  // in fp8, 1 byte each instead of 2. Needs fp8 training.
  bool fp8_param_gather = false;
};

struct TrainResult {
  double step_s = 0.0;
  double layer_forward_s = 0.0;  // one layer, one micro-batch, exposed collectives included
  double layer_backward_s = 0.0;
  double layer_recompute_s = 0.0;
  double tp_comm_exposed_s =
      0.0;                    // per layer, forward and backward, SMs lost to hidden ones included
  double sm_sharing_s = 0.0;  // per step: time overlapped collectives took from compute
  double context_parallel_comm_s = 0.0;  // per layer, forward and backward
  double slot_s = 0.0;      // one micro-batch's forward and backward on the slowest stage
  double pipeline_s = 0.0;  // all micro-batches through the pipeline, bubble included
  double bubble_s = 0.0;
  double bubble_fraction = 0.0;
  double point_to_point_exposed_s = 0.0;
  double data_parallel_exposed_s = 0.0;
  double optimizer_s = 0.0;
  double tokens_per_s = 0.0;
  double model_flops_per_step = 0.0;  // (6 N + 12 L H Q T) x tokens
  double mfu = 0.0;
  int64_t chips = 0;
  int64_t micro_batches = 0;
  std::vector<int64_t> layers_per_stage;
  TrainingMemory memory_per_chip;
};

// Throws InfeasibleError when the layout does not divide the batch or does not fit in memory.
// The plan with each GEMM replaced by the two its backward runs, at their own shapes: a forward
// GEMM Y[m,n] = X[m,k] W[k,n] (GemmShape{m, k, n}) has a data gradient dX[m,k] = dY W^T
// (GemmShape{m, n, k}: a reduction over n) and a weight gradient dW[k,n] = X^T dY
// (GemmShape{k, m, n}: a reduction over the m tokens), which accumulates into Megatron's fp32
// main_grad (gradient_accumulation_fusion: read and written, 8 bytes per weight). Each reads the
// forward's two activation tensors. The other ops stay, so that the power-limited clock sees a
// layer's mix. Named "<gemm>_data_gradient" and "<gemm>_weight_gradient".
compiler::Plan with_backward_gemms(compiler::Plan plan);

TrainResult train_step(const config::SystemSpec& system, const config::WorkloadSpec& w,
                       const TrainRequest& req);

}  // namespace xpu::training
