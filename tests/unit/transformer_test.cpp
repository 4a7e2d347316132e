// SPDX-License-Identifier: MIT
// The operator graph against published parameter counts and closed-form FLOP counts.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>

#include "config/workload_spec.h"
#include "test_paths.h"
#include "workload/transformer.h"

using namespace xpu;

namespace {
config::WorkloadSpec load(const std::string& id) {
  return config::load_workload(test::repo("workloads/" + id + ".toml"));
}

// The prefill of `batch` prompts of `prompt` tokens after `context` tokens of each already cached.
workload::Scenario prefill(int64_t batch, int64_t prompt, int64_t context = 0) {
  workload::Scenario s;
  s.phase = workload::Phase::kPrefill;
  s.batch = batch;
  s.prompt = prompt;
  s.context = context;
  return s;
}

// The op of `name` in `g`; fails the test case when there is none.
const workload::Op& op_named(const workload::OperatorGraph& g, const std::string& name) {
  auto it =
      std::find_if(g.ops.begin(), g.ops.end(), [&](const auto& op) { return op.name == name; });
  REQUIRE(it != g.ops.end());
  return *it;
}

void check_params(const std::string& id, double total_b, double active_b, double tol) {
  auto w = load(id);
  auto c = workload::count_parameters(w, w.layers);
  MESSAGE(fmt::format("{}: expected {:.2f}B total / {:.2f}B active, measured {:.2f}B / {:.2f}B", id,
                      total_b, active_b, c.total / 1e9, c.active_per_token / 1e9));
  CHECK(c.total / 1e9 == doctest::Approx(total_b).epsilon(tol));
  CHECK(c.active_per_token / 1e9 == doctest::Approx(active_b).epsilon(tol));
}
}  // namespace

// Published totals: Meta model cards (8.03B, 70.6B, 405.9B), Mistral (46.7B total, 12.9B
// active), DeepSeek-V3 report (671B total, 37B active, without the 14B MTP module), GPT-3 (175B).
TEST_CASE("workload: parameter counts match the published sizes within 1.5%") {
  check_params("llama3_8b", 8.03, 8.03, 0.015);
  check_params("llama3_70b", 70.6, 70.6, 0.015);
  check_params("llama31_405b", 405.9, 405.9, 0.015);
  check_params("mixtral_8x7b", 46.7, 12.9, 0.015);
  check_params("gpt3_175b", 175.0, 175.0, 0.015);
}

TEST_CASE("workload: DeepSeek-V3 counts 671B total and 37B active within 3%") {
  check_params("deepseek_v3", 671.0, 37.0, 0.03);
}

TEST_CASE("workload: a short-context decode step costs 2 FLOPs per active weight per token") {
  auto w = load("llama3_8b");
  workload::Scenario s;
  s.phase = workload::Phase::kDecode;
  s.batch = 4;
  s.context = 16;  // attention FLOPs negligible
  auto g = workload::build_graph(w, s);
  double flops = 0.0;
  for (const auto& op : g.ops) {
    if (op.kind == workload::OpKind::kGemm) flops += op.flops * op.repeat;
  }
  auto c = workload::count_parameters(w, w.layers);
  double embedding = w.hidden_size * static_cast<double>(w.vocab_size);  // a gather, no FLOPs
  double expected = 2.0 * s.batch * (c.active_per_token - embedding);
  MESSAGE(fmt::format("expected {:.4e} FLOP measured {:.4e}", expected, flops));
  CHECK(flops == doctest::Approx(expected).epsilon(1e-9));
}

TEST_CASE("workload: causal prefill attention FLOPs follow 4*T*(T+1)/2*heads*head_dim per layer") {
  const auto g = workload::build_graph(load("llama3_8b"), prefill(2, 1000));
  const auto& attention = op_named(g, "layer.attention");
  double expected = 2.0 * 4.0 * 1000.0 * 1001.0 / 2.0 * 32 * 128;
  CHECK(attention.flops == doctest::Approx(expected).epsilon(1e-12));
  CHECK(attention.repeat == 32);
}

TEST_CASE("workload: a prompt chunk after c cached tokens attends over them: 4*q*(c+(q+1)/2)*hd") {
  auto w = load("llama3_8b");
  workload::Scenario s = prefill(3, 512, 1536);  // after the prompt's first three chunks
  const auto g = workload::build_graph(w, s);
  const auto& attention = op_named(g, "layer.attention");
  CHECK(attention.flops ==
        doctest::Approx(2.0 * 3 * 512 * (1536 + 513.0 / 2.0) * 32 * 256).epsilon(1e-12));
  // The chunk's own keys and values come with it (bf16); the earlier ones from the cache.
  CHECK(attention.kv_read_bytes ==
        doctest::Approx(3.0 * (512 + 1536) * 2 * 8 * 128 * 2).epsilon(1e-12));
  // Past the window: refused, naming both counts' sum.
  s.context = w.max_context - 100;
  const std::string past = fmt::format("{} tokens per sequence", w.max_context + 412);
  CHECK_THROWS_WITH(workload::build_graph(w, s), doctest::Contains(past.c_str()));
}

