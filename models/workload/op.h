// SPDX-License-Identifier: MIT
#pragma once
// One operator of a transformer step, with the work it does: FLOPs and the bytes it must move
// to or from main memory when it runs as its own kernel. Engines decide how fast.
#include <cstdint>
#include <optional>
#include <string>

#include "config/dtype.h"
#include "config/software.h"

namespace xpu::workload {

enum class OpKind {
  kGemm,         // weights x activations (projections, MLP, experts, LM head)
  kAttention,    // softmax(QK^T)V over the KV cache
  kElementwise,  // norms, RoPE, activation functions, residual adds, embedding gather
  kCollective,   // data exchanged between the chips of a tensor, expert or pipeline group
};

enum class CollectiveKind { kAllReduce, kAllGather, kAllToAll, kPointToPoint };

// `bytes` is the whole tensor one chip contributes (all-reduce, all-gather) or sends
// (all-to-all, point-to-point); `participants` the chips of the group.
struct CollectiveShape {
  CollectiveKind kind = CollectiveKind::kAllReduce;
  double bytes = 0.0;
  int64_t participants = 1;
};

// groups independent products of [m,k] x [k,n] in one kernel (the experts of an MoE layer).
struct GemmShape {
  int64_t m = 0;
  int64_t k = 0;
  int64_t n = 0;
  int64_t groups = 1;
};

struct AttentionShape {
  int64_t batch = 0;
  int64_t query_len = 0;  // new tokens per sequence
  int64_t kv_len = 0;     // keys attended per sequence (context incl. new tokens)
  int64_t heads = 0;
  int64_t kv_heads = 0;
  int64_t qk_head_dim = 0;
  int64_t v_head_dim = 0;
  bool causal = false;
};

// How an eager element-wise kernel walks its tensors, which sets the rate PyTorch's kernel for it
// reaches (measured per class, docs/gpu_software.md): contiguous tensors take the vectorised
// element-wise kernels; a norm reduces each row in one block; a kernel on a transposed view (RoPE
// on q and k as [batch, heads, tokens, dim], the KV-cache slice assignment) takes the strided,
// non-vectorised path.
enum class Access { kContiguous, kRowReduction, kStrided };

struct Op {
  std::string name;     // "layer.qkv_proj"; stable, used in reports
  std::string feature;  // architectural feature it needs (config::workload_features), "" if none
  OpKind kind = OpKind::kElementwise;
  int64_t repeat = 1;  // occurrences per step (decoder layers sharing this op)
  DType compute_dtype = DType::kBf16;
  double flops = 0.0;  // per occurrence
  // Main-memory traffic per occurrence, split by what is moved.
  double weight_bytes = 0.0;
  double activation_bytes = 0.0;  // inputs read + outputs written
  double kv_read_bytes = 0.0;
  double kv_write_bytes = 0.0;
  std::optional<GemmShape> gemm;
  std::optional<AttentionShape> attention;
  std::optional<CollectiveShape> collective;
  // Element-wise kernels: fused into a framework's kernels, or one graph-launched PyTorch kernel
  // per step; the engines stream them at that software's rate (machine::streaming_rate).
  config::Software software = config::Software::kFused;
  Access access = Access::kContiguous;  // eager element-wise kernels only
  // kRowReduction: the bytes one row's block reads and writes; the block walks its row alone, so
  // the kernel lasts at least that walk however many rows run beside it.
  double row_bytes = 0.0;

  double bytes() const { return weight_bytes + activation_bytes + kv_read_bytes + kv_write_bytes; }
};

}  // namespace xpu::workload
