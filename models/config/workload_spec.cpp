// SPDX-License-Identifier: MIT
#include "config/workload_spec.h"

#include <fmt/format.h>

#include <filesystem>

#include "config/toml_reader.h"

namespace xpu::config {

namespace {

// Model dimensions multiply in int64 (GEMM widths, head counts times head sizes): 2^24 keeps
// any product of three far from overflow and is ~1000x the largest published model's.
constexpr int64_t kMaxDimension = int64_t{1} << 24;
// Context lengths: 2^30 tokens (published models stop near 10M).
constexpr int64_t kMaxContext = int64_t{1} << 30;

DType read_dtype(Table& t, std::string_view key) {
  std::string name = t.choice(key, dtype_names());
  return *parse_dtype(name);
}

MoeSpec read_moe(Table t) {
  MoeSpec m;
  m.experts = t.integer("experts", 2, kMaxDimension);
  m.experts_per_token = t.integer("experts_per_token", 1, kMaxDimension);
  if (m.experts_per_token > m.experts) {
    t.fail("experts_per_token", fmt::format("must be <= experts ({})", m.experts));
  }
  m.shared_experts = t.optional_integer("shared_experts", 0, kMaxDimension).value_or(0);
  m.expert_ffn_hidden_size = t.integer("expert_ffn_hidden_size", 1, kMaxDimension);
  m.first_dense_layers = t.optional_integer("first_dense_layers", 0, kMaxDimension).value_or(0);
  t.finish();
  return m;
}

MlaSpec read_mla(Table t) {
  MlaSpec m;
  m.q_lora_rank = t.integer("q_lora_rank", 1, kMaxDimension);
  m.kv_lora_rank = t.integer("kv_lora_rank", 1, kMaxDimension);
  m.qk_nope_head_dim = t.integer("qk_nope_head_dim", 1, kMaxDimension);
  m.qk_rope_head_dim = t.integer("qk_rope_head_dim", 1, kMaxDimension);
  m.v_head_dim = t.integer("v_head_dim", 1, kMaxDimension);
  t.finish();
  return m;
}

}  // namespace

const std::vector<std::string>& workload_features() {
  static const std::vector<std::string> features = {"mha",
                                                    "gqa",
                                                    "mqa",
                                                    "mla",
                                                    "moe",
                                                    "swiglu",
                                                    "gelu",
                                                    "rmsnorm",
                                                    "layernorm",
                                                    "rope",
                                                    "learned_position"};
  return features;
}

WorkloadSpec load_workload(const std::string& path) {
  return decode_workload(Document::load(path));
}

WorkloadSpec decode_workload(const std::shared_ptr<Document>& doc) {
  const std::string& path = doc->file();
  Table root = Table::root_of(doc);
  WorkloadSpec w;
  w.file = path;
  w.id = std::filesystem::path(path).stem().string();

  Table model = root.table("model");
  w.name = model.string("name");
  w.source = model.string("source");
  w.layers = model.integer("layers", 1, kMaxDimension);
  w.hidden_size = model.integer("hidden_size", 1, kMaxDimension);
  w.heads = model.integer("heads", 1, kMaxDimension);
  w.kv_heads = model.integer("kv_heads", 1, kMaxDimension);
  w.head_dim = model.integer("head_dim", 1, kMaxDimension);
  w.ffn_hidden_size = model.integer("ffn_hidden_size", 1, kMaxDimension);
  w.vocab_size = model.integer("vocab_size", 1, kMaxDimension);
  w.max_context = model.integer("max_context", 1, kMaxContext);
  w.activation = model.choice("activation", {"swiglu", "gelu"});
  w.norm = model.choice("norm", {"rmsnorm", "layernorm"});
  w.position = model.choice("position", {"rope", "learned"});
  w.tied_embeddings = model.optional_boolean("tied_embeddings").value_or(false);
  if (w.heads % w.kv_heads != 0) {
    model.fail("kv_heads", fmt::format("must divide heads ({})", w.heads));
  }
  model.finish();

  if (auto moe = root.optional_table("moe")) {
    w.moe = read_moe(*moe);
    if (w.moe->first_dense_layers >= w.layers) {
      moe->fail("first_dense_layers", fmt::format("must be < model.layers ({})", w.layers));
    }
  }
  if (auto mla = root.optional_table("mla")) w.mla = read_mla(*mla);

  Table dtypes = root.table("dtypes");
  w.dtypes.weights = read_dtype(dtypes, "weights");
  w.dtypes.activations = read_dtype(dtypes, "activations");
  w.dtypes.kv_cache = read_dtype(dtypes, "kv_cache");
  dtypes.finish();
  root.finish();
  return w;
}

}  // namespace xpu::config
