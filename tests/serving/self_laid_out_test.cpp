// SPDX-License-Identifier: MIT
// Serving on the families whose compiler lays the model over its chips itself (SRAM-only,
// wafer-scale, model in silicon): a replica's KV capacity is the SRAM of its chips left after the
// weights, in tokens (closed forms from the arch and workload files), the simulator counts the
// replica's chips, and the capacity bounds it as on a GPU.
#include <doctest/doctest.h>

#include "common/error.h"
#include "config/resolve.h"
#include "serving/offline.h"
#include "serving/simulator.h"
#include "test_paths.h"

using namespace xpu;

namespace {

// Weights of a dense SwiGLU decoder with untied embeddings: per layer Q, K, V, O and three MLP
// matrices, plus the embedding and the output head (norms are a few thousand parameters).
double dense_weight_bytes(const config::WorkloadSpec& w) {
  REQUIRE(w.activation == "swiglu");
  REQUIRE_FALSE(w.moe);
  REQUIRE_FALSE(w.mla);
  REQUIRE_FALSE(w.tied_embeddings);
  const double h = static_cast<double>(w.hidden_size);
  const double attention = h * (w.heads + 2.0 * w.kv_heads) * w.head_dim + w.heads * w.head_dim * h;
  const double mlp = 3.0 * h * w.ffn_hidden_size;
  const double params = w.layers * (attention + mlp) + 2.0 * h * w.vocab_size;
  return params * bytes_per_element(w.dtypes.weights);
}

// K and V of every KV head of every layer.
double kv_bytes_per_token(const config::WorkloadSpec& w) {
  return 2.0 * w.layers * w.kv_heads * w.head_dim * bytes_per_element(w.dtypes.kv_cache);
}

struct Replica {
  config::ArchSpec arch;
  config::WorkloadSpec w;
  int64_t chips;
  serving::StepTimer timer;

  Replica(const char* arch_file, const char* workload_file, int64_t chips_)
      : arch(config::load_arch(test::repo(arch_file))),
        w(config::resolve_workload(arch, config::load_workload(test::repo(workload_file)))),
        chips(chips_),
        timer(arch, w, workload::Parallelism{}, chips, 16) {}

  // (SRAM x chips - weights) / KV bytes per token.
  double closed_form_tokens() const {
    return (arch.sram->capacity_bytes * static_cast<double>(chips) - dense_weight_bytes(w)) /
           kv_bytes_per_token(w);
  }
};

}  // namespace

TEST_CASE(
    "self-laid-out serving: a Groq replica's KV capacity is its SRAM left after the weights") {
  // 64 LPUs of 230.7 MB, Llama 3.1 8B in int8 with an fp16 KV cache (archs/groq_lpu.toml): 14.8 GB
  // of SRAM, 8.0 GB of weights, 128 kB of KV a token: ~51,400 tokens, less than one sequence of
  // half the 131,072-token window, so the capacity is one sequence of the longest context that
  // fits. The fit also reserves one token's activations (the widest: 128,256 fp16 logits,
  // 0.26 MB = 2 tokens): within 0.1%, never above.
  Replica g("archs/groq_lpu.toml", "workloads/llama31_8b.toml", 64);
  const double closed = g.closed_form_tokens();
  MESSAGE("Groq x64: " << g.timer.kv_capacity_tokens() << " tokens, closed form " << closed);
  CHECK(static_cast<double>(g.timer.kv_capacity_tokens()) <= closed);
  CHECK(static_cast<double>(g.timer.kv_capacity_tokens()) == doctest::Approx(closed).epsilon(1e-3));
  // Twice the chips hold the weights once: 64 more chips' SRAM, all of it KV.
  Replica g128("archs/groq_lpu.toml", "workloads/llama31_8b.toml", 128);
  CHECK(static_cast<double>(g128.timer.kv_capacity_tokens()) <= g128.closed_form_tokens());
  CHECK(static_cast<double>(g128.timer.kv_capacity_tokens()) >=
        g128.closed_form_tokens() - 65536.0);  // within one probe sequence (half the window)
}

