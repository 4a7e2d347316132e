// SPDX-License-Identifier: MIT
#pragma once
// A discrete-event simulator of LLM serving on data-parallel replicas (docs/scale_out.md,
// "Serving simulator"). Requests are dealt to replicas round-robin; each replica runs
// iteration-level (continuous) batching: every iteration decodes one token for each running
// sequence and fills the rest of a token budget with chunks of prompts (chunked prefill),
// admitting waiting requests first come, first served while the paged KV cache has blocks; or,
// without chunked prefill, prefills whole prompts in iterations of their own.
// When a running sequence needs a block and none is free, the most recently admitted one is
// preempted: its blocks are freed and its prompt and generated tokens are recomputed later.
// A pipeline-parallel replica (pp > 1) runs as pp such engines, one per micro-batch in flight,
// each over 1/pp of its KV cache and each under the policy's limits (vLLM's virtual engines).
#include <cstdint>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

#include "serving/request_stream.h"
#include "serving/serving_spec.h"
#include "serving/step_time.h"

namespace xpu::serving {

struct BatchingPolicy {
  int64_t token_budget = 2048;   // tokens (decode + prefill chunks) per iteration
  int64_t kv_block_tokens = 16;  // paged KV cache block
  int64_t max_sequences = 1024;  // running sequences per replica (per micro-batch with pp)
  // false: vLLM's scheduler without chunked prefill (its V0 default): waiting prompts are
  // prefilled whole, in iterations of their own that the running sequences wait through.
  bool chunked_prefill = true;
};

// Where requests come from: a fixed list dealt round-robin, or a closed loop of `concurrency`
// users spread over the replicas, each sending its next request (`input`/`output` tokens) when
// the last completes, until `max_requests` or `duration_s`.
struct Traffic {
  std::vector<Request> requests;  // open loop
  int64_t concurrency = 0;        // > 0: closed loop
  int64_t input_tokens = 0, output_tokens = 0;
  int64_t max_requests = 0;  // closed loop, <= 0: no limit
  double duration_s = 0.0;   // closed loop, <= 0: no limit
};

struct Percentiles {
  double p50 = 0.0, p90 = 0.0, p99 = 0.0;
};

struct SimulationResult {
  int64_t replicas = 1;
  int64_t chips = 1;
  int64_t requests = 0;  // completed
  int64_t output_tokens = 0;
  double makespan_s = 0.0;  // first arrival to last completion
  Percentiles ttft_s, tpot_s, e2e_s;
  double requests_per_s = 0.0;
  double output_tokens_per_s = 0.0;
  double goodput_requests_per_s = 0.0;  // requests meeting both SLO targets; 0 without an SLO
  std::optional<bool> meets_slo;        // both targets at the SLO's percentile
  double ttft_at_slo_percentile_s = 0.0, tpot_at_slo_percentile_s = 0.0;
  double energy_j = 0.0;  // of the iterations run (idle time between them is not charged)
  double energy_j_per_output_token = 0.0;
  double energy_j_per_request = 0.0;
  int64_t iterations = 0;
  int64_t preemptions = 0;
  int64_t kv_capacity_tokens_per_replica = 0;
  std::vector<std::pair<double, double>>
      kv_occupancy;              // (time s, used fraction), replica mean, 10 samples
  int64_t shapes_evaluated = 0;  // engine calls behind the run
};

// One iteration of one replica, as the schedule trace (serving/schedule_trace.h) draws it.
struct Iteration {
  double start_s = 0.0, duration_s = 0.0;
  int64_t prefill_tokens = 0;     // prompt tokens (chunks) in the step
  int64_t decode_sequences = 0;   // sequences generating a token in the step
  double kv_used_fraction = 0.0;  // of the replica's KV blocks, after the step
};

// Every iteration of every engine (a replica, or with pp one of its micro-batches: replica r's
// are engines r * pp ... r * pp + pp - 1), in time order per engine.
using Schedule = std::vector<std::vector<Iteration>>;

// Nearest-rank percentile (0 < p <= 100) of unsorted values; 0 for none.
double percentile(std::vector<double> values, double p);

// When a request arrived, produced its first token and completed.
struct RequestTiming {
  Request request;
  double first_token_s = -1.0;
  double finish_s = -1.0;
};

// The request-level fields of `r` (requests, tokens, makespan, percentiles, rates, goodput, the
// SLO verdict, energy per token and request from r.energy_j) from every completed request, and
// kv_occupancy from each replica's (time s, used fraction) after every step. Leaves r as it is
// when no request completed.
void summarise(const std::vector<RequestTiming>& done,
               const std::vector<std::vector<std::pair<double, double>>>& occupancy,
               const std::optional<SloSpec>& slo, SimulationResult& r);

// Throws InfeasibleError when a request can never fit in one replica's KV cache.
// `on_request_done` (optional) is called as each request completes: a progress bar's hook.
// `schedule` (optional) receives every iteration of every replica run.
// Each replica uses the timer's chips (StepTimer::chips_per_replica).
SimulationResult simulate(StepTimer& timer, int64_t replicas, const Traffic& traffic,
                          const BatchingPolicy& policy, const std::optional<SloSpec>& slo,
                          const std::function<void()>& on_request_done = {},
                          Schedule* schedule = nullptr);

}  // namespace xpu::serving
