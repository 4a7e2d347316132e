// SPDX-License-Identifier: MIT
#pragma once
// A transformer model as described by workloads/<id>.toml: plain data, no behaviour.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/dtype.h"
#include "config/software.h"

namespace xpu::config {

class Document;

struct MoeSpec {
  int64_t experts = 0;            // routed experts per MoE layer
  int64_t experts_per_token = 0;  // top-k
  int64_t shared_experts = 0;     // always-active experts (DeepSeek)
  int64_t expert_ffn_hidden_size = 0;
  int64_t first_dense_layers = 0;  // leading layers with a dense MLP instead of MoE
};

// Multi-head latent attention (DeepSeek-V2/V3): K and V are rebuilt from a shared low-rank
// latent, and decode keeps only the latent plus the RoPE key in the cache.
struct MlaSpec {
  int64_t q_lora_rank = 0;
  int64_t kv_lora_rank = 0;
  int64_t qk_nope_head_dim = 0;
  int64_t qk_rope_head_dim = 0;
  int64_t v_head_dim = 0;
};

struct DTypes {
  DType weights = DType::kBf16;
  DType activations = DType::kBf16;
  DType kv_cache = DType::kBf16;
  // The format the decoder layers' GEMMs take their inputs in, when it is not the activations'.
  // Set only by training (training/train_step.cpp) for fp8 as Transformer Engine runs it: bf16
  // activations, attention and element-wise work, each GEMM input cast to fp8 by a kernel of its
  // own. Unset: the GEMMs take the activations as they are.
  std::optional<DType> layer_gemm_inputs;
};

struct WorkloadSpec {
  std::string id;    // file stem
  std::string file;  // path it was read from
  std::string name;
  std::string source;
  int64_t layers = 0;
  int64_t hidden_size = 0;
  int64_t heads = 0;
  int64_t kv_heads = 0;
  int64_t head_dim = 0;
  int64_t ffn_hidden_size = 0;  // dense MLP width (MoE layers use moe.expert_ffn_hidden_size)
  int64_t vocab_size = 0;
  int64_t max_context = 0;
  std::string activation;  // "swiglu" | "gelu"
  std::string norm;        // "rmsnorm" | "layernorm"
  std::string position;    // "rope" | "learned"
  bool tied_embeddings = false;
  std::optional<MoeSpec> moe;
  std::optional<MlaSpec> mla;
  DTypes dtypes;
  // How the model is run on a GPU (docs/gpu_software.md): not a property of the model file but
  // of the run, set by --software or a serving scenario's `software` key.
  Software software = Software::kFused;
};

// Architectural features an operator may need, named so that a fixed-function chip can list
// the ones its datapath implements (arch [hardwired] supported_features).
const std::vector<std::string>& workload_features();

// Decodes and validates a workload file. Throws ConfigError naming file, line and key.
WorkloadSpec load_workload(const std::string& path);
// The same on a file already parsed (fuzzing, files held in memory); paths resolve against
// doc->file().
WorkloadSpec decode_workload(const std::shared_ptr<Document>& doc);

}  // namespace xpu::config