TEST_CASE(
    "self-laid-out serving: a Cerebras replica's KV capacity is its wafers' SRAM left after "
    "the weights") {
  // Four WSE-3s of 44 GB hold Llama 2 70B's 138 GB of bf16 weights with 38 GB to spare, 320 kB of
  // KV a token: ~116,000 tokens, probed in sequences of half the 4,096-token window: below the
  // closed form by less than one such sequence (2,048 tokens) and the activations (0.1%).
  Replica c("archs/cerebras_wse3.toml", "workloads/llama2_70b.toml", 4);
  const double closed = c.closed_form_tokens();
  MESSAGE("WSE-3 x4: " << c.timer.kv_capacity_tokens() << " tokens, closed form " << closed);
  CHECK(static_cast<double>(c.timer.kv_capacity_tokens()) <= closed);
  CHECK(static_cast<double>(c.timer.kv_capacity_tokens()) >= closed - 2048.0 - 1e-3 * closed);
}

TEST_CASE("self-laid-out serving: the simulator counts the replica's chips") {
  Replica g("archs/groq_lpu.toml", "workloads/llama31_8b.toml", 64);
  CHECK(g.timer.chips_per_replica() == 64);
  serving::Traffic t;
  for (int i = 0; i < 20; ++i) t.requests.push_back({0.1 * i, 500, 200});
  const auto r = serving::simulate(g.timer, 1, t, serving::BatchingPolicy{}, std::nullopt);
  CHECK(r.chips == 64);
  CHECK(r.requests == 20);
  CHECK(r.kv_capacity_tokens_per_replica == g.timer.kv_capacity_tokens() / 16 * 16);
  // The offline path lays the same replica on the same chips.
  serving::OfflineRequest req;
  req.chips = 64;
  req.input_tokens = 500;
  req.output_tokens = 200;
  CHECK(serving::chips_per_replica(serving::offline_throughput(g.arch, g.w, req)) == 64);
}

TEST_CASE("self-laid-out serving: the KV capacity bounds the simulator, as on a GPU") {
  Replica g("archs/groq_lpu.toml", "workloads/llama31_8b.toml", 64);
  const int64_t capacity = g.timer.kv_capacity_tokens();
  // A closed loop of 64 users with 1,000 + 1,000 tokens each wants 128,000 tokens of KV, more
  // than twice the ~51,000 the replica holds: sequences are preempted and recomputed, the cache
  // never overfills, and every request still completes.
  serving::Traffic loop;
  loop.concurrency = 64;
  loop.input_tokens = 1000;
  loop.output_tokens = 1000;
  loop.max_requests = 128;
  const auto r = serving::simulate(g.timer, 1, loop, serving::BatchingPolicy{}, std::nullopt);
  CHECK(r.requests == 128);
  CHECK(r.preemptions > 0);
  for (const auto& [t, used] : r.kv_occupancy) CHECK(used <= 1.0);
  // One request longer than the whole cache can never be served: exit 3.
  serving::Traffic huge;
  huge.requests = {{0.0, capacity, 100}};
  CHECK_THROWS_AS(serving::simulate(g.timer, 1, huge, serving::BatchingPolicy{}, std::nullopt),
                  InfeasibleError);
}

TEST_CASE("self-laid-out serving: a Taalas HC1's KV cache is its 400 MB of SRAM") {
  // The weights are in the metal; the KV cache (int8, 64 kB a token) fills the SRAM: 6,103
  // tokens less the activations of one token.
  Replica t("archs/taalas_hc1.toml", "workloads/llama31_8b.toml", 1);
  const double closed = t.arch.sram->capacity_bytes / kv_bytes_per_token(t.w);
  MESSAGE("HC1: " << t.timer.kv_capacity_tokens() << " tokens, closed form " << closed);
  CHECK(static_cast<double>(t.timer.kv_capacity_tokens()) <= closed);
  CHECK(static_cast<double>(t.timer.kv_capacity_tokens()) == doctest::Approx(closed).epsilon(2e-3));
}