TEST_CASE(
    "workload: a decode step with a prefill chunk fused in runs its GEMMs over both parts' tokens "
    "and each part's own attention") {
  auto w = load("llama3_8b");
  workload::Scenario s;
  s.phase = workload::Phase::kDecode;
  s.batch = 64;
  s.context = 700;
  s.fused_prefill = {3, 200, 100};  // three prompts, 200 new tokens each after 100 cached
  const auto g = workload::build_graph(w, s);
  auto op = [&](const std::string& name) { return op_named(g, name); };
  const int64_t tokens = 64 + 3 * 200;
  CHECK(op("layer.qkv_proj").gemm->m == tokens);
  CHECK(op("mlp.down_proj").gemm->m == tokens);
  CHECK(op("mlp.gate_up_proj").flops == doctest::Approx(2.0 * tokens * 4096 * 2 * 14336));
  // One sampled row per decoding sequence and per prompt.
  CHECK(op("lm_head").gemm->m == 64 + 3);
  const auto decode = *op("layer.attention").attention;
  CHECK((decode.batch == 64 && decode.query_len == 1 && decode.kv_len == 701 && !decode.causal));
  const auto chunk = *op("layer.prefill_attention").attention;
  CHECK((chunk.batch == 3 && chunk.query_len == 200 && chunk.kv_len == 300 && chunk.causal));
  CHECK(op("layer.prefill_attention").flops ==
        doctest::Approx(2.0 * 3 * 32 * 200 * (100 + 201.0 / 2.0) * 256).epsilon(1e-12));
  // The GEMM FLOPs of the fused step are those of its parts run apart.
  auto gemm_flops = [](const workload::OperatorGraph& graph) {
    double f = 0.0;
    for (const auto& o : graph.ops) {
      if (o.kind == workload::OpKind::kGemm && o.name != "lm_head") f += o.flops * o.repeat;
    }
    return f;
  };
  workload::Scenario decode_only = s;
  decode_only.fused_prefill = {};
  workload::Scenario prefill_only = prefill(3, 200, 100);
  CHECK(gemm_flops(g) == doctest::Approx(gemm_flops(workload::build_graph(w, decode_only)) +
                                         gemm_flops(workload::build_graph(w, prefill_only)))
                             .epsilon(1e-12));
  // A chunk fuses into a decode step only.
  prefill_only.fused_prefill = {1, 10, 0};
  CHECK_THROWS_WITH(workload::build_graph(w, prefill_only),
                    doctest::Contains("fuses into a decode step"));
}

TEST_CASE("workload: the KV cache per token matches the architecture") {
  // Llama-3-8B: 2 (K,V) x 8 KV heads x 128 x 2 bytes = 4 KiB per layer.
  CHECK(workload::kv_bytes_per_token_per_layer(load("llama3_8b")) == 4096.0);
  // DeepSeek-V3 MLA: (512 latent + 64 RoPE) x 2 bytes per layer.
  CHECK(workload::kv_bytes_per_token_per_layer(load("deepseek_v3")) == 1152.0);
}

TEST_CASE("workload: --layers evaluates the first N decoder layers, embedding and LM head once") {
  auto w = load("deepseek_v3");
  workload::Scenario s;
  s.phase = workload::Phase::kDecode;
  s.batch = 1;
  s.context = 100;
  s.layers = 5;
  auto g = workload::build_graph(w, s);
  CHECK(g.layers_evaluated == 5);
  for (const auto& op : g.ops) {
    if (op.name.rfind("mlp.", 0) == 0) CHECK(op.repeat == 3);  // three dense layers first
    if (op.name.rfind("moe.", 0) == 0) CHECK(op.repeat == 2);
    if (op.name == "lm_head" || op.name == "embedding") CHECK(op.repeat == 1);
  }
}

TEST_CASE("workload: MoE decode of one token touches exactly top-k experts") {
  auto w = load("mixtral_8x7b");
  workload::Scenario s;
  s.phase = workload::Phase::kDecode;
  s.batch = 1;
  s.context = 10;
  auto g = workload::build_graph(w, s);
  auto it = std::find_if(g.ops.begin(), g.ops.end(),
                         [](const auto& op) { return op.name == "moe.experts.gate_up_proj"; });
  REQUIRE(it != g.ops.end());
  CHECK(it->gemm->groups == 2);
  CHECK(it->gemm->m == 1);
}
