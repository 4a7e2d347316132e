// SPDX-License-Identifier: MIT
#pragma once
// What one iteration of a continuously batched replica costs: the only place the serving
// simulator calls an engine. Iterations are evaluated at a quantised shape and cached, so an
// hour of traffic needs a few hundred engine calls, not a million.
#include <cstdint>
#include <map>
#include <tuple>

#include "analytical/evaluate.h"
#include "config/arch_spec.h"
#include "config/workload_spec.h"
#include "machine/machine.h"
#include "result/engine.h"
#include "result/result.h"
#include "workload/scenario.h"

namespace xpu::serving {

struct StepCost {
  double time_s = 0.0;
  double energy_j = 0.0;  // all chips of the replica, over the step
};

// The prompt work of one iteration: `prompts` prompts, or chunks of them, adding `tokens` new
// tokens in all, and the keys their queries attend over: a chunk of c tokens after p of its
// prompt already in the KV cache (earlier chunks) attends over c (p + (c + 1) / 2).
struct PromptWork {
  int64_t prompts = 0;
  int64_t tokens = 0;
  double attended_keys = 0.0;
  void add(int64_t chunk_tokens, int64_t cached_tokens);
};

// What one engine step of a replica costs its micro-batch. A pipeline-parallel replica keeps
// `micro_batches` (= pp) micro-batches in flight, as TensorRT-LLM and vLLM's virtual engines
// do: each passes through the stages in the engine's step time (the sum of its stages), while
// the others occupy the other stages. The chips' static power over that time is shared by the
// micro-batches in flight, so each is charged 1 / micro_batches of it; its own work's dynamic
// energy is its own.
StepCost micro_batch_cost(const Result& step, int64_t micro_batches);

class StepTimer {
 public:
  // `replica`: the layout of one replica (its dp is ignored); `chips_per_replica`: the chips it
  // uses (serving/offline.h, chips_per_replica), which a family that lays its layers out itself
  // spreads every step over (a GPU's are tp x pp); `engine` times each shape the first time it
  // is asked for. The specs must outlive the timer.
  StepTimer(const config::ArchSpec& arch, const config::WorkloadSpec& w,
            workload::Parallelism replica, int64_t chips_per_replica, int64_t kv_block_tokens,
            Engine engine = analytical::evaluate);

  // One iteration of one micro-batch (micro_batch_cost): `decode_seqs` sequences each generating a
  // token over `mean_context` tokens of KV cache and `prompts`' chunks, evaluated as the one
  // engine step they are (workload::Scenario::fused_prefill): every GEMM takes the tokens of
  // both, the decode attention reads the cache, each prompt attends over its own tokens.
  StepCost step(int64_t decode_seqs, int64_t mean_context, const PromptWork& prompts);

  // Tokens of KV cache one replica holds: the memory of its chips left after weights and
  // activations, as the compiler's memory fit finds it (compiler/kv_capacity.h).
  int64_t kv_capacity_tokens() const { return m_kv_capacity_tokens; }
  int64_t chips_per_replica() const { return m_chips_per_replica; }
  // Micro-batches a replica keeps in flight: its pipeline stages (1 without pp). The simulator
  // runs each as its own engine over an equal share of the replica's KV cache.
  int64_t micro_batches() const { return m_replica.pp; }
  int64_t shapes_evaluated() const { return static_cast<int64_t>(m_steps.size()); }

 private:
  // The engine's cost of `s` (a decode step, with or without a chunk, or a prefill), cached by
  // its shape. A decode step whose rounded-up shape steps past the memory the simulator's KV
  // accounting allows is evaluated at the next smaller batch that fits.
  StepCost cost(workload::Scenario s);
  // One replica's scenario of `phase`: its layout, and its chips where the family places itself.
  workload::Scenario on_replica(workload::Phase phase) const;

  const config::ArchSpec& m_arch;
  const config::WorkloadSpec& m_workload;
  machine::Machine m_machine;
  Engine m_engine;
  workload::Parallelism m_replica;
  int64_t m_chips_per_replica;
  int64_t m_block_tokens;
  machine::Residence m_weights;  // where the replica keeps its weights (compiler/kv_capacity.h)
  int64_t m_kv_capacity_tokens = 0;
  // By quantised shape: phase, batch, prompt, context, and the fused chunk's batch, prompt and
  // context.
  using Shape = std::tuple<workload::Phase, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t>;
  std::map<Shape, StepCost> m_steps;
};

// The iteration's prompt chunks as the engine takes them: `prompts` prompts of their mean new
// tokens, after the context that gives each query the chunks' mean attended keys, so that the
// attention's FLOPs are the chunks' (the cached keys read are that context's), each on the
// quantised grid, within the model's window.
workload::PrefillChunk prompt_chunk(const config::WorkloadSpec& w, const PromptWork& prompts);

// n rounded to the nearest of 1..8 and then eighths of each power of two (9, 10, ..., 16, 18,
// 20, ...): at most 6.25% off, and 8 shapes per doubling.
int64_t quantise_eighths(int64_t n);

}  // namespace xpu::serving
