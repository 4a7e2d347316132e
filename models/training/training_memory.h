// SPDX-License-Identifier: MIT
#pragma once
// Memory of one chip during mixed-precision training.
//   weights      bf16, 2 bytes per parameter of the heaviest pipeline stage's tp shard (FSDP as
//                Llama 3 runs it does not reshard weights after the forward, so they stay whole)
//   gradients    ZeRO-1: bf16, 2 bytes per parameter; FSDP: fp32 and sharded over dp, 4/dp
//                (Llama 3, arXiv 2407.21783 §3.3.2: "shards optimizer states and gradients",
//                "reduce-scatter gradients in FP32")
//   optimizer    Adam in fp32 (master weights, m, v: 12 bytes per parameter) sharded over dp
//   activations  what each layer keeps for its backward, per token (bytes, then / tp: tensor and
//                sequence parallelism split every tensor; Korthikanti et al., arXiv 2205.05198):
//                  norms      2 x 2h            (inputs of the two norms)
//                  attention  2h + 2q + 4kv + 2q (norm output, Q, K and V, context) plus the
//                             scores: 2as when materialised (softmax output), 4a with
//                             FlashAttention (fp32 log-sum-exp per row)
//                  MLP        2h + 4f (up projection and activation outputs); gated 2h + 6f
//                             (gate and up, kept by the fused SwiGLU of Megatron-Core, which
//                             recomputes the activation in its backward, and the product;
//                             unfused PyTorch autograd would also keep silu(gate), 2f more)
//                (q = heads x head_dim, kv = kv_heads x head_dim, f = ffn width, s = keys each
//                query sees.) For GPT-3's shape this is Korthikanti's 34 sbh less the two
//                sbh dropout masks (no dropout in current pre-training recipes) and his 5as^2b
//                scores less the dropout mask and output: 32 + 2as/h.
//                With fp8 GEMMs (config::DTypes::layer_gemm_inputs) the four GEMM inputs kept
//                for the weight gradients (the two norm outputs, the context, the down
//                projection's input: 2h + q + f elements) take 1 byte each: Transformer Engine
//                saves the fp8 copy it cast.
//                Selective recompute (Korthikanti §4.3) drops the scores; full recompute keeps
//                each layer's input (2h) and one layer's full set while it is recomputed.
//                The first stage holds the most micro-batches in flight: min(m, p), times
//                1 + (p - 1)/(p v) with the interleaved schedule (Korthikanti §4.2.3).
#include <cstdint>

#include "config/workload_spec.h"

namespace xpu::training {

// Bytes per value of the two formats training keeps beside the model's dtypes: bf16 (activations
// between kernels, gradients) and fp32 (master weights, optimizer state, softmax statistics).
inline constexpr double kBf16Bytes = 2.0;
inline constexpr double kFp32Bytes = 4.0;

enum class Recompute { kNone, kSelective, kFull };
enum class DataParallelSharding { kZero1, kFsdp };

struct MemoryInputs {
  int64_t tp = 1;
  int64_t dp = 1;
  double stage_parameters = 0.0;  // parameters of the heaviest pipeline stage (before tp)
  int64_t first_stage_layers = 0;
  double micro_batches_in_flight = 1.0;  // on the first stage
  double tokens_per_micro_batch =
      0.0;                     // on one chip's sequence shard (context parallelism splits it)
  int64_t keys_per_query = 0;  // the full sequence
  bool flash_attention = true;
  Recompute recompute = Recompute::kNone;
  DataParallelSharding sharding = DataParallelSharding::kZero1;
};

struct TrainingMemory {
  double weight_bytes = 0.0;
  double gradient_bytes = 0.0;
  double optimizer_bytes = 0.0;
  double activation_bytes = 0.0;
  double total() const {
    return weight_bytes + gradient_bytes + optimizer_bytes + activation_bytes;
  }
};

// Bytes one token leaves in one layer for the backward pass, before tensor parallelism.
double activation_bytes_per_token_per_layer(const config::WorkloadSpec& w, int64_t keys_per_query,
                                            bool flash_attention, Recompute recompute);

TrainingMemory training_memory_per_chip(const config::WorkloadSpec& w, const MemoryInputs& in);

}  // namespace xpu::training
