// SPDX-License-Identifier: MIT
#include "training/training_memory.h"

#include <algorithm>

namespace xpu::training {

namespace {
constexpr double kAdamBytesPerParam = 12.0;  // fp32 master weights, first and second moments
}  // namespace

double activation_bytes_per_token_per_layer(const config::WorkloadSpec& w, int64_t keys_per_query,
                                            bool flash_attention, Recompute recompute) {
  const double h = static_cast<double>(w.hidden_size), a = static_cast<double>(w.heads);
  const double q = a * static_cast<double>(w.head_dim);
  const double kv = static_cast<double>(w.kv_heads * w.head_dim);
  const double f = static_cast<double>(w.ffn_hidden_size);
  const bool gated = w.activation == "swiglu";
  const double norms = 2.0 * kBf16Bytes * h;
  const double scores = flash_attention ? kFp32Bytes * a
                        : recompute == Recompute::kNone
                            ? kBf16Bytes * a * static_cast<double>(keys_per_query)
                            : 0.0;  // selective: recomputed in the backward
  // What the GEMMs' weight gradients read is kept in the format the GEMMs take it in: fp8 under
  // Transformer Engine, which saves its cast copy (workload/transformer.cpp), bf16 otherwise.
  const double gemm_input =
      w.dtypes.layer_gemm_inputs ? bytes_per_element(*w.dtypes.layer_gemm_inputs) : kBf16Bytes;
  // The norm's output feeds the QKV projection, the context the output projection.
  const double attention = kBf16Bytes * (q + 2.0 * kv) + gemm_input * (h + q) + scores;
  // The norm's output feeds the up projection. Gated: the fused SwiGLU keeps its input (gate and
  // up) and recomputes the activation in the backward (Megatron-Core fused_bias_swiglu); its
  // output feeds the down projection.
  const double mlp = gemm_input * (h + f) + kBf16Bytes * (gated ? 2.0 : 1.0) * f;
  return norms + attention + mlp;
}

TrainingMemory training_memory_per_chip(const config::WorkloadSpec& w, const MemoryInputs& in) {
  const double params = in.stage_parameters / static_cast<double>(in.tp);
  const double dp = static_cast<double>(in.dp);
  TrainingMemory m;
  m.weight_bytes = params * kBf16Bytes;
  m.gradient_bytes =
      in.sharding == DataParallelSharding::kFsdp ? params * kFp32Bytes / dp : params * kBf16Bytes;
  m.optimizer_bytes = params * kAdamBytesPerParam / dp;

  const double tokens = in.tokens_per_micro_batch / static_cast<double>(in.tp);
  const double in_flight_layers =
      static_cast<double>(in.first_stage_layers) * in.micro_batches_in_flight;
  if (in.recompute == Recompute::kFull) {
    // Each layer's input is kept; the layer being recomputed holds its whole set.
    const double live_layer =
        tokens * activation_bytes_per_token_per_layer(w, in.keys_per_query, in.flash_attention,
                                                      Recompute::kNone);
    m.activation_bytes =
        tokens * kBf16Bytes * static_cast<double>(w.hidden_size) * in_flight_layers + live_layer;
  } else {
    m.activation_bytes = tokens *
                         activation_bytes_per_token_per_layer(w, in.keys_per_query,
                                                              in.flash_attention, in.recompute) *
                         in_flight_layers;
  }
  return m;
}

}  // namespace xpu::training
