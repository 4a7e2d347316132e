// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <optional>

namespace xpu::workload {

enum class Phase { kPrefill, kDecode };

// How one model is split over chips (Megatron-style): tensor parallel inside each layer, pipeline
// stages of consecutive layers, experts sharded over `ep` of the `tp` chips of a layer, and `dp`
// independent replicas. Chips = tp x pp x dp.
// Largest parallel degree or chip count a scenario may ask for, from `run --parallel/--chips` or
// a sweep axis: 2^20 chips, so that tp x pp x dp stays far inside int64.
inline constexpr int64_t kMaxScenarioChips = int64_t{1} << 20;

struct Parallelism {
  int64_t tp = 1;
  int64_t pp = 1;
  int64_t ep = 1;
  int64_t dp = 1;
  int64_t chips() const { return tp * pp * dp; }
};

// Prompts prefilled in the same iteration as a decode step (continuous batching), on each
// replica: `batch` prompts, each `prompt` new tokens after the `context` tokens of it already in
// the KV cache (its earlier chunks under chunked prefill; 0 for a whole prompt).
struct PrefillChunk {
  int64_t batch = 0;
  int64_t prompt = 0;
  int64_t context = 0;
  int64_t tokens() const { return batch * prompt; }
  // Tokens of these prompts in the KV cache once the chunk is in: earlier chunks and this one.
  int64_t kv_tokens() const { return batch * (context + prompt); }
};

// What is run: one decode step for `batch` sequences each holding `context` tokens, or the
// prefill of `batch` prompts of `prompt` tokens each after `context` tokens of the same prompt
// already in the KV cache (0 unless the prompt is prefilled in chunks). A decode step may carry
// a prefill chunk (`fused_prefill`): one iteration whose GEMMs take every token of both. With
// data parallelism the batch is split evenly over the replicas.
struct Scenario {
  Phase phase = Phase::kDecode;
  int64_t batch = 1;
  int64_t prompt = 0;                   // prefill only
  int64_t context = 0;                  // tokens already in the KV cache, per sequence
  PrefillChunk fused_prefill;           // decode only, per replica; none when its batch is 0
  std::optional<int64_t> layers;        // evaluate only the first N decoder layers
  std::optional<int64_t> chips;         // chips to spread the model over; default: as few as fit
  Parallelism parallel;                 // GPU and hardwired families
  bool logits_for_every_token = false;  // training: the loss needs every position's logits

  int64_t batch_per_replica() const { return batch / parallel.dp; }

  int64_t new_tokens_per_sequence() const { return phase == Phase::kPrefill ? prompt : 1; }
  int64_t kv_tokens_per_sequence() const {
    return phase == Phase::kPrefill ? context + prompt : context + 1;
  }
  // Tokens the step processes on one replica: its sequences' new tokens and the fused chunk's.
  int64_t tokens_per_replica() const {
    return batch_per_replica() * new_tokens_per_sequence() + fused_prefill.tokens();
  }
};

}  // namespace xpu::workload
